package repl

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/runtime/luatest"
	"github.com/asperalm/aslmcli/stdlib/json"
	stdtime "github.com/asperalm/aslmcli/stdlib/time"
)

// a module with a client type, documented like the bindings' modules
const demoMeta = `---@meta demo
error('Cannot require a meta file')

---A demo module.
---@class demo
local demo = {}

---Makes a client.
---@param url string where
---@return demo.client
function demo.new(url) end

---@class demo.client
local client = {}

---Lists a folder.
---@param path string
---@return table[]
function client:browse(path) end

---Deletes.
function client:delete(path) end
`

func demoModule() runtime.Module {
	return runtime.Module{Name: "demo", Doc: "a demo", Meta: demoMeta, Open: func(L *lua.LState) int {
		mt := L.NewTypeMetatable("demo.client")
		methods := L.SetFuncs(L.NewTable(), map[string]lua.LGFunction{
			"browse": func(L *lua.LState) int { L.Push(lua.LString("listed")); return 1 },
			"delete": func(L *lua.LState) int { return 0 },
		})
		methods.RawSetString("not_a_method", lua.LNumber(1))
		L.SetField(mt, "__index", methods)
		L.Push(L.SetFuncs(L.NewTable(), map[string]lua.LGFunction{"new": func(L *lua.LState) int {
			ud := L.NewUserData()
			L.SetMetatable(ud, mt)
			L.Push(ud)
			return 1
		}}))
		return 1
	}}
}

func newState(t *testing.T) *luatest.State {
	s := luatest.New(t, demoModule(), json.Module, stdtime.Module)
	s.Must(`demo = require("demo"); c = demo.new("x"); time = require("time"); json = require("json"); nested = {inner = {deep = 1}, list = {1, 2}}`)
	return s
}

func TestEval(t *testing.T) {
	s := newState(t)
	ctx := context.Background()
	vals, err := Eval(ctx, s.L, "1 + 1")
	if err != nil || len(vals) != 1 || vals[0] != lua.LNumber(2) {
		t.Fatalf("expression: %v %v", vals, err)
	}
	if vals, err := Eval(ctx, s.L, "x = 5"); err != nil || len(vals) != 0 {
		t.Fatalf("statement: %v %v", vals, err)
	}
	if vals, _ := Eval(ctx, s.L, "x, x * 2"); len(vals) != 2 || vals[1] != lua.LNumber(10) {
		t.Fatalf("two values: %v", vals)
	}
	for _, src := range []string{"for i = 1, 3 do", "t = {", "f(1,", "s = [[long", "if x then print(1) else"} {
		if _, err := Eval(ctx, s.L, src); !errors.Is(err, ErrIncomplete) {
			t.Errorf("%q: %v, want incomplete", src, err)
		}
	}
	for _, src := range []string{"x = )", "print('open", "1 +* 2"} {
		if _, err := Eval(ctx, s.L, src); err == nil || errors.Is(err, ErrIncomplete) {
			t.Errorf("%q: %v, want a syntax error", src, err)
		}
	}
	if _, err := Eval(ctx, s.L, "error('boom')"); err == nil || !strings.Contains(err.Error(), "boom") {
		t.Fatalf("runtime error: %v", err)
	}
	// a cancelled evaluation ends at once, and the state goes on
	cctx, cancel := context.WithCancel(ctx)
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	_, err = Eval(cctx, s.L, "time.sleep(30)")
	var re *runtime.Error
	if !errors.As(err, &re) || re.Kind != runtime.KindInterrupted || time.Since(start) > 5*time.Second {
		t.Fatalf("cancel: %v after %s", err, time.Since(start))
	}
	if _, err := Eval(cctx, s.L, "while true do end"); err == nil {
		t.Fatal("a cancelled context must stop a loop")
	}
	if vals, err := Eval(ctx, s.L, "x + 1"); err != nil || vals[0] != lua.LNumber(6) {
		t.Fatalf("after cancel: %v %v", vals, err)
	}
	// a value that keeps the context of the line that made it (a lazy listing) still works
	// on later lines
	s.L.SetGlobal("mkiter", s.L.NewFunction(func(L *lua.LState) int {
		c, n := runtime.Context(L), 0
		L.Push(runtime.NewIterator(L, func() (any, bool, error) {
			if c.Err() != nil {
				return nil, false, c.Err()
			}
			n++
			return n, n <= 2, nil
		}))
		return 1
	}))
	if _, err := Eval(ctx, s.L, "it = mkiter()"); err != nil {
		t.Fatal(err)
	}
	if vals, err := Eval(ctx, s.L, "it(), it(), it()"); err != nil || len(vals) != 3 || vals[1] != lua.LNumber(2) || vals[2] != lua.LNil {
		t.Fatalf("iterator on a later line: %v %v", vals, err)
	}
}

