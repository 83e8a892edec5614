package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestVersion(t *testing.T) {
	e := newEnv(t)
	for _, args := range [][]string{{"--version"}, {"-v"}, {"config", "-v"}} {
		if got := e.ok(args...); got != version+"\n" {
			t.Errorf("%v: got %q", args, got)
		}
	}
}

func TestGlobalOptionsAnywhere(t *testing.T) {
	e := newEnv(t)
	e.ok("config", "preset", "set", "p1", "url", "https://x")
	want := `["config","p1"]` + "\n"
	for _, args := range [][]string{
		{"--format=json", "config", "preset", "list"},
		{"--format", "json", "config", "preset", "list"},
		{"config", "--format", "json", "preset", "list"},
		{"config", "preset", "--format=json", "list"},
		{"config", "preset", "list", "--format", "json"},
		{"config", "preset", "list", "--form=json"}, // option prefix
	} {
		if got := e.ok(args...); got != want {
			t.Errorf("%v: got %q want %q", args, got, want)
		}
	}
}

func TestValuePrefixes(t *testing.T) {
	e := newEnv(t)
	if got := e.ok("config", "echo", "@json:[1]", "--format=ya"); got != "- 1\n" {
		t.Errorf("enum prefix: got %q", got)
	}
	e.fails(2, `ambiguous value "jso" (could be: json, jsonpp)`, "config", "echo", "x", "--format=jso")
	e.fails(2, `"xml" (use one of: csv, json, jsonpp, table, yaml)`, "config", "echo", "x", "--format=xml")
}

func TestDoubleDashEndsOptions(t *testing.T) {
	e := newEnv(t)
	if got := e.ok("config", "echo", "--", "--format=json"); got != "--format=json\n" {
		t.Fatalf("got %q", got)
	}
	// without --, the word is an option
	if got := e.ok("config", "echo", "x", "--format=json"); got != `"x"`+"\n" {
		t.Fatalf("got %q", got)
	}
}

func TestCommandPrefixes(t *testing.T) {
	e := newEnv(t)
	e.ok("config", "preset", "set", "p1", "url", "https://x")
	full := e.ok("config", "preset", "overview")
	if got := e.ok("conf", "pre", "ov"); got != full || !strings.Contains(full, "https://x") {
		t.Fatalf("prefix output %q differs from %q", got, full)
	}
	r := e.fails(2, "ambiguous command \"s\" (could be: set, show)", "config", "preset", "s", "p1")
	if !strings.Contains(r.err, "HINT:") {
		t.Errorf("no hint: %v", r)
	}
	e.fails(2, `unknown command "frobnicate" (use one of: delete, get, initialize, list, overview, set, show, unset, update)`, "config", "preset", "frobnicate")
	// the list names every plugin, in order (more come with each product)
	r = e.fails(2, `unknown plugin "nosuch" (use one of: `, "nosuch")
	if !regexp.MustCompile(`one of: (\w+, )*config, (\w+, )*node, (\w+, )*repl, run, server[,)]`).MatchString(r.err) {
		t.Errorf("plugin list: %v", r)
	}
	e.fails(2, "missing plugin name", "--format=json")
	e.fails(2, `missing command after "config preset"`, "config", "preset")
	e.fails(2, `unknown option --nosuch`, "config", "preset", "list", "--nosuch=1")
	e.fails(2, `ambiguous option --f (could be: --fasp-folder, --fasp-proxy, --fields, --flat-hash, --format)`, "config", "preset", "list", "--f=1")
	e.fails(2, `unexpected argument "extra"`, "config", "preset", "list", "extra")
}

