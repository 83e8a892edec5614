package runtime_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/runtime"
)

func TestOSExit(t *testing.T) {
	tests := []struct {
		name string
		src  string
		code int
	}{
		{"number", `os.exit(3)`, 3},
		{"no argument", `os.exit()`, 0},
		{"zero", `os.exit(0)`, 0},
		{"true", `os.exit(true)`, 0},
		{"false", `os.exit(false)`, 1},
		{"inside pcall", `pcall(os.exit, 4); print("after")`, 4},
		{"inside a pcall'd function", `local ok = pcall(function() os.exit(5) end); print("after", ok)`, 5},
		{"nested pcall", `pcall(function() pcall(os.exit, 6); print("inner") end); print("outer")`, 6},
		{"xpcall", `xpcall(function() os.exit(9) end, function(e) print("handler", e) return e end); print("after")`, 9},
		{"coroutine.resume", `local co = coroutine.create(function() os.exit(7) end); coroutine.resume(co); print("after")`, 7},
		{"coroutine.wrap", `coroutine.wrap(function() os.exit(8) end)(); print("after")`, 8},
		{"in a function called later", `local function f() os.exit(11) end; f(); print("after")`, 11},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			L, out, _ := newIOState(t, "")
			_, err := runLua(t, L, "exit.lua", tc.src)
			var exit *runtime.ExitError
			if !errors.As(err, &exit) {
				t.Fatalf("err = %#v, want *runtime.ExitError", err)
			}
			if exit.Code != tc.code {
				t.Fatalf("exit code %d, want %d", exit.Code, tc.code)
			}
			if out.String() != "" {
				t.Fatalf("the script went on after os.exit: stdout %q", out)
			}
			if got := exit.Error(); got != fmt.Sprintf("exit status %d", tc.code) {
				t.Fatalf("Error() = %q", got)
			}
		})
	}
}

// signalWriter closes started on its first write.
type signalWriter struct {
	once    sync.Once
	started chan struct{}
}

func (w *signalWriter) Write(p []byte) (int, error) {
	w.once.Do(func() { close(w.started) })
	return len(p), nil
}

func TestCancellationStopsTheScript(t *testing.T) {
	tests := []struct{ name, src string }{
		{"busy loop", `print("started") while true do end`},
		{"busy loop in pcall, in a loop", `print("started") while true do pcall(function() while true do end end) end`},
		{"pcall then loop", `print("started") local ok, e = pcall(function() while true do end end) while true do end`},
		{"blocked on io.read", `print("started") return io.read()`},
		{"blocked on io.read in pcall", `print("started") local ok = pcall(io.read) while true do end`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pr, pw := io.Pipe() // stdin that never delivers
			t.Cleanup(func() { pw.Close() })
			w := &signalWriter{started: make(chan struct{})}
			e := &runtime.Engine{IO: &runtime.IO{In: pr, Out: w, Err: io.Discard}}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			L := e.NewState(ctx)
			proto, err := runtime.Compile("loop.lua", []byte(tc.src))
			if err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() {
				_, err := runtime.RunProto(L, proto)
				done <- err
			}()
			select {
			case <-w.started:
			case <-time.After(30 * time.Second):
				t.Fatal("the script did not start")
			}
			cancel()
			select {
			case err = <-done:
			case <-time.After(30 * time.Second):
				t.Fatal("the script was not stopped by the cancellation")
			}
			runtime.Close(L)
			var re *runtime.Error
			if !errors.As(err, &re) || re.Kind != runtime.KindInterrupted {
				t.Fatalf("err = %#v, want *runtime.Error of kind interrupted", err)
			}
			if re.Error() != "interrupted: interrupted" || !errors.Is(err, context.Canceled) {
				t.Fatalf("err %q (is Canceled: %v)", re.Error(), errors.Is(err, context.Canceled))
			}
		})
	}
}

func TestCancelledBeforeRun(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	streams, out, _ := runtime.TestIO("")
	e := &runtime.Engine{IO: streams}
	L := e.NewState(ctx)
	defer runtime.Close(L)
	_, err := runLua(t, L, "c.lua", `print("ran")`)
	var re *runtime.Error
	if !errors.As(err, &re) || re.Kind != runtime.KindInterrupted {
		t.Fatalf("err = %#v, want kind interrupted", err)
	}
	if out.Len() != 0 {
		t.Fatalf("the script ran: %q", out)
	}
}

