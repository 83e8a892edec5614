package opt_test

import (
	"strings"
	"testing"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/stdlib/internal/opt"
)

func TestGet(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	L.SetGlobal("f", L.NewFunction(func(L *lua.LState) int {
		o := opt.Get(L, 1, "flag", "name")
		L.Push(lua.LBool(o.Bool("flag", true)))
		L.Push(lua.LString(o.String("name", "dflt")))
		L.Push(lua.LBool(o.Has("name")))
		return 3
	}))
	for src, want := range map[string]string{
		`return f()`:                           "true dflt false",
		`return f(nil)`:                        "true dflt false",
		`return f({flag = false, name = "x"})`: "false x true",
		`return f({name = 12})`:                "true 12 true",
	} {
		if err := L.DoString(src); err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		got := L.Get(-3).String() + " " + L.Get(-2).String() + " " + L.Get(-1).String()
		L.Pop(3)
		if got != want {
			t.Errorf("%s: got %s, want %s", src, got, want)
		}
	}
	for src, want := range map[string]string{
		`f(1)`:              "table expected, got number",
		`f({flg = true})`:   `unexpected option "flg" (expected one of: flag, name)`,
		`f({[1] = true})`:   `unexpected option "1"`,
		`f({flag = "yes"})`: "option flag: boolean expected, got string",
		`f({name = {}})`:    "option name: string expected, got table",
	} {
		err := L.DoString(src)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want %q", src, err, want)
		}
	}
}
