package runtime_test

import (
	"testing"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/runtime/luatest"
)

func TestIteratorInForLoop(t *testing.T) {
	s := luatest.New(t)
	n := 0
	it := runtime.NewIterator(s.L, func() (any, bool, error) {
		n++
		if n > 3 {
			return nil, false, nil
		}
		return map[string]any{"n": int64(n)}, true, nil
	})
	s.L.SetGlobal("it", it)
	if got := s.String(`local t = {} for x in it do t[#t+1] = x.n end return table.concat(t, ",") .. tostring(it())`); got != "1,2,3nil" {
		t.Fatalf("got %s", got)
	}
	failing := runtime.NewIterator(s.L, func() (any, bool, error) {
		return nil, false, runtime.Errorf(runtime.KindHTTP, "404 Not Found: GET x")
	})
	s.L.SetGlobal("bad", failing)
	s.Fail("http", "404 Not Found", `for x in bad do end`)
	// Close is called once: at the end, on an error, or when a consumer stops early
	closed := 0
	for _, code := range []string{`for x in c do end`, `for x in c do error("stop") end`} {
		closed = 0
		k := 0
		s.L.SetGlobal("c", runtime.IteratorValue(s.L, &runtime.Iterator{
			Next: func() (any, bool, error) {
				if k++; k > 2 {
					return nil, false, nil
				}
				return int64(k), true, nil
			},
			Close: func() { closed++ },
		}))
		_ = s.L.DoString(code)
		c, _ := runtime.IteratorOf(s.L.GetGlobal("c"))
		c.Stop()
		if v, ok, err := c.Pull(); ok || err != nil || v != nil {
			t.Fatalf("%s: Pull after Stop = %v %v %v", code, v, ok, err)
		}
		if closed != 1 {
			t.Fatalf("%s: Close called %d times", code, closed)
		}
	}
	if _, ok := runtime.IteratorOf(lua.LNumber(1)); ok {
		t.Fatal("a number is not an iterator")
	}
}
