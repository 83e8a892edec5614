package cli_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/runtime/cli"
)

// testAgents are pretend transfer agents.
var testAgents = cli.Agents{Names: []string{"fast", "slow", "f"}, Default: "fast", Help: "the agent", InfoHelp: "the agent's settings",
	Options: []*cli.Option{{Name: "speed", Type: cli.Int, Help: "an agent's option"}}}

// testOptions are the global options, those of pretend agents and of a pretend plugin.
func testOptions() []*cli.Option {
	return append(append(cli.GlobalOptions(), cli.TransferOptions(testAgents)...),
		&cli.Option{Name: "url", Type: cli.String, Default: "https://default", Help: "server address"},
		&cli.Option{Name: "user", Type: cli.String},
		&cli.Option{Name: "username", Type: cli.String},
		&cli.Option{Name: "password", Type: cli.String, Secret: true, Help: "the password"},
		&cli.Option{Name: "remote_node", Type: cli.String},
		&cli.Option{Name: "count", Type: cli.Int},
		&cli.Option{Name: "ratio", Type: cli.Number},
		&cli.Option{Name: "tags", Type: cli.List},
		&cli.Option{Name: "params", Type: cli.Hash},
		&cli.Option{Name: "verbose", Type: cli.Bool},
		&cli.Option{Name: "quiet", Short: "q", Type: cli.Bool},
		&cli.Option{Name: "mode", Type: cli.Enum, Values: []string{"fast", "fair", "slow"}, Default: "fair", Help: "transfer mode"},
	)
}

func testDecls() *cli.Decls { return cli.NewDecls(testOptions()...) }

// opt builds an expected Given of a declared option.
func opt(name, value, written string) cli.Given {
	return cli.Given{Name: name, Value: value, HasValue: true, Written: written, Known: true}
}

// bare builds an expected Given of a declared option without value.
func bare(name, written string) cli.Given {
	return cli.Given{Name: name, Written: written, Known: true}
}

func isIn(words ...string) func(*cli.Line, string) bool {
	return func(_ *cli.Line, next string) bool {
		for _, w := range words {
			if w == next {
				return true
			}
		}
		return false
	}
}

