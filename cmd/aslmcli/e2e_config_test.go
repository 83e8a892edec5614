package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestHomeAndConfigFile(t *testing.T) {
	e := newEnv(t)
	e.ok("config", "preset", "set", "p", "k", "v")
	if !strings.Contains(e.read(e.configFile()), "k: v") {
		t.Fatal("ASLMCLI_HOME not used")
	}
	other := filepath.Join(e.dir, "other")
	e.ok("--home", other, "config", "preset", "set", "q", "k", "w")
	if !strings.Contains(e.read(filepath.Join(other, "config.yaml")), "k: w") {
		t.Fatal("--home not used")
	}
	alt := filepath.Join(e.dir, "alt.yaml")
	e.ok("config", "preset", "set", "r", "k", "x", "--config-file="+alt)
	if !strings.Contains(e.read(alt), "k: x") || strings.Contains(e.read(e.configFile()), "k: x") {
		t.Fatal("--config-file not used")
	}
	// default home without the variable: ~/.aspera/aslmcli
	e.vars = append(e.vars[:2:2], "LANG=C") // PATH, HOME only
	e.ok("config", "preset", "set", "s", "k", "z")
	if !strings.Contains(e.read(filepath.Join(e.dir, ".aspera", "aslmcli", "config.yaml")), "k: z") {
		t.Fatal("default home not used")
	}
}

func TestPresetCommands(t *testing.T) {
	e := newEnv(t)
	e.ok("config", "preset", "set", "demo", "url", "ssh://demo.example.com:33001")
	e.ok("config", "preset", "set", "demo", "password", "s3cret")
	e.ok("config", "preset", "set", "demo", "count", "@json:3")
	e.ok("config", "preset", "set", "demo", "private_key", "@val:@file:~/.ssh/key")
	if got := e.ok("config", "preset", "get", "demo", "url"); got != "ssh://demo.example.com:33001\n" {
		t.Fatalf("get: %q", got)
	}
	if got := e.ok("config", "preset", "get", "demo", "count", "--format=json"); got != "3\n" {
		t.Fatalf("get typed: %q", got)
	}
	if got := e.ok("config", "preset", "get", "demo", "private_key", "--show-secrets=yes"); got != "@file:~/.ssh/key\n" {
		t.Fatalf("@val: kept the reference: %q", got)
	}
	show := decodeJSON(t, e.ok("config", "preset", "show", "demo", "--format=json")).(map[string]any)
	if show["password"] != "***" || show["url"] != "ssh://demo.example.com:33001" {
		t.Fatalf("show: %v", show)
	}
	if e.ok("config", "preset", "show", "demo", "--format=json", "--show-secrets=yes") == "" ||
		!strings.Contains(e.ok("config", "preset", "show", "demo", "--format=json", "--show-secrets=yes"), "s3cret") {
		t.Fatal("--show-secrets")
	}
	ov := e.ok("config", "preset", "overview", "--format=csv")
	if !strings.Contains(ov, "demo,password,***") || !strings.Contains(ov, "demo,url,ssh://") || strings.Contains(ov, "s3cret") {
		t.Fatalf("overview: %q", ov)
	}
	if got := e.ok("config", "preset", "unset", "demo", "count"); got != "removed\n" {
		t.Fatalf("unset: %q", got)
	}
	if got := e.ok("config", "preset", "unset", "demo", "count"); got != "not set\n" {
		t.Fatalf("unset again: %q", got)
	}
	e.fails(1, "preset demo has no parameter count", "config", "preset", "get", "demo", "count")
	e.ok("config", "preset", "initialize", "demo", `@json:{"url":"https://n","username":"u"}`)
	if got := decodeJSON(t, e.ok("config", "preset", "show", "demo", "--format=json")); len(got.(map[string]any)) != 2 {
		t.Fatalf("initialize replaces: %v", got)
	}
	e.fails(2, "initialize needs a mapping", "config", "preset", "initialize", "demo", "text")
	e.ok("config", "preset", "update", "demo", "--url=https://m", "--other-settings=@json:{\"a\":1}")
	cfg := e.read(e.configFile())
	for _, want := range []string{"url: https://m", "username: u", "other_settings:", "a: 1"} {
		if !strings.Contains(cfg, want) {
			t.Fatalf("update: %q lacks %q", cfg, want)
		}
	}
	e.ok("config", "preset", "delete", "demo")
	e.fails(1, "no preset named demo", "config", "preset", "delete", "demo")
	if got := e.ok("config", "preset", "list", "--format=csv"); got != "config\n" {
		t.Fatalf("list after delete: %q", got)
	}
}

