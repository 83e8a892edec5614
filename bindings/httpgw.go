package bindings

import (
	_ "embed"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/transfer/httpgw"
)

//go:embed meta/aspera.httpgw.d.lua
var httpgwMeta string

// HTTPGWModule is `aspera.httpgw`: the IBM Aspera HTTP Gateway's information and health
// (transfers through it use the httpgw agent of aspera.transfer).
var HTTPGWModule = runtime.Module{Name: "aspera.httpgw", Doc: "IBM Aspera HTTP Gateway: info and health", Open: openHTTPGW, Meta: httpgwMeta}

var httpgwFuncs = map[string]lua.LGFunction{
	"info": func(L *lua.LState) int {
		s, err := httpOf(L).settings()
		if err != nil {
			raiseHTTP(L, runtime.KindUsage, err)
		}
		v, err := httpgw.Info(runtime.Context(L), L.CheckString(1), s)
		if err != nil {
			raiseHTTP(L, runtime.KindError, err)
		}
		L.Push(runtime.ToLua(L, v))
		return 1
	},
	"health": func(L *lua.LState) int {
		s, err := httpOf(L).settings()
		if err != nil {
			raiseHTTP(L, runtime.KindUsage, err)
		}
		if err := httpgw.Health(runtime.Context(L), L.CheckString(1), s); err != nil {
			raiseHTTP(L, runtime.KindError, err)
		}
		L.Push(lua.LTrue)
		return 1
	},
}

func openHTTPGW(L *lua.LState) int {
	L.Push(L.SetFuncs(L.NewTable(), httpgwFuncs))
	return 1
}