// failModule raises errors from Go.
var failModule = runtime.Module{Name: "fail", Doc: "raises errors", Open: func(L *lua.LState) int {
	L.Push(L.SetFuncs(L.NewTable(), map[string]lua.LGFunction{
		"config": func(L *lua.LState) int {
			runtime.Raise(L, &runtime.Error{Kind: runtime.KindConfig, Message: "boom", Status: 404, Hint: "fix it",
				Details: map[string]any{"a": int64(1)}})
			return 0
		},
		"plain": func(L *lua.LState) int {
			runtime.Raise(L, errors.New("plain failure"))
			return 0
		},
		"wrapped": func(L *lua.LState) int {
			runtime.Raise(L, fmt.Errorf("context: %w", &runtime.Error{Kind: "http", Status: 500, Message: "server"}))
			return 0
		},
		"cancel": func(L *lua.LState) int {
			runtime.Raise(L, fmt.Errorf("get: %w", context.Canceled))
			return 0
		},
	}))
	return 1
}}

func TestRaiseUnwrappedOnTheGoSide(t *testing.T) {
	tests := []struct {
		name, src string
		want      runtime.Error
	}{
		{"structured", "local f = require('fail')\n\nf.config()", runtime.Error{Kind: runtime.KindConfig, Message: "boom", Status: 404,
			Hint: "fix it", Details: map[string]any{"a": int64(1)}, Where: "raise.lua:3:"}},
		{"plain Go error", "require('fail').plain()", runtime.Error{Kind: runtime.KindError, Message: "plain failure", Where: "raise.lua:1:"}},
		{"wrapped *Error", "\nrequire('fail').wrapped()", runtime.Error{Kind: "http", Message: "server", Status: 500, Where: "raise.lua:2:"}},
		{"rethrown by the script", "local ok, e = pcall(require('fail').plain)\nerror(e)", runtime.Error{Kind: runtime.KindError, Message: "plain failure"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			L, _ := newTestState(t, "", failModule)
			_, err := runLua(t, L, "raise.lua", tc.src)
			var re *runtime.Error
			if !errors.As(err, &re) {
				t.Fatalf("err = %#v, want *runtime.Error", err)
			}
			got := *re
			got.Err = nil
			if tc.want.Where == "" {
				got.Where = "" // pcall is a Go function: its position is not checked here
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got %#v\nwant %#v", got, tc.want)
			}
		})
	}
}

func TestRaiseInterruption(t *testing.T) {
	L, _ := newTestState(t, "", failModule)
	_, err := runLua(t, L, "c.lua", `require('fail').cancel()`)
	var re *runtime.Error
	if !errors.As(err, &re) || re.Kind != runtime.KindInterrupted || !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %#v, want kind interrupted wrapping context.Canceled", err)
	}
}

func TestErrorValueSeenFromLua(t *testing.T) {
	L, _ := newTestState(t, "", failModule)
	out := mustLua(t, L, `
local f = require('fail')
local ok, e = pcall(function() f.config() end)
return ok, e.kind, e.message, e.status, e.hint, e.where, tostring(e), e.details.a, e.nope`)
	want := []lua.LValue{lua.LFalse, lua.LString("config"), lua.LString("boom"), lua.LNumber(404), lua.LString("fix it"),
		lua.LString("TestErrorValueSeenFromLua.lua:3:"), lua.LString("config: boom"), lua.LNumber(1), lua.LNil}
	if !reflect.DeepEqual(out, want) {
		t.Fatalf("got %v\nwant %v", out, want)
	}
	// tostring of a lua-kind error carries its position
	e := runtime.NewErrorValue(L, &runtime.Error{Kind: runtime.KindLua, Message: "bad", Where: "x.lua:4:"})
	out = mustLua(t, L, `local e = ...; return tostring(e), e.kind`, e)
	if out[0] != lua.LString("x.lua:4: lua: bad") || out[1] != lua.LString("lua") {
		t.Fatalf("tostring = %v", out)
	}
}