// TestOriginalSpelling runs the original manual's configuration commands.
func TestOriginalSpelling(t *testing.T) {
	e := newEnv(t)
	e.ok("config", "id", "aspera_demo_server", "update", "--url=ssh://demo.asperasoft.com:33001", "--username=asperaweb", "--password=demoaspera")
	e.ok("config", "id", "default", "set", "server", "aspera_demo_server")
	e.ok("config", "id", "shares06", "set", "url", "https://10.25.0.6")
	e.ok("config", "id", "shares06", "set", "username", "john")
	e.ok("config", "id", "conf_name", "initialize", `@json:{"p1":"v1","p2":"v2"}`)
	e.ok("config", "preset", "set", "default", "shares", "shares06")
	if got := e.ok("config", "id", "shares06", "show", "--format=json"); got != `{"url":"https://10.25.0.6","username":"john"}`+"\n" {
		t.Fatalf("id show: %q", got)
	}
	if got := e.ok("config", "list", "--format=csv"); got != "config\naspera_demo_server\ndefault\nshares06\nconf_name\n" {
		t.Fatalf("config list: %q", got)
	}
	if got := e.ok("config", "preset", "get", "default", "server"); got != "aspera_demo_server\n" {
		t.Fatalf("default: %q", got)
	}
	if ov := e.ok("config", "overview"); !strings.Contains(ov, "demoaspera") == true {
		// the password is hidden
	} else {
		t.Fatalf("overview leaks the password: %s", ov)
	}
	show := e.ok("config", "show", "--format=yaml")
	if !strings.Contains(show, "password: '***'") || !strings.Contains(show, "server: aspera_demo_server") {
		t.Fatalf("config show: %s", show)
	}
	e.ok("config", "id", "conf_name", "delete")
	e.ok("-Pnone", "config", "preset", "list") // the original -Pnone loads nothing
}

// TestPrecedence checks, on one option, every source against the next:
// default < global preset < plugin default preset, or the -P preset instead < environment <
// command line.
func TestPrecedence(t *testing.T) {
	e := newEnv(t)
	e.helloPlugin()
	greet := func(args ...string) string {
		t.Helper()
		return strings.TrimSuffix(e.ok(append([]string{"hello", "world"}, args...)...), ", world!\n")
	}
	if g := greet(); g != "Hello" {
		t.Fatalf("default: %q", g)
	}
	e.ok("config", "preset", "set", "GLOBAL", "greeting", "Global")
	if g := greet(); g != "Global" {
		t.Fatalf("global preset: %q", g)
	}
	e.ok("config", "preset", "set", "hello_default", "greeting", "PluginDefault")
	e.ok("config", "id", "default", "set", "hello", "hello_default")
	if g := greet(); g != "PluginDefault" {
		t.Fatalf("plugin preset: %q", g)
	}
	e.ok("config", "preset", "set", "mine", "greeting", "Explicit")
	if g := greet("-Pmine"); g != "Explicit" {
		t.Fatalf("-P: %q", g)
	}
	if g := greet("--load-params=mine"); g != "Explicit" {
		t.Fatalf("--load-params: %q", g)
	}
	e.setenv("ASLMCLI_GREETING=FromEnv")
	if g := greet("-P", "mine"); g != "FromEnv" {
		t.Fatalf("env over preset: %q", g)
	}
	if g := greet("-P", "mine", "--greeting=Cmdline"); g != "Cmdline" {
		t.Fatalf("command line: %q", g)
	}
	e.vars = e.vars[:len(e.vars)-1]
	// -N skips both default presets, not -P
	if g := greet("-N"); g != "Hello" {
		t.Fatalf("-N: %q", g)
	}
	if g := greet("-N", "-Pmine"); g != "Explicit" {
		t.Fatalf("-N -P: %q", g)
	}
	// the same order holds for a global option (the peer lets presets win there: we do not)
	e.ok("config", "preset", "set", "GLOBAL", "format", "yaml")
	if got := e.ok("config", "echo", "@json:[1]", "--format=json"); got != "[1]\n" {
		t.Fatalf("command line over global preset for --format: %q", got)
	}
	if got := e.ok("config", "echo", "@json:[1]"); got != "- 1\n" {
		t.Fatalf("global preset --format: %q", got)
	}
	// -P replaces the plugin's default preset; a name that does not exist loads none (the
	// original -Pnone), the global preset stays
	if g := greet("-Pabsent"); g != "Global" {
		t.Fatalf("-Pabsent: %q", g)
	}
}

func TestShowConfig(t *testing.T) {
	e := newEnv(t)
	e.helloPlugin()
	e.ok("config", "preset", "set", "mine", "password", "hunter2")
	e.ok("config", "preset", "set", "mine", "url", "https://example.com")
	out := e.ok("hello", "world", "-Pmine", "--show-config", "--format=json", "--loud=yes")
	m := decodeJSON(t, out).(map[string]any)
	if m["url"] != "https://example.com" || m["password"] != "***" || m["loud"] != true || m["greeting"] != "Hello" || m["format"] != "json" {
		t.Fatalf("show-config: %v", m)
	}
	if strings.Contains(out, "hunter2") {
		t.Fatal("secret shown")
	}
}