func TestPretty(t *testing.T) {
	s := newState(t)
	got := Pretty(s.L, s.Must(`return {b = 1, a = "x", [3] = true, 1, 2, ["with space"] = {}, ["end"] = json.null}`)[0])
	want := "{\n  1,\n  2,\n  true,\n  a = \"x\",\n  b = 1,\n  [\"end\"] = json.null,\n  [\"with space\"] = {},\n}"
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	if got := Pretty(s.L, s.Must(`local t = {name = "t"}; t.self = t; return t`)[0]); !strings.Contains(got, "self = <cycle>") {
		t.Fatalf("cycle: %s", got)
	}
	if got := Pretty(s.L, s.Must(`return {a = {b = {c = {d = {e = 1}}}}}`)[0]); !strings.Contains(got, "d = {...}") {
		t.Fatalf("depth: %s", got)
	}
	if got := Pretty(s.L, s.Must(`return {1, "two", false}`)[0]); got != `{ 1, "two", false }` {
		t.Fatalf("short list: %s", got)
	}
	for src, want := range map[string]string{`return "a\nb"`: `"a\nb"`, `return nil`: "nil", `return 1.5`: "1.5"} {
		if got := Pretty(s.L, s.Must(src)[0]); got != want {
			t.Errorf("%s: %s", src, got)
		}
	}
	if !IsRecordList(s.Must(`return {{name = "a"}, {name = "b", size = 2}}`)[0]) {
		t.Fatal("records")
	}
	for _, src := range []string{`return {1, 2}`, `return {}`, `return {{1}}`, `return {{a = 1}, x = 2}`, `return "s"`} {
		if IsRecordList(s.Must(src)[0]) {
			t.Errorf("%s is not a record list", src)
		}
	}
}

func TestComplete(t *testing.T) {
	s := newState(t)
	for _, c := range []struct {
		line   string
		want   []string
		prefix string
	}{
		{"de", []string{"debug", "demo"}, "de"},
		{"demo.n", []string{"new"}, "n"},
		{"x = demo.", []string{"new"}, ""},
		{"c:br", []string{"browse"}, "br"},
		{"c:", []string{"browse", "delete"}, ""}, // methods only: not_a_method is a number
		{"c.", []string{"browse", "delete", "not_a_method"}, ""},
		{"print(nested.inner.d", []string{"deep"}, "d"},
		{"nested.", []string{"inner", "list"}, ""},
		{"nosuch.x", nil, "x"},
		{"12", nil, ""},
		{"string.up", []string{"upper"}, "up"},
	} {
		got, prefix := Complete(s.L, c.line, len(c.line))
		if strings.Join(got, ",") != strings.Join(c.want, ",") || prefix != c.prefix {
			t.Errorf("%q: %q %q, want %q %q", c.line, got, prefix, c.want, c.prefix)
		}
	}
	// the word before the cursor, not the end of the line
	if got, _ := Complete(s.L, "demo.n + 1", 6); len(got) != 1 || got[0] != "new" {
		t.Fatalf("cursor: %v", got)
	}
}

func TestHelp(t *testing.T) {
	s := newState(t)
	d := NewDocs([]runtime.Module{demoModule(), json.Module})
	var b bytes.Buffer
	for _, c := range []struct {
		src  string
		want []string
	}{
		{"return demo", []string{"demo\n", "A demo module.", "demo.new(url)  Makes a client.", "demo.client\n", "client:browse(path)  Lists a folder."}},
		{"return demo.new", []string{"demo.new(url)\n", "Makes a client.", "param  url string where", "return demo.client"}},
		{"return c", []string{"demo.client\n", "client:delete(path)"}},
		{"return c.browse", []string{"demo.client:browse(path)", "Lists a folder."}},
		{`return "demo.client:delete"`, []string{"Deletes."}},
	} {
		b.Reset()
		if !d.Help(s.L, &b, s.Must(c.src)[0]) {
			t.Errorf("%s: no help", c.src)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(b.String(), w) {
				t.Errorf("%s: lacks %q:\n%s", c.src, w, b.String())
			}
		}
	}
	if d.Help(s.L, &b, s.Must("return print")[0]) {
		t.Error("print has no documentation here")
	}
	b.Reset()
	d.WriteModules(&b)
	if !strings.Contains(b.String(), "demo") || !strings.Contains(b.String(), "a demo") || !strings.Contains(b.String(), "json") {
		t.Fatalf("modules: %s", b.String())
	}
}

// lines is a Reader that returns scripted lines and errors.
type lines struct {
	items   []any // string or error
	prompts []string
}

func (l *lines) Readline() (string, error) {
	if len(l.items) == 0 {
		return "", io.EOF
	}
	it := l.items[0]
	l.items = l.items[1:]
	if err, ok := it.(error); ok {
		return "", err
	}
	return it.(string), nil
}
func (l *lines) SetPrompt(p string) { l.prompts = append(l.prompts, p) }
func (l *lines) Close() error       { return nil }

func TestRunSession(t *testing.T) {
	s := newState(t)
	rd := &lines{items: []any{"1+1", "for i=1,2 do", "print(i)", "end", ErrInterrupt, "error('x')", "=fmt json", "{a=1}", "=fmt nope", "=fmt", "help(demo.new)"}}
	var out, errb bytes.Buffer
	var shown []string
	err := Run(context.Background(), Config{L: s.L, Reader: rd, Out: &out, Err: &errb, Terminal: true,
		Docs: NewDocs([]runtime.Module{demoModule()}),
		Show: func(L *lua.LState, v lua.LValue, format string) error {
			shown = append(shown, format+":"+Pretty(L, v))
			return nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Out.String(); got != "1\n2\n" { // print goes through the engine's streams
		t.Fatalf("printed %q", got)
	}
	if !strings.HasPrefix(out.String(), "2\n") || !strings.Contains(out.String(), "json\n") || !strings.Contains(out.String(), "demo.new(url)") {
		t.Fatalf("out %q", out.String())
	}
	if len(shown) != 1 || shown[0] != "json:{\n  a = 1,\n}" {
		t.Fatalf("shown %q", shown)
	}
	if e := errb.String(); !strings.Contains(e, "Ctrl-D") || !strings.Contains(e, "ERROR: lua: =stdin:1: x\n") || !strings.Contains(e, "=fmt nope") {
		t.Fatalf("err %q", e)
	}
	if strings.Join(rd.prompts[:4], "|") != "> |> |>> |>> " {
		t.Fatalf("prompts %q", rd.prompts)
	}
}