func TestScriptErrors(t *testing.T) {
	tests := []struct {
		name, src, msg string
	}{
		{"error with position", "local a = 1\nerror('x')", "err.lua:2: x"},
		{"error level 0", "error('x', 0)", "x"},
		{"runtime error", "local t = nil\nreturn t.x", "err.lua:2: attempt to index a non-table object(nil) with key 'x'"},
		{"secret in message is redacted", "error('login failed password=hunter2', 0)", "login failed password=***"},
		{"multi-line message keeps one line of text", "error('a\\nb', 0)", "a\nb"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			L, _ := newTestState(t, "")
			_, err := runLua(t, L, "err.lua", tc.src)
			var re *runtime.Error
			if !errors.As(err, &re) {
				t.Fatalf("err = %#v, want *runtime.Error", err)
			}
			if re.Kind != runtime.KindLua || re.Message != tc.msg {
				t.Fatalf("got kind %q message %q, want lua %q", re.Kind, re.Message, tc.msg)
			}
			if tr, _ := re.Details.(string); !strings.HasPrefix(tr, "stack traceback:") {
				t.Fatalf("Details = %#v, want the stack trace", re.Details)
			}
			if strings.Contains(re.Error(), "\n") {
				t.Fatalf("Error() is not one line: %q", re.Error())
			}
		})
	}
}

func TestCallReturnsResults(t *testing.T) {
	L, _ := newTestState(t, "")
	out := mustLua(t, L, `local a, b = ...; return a * 2, b .. "!", nil`, lua.LNumber(21), lua.LString("hi"))
	if want := []lua.LValue{lua.LNumber(42), lua.LString("hi!"), lua.LNil}; !reflect.DeepEqual(out, want) {
		t.Fatalf("got %v, want %v", out, want)
	}
	fn := L.NewFunction(func(L *lua.LState) int { L.Push(lua.LNumber(L.GetTop())); return 1 })
	res, err := runtime.Call(L, fn, lua.LTrue, lua.LTrue, lua.LTrue)
	if err != nil || !reflect.DeepEqual(res, []lua.LValue{lua.LNumber(3)}) {
		t.Fatalf("Call = %v, %v", res, err)
	}
	if L.GetTop() != 0 {
		t.Fatalf("stack left with %d values", L.GetTop())
	}
}

func TestCompileCache(t *testing.T) {
	src := []byte("return 1")
	a, err := runtime.Compile("cache-a.lua", src)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := runtime.Compile("cache-a.lua", []byte("return 1"))
	if a != b {
		t.Errorf("same name and source compiled twice")
	}
	c, _ := runtime.Compile("cache-b.lua", src)
	if c == a {
		t.Errorf("another name shares the prototype")
	}
	d, _ := runtime.Compile("cache-a.lua", []byte("return 2"))
	if d == a {
		t.Errorf("another source shares the prototype")
	}
	// a proto is shared by states
	for i := 0; i < 2; i++ {
		L, _ := newTestState(t, "")
		out, err := runtime.RunProto(L, a)
		if err != nil || out[0] != lua.LNumber(1) {
			t.Fatalf("state %d: %v %v", i, out, err)
		}
	}
}

func TestShebangKeepsLineNumbers(t *testing.T) {
	L, _ := newTestState(t, "")
	_, err := runLua(t, L, "script.lua", "#!/usr/bin/env -S aslmcli run\nlocal a = 1\nerror('boom')\n")
	var re *runtime.Error
	if !errors.As(err, &re) || re.Message != "script.lua:3: boom" {
		t.Fatalf("err = %#v, want message %q", err, "script.lua:3: boom")
	}
	// a file with only a shebang line is an empty chunk
	out, err := runLua(t, L, "only.lua", "#!/usr/bin/env -S aslmcli run")
	if err != nil || len(out) != 0 {
		t.Fatalf("shebang-only file: %v %v", out, err)
	}
	// a first line starting with # is skipped, the second runs
	out = mustLua(t, L, "# comment\nreturn 5")
	if out[0] != lua.LNumber(5) {
		t.Fatalf("got %v", out)
	}
}

func TestSyntaxErrors(t *testing.T) {
	tests := []struct {
		name, src, prefix string
	}{
		{"line 1", "x = = 1", "bad.lua:1: syntax error near '=' (column 5)"},
		{"after a shebang", "#!/usr/bin/env aslmcli\nlocal a = 1\nlocal = 3\n", "bad.lua:3: syntax error near '='"},
		{"at the end", "local x = 1\nif x then\n  print(x)\n", "bad.lua:3: syntax error at EOF"},
		{"at the end, no newline", "if x then", "bad.lua:1: syntax error at EOF"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := runtime.Compile("bad.lua", []byte(tc.src))
			var re *runtime.Error
			if !errors.As(err, &re) || p != nil {
				t.Fatalf("Compile = %v, %#v; want an *Error", p, err)
			}
			if re.Kind != runtime.KindLua || !strings.HasPrefix(re.Message, tc.prefix) {
				t.Fatalf("got kind %q message %q, want lua %q...syntax error", re.Kind, re.Message, tc.prefix)
			}
		})
	}
}