func TestMandatoryWithoutTerminal(t *testing.T) {
	e := newEnv(t)
	e.plugin("needs", `return { help = "needs a url", options = {{name="url", help="server URL"}},
		run = function(cli) cli:show(cli:option("url", {mandatory=true}), {kind="value"}) end }`)
	r := e.fails(2, "missing mandatory option --url", "needs")
	if !strings.Contains(r.err, "ASLMCLI_URL") || !strings.Contains(r.err, "config preset set NAME url VALUE") {
		t.Fatalf("hint: %v", r)
	}
	e.fails(2, "missing mandatory option --url", "needs", "--interactive=no")
	for _, args := range [][]string{{"needs", "--url=https://x"}, {"needs", "--url", "https://x"}, {"--url", "https://x", "needs"}} {
		if got := e.ok(args...); got != "https://x\n" {
			t.Fatalf("%v: got %q", args, got)
		}
	}
	e.fails(2, "unknown option --unknown", "--unknown", "config", "preset", "list")
	e.fails(2, "missing argument PARAM", "config", "preset", "get", "x")
}

// TestFailedCommandLeavesConfigUnchanged: every failure leaves config.yaml byte for byte.
func TestFailedCommandLeavesConfigUnchanged(t *testing.T) {
	e := newEnv(t)
	e.write("home/config.yaml", "# my presets\nconfig:\n  version: 0.0.1\nmine:\n  url: https://x   # the server\n")
	before := e.read(e.configFile())
	info, _ := os.Stat(e.configFile())
	for _, args := range [][]string{
		{"config", "preset", "initialize", "mine", `@json:{bad`},
		{"config", "preset", "set", "mine", "url"},
		{"config", "preset", "set", "mine", "k", "v", "--format=xml"},
		{"config", "preset", "delete", "nope"},
		{"run", "-e", `local c = require("aspera.config"); c.set("mine", "url", "changed"); error("then failed")`},
		{"run", "-e", `local c = require("aspera.config"); c.set("mine", "url", "changed"); os.exit(3)`},
	} {
		if r := e.run(args...); r.code == 0 {
			t.Fatalf("%v succeeded: %v", args, r)
		}
		if got := e.read(e.configFile()); got != before {
			t.Fatalf("%v changed the file:\n%s", args, got)
		}
	}
	after, _ := os.Stat(e.configFile())
	if !after.ModTime().Equal(info.ModTime()) {
		t.Fatal("file rewritten")
	}
	// a successful change keeps the user's comments, and the mode is 0600
	e.ok("config", "preset", "set", "mine", "username", "bob")
	got := e.read(e.configFile())
	if !strings.Contains(got, "# my presets") || !strings.Contains(got, "# the server") || !strings.Contains(got, "username: bob") {
		t.Fatalf("comments lost:\n%s", got)
	}
	if st, _ := os.Stat(e.configFile()); st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", st.Mode())
	}
	entries, _ := os.ReadDir(e.home)
	for _, en := range entries {
		if strings.Contains(en.Name(), ".tmp") {
			t.Fatalf("temporary file left: %s", en.Name())
		}
	}
}

func TestBrokenConfigFile(t *testing.T) {
	e := newEnv(t)
	broken := "config:\n  version: 1\nmine:\n  url: [unclosed\n"
	e.write("home/config.yaml", broken)
	r := e.fails(1, "config.yaml: line ", "config", "preset", "set", "mine", "url", "x")
	if !strings.Contains(r.err, "ERROR: config:") {
		t.Fatalf("%v", r)
	}
	if e.read(e.configFile()) != broken {
		t.Fatal("broken file overwritten")
	}
	e.fails(1, "line 4: invalid YAML", "config", "preset", "list")
	// help and version still work
	e.ok("-h")
	e.ok("--version")
	e.write("home/config.yaml", "- a list\n")
	e.fails(1, "line 1: the top level must be a mapping", "config", "list")
}

func TestConfigOpen(t *testing.T) {
	e := newEnv(t)
	// not on a terminal: the path is printed
	if got := e.ok("config", "open", "--ui=text"); got != e.configFile()+"\n" {
		t.Fatalf("got %q", got)
	}
	if !strings.Contains(e.read(e.configFile()), "version:") {
		t.Fatal("open creates the file")
	}
	// graphical: the desktop opener (a stand-in xdg-open on PATH) gets the path
	bin := filepath.Join(e.dir, "bin")
	e.write("bin/xdg-open", "#!/bin/sh\necho \"opened $1\" > "+filepath.Join(e.dir, "opened")+"\n")
	os.Chmod(filepath.Join(bin, "xdg-open"), 0o755)
	e.vars[0] = "PATH=" + bin + ":" + strings.TrimPrefix(e.vars[0], "PATH=")
	e.ok("config", "open", "--gui-mode=graphical")
	if got := e.read(filepath.Join(e.dir, "opened")); got != "opened "+e.configFile()+"\n" {
		t.Fatalf("opener: %q", got)
	}
}
