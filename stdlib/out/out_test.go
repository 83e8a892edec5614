package out_test

import (
	"errors"
	"testing"

	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/runtime/format"
	"github.com/asperalm/aslmcli/runtime/luatest"
	"github.com/asperalm/aslmcli/stdlib/out"
)

func newState(t *testing.T, o format.Options) *luatest.State {
	t.Helper()
	e := &runtime.Engine{Modules: []runtime.Module{out.Module}}
	s := luatest.NewWith(t, t.Context(), e)
	out.Configure(e, out.Settings{Options: func() (format.Options, error) { return o, nil }})
	return s
}

func TestShowKinds(t *testing.T) {
	for _, c := range []struct {
		name, src, format, want string
	}{
		{"list", `out.show({{n=1, pass="p"}, {n=2}}, {kind="list", fields={"n"}})`, "csv", "1\n2\n"},
		{"auto list", `out.show({{n=1}, {n=2}})`, "json", `[{"n":1},{"n":2}]` + "\n"},
		{"values", `out.show({"a", "b"}, {kind="values", name="preset"})`, "table", "preset\na\nb\n"},
		{"object", `out.show({password="p", u="x"})`, "json", `{"password":"***","u":"x"}` + "\n"},
		{"value", `out.show("text", {kind="value"})`, "json", `"text"` + "\n"},
		{"status", `out.status("deleted")`, "yaml", "status: deleted\n"},
		{"nothing", `out.show(nil)`, "json", "null\n"},
		{"empty list", `out.show(json_array, {kind="list"})`, "json", "[]\n"},
		{"format override", `out.show({a=1}, {format="yaml"})`, "json", "a: 1\n"},
		{"null inside", `out.show({a=json_null})`, "json", `{"a":null}` + "\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := newState(t, format.Options{Format: c.format, FlatHash: true})
			s.L.SetGlobal("json_array", runtime.MarkArray(s.L, s.L.NewTable()))
			s.L.SetGlobal("json_null", runtime.Null(s.L))
			s.Must(`out = require("out"); ` + c.src)
			if got := s.Out.String(); got != c.want {
				t.Fatalf("got %q want %q", got, c.want)
			}
		})
	}
}

func TestFormatToString(t *testing.T) {
	s := newState(t, format.Options{Format: "table"})
	if got := s.String(`return require("out").format({x = 1}, {format = "json"})`); got != `{"x":1}`+"\n" {
		t.Fatalf("got %q", got)
	}
	if s.Out.Len() != 0 {
		t.Fatal("format printed")
	}
}

func TestErrors(t *testing.T) {
	s := newState(t, format.Options{Format: "json", Fields: "a,,b"})
	s.Fail(runtime.KindUsage, "", `require("out").show({a=1})`)
	s = newState(t, format.Options{})
	s.Fail(runtime.KindLua, `unknown kind "table"`, `require("out").show({}, {kind="table"})`)
	s.Fail(runtime.KindLua, "contains itself", `local t = {}; t.self = t; require("out").show(t)`)
	// a failed write is an io error, not a usage error
	e := &runtime.Engine{Modules: []runtime.Module{out.Module}, IO: &runtime.IO{Out: failing{}, Err: failing{}}}
	fs := luatest.NewWith(t, t.Context(), e)
	fs.Fail(runtime.KindIO, "write the output: disk full", `require("out").show({a=1})`)
}

type failing struct{}

func (failing) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// TestShowStreamStopsIterator: a listing that out.show could not write to its end is stopped
// (its Close releases the page being fetched ahead), and so is one written to its end.
func TestShowStreamStopsIterator(t *testing.T) {
	e := &runtime.Engine{Modules: []runtime.Module{out.Module}, IO: &runtime.IO{Out: failing{}, Err: failing{}}}
	fs := luatest.NewWith(t, t.Context(), e)
	out.Configure(e, out.Settings{Options: func() (format.Options, error) { return format.Options{Format: "csv"}, nil }})
	closed, pulled := 0, 0
	fs.L.SetGlobal("it", runtime.IteratorValue(fs.L, &runtime.Iterator{
		Next: func() (any, bool, error) {
			pulled++
			return map[string]any{"n": int64(pulled)}, true, nil // endless
		},
		Close: func() { closed++ },
	}))
	fs.Fail(runtime.KindIO, "disk full", `require("out").show(it)`)
	if closed != 1 || pulled != format.StreamChunk {
		t.Fatalf("write error: closed %d times after %d items", closed, pulled)
	}
	s := newState(t, format.Options{Format: "csv"})
	closed, n := 0, 0
	s.L.SetGlobal("it", runtime.IteratorValue(s.L, &runtime.Iterator{
		Next: func() (any, bool, error) {
			if n++; n > 3 {
				return nil, false, nil
			}
			return map[string]any{"n": int64(n)}, true, nil
		},
		Close: func() { closed++ },
	}))
	s.Must(`require("out").show(it)`)
	if closed != 1 || s.Out.String() != "1\n2\n3\n" {
		t.Fatalf("closed %d times, output %q", closed, s.Out.String())
	}
}
