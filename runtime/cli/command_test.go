package cli_test

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/runtime/cli"
)

func run(*cli.Invocation) error { return nil }

// configTree is a command tree shaped like the config plugin.
func configTree() *cli.Command {
	root := &cli.Command{Name: "config", Help: "manage the configuration",
		Options: []*cli.Option{{Name: "url", Type: cli.String, Help: "server"}}}
	preset := &cli.Command{Name: "preset", Help: "manage presets", Long: "  Presets are named sets of options.\n",
		Options: []*cli.Option{
			{Name: "mode", Type: cli.Enum, Values: []string{"a", "b"}, Default: "a", Help: "the mode", Aliases: []string{"m_alias"}},
			{Name: "ok", Short: "k", Type: cli.Bool, Default: true, Help: "ok?"},
		}}
	preset.Add(
		&cli.Command{Name: "set", Help: "set a value", Usage: "NAME PARAM VALUE", Run: run,
			Options: []*cli.Option{{Name: "force", Type: cli.Flag, Help: "overwrite"}}},
		&cli.Command{Name: "show", Help: "show a preset", Usage: "NAME", Run: run},
		&cli.Command{Name: "list", Help: "list presets", Run: run},
		&cli.Command{Name: "overview", Help: "all presets", Run: run},
	)
	id := &cli.Command{Name: "id", Help: "original syntax", Usage: "NAME ACTION", Run: run}
	id.Add(&cli.Command{Name: "default", Help: "default presets", Run: run})
	root.Add(preset, id, &cli.Command{Name: "open", Help: "open the file", Run: run})
	return root
}

func TestWalk(t *testing.T) {
	tests := []struct {
		words []string
		path  string
		n     int
		err   string
		hint  string
	}{
		{nil, "config", 0, "", ""},
		{[]string{"preset", "overview"}, "config preset overview", 2, "", ""},
		{[]string{"pre", "ov"}, "config preset overview", 2, "", ""},
		{[]string{"conf"}, "config", 0, `unknown command "conf" (use one of: id, open, preset)`, "aslmcli config -h lists the commands"},
		{[]string{"preset", "set", "name", "p", "v"}, "config preset set", 2, "", ""},
		{[]string{"o"}, "config open", 1, "", ""},
		{[]string{"open", "extra"}, "config open", 1, "", ""},
		{[]string{"preset"}, "config preset", 1, "", ""},
		{[]string{"preset", "zz"}, "config preset", 1, `unknown command "zz" (use one of: list, overview, set, show)`, "aslmcli config preset -h lists the commands"},
		{[]string{"preset", "s"}, "config preset", 1, `ambiguous command "s" (could be: set, show)`, "aslmcli config preset -h lists the commands"},
		{[]string{"id", "my_preset", "set"}, "config id", 1, "", ""},
		{[]string{"id", "def"}, "config id default", 2, "", ""},
	}
	for _, tc := range tests {
		c, n, err := cli.Walk(configTree(), tc.words)
		if got := strings.Join(c.Path(), " "); got != tc.path || n != tc.n {
			t.Errorf("Walk(%q) = %q, %d; want %q, %d", tc.words, got, n, tc.path, tc.n)
		}
		if tc.err == "" {
			if err != nil {
				t.Errorf("Walk(%q): %v", tc.words, err)
			}
			continue
		}
		var re *runtime.Error
		if !errors.As(err, &re) || re.Kind != runtime.KindUsage || re.Message != tc.err || re.Hint != tc.hint {
			t.Errorf("Walk(%q) error = %#v\nwant usage %q hint %q", tc.words, err, tc.err, tc.hint)
		}
	}
}

func TestCommandTree(t *testing.T) {
	root := configTree()
	if got := root.Names(); !reflect.DeepEqual(got, []string{"id", "open", "preset"}) {
		t.Errorf("Names = %v", got)
	}
	set := root.Commands["preset"].Commands["set"]
	if set.Parent != root.Commands["preset"] || !reflect.DeepEqual(set.Path(), []string{"config", "preset", "set"}) {
		t.Errorf("Path = %v", set.Path())
	}
	var names []string
	for _, o := range set.PathOptions() {
		names = append(names, o.Name)
	}
	if !reflect.DeepEqual(names, []string{"force", "mode", "ok", "url"}) {
		t.Errorf("PathOptions = %v", names)
	}
	names = nil
	for _, o := range root.TreeOptions() {
		names = append(names, o.Name)
	}
	if !reflect.DeepEqual(names, []string{"url", "mode", "ok", "force"}) {
		t.Errorf("TreeOptions = %v", names)
	}
	if set.AcceptsAny() {
		t.Errorf("AcceptsAny without AnyOptions")
	}
	root.Commands["preset"].AnyOptions = true
	if !set.AcceptsAny() || root.AcceptsAny() {
		t.Errorf("AcceptsAny does not follow the ancestors")
	}
}

