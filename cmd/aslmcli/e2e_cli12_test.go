package main

// End-to-end tests of the command-line contract of issue 12: presets as the original manual
// chooses them, arguments checked before any work, and the defects a new user hit.

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/asperalm/aslmcli/internal/sshtest"
)

// showConfig runs a node command with --show-config and returns the merged options.
func (e *env) showConfig(args ...string) map[string]any {
	e.t.Helper()
	out := e.ok(append([]string{"node", "info", "--show-config", "--format=json"}, args...)...)
	return decodeJSON(e.t, out).(map[string]any)
}

// TestPresetAlgorithm: the global preset first, then the plugin preset chosen as the manual
// says: -P NAME instead of the default one (a name that does not exist: none), else none with
// -N, else the plugin's default preset; environment and command line above.
func TestPresetAlgorithm(t *testing.T) {
	e := newEnv(t)
	e.ok("config", "preset", "set", "GLOBAL", "http_proxy", "http://global.example:1")
	e.ok("config", "preset", "update", "dflt", "--url=http://default.example", "--username=default_user")
	e.ok("config", "preset", "set", "default", "node", "dflt")
	e.ok("config", "preset", "update", "other", "--url=http://other.example")

	c := e.showConfig()
	if c["url"] != "http://default.example" || c["username"] != "default_user" || c["http_proxy"] != "http://global.example:1" {
		t.Fatalf("default preset: %v", c)
	}
	// -P replaces the default preset: its username does not leak in
	for _, p := range [][]string{{"-Pother"}, {"-P", "other"}, {"--load-params=other"}, {"--preset", "other"}} {
		c = e.showConfig(p...)
		if c["url"] != "http://other.example" || c["username"] != nil || c["http_proxy"] != "http://global.example:1" {
			t.Fatalf("%v: %v", p, c)
		}
	}
	// -Pnone (a name that does not exist) loads no plugin preset, and says so at info level
	c = e.showConfig("-Pnone")
	if c["url"] != nil || c["username"] != nil || c["http_proxy"] != "http://global.example:1" {
		t.Fatalf("-Pnone: %v", c)
	}
	r := e.run("node", "info", "--show-config", "-Pnone", "--log-level=info")
	if r.code != 0 || !strings.Contains(r.err, "level=INFO") || !strings.Contains(r.err, "preset=none") {
		t.Fatalf("-Pnone at info level: %v", r)
	}
	if r := e.run("node", "info", "--show-config", "-Pnone"); r.code != 0 || r.err != "" {
		t.Fatalf("-Pnone at the default level: %v", r)
	}
	// -N: no default preset, global or plugin; -P still applies
	c = e.showConfig("-N")
	if c["url"] != nil || c["http_proxy"] != nil {
		t.Fatalf("-N: %v", c)
	}
	c = e.showConfig("-N", "-Pother")
	if c["url"] != "http://other.example" || c["http_proxy"] != nil {
		t.Fatalf("-N -Pother: %v", c)
	}
	// the environment beats the preset, the command line beats both
	e.setenv("ASLMCLI_URL=http://env.example")
	if c = e.showConfig("-Pother"); c["url"] != "http://env.example" {
		t.Fatalf("environment: %v", c)
	}
	if c = e.showConfig("-Pother", "--url=http://cmd.example"); c["url"] != "http://cmd.example" {
		t.Fatalf("command line: %v", c)
	}
}

