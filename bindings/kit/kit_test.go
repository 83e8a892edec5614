package kit_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/bindings/internal/bindtest"
	"github.com/asperalm/aslmcli/bindings/kit"
	"github.com/asperalm/aslmcli/products/rest"
	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/transfer/spec"
)

// thing is the client of a test module: the options it was built from.
type thing struct{ opts kit.Options }

var errNope = errors.New("nope")

var thingErrs = kit.Errors{Kinds: map[error]string{errNope: runtime.KindAuth}}

var thingHandle = &kit.Handle{Name: "test.thing", Methods: map[string]lua.LGFunction{
	"get": func(L *lua.LState) int {
		t := kit.Arg[*thing](L, 1, "thing")
		return thingErrs.Push(L, t.opts[L.CheckString(2)], nil)
	},
	"fail": func(L *lua.LState) int { return thingErrs.OK(L, fmt.Errorf("wrapped: %w", errNope)) },
	"http": func(L *lua.LState) int {
		return thingErrs.OK(L, &rest.Error{Status: 404, Method: "GET", URL: "http://x/y", Message: "gone", Body: []byte(`{"error":"gone"}`)})
	},
	"canceled": func(L *lua.LState) int { return thingErrs.OK(L, fmt.Errorf("x: %w", context.Canceled)) },
	// a product's own lazy listing (not a rest.Iterator): two items, then its error if any
	"each":  func(L *lua.LState) int { return thingErrs.Iterator(L, &listing{fail: L.OptBool(2, false)}) },
	"list":  func(L *lua.LState) int { return thingErrs.Collect(L, &listing{fail: L.OptBool(2, false)}) },
	"clone": func(L *lua.LState) int { L.Push(kit.Like(L, 1, &thing{opts: kit.Options{"url": "clone"}})); return 1 },
	"upload": kit.Transfer(true, "thing", func(L *lua.LState, t *thing, r kit.Request) (spec.Spec, error) {
		return spec.Spec{"remote_host": "h", "remote_user": "u", "destination_root": "/from-product"}, nil
	}, thingErrs),
	"upload_spec": kit.TransferSpec(true, "thing", func(L *lua.LState, t *thing, r kit.Request) (spec.Spec, error) {
		return spec.Spec{"remote_host": "h", "remote_user": "u", "asked": strings.Join(r.Sources(), ","), "to": r.Destination()}, nil
	}, thingErrs),
	// a method that rewrites its sources (relative to the folder it resolved) before the kit
	// applies them: ReadRequest, then Spec (Start would start it)
	"relative_spec": func(L *lua.LState) int {
		kit.Arg[*thing](L, 1, "thing")
		r := kit.ReadRequest(L, false, 2)
		for i, f := range r.Files {
			r.Files[i] = strings.TrimPrefix(f, "/shared/")
		}
		L.Push(runtime.ToLua(L, map[string]any(r.Spec(L, spec.Spec{"remote_host": "h", "remote_user": "u", "shared": true}))))
		return 1
	},
	"download_spec": kit.TransferSpec(false, "thing", func(L *lua.LState, t *thing, r kit.Request) (spec.Spec, error) {
		return spec.Spec{"remote_host": "h", "remote_user": "u", "destination_root": "/remote"}, nil
	}, thingErrs),
}, String: func(v any) string { return "thing(" + v.(*thing).opts.Str("url") + ")" }}

// listing is a lazy listing of two items that fails after them when fail is set.
type listing struct {
	fail bool
	n    int
}

func (l *listing) Next() (any, bool) {
	l.n++
	if l.n > 2 {
		return nil, false
	}
	return map[string]any{"n": int64(l.n)}, true
}

func (l *listing) Err() error {
	if l.fail && l.n > 2 {
		return errNope
	}
	return nil
}

