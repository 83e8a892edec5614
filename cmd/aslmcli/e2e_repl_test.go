package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// expectAfter waits until the screen shows s after position from (what was shown before
// does not count); it returns the position after s.
func (tm *term) expectAfter(from int, s string) int {
	tm.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		scr := tm.screen()
		if from <= len(scr) {
			if i := strings.Index(scr[from:], s); i >= 0 {
				return from + i + len(s)
			}
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("screen never showed %q after %d:\n%s", s, from, scr[min(from, len(scr)):])
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestREPLOnTerminal drives `aslmcli repl` on a pseudo-terminal: evaluation, continuation,
// TAB completion of module fields and client methods, Ctrl-C during a slow call, Ctrl-C on an
// empty line, Ctrl-D, and the private history file.
func TestREPLOnTerminal(t *testing.T) {
	e := newEnv(t)
	slowHit := make(chan struct{}, 1)
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		slowHit <- struct{}{}
		<-r.Context().Done() // never answers: only the client's cancellation ends it
	}))
	t.Cleanup(slow.Close)
	tm := e.onTerminal("repl")
	at := tm.expectAfter(0, "> ")
	tm.typ("1+1\r")
	at = tm.expectAfter(at, "\n2\r\n")
	// an unfinished chunk continues with the >> prompt
	tm.typ("for i = 1, 2 do\r")
	at = tm.expectAfter(at, ">> ")
	tm.typ("print(i * 10)\r")
	tm.typ("end\r")
	at = tm.expectAfter(at, "10\r\n20\r\n")
	// TAB completes a module field: aspera.no -> aspera.node
	tm.typ("aspera.no\t")
	at = tm.expectAfter(at, "aspera.node")
	tm.typ(".new == nil\r")
	at = tm.expectAfter(at, "false")
	// TAB completes a method of a client (userdata): n:br -> n:browse
	tm.typ(`n = aspera.node.new{url = "https://node.invalid:9092", username = "u", password = "p"}` + "\r")
	at = tm.expectAfter(at, "> ")
	tm.typ("n:br\t")
	at = tm.expectAfter(at, "n:browse")
	tm.typ("\x03") // Ctrl-C drops the line
	at = tm.expectAfter(at, "> ")
	// Ctrl-C during a slow call cancels it and the session goes on
	tm.typ("time.sleep(30)\r")
	time.Sleep(300 * time.Millisecond)
	start := time.Now()
	tm.typ("\x03")
	at = tm.expectAfter(at, "ERROR: interrupted")
	if d := time.Since(start); d > 3*time.Second {
		t.Fatalf("Ctrl-C took %s", d)
	}
	tm.typ("1+2\r")
	at = tm.expectAfter(at, "\n3\r\n")
	// Ctrl-C during an HTTP request that never answers cancels it
	tm.typ(`api = aspera.rest.new{url = "` + slow.URL + `"}` + "\r")
	at = tm.expectAfter(at, "> ")
	tm.typ(`api:get("hang")` + "\r")
	<-slowHit
	tm.typ("\x03")
	at = tm.expectAfter(at, "ERROR: interrupted")
	// Ctrl-R searches the history
	tm.typ("\x12" + "1+")
	at = tm.expectAfter(at, "bck-i-search: 1+")
	tm.typ("\r\r")
	at = tm.expectAfter(at, "\n3\r\n")
	// an error is one line, the session goes on
	tm.typ(`error("boom")` + "\r")
	at = tm.expectAfter(at, "ERROR: lua: =stdin:1: boom")
	// help
	tm.typ("help(aspera.server)\r")
	at = tm.expectAfter(at, "client:upload(files, opts)")
	// Ctrl-C on an empty line says how to leave; Ctrl-D leaves
	tm.typ("\x03")
	at = tm.expectAfter(at, "Ctrl-D")
	tm.typ("\x04")
	if code, screen := tm.wait(); code != 0 {
		t.Fatalf("exit %d:\n%s", code, screen)
	}
	hist := filepath.Join(e.home, "repl_history")
	fi, err := os.Stat(hist)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("history file: %v %v", fi, err)
	}
	if h := e.read(hist); !strings.Contains(h, "1+1\n") || !strings.Contains(h, "time.sleep(30)") {
		t.Fatalf("history: %q", h)
	}
	_ = at
}