// TestPresetKeysAreOptionNames: a preset key is an option name like on the command line, an
// alias included (the manual's transfer_node is --transfer-info); a key that no option of the
// command has gets a warning naming it.
func TestPresetKeysAreOptionNames(t *testing.T) {
	e := newEnv(t)
	url, _ := startSimulator(t, e, "--root="+e.dir, "--username=nu", "--password=np")
	e.ok("config", "preset", "update", "deadnode", "--url=http://127.0.0.1:1", "--username=x", "--password=y")
	// the manual's scenario: the files from one node, the transfer by another (here one that
	// does not answer: the job is posted there)
	e.ok("config", "preset", "initialize", "tn", `@json:{"url":"`+url+`","username":"nu","password":"np","transfer_node":"@preset:deadnode"}`)
	local := e.write("local.bin", "data")
	r := e.fails(1, "POST http://127.0.0.1:1/ops/transfers", "node", "upload", local, "--to-folder=/", "-Ptn", "--transfer=node")
	if strings.Contains(r.err, "unknown option") {
		t.Fatalf("an alias taken for an unknown key: %v", r)
	}
	c := e.showConfig("-Ptn")
	if ti, _ := c["transfer_info"].(map[string]any); ti["url"] != "http://127.0.0.1:1" {
		t.Fatalf("transfer_node of the preset is not --transfer-info: %v", c)
	}
	// the environment spells it the same way
	e.setenv("ASLMCLI_TRANSFER_NODE=@json:{\"url\":\"http://env.example\"}")
	if c = e.showConfig("-N"); c["transfer_info"].(map[string]any)["url"] != "http://env.example" {
		t.Fatalf("environment alias: %v", c)
	}
	e.vars = e.vars[:len(e.vars)-1]
	// an unknown key: one warning naming it and the preset
	e.ok("config", "preset", "set", "tn", "urll", "http://typo.example")
	r = e.run("node", "info", "-Ptn")
	if r.code != 0 || strings.Count(r.err, "level=WARN") != 1 || !strings.Contains(r.err, "option=urll") || !strings.Contains(r.err, `from="preset tn"`) {
		t.Fatalf("unknown preset key: %v", r)
	}
	// a command that takes any option (config preset update) does not warn
	if r := e.run("config", "preset", "update", "x", "--zz=1", "-Ptn"); r.code != 0 || r.err != "" {
		t.Fatalf("any options: %v", r)
	}
}

// TestHelpWordAndLogLevels: `aslmcli help [PLUGIN [COMMAND]]` is -h; --log-level takes the
// manual's fatal and unknown.
func TestHelpWordAndLogLevels(t *testing.T) {
	e := newEnv(t)
	for _, tc := range [][2][]string{
		{{"help"}, {"-h"}},
		{{"help", "node"}, {"node", "-h"}},
		{{"help", "node", "access_key", "delete"}, {"node", "access_key", "delete", "--help"}},
		{{"--format=json", "help", "config"}, {"config", "-h"}},
	} {
		got, want := e.ok(tc[0]...), e.ok(tc[1]...)
		if got != want || !strings.Contains(got, "Usage:") {
			t.Errorf("%v printed\n%s\nnot as %v:\n%s", tc[0], got, tc[1], want)
		}
	}
	e.fails(2, `unknown command "nosuch"`, "help", "node", "nosuch")
	for _, level := range []string{"fatal", "unknown", "fat"} {
		// the global preset holds a key no option has: a warning, silenced by these levels
		e.ok("config", "preset", "set", "GLOBAL", "no_such_option", "x")
		if r := e.run("config", "preset", "list", "--log-level="+level); r.code != 0 || r.err != "" {
			t.Fatalf("--log-level=%s: %v", level, r)
		}
	}
	if r := e.run("config", "preset", "list", "--log-level=error"); r.code != 0 || r.err != "" {
		t.Fatalf("--log-level=error: %v", r)
	}
	if r := e.run("config", "preset", "list"); r.code != 0 || !strings.Contains(r.err, "option=no_such_option") {
		t.Fatalf("warn: %v", r)
	}
	if h := e.ok("-h"); !strings.Contains(h, "fatal, unknown") {
		t.Fatalf("the help lacks the levels:\n%s", h)
	}
}

