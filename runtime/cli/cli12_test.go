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

// TestStoreAliasesFromEverySource: a value given under an alias, from a preset or the
// environment, is the option's value; it moves to the option when a plugin declares the
// alias later (the global preset is read before the plugin is known).
func TestStoreAliasesFromEverySource(t *testing.T) {
	s := newStore(&cli.Option{Name: "transfer_info2", Type: cli.Hash})
	s.AddMap(cli.FromPreset, map[string]any{"load_params": []any{"x"}}, "preset p")
	if v, _ := s.Get(cli.OptPreset); !reflect.DeepEqual(v, []any{"x"}) {
		t.Fatalf("alias of a global option: %#v", v)
	}
	s.AddMap(cli.FromGlobalPreset, map[string]any{"old_node": `@json:{"url":"u"}`, "typo": 1}, "preset g")
	s.AddEnv([]string{"ASLMCLI_OLD_NODE=@json:{\"user\":\"e\"}"})
	if v, _ := s.Get("transfer_info2"); v != nil {
		t.Fatalf("before the declaration: %#v", v)
	}
	s.SetDecls(cli.NewDecls(append(testOptions(), &cli.Option{Name: "transfer_info2", Type: cli.Hash, Aliases: []string{"old_node"}})...))
	want := map[string]any{"url": "u", "user": "e"}
	for _, name := range []string{"transfer_info2", "old_node", "old-node"} {
		if v, err := s.Get(name); err != nil || !reflect.DeepEqual(v, want) {
			t.Fatalf("Get(%s) = %#v, %v", name, v, err)
		}
	}
	if got := s.Undeclared(cli.FromGlobalPreset); !reflect.DeepEqual(got, []cli.Undeclared{{Name: "typo", Origin: "preset g"}}) {
		t.Fatalf("Undeclared = %+v", got)
	}
	if got := s.Undeclared(cli.FromPreset); len(got) != 0 {
		t.Fatalf("Undeclared(preset) = %+v", got)
	}
}

// TestCheckDecodesBeforeRun: Check refuses bad arguments and decodes the values once, before
// the command runs; command words are not decoded.
func TestCheckDecodesBeforeRun(t *testing.T) {
	cmd := &cli.Command{Name: "do", Usage: "ID|self (show PATH | put PATH DATA)"}
	(&cli.Command{Name: "p"}).Add(cmd)
	inv := cli.NewInvocation("p", cmd, []string{"do"}, []string{"@json:[1]", "put", "/x", "@json:{\"a\":1}"}, newStore())
	if err := inv.Check(); err != nil {
		t.Fatal(err)
	}
	id, _ := inv.NextArg("id", false)
	verb, _ := inv.NextCommand([]string{"show", "put"})
	p, _ := inv.NextArg("path", false)
	data, _ := inv.NextArg("data", false)
	if !reflect.DeepEqual(id, []any{int64(1)}) || verb != "put" || p != "/x" || !reflect.DeepEqual(data, map[string]any{"a": int64(1)}) {
		t.Fatalf("got %#v %q %#v %#v", id, verb, p, data)
	}
	for args, want := range map[string]string{
		"self put /x @json:{bad": "bad value for argument DATA: @json:",
		"self put /x":            "missing argument DATA",
		"self show /x extra":     `unexpected argument "extra"`,
		"self zap /x":            `unknown command "zap" (use one of: put, show)`,
	} {
		inv := cli.NewInvocation("p", cmd, []string{"do"}, strings.Fields(args), newStore())
		err := inv.Check()
		var re *runtime.Error
		if !errors.As(err, &re) || re.Kind != runtime.KindUsage || !strings.HasPrefix(re.Message, want) {
			t.Errorf("%s: %v, want %q", args, err, want)
		}
		if want != "bad value for argument DATA: @json:" && re != nil && re.Hint != "usage: aslmcli p do ID|self (show PATH | put PATH DATA)" {
			t.Errorf("%s: hint %q", args, re.Hint)
		}
	}
	// with a terminal, what is missing is asked by the script; too many is still refused
	s := newStore()
	s.Prompter = &fakePrompter{}
	if err := cli.NewInvocation("p", cmd, []string{"do"}, []string{"self", "put"}, s).Check(); err != nil {
		t.Fatalf("with a prompter: %v", err)
	}
	if err := cli.NewInvocation("p", cmd, []string{"do"}, []string{"self", "show", "/x", "y"}, s).Check(); err == nil {
		t.Fatal("too many arguments accepted with a prompter")
	}
	// a usage that the check cannot read is the plugin's error
	bad := &cli.Command{Name: "bad", Usage: "[X"}
	var re *runtime.Error
	if err := cli.NewInvocation("p", bad, nil, nil, newStore()).Check(); !errors.As(err, &re) || re.Kind != runtime.KindPlugin {
		t.Fatalf("bad usage: %v", err)
	}
}

// TestWriteErrorPositions: the position of an operational error shows for a user's script,
// not for a built-in one, except in debug mode.
func TestWriteErrorPositions(t *testing.T) {
	builtin := &runtime.Error{Kind: "error", Message: "boom", Where: runtime.BuiltinChunkPrefix + "commands/node.lua:61:"}
	user := &runtime.Error{Kind: "io", Message: "no file", Where: "/home/me/x.lua:3:"}
	http := &runtime.Error{Kind: runtime.KindHTTP, Message: "404 Not Found: x", Where: "builtin:commands/node.lua:9:"}
	for _, tc := range []struct {
		err   error
		debug bool
		want  string
	}{
		{builtin, false, "ERROR: error: boom\n"},
		{builtin, true, "ERROR: error: boom (at builtin:commands/node.lua:61)\n"},
		{user, false, "ERROR: io: no file (at /home/me/x.lua:3)\n"},
		{http, false, "ERROR: http: 404 Not Found: x\n"},
		{http, true, "ERROR: http: 404 Not Found: x (at builtin:commands/node.lua:9)\n"},
		{&runtime.Error{Kind: runtime.KindLua, Message: "x.lua:3: boom", Where: "x.lua:3:"}, true, "ERROR: lua: x.lua:3: boom\n"},
	} {
		var b bytes.Buffer
		if tc.debug {
			cli.WriteDebugError(&b, tc.err)
		} else {
			cli.WriteError(&b, tc.err)
		}
		if b.String() != tc.want {
			t.Errorf("debug %v: %q, want %q", tc.debug, b.String(), tc.want)
		}
	}
	// the placeholder of a hint is no secret; a value is
	var b bytes.Buffer
	cli.WriteError(&b, cli.Usage("set it with --password=VALUE", "missing"))
	if !strings.Contains(b.String(), "HINT: set it with --password=VALUE\n") {
		t.Fatalf("hint: %q", b.String())
	}
}