func TestParse(t *testing.T) {
	never := func(*cli.Line, string) bool { return false }
	tests := []struct {
		name  string
		argv  []string
		po    cli.ParseOptions
		words []string
		given []cli.Given
	}{
		{name: "empty", argv: nil},
		{name: "options before, between and after words",
			argv:  []string{"--url=u", "node", "--format", "json", "browse", "-P", "p1", "/", "--count=3"},
			words: []string{"node", "browse", "/"},
			given: []cli.Given{opt("url", "u", "--url"), opt("format", "json", "--format"), opt("preset", "p1", "-P"), opt("count", "3", "--count")}},
		{name: "value with = inside", argv: []string{"--url=a=b", "--user", "x=y"},
			given: []cli.Given{opt("url", "a=b", "--url"), opt("user", "x=y", "--user")}},
		{name: "empty value", argv: []string{"--url=", "x"}, words: []string{"x"}, given: []cli.Given{opt("url", "", "--url")}},
		{name: "-PNAME", argv: []string{"-Pmine", "x"}, words: []string{"x"}, given: []cli.Given{opt("preset", "mine", "-P")}},
		{name: "-P=NAME", argv: []string{"-P=mine"}, given: []cli.Given{opt("preset", "mine", "-P")}},
		{name: "-P NAME repeated", argv: []string{"-P", "a", "--preset", "b"}, given: []cli.Given{opt("preset", "a", "-P"), opt("preset", "b", "--preset")}},
		{name: "dashes and underscores", argv: []string{"--remote-node", "tn", "--remote_node=t2"},
			given: []cli.Given{opt("remote_node", "tn", "--remote-node"), opt("remote_node", "t2", "--remote_node")}},
		{name: "-- ends options", argv: []string{"a", "--", "--url", "-x", "--", "-P"}, words: []string{"a", "--url", "-x", "--", "-P"}},
		{name: "alias", argv: []string{"--load-params", "x", "--gui-mode=graphical"},
			given: []cli.Given{opt("preset", "x", "--load-params"), opt("ui", "graphical", "--gui-mode")}},
		{name: "prefix of an alias", argv: []string{"--load", "x", "--gui", "text"},
			given: []cli.Given{opt("preset", "x", "--load"), opt("ui", "text", "--gui")}},
		{name: "short alias letter", argv: []string{"-g", "text"}, given: []cli.Given{opt("ui", "text", "-g")}},
		{name: "unique prefix", argv: []string{"--form", "csv", "--remote-n=n", "--pass", "p"},
			given: []cli.Given{opt("format", "csv", "--form"), opt("remote_node", "n", "--remote-n"), opt("password", "p", "--pass")}},
		{name: "exact name beats a longer one", argv: []string{"--user", "bob"}, given: []cli.Given{opt("user", "bob", "--user")}},
		{name: "bool with a value word", argv: []string{"--verbose", "no", "x"}, words: []string{"x"}, given: []cli.Given{opt("verbose", "no", "--verbose")}},
		{name: "bool with an upper-case value word", argv: []string{"--verbose", "YES"}, given: []cli.Given{opt("verbose", "YES", "--verbose")}},
		{name: "bool with every value word", argv: []string{"--verbose", "true", "--verbose", "false", "--verbose", "on", "--verbose", "off"},
			given: []cli.Given{opt("verbose", "true", "--verbose"), opt("verbose", "false", "--verbose"), opt("verbose", "on", "--verbose"), opt("verbose", "off", "--verbose")}},
		{name: "bare bool before a word", argv: []string{"--verbose", "x"}, words: []string{"x"}, given: []cli.Given{bare("verbose", "--verbose")}},
		{name: "bare bool at the end", argv: []string{"x", "--flat-hash"}, words: []string{"x"}, given: []cli.Given{bare("flat_hash", "--flat-hash")}},
		{name: "bool with =", argv: []string{"--flat-hash=no"}, given: []cli.Given{opt("flat_hash", "no", "--flat-hash")}},
		{name: "short bool", argv: []string{"-q", "yes"}, words: []string{"yes"}, given: []cli.Given{bare("quiet", "-q")}},
		{name: "flag before a word", argv: []string{"--help", "browse"}, words: []string{"browse"}, given: []cli.Given{bare("help", "--help")}},
		{name: "flag before a bool word", argv: []string{"--show-config", "yes"}, words: []string{"yes"}, given: []cli.Given{bare("show_config", "--show-config")}},
		{name: "short flags", argv: []string{"-h", "-N", "-v"}, given: []cli.Given{bare("help", "-h"), bare("no_default", "-N"), bare("version", "-v")}},
		{name: "negative numbers are words", argv: []string{"calc", "-5", "-.5", "-", "--count", "-3"},
			words: []string{"calc", "-5", "-.5", "-"}, given: []cli.Given{opt("count", "-3", "--count")}},
		{name: "value starting with a dash", argv: []string{"--fields", "-name"}, given: []cli.Given{opt("fields", "-name", "--fields")}},
		{name: "unknown long option, no IsWord", argv: []string{"--foo", "bar"}, words: []string{"bar"},
			given: []cli.Given{{Name: "foo", Written: "--foo"}}},
		{name: "unknown long option, IsWord false", argv: []string{"--foo", "bar"}, po: cli.ParseOptions{IsWord: never},
			given: []cli.Given{{Name: "foo", Value: "bar", HasValue: true, Written: "--foo"}}},
		{name: "unknown long option before a command word", argv: []string{"--foo", "browse", "--bar", "val"},
			po: cli.ParseOptions{IsWord: isIn("browse")}, words: []string{"browse"},
			given: []cli.Given{{Name: "foo", Written: "--foo"}, {Name: "bar", Value: "val", HasValue: true, Written: "--bar"}}},
		{name: "IsWord sees the line parsed so far", argv: []string{"--foo", "node", "--bar", "val"},
			po:    cli.ParseOptions{IsWord: func(l *cli.Line, _ string) bool { return len(l.Words) == 0 }},
			words: []string{"node"},
			given: []cli.Given{{Name: "foo", Written: "--foo"}, {Name: "bar", Value: "val", HasValue: true, Written: "--bar"}}},
		{name: "unknown long option before an option", argv: []string{"--foo", "--url", "u"}, po: cli.ParseOptions{IsWord: never},
			given: []cli.Given{{Name: "foo", Written: "--foo"}, opt("url", "u", "--url")}},
		{name: "unknown long option at the end", argv: []string{"x", "--foo"}, po: cli.ParseOptions{IsWord: never}, words: []string{"x"},
			given: []cli.Given{{Name: "foo", Written: "--foo"}}},
		{name: "unknown long option with =", argv: []string{"--foo-bar=1"},
			given: []cli.Given{{Name: "foo_bar", Value: "1", HasValue: true, Written: "--foo-bar"}}},
		{name: "lenient unknown short option", argv: []string{"-x", "v", "-xyz", "-P", "p"}, po: cli.ParseOptions{Lenient: true},
			words: []string{"v"},
			given: []cli.Given{{Name: "x", Written: "-x"}, {Name: "x", Value: "yz", HasValue: true, Written: "-xyz"}, opt("preset", "p", "-P")}},
		{name: "options after a script are options", argv: []string{"run", "--url", "u", "f.lua", "--count", "3", "--", "x", "--y"},
			words: []string{"run", "f.lua", "x", "--y"}, given: []cli.Given{opt("url", "u", "--url"), opt("count", "3", "--count")}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l, err := cli.Parse(tc.argv, testDecls(), tc.po)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tc.argv, err)
			}
			if !reflect.DeepEqual(l.Words, tc.words) {
				t.Errorf("Words = %q, want %q", l.Words, tc.words)
			}
			if !reflect.DeepEqual(l.Given, tc.given) {
				t.Errorf("Given = %+v\nwant    %+v", l.Given, tc.given)
			}
			if len(l.Index) != len(l.Words) {
				t.Fatalf("Index = %v for words %q", l.Index, l.Words)
			}
			for i, w := range l.Words {
				if tc.argv[l.Index[i]] != w {
					t.Errorf("Index[%d] = %d: argv holds %q there, not %q", i, l.Index[i], tc.argv[l.Index[i]], w)
				}
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		argv []string
		msg  string
		hint string
	}{
		{"missing value at the end", []string{"node", "--url"}, "option --url needs a value", "write --url=VALUE"},
		{"missing value of a prefix", []string{"--form"}, "option --format needs a value", "write --format=VALUE"},
		{"missing value of -P", []string{"x", "-P"}, "option -P needs a value", ""},
		{"ambiguous prefix", []string{"--log", "debug"}, "ambiguous option --log (could be: --log-level, --logger)", ""},
		{"ambiguous prefix, four candidates", []string{"--u", "x"}, "ambiguous option --u (could be: --ui, --url, --user, --username)", ""},
		{"unknown short option", []string{"-x"}, "unknown option -x", "see --help for the options"},
		{"value attached to a flag", []string{"-hx"}, `option -h takes no value (got "-hx")`, ""},
		{"value attached to a short bool", []string{"-qyes"}, `option -q takes no value (got "-qyes")`, ""},
		{"empty option name", []string{"--=x"}, `invalid option "--=x"`, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l, err := cli.Parse(tc.argv, testDecls(), cli.ParseOptions{})
			var re *runtime.Error
			if !errors.As(err, &re) {
				t.Fatalf("Parse(%q) = %+v, %v; want a *runtime.Error", tc.argv, l, err)
			}
			if re.Kind != runtime.KindUsage || re.Message != tc.msg || re.Hint != tc.hint {
				t.Fatalf("got kind %q message %q hint %q\nwant usage %q hint %q", re.Kind, re.Message, re.Hint, tc.msg, tc.hint)
			}
			if cli.ExitCode(err) != cli.ExitUsage {
				t.Fatalf("exit code %d", cli.ExitCode(err))
			}
		})
	}
}