// TestArgumentsCheckedBeforeWork: a command with an extra or missing argument is a usage
// error (exit 2) before its first request: nothing is deleted, created or renamed.
func TestArgumentsCheckedBeforeWork(t *testing.T) {
	e := newEnv(t)
	root := filepath.Join(e.dir, "served")
	if err := os.MkdirAll(filepath.Join(root, "in", "a"), 0o755); err != nil {
		t.Fatal(err)
	}
	url, _ := startSimulator(t, e, "--root="+root)
	e.ok("config", "preset", "update", "sim", "--url="+url, "--username=node_user", "--password=node_pass")
	e.ok("config", "preset", "set", "default", "node", "sim")
	e.ok("node", "access_key", "create", `@json:{"id":"ak3","secret":"s3","storage":{"type":"local","path":"/in"}}`)
	keys := func() string { return e.ok("node", "access_key", "list", "--format=csv", "--fields=id") }
	// -r shows every request: there must be none
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{"node", "access_key", "delete", "ak3", "extra"}, `unexpected argument "extra"`},
		{[]string{"node", "mkfile", "/in/f.txt", "contents", "extra"}, `unexpected argument "extra"`},
		{[]string{"node", "rename", "/in", "a", "b", "extra"}, `unexpected argument "extra"`},
		{[]string{"node", "rename", "/in", "a"}, "missing argument DESTINATION"},
		{[]string{"node", "delete"}, "missing argument PATH"},
		{[]string{"node", "mkfile", "/in/g.txt", "@json:{bad"}, "bad value for argument CONTENTS"},
		{[]string{"node", "access_key", "do", "ak3", "delete", "/a", "extra", "--secret=s3"}, `unexpected argument "extra"`},
		{[]string{"node", "access_key", "do", "ak3", "frobnicate", "/a", "--secret=s3"}, `unknown command "frobnicate"`},
		{[]string{"node", "info", "extra"}, `unexpected argument "extra"`},
		// files as arguments and --sources too: the script refuses it before the transfer
		{[]string{"node", "upload", "a.bin", "--sources=@ts", `--ts=@json:{"paths":[{"source":"b.bin"}]}`}, "unexpected argument a.bin: --sources gives the files"},
	} {
		r := e.fails(2, tc.msg, append(tc.args, "-r")...)
		if strings.Contains(r.err, "> ") || strings.Contains(r.out, "deleted") {
			t.Fatalf("%v: work was done before the check: %v", tc.args, r)
		}
		if !strings.HasPrefix(tc.msg, "bad value") && !strings.Contains(tc.msg, "--sources") && !strings.Contains(r.err, "HINT: usage: aslmcli node ") {
			t.Fatalf("%v: no usage in the hint: %v", tc.args, r)
		}
	}
	if got := keys(); got != "ak3\n" {
		t.Fatalf("the access key was deleted: %q", got)
	}
	for _, p := range []string{"in/f.txt", "in/g.txt", "in/b"} {
		if _, err := os.Stat(filepath.Join(root, p)); !os.IsNotExist(err) {
			t.Fatalf("%s was created: %v", p, err)
		}
	}
	if _, err := os.Stat(filepath.Join(root, "in", "a")); err != nil {
		t.Fatalf("a was renamed: %v", err)
	}
	// the same commands with the right arguments work
	e.ok("node", "access_key", "delete", "ak3")
	e.ok("node", "rename", "/in", "a", "b")
	if keys() != "" {
		t.Fatal("the access key was not deleted")
	}
	// server mv on this machine (local://) and on the test sshd
	src := e.write("srv/A", "a")
	dst := filepath.Join(e.dir, "srv", "B")
	e.fails(2, `unexpected argument "extra"`, "server", "mv", src, dst, "extra", "--url=local://")
	srv := sshtest.Start(t)
	e.fails(2, `unexpected argument "extra"`, append([]string{"server", "mv", src, dst, "extra"}, serverArgs(srv)...)...)
	if _, err := os.Stat(src); err != nil {
		t.Fatalf("A was moved: %v", err)
	}
	if _, err := os.Stat(dst); !os.IsNotExist(err) {
		t.Fatalf("B exists: %v", err)
	}
	e.ok(append([]string{"server", "mv", src, dst}, serverArgs(srv)...)...)
	if _, err := os.Stat(dst); err != nil {
		t.Fatalf("mv: %v", err)
	}
}