func TestHelpAtEveryLevel(t *testing.T) {
	e := newEnv(t)
	e.helloPlugin()
	global := e.ok("-h")
	for _, want := range []string{"Plugins:", "config", "hello", "run", "--format=ENUM", "-P, --preset", "@json:", "Exit codes"} {
		if !strings.Contains(global, want) {
			t.Errorf("global help lacks %q:\n%s", want, global)
		}
	}
	plugin := e.ok("config", "--help")
	for _, want := range []string{"aslmcli config - Manage the configuration", "preset ...", "echo VALUE", "open"} {
		if !strings.Contains(plugin, want) {
			t.Errorf("plugin help lacks %q:\n%s", want, plugin)
		}
	}
	cmd := e.ok("conf", "pre", "set", "-h")
	if !strings.Contains(cmd, "aslmcli config preset set NAME PARAM VALUE") {
		t.Errorf("command help:\n%s", cmd)
	}
	hello := e.ok("hello", "world", "-h")
	for _, want := range []string{"Greet someone", "--greeting=STRING", "default: Hello", "--loud[=yes|no]"} {
		if !strings.Contains(hello, want) {
			t.Errorf("user plugin help lacks %q:\n%s", want, hello)
		}
	}
	if run := e.ok("run", "-h"); !strings.Contains(run, "-e, --eval=STRING") || !strings.Contains(run, "Lua 5.1") {
		t.Errorf("run help:\n%s", run)
	}
}

func TestUserPlugins(t *testing.T) {
	e := newEnv(t)
	e.helloPlugin()
	if got := e.ok("hello", "world"); got != "Hello, world!\n" {
		t.Fatalf("got %q", got)
	}
	if got := e.ok("hel", "w", "Ada", "--greeting", "Hi", "--loud=yes"); got != "HI, ADA!\n" {
		t.Fatalf("got %q", got)
	}
	if got := e.ok("hello", "count", "3", "--format=csv", "--fields=square"); got != "1\n4\n9\n" {
		t.Fatalf("got %q", got)
	}
	// --plugin-folder adds a folder
	e.write("more/greet2.lua", `return { help = "second", run = function(cli) cli:show("two", {kind="value"}) end }`)
	if got := e.ok("greet2", "--plugin-folder", filepath.Join(e.dir, "more")); got != "two\n" {
		t.Fatalf("got %q", got)
	}
	// a user plugin with a built-in's name overrides it, and a log line says so
	e.plugin("config", `return { help = "mine", run = function(cli) cli:show("overridden", {kind="value"}) end }`)
	r := e.run("config")
	if r.code != 0 || r.out != "overridden\n" || strings.Count(r.err, "overrides the built-in") != 1 {
		t.Fatalf("override: %v", r)
	}
	os.Remove(filepath.Join(e.home, "plugins", "config.lua"))
	// a broken plugin: clear error naming its file
	bad := e.plugin("broken", "return { commands = {\n")
	r = e.fails(1, "plugin broken ("+bad+")", "broken")
	if !strings.Contains(r.err, "ERROR: plugin:") {
		t.Fatalf("%v", r)
	}
	e.plugin("broken", `return { commands = { x = { run = 42 } } }`)
	e.fails(1, "broken.commands.x: run must be a function", "broken", "x")
	e.plugin("broken", `error("cannot start")`)
	e.fails(1, "cannot start", "broken")
	// the help page still lists the others and marks the broken one
	if h := e.ok("-h"); !regexp.MustCompile(`broken +\(broken:`).MatchString(h) || !strings.Contains(h, "hello") {
		t.Fatalf("help with a broken plugin:\n%s", h)
	}
}

