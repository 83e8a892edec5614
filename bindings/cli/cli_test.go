package cli_test

import (
	"strings"
	"testing"
	"testing/fstest"

	bcli "github.com/asperalm/aslmcli/bindings/cli"
	"github.com/asperalm/aslmcli/bindings/internal/bindtest"
	"github.com/asperalm/aslmcli/bindings/kit"
	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/runtime/cli"
)

func newWorld(t *testing.T, args ...string) *bindtest.World {
	w := bindtest.New(t, []kit.Module{bcli.Module}, args...)
	bcli.SetInvocation(w.Engine, w.Invocation)
	return w
}

func TestCLIObject(t *testing.T) {
	w := newWorld(t, "sh", "@json:{\"a\":[1,2]}", "rest1", "rest2")
	w.Store.Add(cli.FromCommandLine, "url", "https://cmd", "--url")
	w.Store.Add(cli.FromCommandLine, "format", "json", "--format")
	w.Must(`
		local cli = require("aspera.cli")
		assert(cli:plugin() == "p")
		assert(cli:peek_arg() == "sh")
		assert(cli:next_command({"show", "set"}) == "show")
		assert(table.concat(cli:words(), " ") == "c show")
		local v = cli:next_arg("value")
		assert(v.a[2] == 2)
		assert(cli:has_args())
		local rest = cli:remaining_args()
		assert(#rest == 2 and rest[2] == "rest2")
		assert(cli:next_arg("x", {optional = true}) == nil)
		assert(cli:option("url") == "https://cmd")
		assert(cli:options().url == "https://cmd")
		local clo = cli:command_line_options({"format"})
		assert(clo.url == "https://cmd" and clo.format == nil)
		cli:show({{name = "a", token = "t"}}, {kind = "list"})
		cli:status("done")
	`)
	if got := w.Out.String(); got != `[{"name":"a","token":"***"}]`+"\n"+`{"status":"done"}`+"\n" {
		t.Fatalf("output %q", got)
	}
	e := w.Fail(runtime.KindUsage, "missing argument NAME", `require("aspera.cli"):next_arg("name")`)
	if e.Hint == "" {
		t.Fatal("no hint")
	}
	w.Fail(runtime.KindUsage, `missing command (use one of: a)`, `local c = require("aspera.cli"); c:next_command({"a"})`)
	e = w.Fail("config", "custom failure", `require("aspera.cli"):fail("config", "custom failure", "try this")`)
	if e.Hint != "try this" {
		t.Fatalf("hint %q", e.Hint)
	}
	w.Fail(runtime.KindUsage, "not interactive", `require("aspera.cli"):ask("name")`)
	w.Fail(runtime.KindLua, "cli object expected", `require("aspera.cli").option("url")`)
}

func loadTree(t *testing.T, src string) (*cli.Command, error) {
	t.Helper()
	fsys := fstest.MapFS{"commands/p.lua": {Data: []byte(src)}}
	cat := runtime.NewCatalog(fsys, "commands")
	s, ok := cat.Lookup("p")
	if !ok {
		t.Fatal("no plugin")
	}
	L := (&runtime.Engine{}).NewState(t.Context())
	defer runtime.Close(L)
	return bcli.LoadPlugin(L, s)
}

func TestLoadPlugin(t *testing.T) {
	root, err := loadTree(t, `return {
		help = "top", options = {{name = "top-opt", type = "enum", values = {"a", "b"}, default = "a", short = "t"}},
		commands = {
			leaf = {help = "a leaf", usage = "X", options = {{name = "deep", type = "hash", aliases = {"old-deep"}}}, run = function(cli) end},
			group = {commands = {inner = {run = function() end}}},
		}}`)
	if err != nil {
		t.Fatal(err)
	}
	if root.Help != "top" || len(root.Options) != 1 || root.Options[0].Name != "top_opt" || root.Options[0].Type != cli.Enum ||
		root.Options[0].Short != "t" || root.Options[0].Default != "a" {
		t.Fatalf("root: %+v %+v", root, root.Options[0])
	}
	if got := strings.Join(root.Names(), ","); got != "group,leaf" {
		t.Fatalf("names %s", got)
	}
	leaf := root.Commands["leaf"]
	if leaf.Run == nil || leaf.Usage != "X" || leaf.Options[0].Type != cli.Hash || leaf.Options[0].Aliases[0] != "old_deep" || leaf.Parent != root {
		t.Fatalf("leaf %+v", leaf)
	}
	if root.Commands["group"].Commands["inner"].Run == nil {
		t.Fatal("nested")
	}
	for src, want := range map[string]string{
		`return 42`: "returned a number",
		`x = 1`:     "must return its declaration table",
		`return {helps = "x", run = function() end}`:                     `p: unknown field "helps"`,
		`return {commands = {a = {run = 1}}}`:                            "p.commands.a: run must be a function",
		`return {help = "only help"}`:                                    "p: a command needs run or commands",
		`return {commands = {a = "x"}}`:                                  "p.commands.a must be a table",
		`return {run = print, options = {{name = "Bad Name"}}}`:          `name must be a snake_case option name`,
		`return {run = print, options = {{name = "x", type = "float"}}}`: `unknown option type "float"`,
		`return {run = print, options = {{name = "x", type = "enum"}}}`:  "an enum option needs values",
		`return {run = print, options = {{name = "x", short = "xy"}}}`:   "short must be one letter",
		`return {run = print, options = {{name = "x", defualt = 1}}}`:    `unknown field "defualt"`,
		`return {run = print, options = "x"}`:                            "options must be a list",
		"return {":                                                       "plugin p (builtin:commands/p.lua)",
		`error("exploded")`:                                              "exploded",
	} {
		_, err := loadTree(t, src)
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "plugin: plugin p (builtin:commands/p.lua)") {
			t.Errorf("%s: want %q, got %v", src, want, err)
		}
	}
}