// TestUsageOfUserPlugins: the usage of a user plugin's command is checked the same way; one
// the check cannot read is a plugin error naming the command; no usage means no argument.
func TestUsageOfUserPlugins(t *testing.T) {
	e := newEnv(t)
	e.helloPlugin()
	e.ok("hello", "world", "Ada")
	e.fails(2, `unexpected argument "Bob"`, "hello", "world", "Ada", "Bob")
	mark := `return { help = "marks", commands = {
		touch = { usage = "FILE", run = function(cli) require("fs").write(cli:next_arg("file"), "x") end },
		bare = { run = function(cli) require("fs").write("bare.txt", "x") end } } }`
	e.plugin("mark", mark)
	e.fails(2, `unexpected argument "two"`, "mark", "touch", "one", "two")
	e.fails(2, `unexpected argument "x"`, "mark", "bare", "x")
	for _, f := range []string{"one", "bare.txt"} {
		if _, err := os.Stat(filepath.Join(e.dir, f)); !os.IsNotExist(err) {
			t.Fatalf("%s written", f)
		}
	}
	e.ok("mark", "touch", "one")
	e.plugin("mark", strings.Replace(mark, `bare = {`, `bad = { usage = "[FILE", run = function(cli) end }, bare = {`, 1))
	e.fails(1, `command mark bad: usage "[FILE": missing "]"`, "mark", "touch", "two")
}

// TestSSHPasswordRefused: a wrong password on a server that offers keyboard-interactive (and
// refuses it at once) reads as a refused login.
func TestSSHPasswordRefused(t *testing.T) {
	srv := sshtest.StartWith(t, sshtest.Options{KbdInteractive: true})
	e := newEnv(t)
	r := e.fails(1, "ERROR: ssh: authentication failed for "+srv.User+"@"+srv.Addr+" (methods tried: password, keyboard-interactive)",
		"server", "browse", "/", "--url=ssh://"+srv.Addr, "--username="+srv.User, "--password=wrong-pw")
	if strings.Contains(r.err, "message type") || strings.Contains(r.err, "wrong-pw") {
		t.Fatalf("%v", r)
	}
}

// TestConcurrentConfigWrites: twenty processes set a preset each at the same time; none is lost.
func TestConcurrentConfigWrites(t *testing.T) {
	e := newEnv(t)
	e.ok("config", "preset", "set", "start", "k", "v")
	const n = 20
	var wg sync.WaitGroup
	results := make([]result, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = e.run("config", "preset", "set", fmt.Sprintf("par%d", i), "k", fmt.Sprint(i))
		}()
	}
	wg.Wait()
	for i, r := range results {
		if r.code != 0 {
			t.Fatalf("writer %d: %v", i, r)
		}
	}
	list := e.ok("config", "preset", "list", "--format=json")
	for i := 0; i < n; i++ {
		if !strings.Contains(list, fmt.Sprintf(`"par%d"`, i)) {
			t.Errorf("par%d lost: %s", i, list)
		}
	}
}

// TestPresetGetHidesSecrets: `config preset get` hides a secret like every other output.
func TestPresetGetHidesSecrets(t *testing.T) {
	e := newEnv(t)
	e.ok("config", "preset", "update", "demo", "--url=https://x", "--password=s3cr3t-pw")
	for _, f := range []string{"table", "json", "yaml", "csv"} {
		if out := e.ok("config", "preset", "get", "demo", "password", "--format="+f); strings.Contains(out, "s3cr3t") || !strings.Contains(out, "***") {
			t.Errorf("--format=%s: %q", f, out)
		}
	}
	if out := e.ok("config", "id", "demo", "get", "password"); out != "***\n" {
		t.Errorf("config id get: %q", out)
	}
	if out := e.ok("config", "preset", "get", "demo", "password", "--show-secrets=yes"); out != "s3cr3t-pw\n" {
		t.Errorf("--show-secrets: %q", out)
	}
	if out := e.ok("config", "preset", "get", "demo", "url"); out != "https://x\n" {
		t.Errorf("url: %q", out)
	}
}

