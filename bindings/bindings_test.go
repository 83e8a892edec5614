package bindings

import (
	lua "github.com/yuin/gopher-lua"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/runtime/cli"
	"github.com/asperalm/aslmcli/runtime/config"
	"github.com/asperalm/aslmcli/runtime/extval"
	"github.com/asperalm/aslmcli/runtime/format"
	"github.com/asperalm/aslmcli/runtime/luatest"
	"github.com/asperalm/aslmcli/stdlib/out"
)

// world is a test world: an engine with the bindings, a config file and a store.
type world struct {
	*luatest.State
	file  *config.File
	store *cli.Store
}

func newWorld(t *testing.T, args ...string) *world {
	t.Helper()
	f, err := config.Load(filepath.Join(t.TempDir(), "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	f.Version = "9.9"
	decls := cli.NewDecls(append(cli.GlobalOptions(), &cli.Option{Name: "url"}, &cli.Option{Name: "count", Type: cli.Int})...)
	dec := extval.New(extval.Hooks{Getenv: func(n string) (string, bool) { return "env-" + n, true }})
	store := cli.NewStore(decls, dec, "ASLMCLI_")
	e := &runtime.Engine{Modules: append(Modules(), out.Module)}
	s := luatest.NewWith(t, t.Context(), e)
	SetConfig(e, &ConfigContext{File: f, Store: store, Decoder: dec})
	out.Configure(e, out.Settings{Options: func() (format.Options, error) {
		v, _ := store.Get(cli.OptFormat)
		return format.Options{Format: v.(string), FlatHash: true}, nil
	}})
	root := (&cli.Command{Name: "p"}).Add(&cli.Command{Name: "c"})
	SetInvocation(e, cli.NewInvocation("p", root.Commands["c"], []string{"c"}, args, store))
	return &world{State: s, file: f, store: store}
}

func TestConfigModule(t *testing.T) {
	w := newWorld(t)
	w.Must(`
		local c = require("aspera.config")
		c.set("demo", "url", "https://x")
		c.set("demo", "password", "hunter2")
		c.set("demo", "count", 3)
		c.update("demo", {["transfer-node"] = {a = 1}})
		c.initialize("other", {k = "v"})
		c.set_default("server", "demo")
		c.set("GLOBAL", "format", "json")
		assert(c.get("demo", "url") == "https://x")
		assert(c.get("demo", "count") == 3)
		assert(c.get("demo", "transfer_node").a == 1, "dashes become underscores")
		assert(c.default("server") == "demo")
		assert(c.default("nothing") == nil)
		assert(c.default("config") == "global_common_defaults")
		assert(c.preset("GLOBAL").format == "json")
		assert(c.exists("demo") and not c.exists("nope"))
		assert(c.unset("demo", "count") == true and c.unset("demo", "count") == false)
		assert(c.delete("other") == true and c.delete("other") == false)
		assert(c.preset("other") == nil)
		assert(c.decode("@env:X") == "env-X")
		local names = table.concat(c.presets(), ",")
		assert(names == "demo,default,global_common_defaults", names)
		for _, r in ipairs(c.overview()) do
			if r.parameter == "password" then assert(r.value == "***", "secret hidden") end
		end
		c.save()
	`)
	data, err := os.ReadFile(w.file.Path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	if !strings.HasPrefix(s, "config:\n  version: \"9.9\"\n") || !strings.Contains(s, "password: hunter2") || !strings.Contains(s, "transfer_node:") {
		t.Fatalf("saved file:\n%s", s)
	}
	w.Fail(runtime.KindUsage, "@json:", `require("aspera.config").decode("@json:{x")`)
	w.Fail(runtime.KindLua, "bad argument #2", `require("aspera.config").initialize("x", "not a table")`)
}

func TestConfigOption(t *testing.T) {
	w := newWorld(t)
	w.store.Add(cli.FromPreset, "url", "https://from-preset", "preset p")
	w.store.Add(cli.FromCommandLine, "count", "12", "--count")
	if got := w.String(`local c = require("aspera.config"); return c.option("url") .. " " .. c.option("count") * 2`); got != "https://from-preset 24" {
		t.Fatalf("got %q", got)
	}
}

func TestCLIObject(t *testing.T) {
	w := newWorld(t, "sh", "@json:{\"a\":[1,2]}", "rest1", "rest2")
	w.store.Add(cli.FromCommandLine, "url", "https://cmd", "--url")
	w.store.Add(cli.FromCommandLine, "format", "json", "--format")
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
	return LoadPlugin(L, s)
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

// TestMetaFilesMatch keeps the definition files of the bindings equal to what they export.
func TestMetaFilesMatch(t *testing.T) {
	check := func(name, meta, prefix string, exported []string) {
		re := regexp.MustCompile(`(?m)^function ` + regexp.QuoteMeta(prefix) + `(\w+)\(`)
		var declared []string
		for _, m := range re.FindAllStringSubmatch(meta, -1) {
			declared = append(declared, m[1])
		}
		sort.Strings(declared)
		sort.Strings(exported)
		if strings.Join(declared, " ") != strings.Join(exported, " ") {
			t.Errorf("%s: declared %v, exported %v", name, declared, exported)
		}
		if !strings.HasPrefix(meta, "---@meta "+name+"\n") {
			t.Errorf("%s: not a ---@meta file", name)
		}
	}
	var cliNames, cfgNames []string
	for n := range cliMethods {
		cliNames = append(cliNames, n)
	}
	for n := range configFuncs {
		cfgNames = append(cfgNames, n)
	}
	var restNames []string
	for n := range restMethods {
		restNames = append(restNames, n)
	}
	check("aspera.cli", cliMeta, "cli:", cliNames)
	check("aspera.rest", restMeta, "client:", restNames)
	check("aspera.rest", restMeta, "rest.", []string{"new"})
	names := func(m map[string]lua.LGFunction) []string {
		var out []string
		for n := range m {
			out = append(out, n)
		}
		return out
	}
	check("aspera.node", nodeMeta, "node.", names(nodeFuncs))
	check("aspera.node", nodeMeta, "client:", names(nodeMethods))
	check("aspera.node", nodeMeta, "simulator:", names(simMethods))
	check("aspera.transfer", transferMeta, "transfer.", []string{"start", "agents", "ascp"})
	check("aspera.transfer", transferMeta, "job:", names(jobMethods))
	check("aspera.httpgw", httpgwMeta, "httpgw.", names(httpgwFuncs))
	check("aspera.config", configMeta, "config.", cfgNames)
}