func TestLibLoader(t *testing.T) {
	lib := fstest.MapFS{
		"a/b.lua":        {Data: []byte(`return {v = 1, name = ...}`)},
		"c/init.lua":     {Data: []byte(`return "c from init"`)},
		"broken.lua":     {Data: []byte("local x = = 1")},
		"failing.lua":    {Data: []byte("local x = 1\nerror('load failure')")},
		"shadowed.lua":   {Data: []byte(`return "from lib"`)},
		"both.lua":       {Data: []byte(`return "file"`)},
		"both/init.lua":  {Data: []byte(`return "init"`)},
		"uses_other.lua": {Data: []byte(`return require("a.b").v + 1`)},
	}
	pre := runtime.Module{Name: "shadowed", Open: func(L *lua.LState) int { L.Push(lua.LString("from preload")); return 1 }}
	streams, _, _ := runtime.TestIO("")
	e := &runtime.Engine{IO: streams, Lib: lib, Modules: []runtime.Module{pre}}
	L := e.NewState(context.Background())
	defer runtime.Close(L)
	out := mustLua(t, L, `local ab = require("a.b"); return ab.v, ab.name, require("c"), require("shadowed"), require("both"), require("uses_other"), require("a.b") == ab`)
	want := []lua.LValue{lua.LNumber(1), lua.LString("a.b"), lua.LString("c from init"), lua.LString("from preload"),
		lua.LString("file"), lua.LNumber(2), lua.LTrue}
	if !reflect.DeepEqual(out, want) {
		t.Fatalf("got %v\nwant %v", out, want)
	}
	for _, tc := range []struct{ mod, want string }{
		{"missing", "no built-in module 'missing'"},
		{"broken", "broken.lua:1: syntax error near"},
		{"failing", "failing.lua:2: load failure"},
	} {
		_, err := runLua(t, L, "req.lua", fmt.Sprintf("require(%q)", tc.mod))
		var re *runtime.Error
		if !errors.As(err, &re) || re.Kind != runtime.KindLua || !strings.Contains(re.Message, tc.want) {
			t.Errorf("require(%q): %#v, want kind lua containing %q", tc.mod, err, tc.want)
		}
	}
}

func TestLuaPath(t *testing.T) {
	one, two, lib := t.TempDir(), t.TempDir(), t.TempDir()
	write := func(dir, name, src string) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(one, "mod.lua", `return "one"`)
	write(two, "mod.lua", `return "two"`)
	write(two, "only_two.lua", `return "only two"`)
	write(one, "pkg/init.lua", `return "pkg init"`)
	write(one, "dotted/name.lua", `return "dotted"`)
	write(lib, "embedded.lua", `return "from disk"`)

	streams, _, _ := runtime.TestIO("")
	e := &runtime.Engine{IO: streams, LuaPath: []string{one + "/", "", two},
		Lib: fstest.MapFS{"embedded.lua": {Data: []byte(`return "from lib"`)}}}
	L := e.NewState(context.Background())
	defer runtime.Close(L)

	wantPath := one + "/?.lua;" + one + "/?/init.lua;" + two + "/?.lua;" + two + "/?/init.lua"
	out := mustLua(t, L, `return package.path, require("mod"), require("only_two"), require("pkg"), require("dotted.name")`)
	want := []lua.LValue{lua.LString(wantPath), lua.LString("one"), lua.LString("only two"), lua.LString("pkg init"), lua.LString("dotted")}
	if !reflect.DeepEqual(out, want) {
		t.Fatalf("got %v\nwant %v", out, want)
	}

	// the engine's Lib comes before the folders
	e2 := &runtime.Engine{IO: streams, LuaPath: []string{lib}, Lib: fstest.MapFS{"embedded.lua": {Data: []byte(`return "from lib"`)}}}
	L2 := e2.NewState(context.Background())
	defer runtime.Close(L2)
	if out := mustLua(t, L2, `return require("embedded")`); out[0] != lua.LString("from lib") {
		t.Fatalf("require(embedded) = %v, want the Lib module", out[0])
	}

	// PrependLuaPath puts a script's folder first
	L3 := e.NewState(context.Background())
	defer runtime.Close(L3)
	runtime.PrependLuaPath(L3, two)
	out = mustLua(t, L3, `return require("mod"), package.path`)
	if out[0] != lua.LString("two") || out[1] != lua.LString(two+"/?.lua;"+two+"/?/init.lua;"+wantPath) {
		t.Fatalf("after PrependLuaPath: %v", out)
	}

	// on an empty path
	e4 := &runtime.Engine{IO: streams}
	L4 := e4.NewState(context.Background())
	defer runtime.Close(L4)
	runtime.PrependLuaPath(L4, one)
	out = mustLua(t, L4, `return package.path, require("mod")`)
	if out[0] != lua.LString(one+"/?.lua;"+one+"/?/init.lua") || out[1] != lua.LString("one") {
		t.Fatalf("PrependLuaPath on an empty path: %v", out)
	}
}