// TestBrokenConfig: with a configuration file that does not parse, `config open` and
// `config show --raw` work (the hint says so), the rest fails, and the file is left alone.
func TestBrokenConfig(t *testing.T) {
	e := newEnv(t)
	broken := "demo:\n  url: [unclosed\n"
	if err := os.MkdirAll(e.home, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(e.configFile(), []byte(broken), 0o600); err != nil {
		t.Fatal(err)
	}
	r := e.fails(1, "ERROR: config: "+e.configFile()+": line ", "node", "info")
	if !strings.Contains(r.err, "HINT: fix the file (aslmcli config open;") {
		t.Fatalf("hint: %v", r)
	}
	if out := e.ok("config", "open"); out != e.configFile()+"\n" {
		t.Fatalf("config open: %q", out)
	}
	e.setenv("EDITOR=true") // an editor that changes nothing: the file still does not parse
	e.ok("config", "open")
	if out := e.ok("config", "show", "--raw"); out != broken {
		t.Fatalf("config show --raw: %q", out)
	}
	e.fails(1, "ERROR: config: ", "config", "show")
	e.fails(1, "ERROR: config: ", "config", "preset", "set", "demo", "url", "x")
	if got := e.read(e.configFile()); got != broken {
		t.Fatalf("the file changed: %q", got)
	}
	// help still works
	e.ok("node", "-h")
	// once fixed, show --raw prints the file as it is
	os.WriteFile(e.configFile(), []byte("# mine\ndemo:\n  url: u\n"), 0o600)
	if out := e.ok("config", "show", "--raw"); out != "# mine\ndemo:\n  url: u\n" {
		t.Fatalf("raw: %q", out)
	}
}

// TestScriptErrorsReadLikeOthers: an ordinary failure of a built-in command has its kind and
// no script position; --log-level=debug shows the position.
func TestScriptErrorsReadLikeOthers(t *testing.T) {
	e := newEnv(t)
	url, _ := startSimulator(t, e, "--root="+e.dir)
	auth := []string{"--url=" + url, "--username=node_user", "--password=node_pass"}
	r := e.fails(1, "ERROR: http: 404 Not Found: /nonexist: no such file or directory", append([]string{"node", "delete", "/nonexist"}, auth...)...)
	if strings.Contains(r.err, "(at ") {
		t.Fatalf("position shown: %v", r)
	}
	r = e.fails(1, "(at builtin:lib/aslmcli/node_files.lua:", append([]string{"node", "delete", "/nonexist", "--log-level=debug"}, auth...)...)
	// a user's script keeps the position of an operational failure
	script := e.write("mine.lua", "local fs = require('fs')\nfs.read('/nonexistent-aslm')\n")
	e.fails(1, "(at "+script+":2)", "run", script)
}

// TestGenkeyRejectsBadSize: a bad key size is a usage error and writes nothing.
func TestGenkeyRejectsBadSize(t *testing.T) {
	e := newEnv(t)
	key := filepath.Join(e.dir, "k.pem")
	for _, bits := range []string{"abc", "0", "-1", "2048.5", "100"} {
		e.fails(2, "", "config", "genkey", key, bits)
		if _, err := os.Stat(key); !os.IsNotExist(err) {
			t.Fatalf("genkey %s wrote the key", bits)
		}
	}
	if out := e.ok("config", "genkey", key, "2048"); !strings.Contains(out, "PUBLIC KEY") {
		t.Fatalf("genkey: %q", out)
	}
}

// TestUnknownOptionWithoutPlugin: an unknown option alone is named as such.
func TestUnknownOptionWithoutPlugin(t *testing.T) {
	e := newEnv(t)
	e.fails(2, "unknown option --nosuch", "--nosuch")
	e.fails(2, "unknown option -Z", "-Z")
	e.fails(2, "missing plugin name", "--format=json")
}

// TestGlobalOptionsAfterRun: options after `run -e CODE` or `run FILE` are global options;
// the script's own arguments that start with a dash go after --.
func TestGlobalOptionsAfterRun(t *testing.T) {
	e := newEnv(t)
	port := freePort(t)
	holder := exec.Command(binary, "run", "-e", "io.stdout:write('locked\\n') require('time').sleep(30)", "--lock-port", port)
	holder.Env, holder.Dir = e.vars, e.dir
	stdout, _ := holder.StdoutPipe()
	if err := holder.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { holder.Process.Kill(); holder.Wait() }()
	if line, _ := bufio.NewReader(stdout).ReadString('\n'); line != "locked\n" {
		t.Fatalf("holder: %q", line)
	}
	e.fails(1, "another instance holds the lock on port "+port, "run", "-e", "print('ran')", "--lock-port="+port)
	script := e.write("args.lua", "print(table.concat(arg, ' '))")
	e.fails(1, "another instance holds the lock on port "+port, "run", script, "a", "--lock-port="+port)
	if out := e.ok("run", script, "a", "--format=json", "--", "-v", "--lock-port=1"); out != "a -v --lock-port=1\n" {
		t.Fatalf("script arguments: %q", out)
	}
	// they are given as written, never decoded
	if out := e.ok("run", script, "@json:{bad", "@env:NOSUCHVAR_ASLM", "@stdin:"); out != "@json:{bad @env:NOSUCHVAR_ASLM @stdin:\n" {
		t.Fatalf("script arguments decoded: %q", out)
	}
	r := e.fails(2, "unknown option --verbose", "run", script, "--verbose")
	if !strings.Contains(r.err, "HINT:") {
		t.Fatalf("no hint: %v", r)
	}
}

// TestSmallDefects: the password hint shows the option, --insecure warns only where there is
// a certificate, local:// errors are io errors, Lua syntax errors say where.
func TestSmallDefects(t *testing.T) {
	e := newEnv(t)
	r := e.fails(2, "missing mandatory option --password", "node", "info", "--url=http://127.0.0.1:1", "--username=u")
	if !strings.Contains(r.err, "HINT: set it with --password=VALUE, the environment variable ASLMCLI_PASSWORD") {
		t.Fatalf("hint: %v", r)
	}
	url, _ := startSimulator(t, e, "--root="+e.dir)
	if r := e.run("node", "info", "--url="+url, "--username=node_user", "--password=node_pass", "--insecure=yes"); r.code != 0 || r.err != "" {
		t.Fatalf("--insecure=yes on http://: %v", r)
	}
	e.fails(1, "ERROR: io: delete /nonexistent-aslm: ", "server", "delete", "/nonexistent-aslm", "--url=local://")
	bad := e.write("bad.lua", "local x = 1\nif x then\n  print(x)\n")
	e.fails(1, "ERROR: lua: "+bad+":3: syntax error at EOF", "run", bad)
	e.plugin("broken", "return {\n  help = 'x',\n  commands = {\n")
	e.fails(1, "broken.lua:3: syntax error at EOF", "broken")
}

// TestUnknownCommandWithHelp: an unknown command is a usage error with or without -h.
func TestUnknownCommandWithHelp(t *testing.T) {
	e := newEnv(t)
	for _, args := range [][]string{{"node", "nosuch", "-h"}, {"node", "nosuch"}, {"config", "preset", "nosuch", "--help"}} {
		r := e.fails(2, `unknown command "nosuch"`, args...)
		if r.out != "" {
			t.Fatalf("%v printed %q", args, r.out)
		}
	}
	if out := e.ok("node", "browse", "-h"); !strings.Contains(out, "aslmcli node browse PATH") {
		t.Fatalf("help of a command: %s", out)
	}
}