func newInvocation(args ...string) *cli.Invocation {
	root := configTree()
	return cli.NewInvocation("config", root.Commands["preset"], []string{"preset"}, args, newStore())
}

func TestInvocation(t *testing.T) {
	inv := newInvocation("ov", "@json:[1,2]", "@env:V_CMD", "plain", "@val:@json:x", "last")
	if w, ok := inv.Peek(); !ok || w != "ov" {
		t.Fatalf("Peek = %q, %v", w, ok)
	}
	cmd, err := inv.NextCommand([]string{"overview", "list"})
	if err != nil || cmd != "overview" || !reflect.DeepEqual(inv.Words, []string{"preset", "overview"}) {
		t.Fatalf("NextCommand = %q, %v; words %v", cmd, err, inv.Words)
	}
	v, err := inv.NextArg("list", false)
	if err != nil || !reflect.DeepEqual(v, []any{int64(1), int64(2)}) {
		t.Fatalf("NextArg = %#v, %v", v, err)
	}
	v, err = inv.NextArg("name", true)
	if err != nil || v != "command line" {
		t.Fatalf("NextArg(optional, present) = %#v, %v", v, err)
	}
	rest, err := inv.Remaining("values")
	if err != nil || !reflect.DeepEqual(rest, []any{"plain", "@json:x", "last"}) {
		t.Fatalf("Remaining = %#v, %v", rest, err)
	}
	if inv.HasArgs() {
		t.Fatalf("HasArgs after Remaining")
	}
	if err := inv.Done(); err != nil {
		t.Fatalf("Done: %v", err)
	}
	if v, err := inv.NextArg("opt", true); v != nil || err != nil {
		t.Fatalf("NextArg(optional, absent) = %#v, %v", v, err)
	}
	if _, ok := inv.Peek(); ok {
		t.Fatalf("Peek at the end")
	}
}

func TestInvocationErrors(t *testing.T) {
	hint := "aslmcli config preset -h shows the usage"
	tests := []struct {
		name string
		call func(inv *cli.Invocation) error
		args []string
		msg  string
		hint string
	}{
		{"missing command", func(inv *cli.Invocation) error { _, err := inv.NextCommand([]string{"list", "show"}); return err },
			nil, "missing command (use one of: list, show)", hint},
		{"unknown command", func(inv *cli.Invocation) error { _, err := inv.NextCommand([]string{"list", "show"}); return err },
			[]string{"zz"}, `unknown command "zz" (use one of: list, show)`, ""},
		{"missing mandatory argument", func(inv *cli.Invocation) error { _, err := inv.NextArg("name", false); return err },
			nil, "missing argument NAME", hint},
		{"bad argument", func(inv *cli.Invocation) error { _, err := inv.NextArg("value", false); return err },
			[]string{"@json:{bad"}, "bad value for argument VALUE: @json: ", ""},
		{"bad argument in Remaining", func(inv *cli.Invocation) error { _, err := inv.Remaining("value"); return err },
			[]string{"ok", "@json:[1"}, "bad value for argument VALUE: @json: ", ""},
		{"arguments left", func(inv *cli.Invocation) error { return inv.Done() },
			[]string{"x", "y"}, `unexpected argument "x"`, hint},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call(newInvocation(tc.args...))
			var re *runtime.Error
			if !errors.As(err, &re) || re.Kind != runtime.KindUsage || !strings.HasPrefix(re.Message, tc.msg) || re.Hint != tc.hint {
				t.Fatalf("err = %#v\nwant usage %q... hint %q", err, tc.msg, tc.hint)
			}
			if cli.ExitCode(err) != cli.ExitUsage {
				t.Fatalf("exit code %d", cli.ExitCode(err))
			}
		})
	}
}

func TestInvocationAsks(t *testing.T) {
	inv := newInvocation()
	p := &fakePrompter{answers: []string{"@json:{\"a\":1}", "pw", ""}}
	inv.Store.Prompter = p
	v, err := inv.NextArg("params", false)
	if err != nil || !reflect.DeepEqual(v, map[string]any{"a": int64(1)}) {
		t.Fatalf("NextArg asked = %#v, %v", v, err)
	}
	if v, err := inv.NextArg("password", false); err != nil || v != "pw" {
		t.Fatalf("NextArg(password) = %#v, %v", v, err)
	}
	if _, err := inv.NextArg("name", false); err == nil || !strings.Contains(err.Error(), "missing argument NAME") {
		t.Fatalf("empty answer: %v", err)
	}
	if !reflect.DeepEqual(p.labels, []string{"params", "password", "name"}) || !reflect.DeepEqual(p.secrets, []bool{false, true, false}) {
		t.Fatalf("asked %q secret %v", p.labels, p.secrets)
	}
	// optional arguments are never asked
	if v, err := inv.NextArg("opt", true); v != nil || err != nil || len(p.labels) != 3 {
		t.Fatalf("optional: %#v %v, asked %d", v, err, len(p.labels))
	}
}