func TestLineHas(t *testing.T) {
	l, err := cli.Parse([]string{"--url", "u", "-N"}, testDecls(), cli.ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !l.Has("url") || !l.Has("no_default") || l.Has("help") {
		t.Fatalf("Has: url %v no_default %v help %v", l.Has("url"), l.Has("no_default"), l.Has("help"))
	}
}

func TestMatch(t *testing.T) {
	choices := []string{"show", "set", "list", "listing", "delete", "overview"}
	tests := []struct {
		word, want, err string
	}{
		{"list", "list", ""},
		{"listi", "listing", ""},
		{"ov", "overview", ""},
		{"d", "delete", ""},
		{"show", "show", ""},
		{"s", "", `ambiguous command "s" (could be: set, show)`},
		{"lis", "", `ambiguous command "lis" (could be: list, listing)`},
		{"zz", "", `unknown command "zz" (use one of: delete, list, listing, overview, set, show)`},
		{"", "", `unknown command "" (use one of: delete, list, listing, overview, set, show)`},
		{"Show", "", `unknown command "Show" (use one of: delete, list, listing, overview, set, show)`},
	}
	for _, tc := range tests {
		got, err := cli.Match("command", tc.word, choices)
		if tc.err == "" {
			if err != nil || got != tc.want {
				t.Errorf("Match(%q) = %q, %v; want %q", tc.word, got, err, tc.want)
			}
			continue
		}
		var re *runtime.Error
		if !errors.As(err, &re) || re.Kind != runtime.KindUsage || re.Message != tc.err || got != "" {
			t.Errorf("Match(%q) = %q, %#v; want usage error %q", tc.word, got, err, tc.err)
		}
	}
	if _, err := cli.Match("plugin", "x", nil); err == nil || err.Error() != `usage: unknown plugin "x" (use one of: )` {
		t.Errorf("Match without choices: %v", err)
	}
}

func TestDecls(t *testing.T) {
	d := testDecls()
	if o := d.Get("load_params"); o == nil || o.Name != "preset" {
		t.Errorf("Get(alias) = %+v", o)
	}
	if o := d.Get("form"); o != nil {
		t.Errorf("Get accepts prefixes: %+v", o)
	}
	if o := d.Short("P"); o == nil || o.Name != "preset" {
		t.Errorf("Short(P) = %+v", o)
	}
	if o := d.Short("z"); o != nil {
		t.Errorf("Short(z) = %+v", o)
	}
	if o, err := d.Lookup("nothing"); o != nil || err != nil {
		t.Errorf("Lookup(nothing) = %+v, %v", o, err)
	}
	if o, err := d.Lookup("pre"); err != nil || o.Name != "preset" {
		t.Errorf("Lookup(pre) = %+v, %v", o, err)
	}
	// a later declaration replaces an earlier one
	d.Add(&cli.Option{Name: "format", Type: cli.String, Help: "better help"})
	if o := d.Get("format"); o.Help != "better help" {
		t.Errorf("redeclared option: %+v", o)
	}
	all := d.All()
	for i := 1; i < len(all); i++ {
		if all[i-1].Name >= all[i].Name {
			t.Fatalf("All is not sorted: %s before %s", all[i-1].Name, all[i].Name)
		}
	}
	if len(all) != len(testOptions()) {
		t.Errorf("All has %d options, want %d", len(all), len(testOptions()))
	}
}

func TestNames(t *testing.T) {
	for in, want := range map[string]string{"--remote-node": "remote_node", "remote-node": "remote_node", "-P": "P", "a_b": "a_b"} {
		if got := cli.Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
	if got := cli.FlagName("remote_node"); got != "--remote-node" {
		t.Errorf("FlagName = %q", got)
	}
	if got := cli.EnvName("ASLMCLI_", "remote_node"); got != "ASLMCLI_REMOTE_NODE" {
		t.Errorf("EnvName = %q", got)
	}
	for _, typ := range []cli.Type{cli.String, cli.Bool, cli.Flag, cli.Int, cli.Number, cli.Enum, cli.List, cli.Hash, cli.Any} {
		got, err := cli.ParseType(typ.String())
		if err != nil || got != typ {
			t.Errorf("ParseType(%q) = %v, %v", typ.String(), got, err)
		}
	}
	if got, err := cli.ParseType(""); err != nil || got != cli.String {
		t.Errorf("ParseType(\"\") = %v, %v", got, err)
	}
	if _, err := cli.ParseType("text"); err == nil || err.Error() != `unknown option type "text"` {
		t.Errorf("ParseType(text) error = %v", err)
	}
}
