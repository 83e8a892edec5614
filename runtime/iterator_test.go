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
	if _, ok := runtime.IteratorOf(lua.LNumber(1)); ok {
		t.Fatal("a number is not an iterator")
	}
}