func TestRunScripts(t *testing.T) {
	e := newEnv(t)
	e.write("lib/mod.lua", `return { twice = function(x) return 2 * x end }`)
	e.write("home/lua/homemod.lua", `return { name = "from home" }`)
	script := e.write("lib/main.lua", `#!/usr/bin/env -S aslmcli run
local m = require("mod")                 -- next to the script
local h = require("homemod")             -- HOME/lua
local json = require("json")             -- built-in
print(#arg, arg[0]:match("[^/]+$"), arg[1], arg[2], select("#", ...))
print(m.twice(21), h.name, json.encode({ok = true}))
if arg[1] == "fail" then error("failed on purpose") end
if arg[1] == "exit" then pcall(os.exit, 7) end
`)
	if got := e.ok("run", script, "a", "--", "--b=c"); got != "2\tmain.lua\ta\t--b=c\t2\n42\tfrom home\t{\"ok\":true}\n" {
		t.Fatalf("got %q", got)
	}
	e.fails(1, "main.lua:7: failed on purpose", "run", script, "fail")
	if r := e.run("run", script, "exit"); r.code != 7 || r.err != "" {
		t.Fatalf("os.exit: %v", r)
	}
	// executable with a shebang
	os.Chmod(script, 0o755)
	r := e.exec(exec.Command(script, "x"), "")
	if r.code != 0 || !strings.HasPrefix(r.out, "1\tmain.lua\tx") {
		t.Fatalf("shebang: %v", r)
	}
	// -e chunks
	if got := e.ok("run", "-e", "print(1 + 1, ...)", "a", "b"); got != "2\ta\tb\n" {
		t.Fatalf("got %q", got)
	}
	if got := e.ok("--format=json", "run", "-e", `require("out").show({x=1})`); got != `{"x":1}`+"\n" {
		t.Fatalf("got %q", got)
	}
	e.fails(1, "ERROR: lua: (command line):1: boom", "run", "-e", `error("boom")`)
	e.fails(1, "syntax error", "run", "-e", "local x = ")
	e.fails(1, "no such file", "run", filepath.Join(e.dir, "nope.lua"))
	e.fails(2, "missing script file", "run")
	if r := e.run("run", "-e", "os.exit(false)"); r.code != 1 {
		t.Fatalf("os.exit(false): %v", r)
	}
	// stdin reaches io.read
	if r := e.runIn("line one\nline two\n", "run", "-e", "print(io.read()); for l in io.lines() do io.write('[', l, ']') end"); r.out != "line one\n[line two]" {
		t.Fatalf("stdin: %v", r)
	}
}

func TestExitCodes(t *testing.T) {
	e := newEnv(t)
	e.fails(2, "ERROR: usage:", "config", "preset", "bogus")
	e.fails(1, "ERROR: config: no preset named nope", "config", "preset", "show", "nope")
	if r := e.run("config", "preset", "list"); r.code != 0 {
		t.Fatalf("%v", r)
	}
}

// TestInterrupt sends SIGINT (and SIGTERM) to a running script: exit code 130, one error line,
// and no process left behind.
func TestInterrupt(t *testing.T) {
	e := newEnv(t)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		for _, code := range []string{
			"while true do end",
			"pcall(function() while true do end end) while true do end",
			`require("time").sleep(60)`,
			`io.read("*a")`,
		} {
			cmd := exec.Command(binary, "run", "-e", "io.stdout:write('started\\n') "+code)
			cmd.Env, cmd.Dir = e.vars, e.dir
			stdinR, stdinW, _ := os.Pipe()
			defer stdinW.Close()
			cmd.Stdin = stdinR
			var out, errb syncBuffer
			cmd.Stdout, cmd.Stderr = &out, &errb
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			deadline := time.Now().Add(5 * time.Second)
			for !strings.Contains(out.String(), "started") && time.Now().Before(deadline) {
				time.Sleep(10 * time.Millisecond)
			}
			cmd.Process.Signal(sig)
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				cmd.Process.Kill()
				t.Fatalf("%s: %v did not stop", sig, code)
			}
			if cmd.ProcessState.ExitCode() != 130 || errb.String() != "ERROR: interrupted\n" {
				t.Fatalf("%s %q: exit %d, stderr %q", sig, code, cmd.ProcessState.ExitCode(), errb.String())
			}
			stdinR.Close()
		}
	}
}

func TestLockPort(t *testing.T) {
	e := newEnv(t)
	port := freePort(t)
	holder := exec.Command(binary, "--lock-port", port, "run", "-e", "io.stdout:write('locked\\n') require('time').sleep(30)")
	holder.Env, holder.Dir = e.vars, e.dir
	var out syncBuffer
	holder.Stdout = &out
	if err := holder.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { holder.Process.Kill(); holder.Wait() }()
	for i := 0; i < 500 && !strings.Contains(out.String(), "locked"); i++ {
		time.Sleep(10 * time.Millisecond)
	}
	start := time.Now()
	e.fails(1, "another instance holds the lock on port "+port, "--lock-port="+port, "config", "preset", "list")
	if time.Since(start) > 3*time.Second {
		t.Fatal("the second instance did not fail at once")
	}
	holder.Process.Signal(syscall.SIGINT)
	holder.Wait()
	e.ok("--lock-port="+port, "config", "preset", "list")
	e.fails(2, "bad value for --lock-port", "--lock-port=abc", "config", "preset", "list")
}