var thingClient = &kit.Client[*thing]{Module: "thing", Keys: []string{"url", "username", "password"}, Handle: thingHandle,
	Build: func(L *lua.LState, o kit.Options) (*thing, error) {
		if o.Str("url") == "" {
			return nil, errors.New("url is required")
		}
		return &thing{opts: o}, nil
	}}

var thingModule = kit.Module{Name: "test.thing", Funcs: map[string]lua.LGFunction{"new": thingClient.New, "from_preset": thingClient.FromPreset}}

func TestClientPrecedence(t *testing.T) {
	w := bindtest.New(t, []kit.Module{thingModule})
	g := w.File.GlobalName("GLOBAL")
	w.File.Set(g, "username", "global-user")
	w.File.Set(g, "password", "global-pass")
	w.File.Set(g, "format", "json") // not a key of the module: ignored
	w.File.Set("p1", "url", "https://preset")
	w.File.Set("p1", "password", "@env:SECRET")
	got := w.String(`
		local m = require("test.thing")
		local a = m.from_preset("p1")
		local b = m.new{preset = "p1", url = "https://table"}
		local c = m.new{url = "https://only"}
		return table.concat({a:get("url"), a:get("username"), a:get("password"), tostring(a:get("format")),
			b:get("url"), b:get("password"), tostring(c:get("username")), tostring(c), tostring(c:clone())}, "|")
	`)
	want := "https://preset|global-user|env-SECRET|nil|https://table|env-SECRET|nil|thing(https://only)|thing(clone)"
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	w.Fail(runtime.KindUsage, "thing.new: unknown option uri (known: password, preset, url, username)", `require("test.thing").new{uri = "x"}`)
	w.Fail(runtime.KindUsage, "thing.new: url is required", `require("test.thing").new{}`)
	w.Fail(runtime.KindConfig, `thing.from_preset: no preset "nope"`, `require("test.thing").from_preset("nope")`)
	w.Fail(runtime.KindLua, "thing expected (use x:method(), with a colon)", `local c = require("test.thing").new{url = "u"}; c.get("url")`)
}

func TestErrors(t *testing.T) {
	w := bindtest.New(t, []kit.Module{thingModule})
	w.Fail(runtime.KindAuth, "wrapped: nope", `require("test.thing").new{url = "u"}:fail()`)
	e := w.Fail(runtime.KindHTTP, "gone", `require("test.thing").new{url = "u"}:http()`)
	if e.Status != 404 || e.Details.(map[string]any)["error"] != "gone" {
		t.Fatalf("http error %+v", e)
	}
	w.Fail(runtime.KindInterrupted, "", `require("test.thing").new{url = "u"}:canceled()`)
	// any Lister: iterated lazily or collected, its error converted by the module's Errors
	if got := w.String(`local c, s = require("test.thing").new{url = "u"}, ""
		for x in c:each() do s = s .. x.n end
		return s .. "/" .. #c:list()`); got != "12/2" {
		t.Fatalf("lister: %q", got)
	}
	w.Fail(runtime.KindAuth, "nope", `local it = require("test.thing").new{url = "u"}:each(true); it(); it(); it()`)
	w.Fail(runtime.KindAuth, "nope", `require("test.thing").new{url = "u"}:list(true)`)
	if got := (kit.Errors{}).Of(errors.New("plain")); got.Kind != runtime.KindError {
		t.Fatalf("default kind %q", got.Kind)
	}
	re := &runtime.Error{Kind: "custom", Message: "m"}
	if got := thingErrs.Of(fmt.Errorf("ctx: %w", re)); got != re {
		t.Fatal("a runtime error is not kept as it is")
	}
}