// TestREPLPipe: without a terminal, statements come from stdin without prompts; the first
// error ends the session with exit 1 and one line.
func TestREPLPipe(t *testing.T) {
	e := newEnv(t)
	r := e.runIn("x = 20\nx + 22\nfor i = 1, 2 do\n  print('i=' .. i)\nend\n{a = 1, b = {true, 'two'}}\n=fmt json\n{{name = 'f', size = 3}}\n=fmt lua\n{{name = 'f', size = 3}}\n", "repl")
	want := "42\ni=1\ni=2\n{\n  a = 1,\n  b = { true, \"two\" },\n}\n[{\"name\":\"f\",\"size\":3}]\nname  size\nf     3\n"
	if r.code != 0 || r.out != want || r.err != "" {
		t.Fatalf("got %v\nwant stdout %q", r, want)
	}
	r = e.runIn("print('a')\nerror('stop here')\nprint('b')\n", "repl")
	if r.code != 1 || r.out != "a\n" || r.err != "ERROR: lua: =stdin:1: stop here\n" {
		t.Fatalf("error: %v", r)
	}
	// modules: aspera.* under aspera, the others as globals; help
	r = e.runIn("type(aspera.node.new), type(aspera.transfer.start), type(json.encode), type(aspera.connect)\nhelp()\n", "repl")
	if r.code != 0 || !strings.HasPrefix(r.out, `"function"`) || !strings.Contains(r.out, "aspera.server") || !strings.Contains(r.out, "aspera.node") {
		t.Fatalf("modules: %v", r)
	}
	r = e.runIn("for i=1,2 do\n", "repl")
	if r.code != 1 || !strings.Contains(r.err, "unfinished chunk") {
		t.Fatalf("unfinished: %v", r)
	}
	r = e.runIn("os.exit(3)\n", "repl")
	if r.code != 3 {
		t.Fatalf("os.exit: %v", r)
	}
}

// TestREPLConnect: aspera.connect("preset") gives a client of the preset's plugin.
func TestREPLConnect(t *testing.T) {
	e := newEnv(t)
	url, _ := startSimulator(t, e, "--root="+t.TempDir())
	e.ok("config", "preset", "set", "mynode", "url", url)
	e.ok("config", "preset", "set", "mynode", "username", "node_user")
	e.ok("config", "preset", "set", "mynode", "password", "node_pass")
	e.ok("config", "preset", "set", "srv", "url", "local://")
	e.ok("config", "preset", "set", "default", "node", "mynode")
	r := e.runIn(`aspera.connect("mynode"):info().version ~= nil
tostring(aspera.connect("node")):match("^aspera.node") ~= nil
aspera.connect("srv"):access()
`, "repl")
	if r.code != 0 || r.out != "true\ntrue\n\"local\"\n" {
		t.Fatalf("connect: %v", r)
	}
	r = e.runIn(`aspera.connect("nope")`+"\n", "repl")
	if r.code != 1 || !strings.Contains(r.err, "no preset nope") {
		t.Fatalf("unknown preset: %v", r)
	}
}

// TestLuaDefs: config lua_defs writes every module's definition file, the text help(x) reads.
func TestLuaDefs(t *testing.T) {
	e := newEnv(t)
	dir := filepath.Join(e.dir, "defs")
	out := e.ok("config", "lua_defs", dir, "--format=csv")
	if !strings.Contains(out, filepath.Join(dir, "aspera.server.d.lua")) || !strings.Contains(out, filepath.Join(dir, "json.d.lua")) {
		t.Fatalf("files: %s", out)
	}
	def := e.read(filepath.Join(dir, "aspera.node.d.lua"))
	if !strings.HasPrefix(def, "---@meta aspera.node") || !strings.Contains(def, "function node.new(opts) end") {
		t.Fatalf("definition: %.200s", def)
	}
	// help(x) shows the same text
	r := e.runIn("help(aspera.node.new)\n", "repl")
	if r.code != 0 || !strings.Contains(r.out, "aspera.node.new(opts)") || !strings.Contains(def, "---Creates a client.") || !strings.Contains(r.out, "Creates a client.") {
		t.Fatalf("help: %v", r)
	}
	// default folder: HOME/lua_defs
	e.ok("config", "lua_defs")
	if _, err := os.Stat(filepath.Join(e.home, "lua_defs", "aspera.transfer.d.lua")); err != nil {
		t.Fatal(err)
	}
}

// TestREPLNodeListing: API results from a live node print as tables, lazy listings too.
func TestREPLNodeListing(t *testing.T) {
	e := newEnv(t)
	root := t.TempDir()
	os.WriteFile(filepath.Join(root, "a.txt"), []byte("alpha"), 0o644)
	os.Mkdir(filepath.Join(root, "sub"), 0o755)
	url, _ := startSimulator(t, e, "--root="+root)
	r := e.runIn(`n = aspera.node.new{url = "`+url+`", username = "node_user", password = "node_pass"}
n:each_file("/")
=fmt csv
n:each_file("/", {max = 1})
`, "repl")
	if r.code != 0 || !strings.Contains(r.out, "a.txt") || !strings.Contains(r.out, "sub") || !strings.Contains(r.out, "basename") {
		t.Fatalf("listing: %v", r)
	}
	csv := 0
	for _, l := range lines(r.out) {
		if strings.Contains(l, ",") {
			csv++
		}
	}
	if csv != 1 || !strings.HasPrefix(lines(r.out)[len(lines(r.out))-1], "a.txt,") {
		t.Fatalf("max = 1 as csv: %q", r.out)
	}
}