type serviceKey struct{}

func TestServicesAndContext(t *testing.T) {
	streams, _, _ := runtime.TestIO("")
	e := &runtime.Engine{IO: streams}
	e.SetService(serviceKey{}, "svc")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	L := e.NewState(ctx)
	if got := runtime.Service(L, serviceKey{}); got != "svc" {
		t.Errorf("Service = %v", got)
	}
	if got := runtime.Service(L, "other"); got != nil {
		t.Errorf("Service(unknown) = %v", got)
	}
	if runtime.EngineOf(L) != e {
		t.Errorf("EngineOf is not the engine")
	}
	c := runtime.Context(L)
	if c.Err() != nil {
		t.Fatalf("context done too early")
	}
	cancel()
	if c.Err() == nil {
		t.Errorf("the state's context does not follow its parent")
	}
	runtime.Close(L)

	// Close cancels the state's context
	L2 := e.NewState(context.Background())
	c2 := runtime.Context(L2)
	runtime.Close(L2)
	if !errors.Is(c2.Err(), context.Canceled) {
		t.Errorf("Close did not cancel the context: %v", c2.Err())
	}

	// a plain gopher-lua state has no engine
	P := lua.NewState()
	defer P.Close()
	if runtime.EngineOf(P) != nil || runtime.Service(P, serviceKey{}) != nil || runtime.Context(P) == nil {
		t.Errorf("plain state: engine %v", runtime.EngineOf(P))
	}
}

func TestErrorType(t *testing.T) {
	e := &runtime.Error{Kind: runtime.KindConfig, Message: "line one\nline two"}
	if e.Error() != "config: line one line two" {
		t.Errorf("Error() = %q", e.Error())
	}
	if (&runtime.Error{Message: "no kind"}).Error() != "no kind" {
		t.Errorf("Error() without kind")
	}
	if got := runtime.Errorf(runtime.KindUsage, "bad %s %d", "x", 2); got.Kind != runtime.KindUsage || got.Message != "bad x 2" {
		t.Errorf("Errorf = %#v", got)
	}
	if runtime.Wrap(runtime.KindIO, nil) != nil {
		t.Errorf("Wrap(nil) is not nil")
	}
	inner := &runtime.Error{Kind: "http", Message: "m"}
	if got := runtime.Wrap(runtime.KindIO, fmt.Errorf("ctx: %w", inner)); got != inner {
		t.Errorf("Wrap of a wrapped *Error = %#v, want the inner one", got)
	}
	plain := errors.New("disk full")
	if got := runtime.Wrap(runtime.KindIO, plain); got.Kind != runtime.KindIO || got.Message != "disk full" || got.Unwrap() != plain {
		t.Errorf("Wrap(plain) = %#v", got)
	}
	if got := runtime.Wrap(runtime.KindIO, fmt.Errorf("read: %w", context.Canceled)); got.Kind != runtime.KindInterrupted || got.Message != "interrupted" {
		t.Errorf("Wrap(Canceled) = %#v", got)
	}
}

func TestRaiseIn(t *testing.T) {
	e := &runtime.Engine{}
	L := e.NewState(context.Background())
	defer runtime.Close(L)
	fail := func(err error) error {
		fn := L.NewFunction(func(L *lua.LState) int { runtime.RaiseIn(L, runtime.KindIO, "fs.read", err); return 0 })
		_, got := runtime.Call(L, fn)
		return got
	}
	var re *runtime.Error
	if err := fail(errors.New("no such file")); !errors.As(err, &re) || re.Kind != runtime.KindIO || re.Message != "fs.read: no such file" {
		t.Fatalf("got %#v", err)
	}
	if err := fail(context.Canceled); !errors.As(err, &re) || re.Kind != runtime.KindInterrupted {
		t.Fatalf("an interruption became %#v", err)
	}
}