func TestTransferRequest(t *testing.T) {
	w := bindtest.New(t, []kit.Module{thingModule})
	kit.SetTransfer(w.Engine, &kit.TransferContext{Overrides: func() (map[string]any, error) {
		return map[string]any{"target_rate_kbps": int64(7), "remote_host": nil}, nil
	}})
	got := w.String(`
		local c = require("test.thing").new{url = "u"}
		local s = c:upload_spec({"a", "b", "c", "d"}, {src_type = "pair"})
		local d = c:download_spec({"x"}, {to_folder = "/tmp/here"})
		local u = c:upload_spec({"a"})
		return table.concat({s.asked, s.to, s.direction, s.paths[2].source, s.paths[2].destination, s.destination_root,
			tostring(s.remote_host), tostring(s.target_rate_kbps), d.destination_root, d.direction, d.paths[1].source,
			u.destination_root}, "|")
	`)
	want := "a,c|/|send|c|d|/|nil|7|/tmp/here|receive|x|/"
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	w.Fail(runtime.KindUsage, "--src-type=pair: 3 sources", `require("test.thing").new{url = "u"}:upload_spec({"a", "b", "c"}, {src_type = "pair"})`)
	// a product's upload destination is kept; the spec is validated before an agent starts
	w.Fail(runtime.KindUsage, `field "remote_host" is required`, `require("test.thing").new{url = "u"}:upload({"a"}, {agent = "none"})`)
}

// TestReadRequest: a method reads the request, changes its files, and gets the spec the kit
// would start (destination, paths, pair mode, --src-type checks).
func TestReadRequest(t *testing.T) {
	w := bindtest.New(t, []kit.Module{thingModule})
	got := w.String(`
		local c = require("test.thing").new{url = "u"}
		local s = c:relative_spec({"/shared/a", "/shared/b/c"}, {to_folder = "/tmp/dl"})
		local p = c:relative_spec({"/shared/a", "x", "/shared/b", "y"}, {src_type = "pair"})
		return table.concat({s.paths[1].source, s.paths[2].source, s.destination_root, s.direction,
			p.paths[1].source, p.paths[1].destination, p.paths[2].source, p.paths[2].destination}, "|")
	`)
	if want := "a|b/c|/tmp/dl|receive|a|x|b|y"; got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	w.Fail(runtime.KindUsage, "--src-type=pair: 1 sources", `require("test.thing").new{url = "u"}:relative_spec({"a"}, {src_type = "pair"})`)
}

// TestWaitInterrupt: with the host's interrupt context, Ctrl-C ends the wait normally (true)
// and the interrupts go back to their previous owner; without it, the run's end stops it.
func TestWaitInterrupt(t *testing.T) {
	waitMod := kit.Module{Name: "test.wait", Funcs: map[string]lua.LGFunction{"wait": func(L *lua.LState) int {
		L.Push(lua.LBool(kit.WaitInterrupt(L)))
		return 1
	}}}
	w := bindtest.New(t, []kit.Module{waitMod})
	var mu sync.Mutex
	var handler func()
	restored := make(chan struct{})
	kit.SetInterrupts(runtime.EngineOf(w.L), &kit.InterruptContext{Divert: func(h func()) func() {
		mu.Lock()
		handler = h
		mu.Unlock()
		return func() { close(restored) }
	}})
	go func() {
		for {
			mu.Lock()
			h := handler
			mu.Unlock()
			if h != nil {
				h() // Ctrl-C
				return
			}
			time.Sleep(time.Millisecond)
		}
	}()
	if got := w.String(`return tostring(require("test.wait").wait())`); got != "true" {
		t.Fatalf("after Ctrl-C: %s", got)
	}
	select {
	case <-restored:
	case <-time.After(time.Second):
		t.Fatal("the interrupts were not given back")
	}
	// no interrupt context: the end of the run (here a cancelled context) stops the wait
	w2 := bindtest.New(t, []kit.Module{waitMod})
	ctx, cancel := context.WithCancel(context.Background())
	defer runtime.WithCallContext(w2.L, ctx)()
	cancel()
	if kit.WaitInterrupt(w2.L) {
		t.Fatal("a cancelled run reads as Ctrl-C")
	}
}