func TestInvocationRawAndOptions(t *testing.T) {
	inv := newInvocation("@json:[1]", "b")
	if got := inv.RawRemaining(); !reflect.DeepEqual(got, []string{"@json:[1]", "b"}) || inv.HasArgs() {
		t.Fatalf("RawRemaining = %q", got)
	}
	if v, err := inv.Option("url", false); v != "https://default" || err != nil {
		t.Fatalf("Option(url) = %#v, %v", v, err)
	}
	if _, err := inv.Option("remote_node", true); err == nil || !strings.Contains(err.Error(), "missing mandatory option --remote-node") {
		t.Fatalf("Option(mandatory) = %v", err)
	}
	if v, err := inv.Option("remote_node", false); v != nil || err != nil {
		t.Fatalf("Option(optional) = %#v, %v", v, err)
	}
}

func TestWriteCommandHelp(t *testing.T) {
	root := configTree()
	var b bytes.Buffer
	cli.WriteCommandHelp(&b, "aslmcli", root.Commands["preset"])
	want := `aslmcli config preset - manage presets

Usage:
  aslmcli config preset COMMAND [OPTIONS]

Presets are named sets of options.

Commands:
  list                  list presets
  overview              all presets
  set NAME PARAM VALUE  set a value
  show NAME             show a preset

Options:
      --mode=ENUM    the mode (values: a, b; alias: --m-alias; default: a)
  -k, --ok[=yes|no]  ok? (default: yes)
      --url=STRING   server

Global options: aslmcli -h
`
	if b.String() != want {
		t.Fatalf("help:\n%s\nwant:\n%s", b.String(), want)
	}

	b.Reset()
	cli.WriteCommandHelp(&b, "aslmcli", root)
	want = `aslmcli config - manage the configuration

Usage:
  aslmcli config COMMAND [OPTIONS]

Commands:
  id ...      original syntax
  open        open the file
  preset ...  manage presets

Options:
      --url=STRING  server

Global options: aslmcli -h
`
	if b.String() != want {
		t.Fatalf("help:\n%s\nwant:\n%s", b.String(), want)
	}

	b.Reset()
	cli.WriteCommandHelp(&b, "aslmcli", &cli.Command{Name: "bare", Usage: "FILE"})
	want = "aslmcli bare - (no description)\n\nUsage:\n  aslmcli bare FILE [OPTIONS]\n\nGlobal options: aslmcli -h\n"
	if b.String() != want {
		t.Fatalf("help:\n%q\nwant:\n%q", b.String(), want)
	}
}

func TestWriteGlobalHelp(t *testing.T) {
	var b bytes.Buffer
	agents := cli.HelpSection{Title: "Transfer agents", Entries: []cli.PluginInfo{{Name: "fast (f)", Help: "moves bytes fast"}}}
	cli.WriteGlobalHelp(&b, "aslmcli", "1.0", []cli.PluginInfo{{Name: "config", Help: "the configuration"}, {Name: "node", Help: "Node API"}},
		[]cli.HelpSection{agents}, testOptions(), []string{"val", "file", "json"})
	out := b.String()
	for _, want := range []string{
		"aslmcli 1.0 - ",
		"\nPlugins:\n  config  the configuration\n  node    Node API\n\nTransfer agents:\n  fast (f)  moves bytes fast\n\nGlobal options",
		"      --transfer=ENUM          the agent (values: fast, slow, f; default: fast)",
		"      --transfer-info=HASH     the agent's settings (alias: --transfer-node)",
		"      --speed=INT ",
		"\nGlobal options (accepted anywhere on the line):\n",
		"  -h, --help ",
		"  -P, --preset=LIST ",
		"alias: --load-params",
		"  -g, --ui=ENUM ",
		"values: text, graphical; alias: --gui-mode",
		"      --format=ENUM ",
		"values: table, csv, json, jsonpp, yaml; default: table",
		"      --flat-hash[=yes|no] ",
		"      --lock-port=INT ",
		"extended values: @val: @file: @json:\n",
		"Environment variables ASLMCLI_<OPTION> set options.",
		"Exit codes: 0 ok, 1 failed, 2 usage error, 130 interrupted.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("global help lacks %q:\n%s", want, out)
		}
	}
	// every global option is listed, in name order
	last := -1
	for _, name := range []string{"ask-options", "config-file", "fields", "flat-hash", "format", "help", "home", "interactive",
		"lock-port", "log-level", "logger", "no-default", "plugin-folder", "preset", "select", "show-config", "show-secrets", "ui", "version"} {
		i := strings.Index(out, "--"+name)
		if i < 0 || i < last {
			t.Errorf("--%s missing or out of order", name)
		}
		last = i
	}
}
