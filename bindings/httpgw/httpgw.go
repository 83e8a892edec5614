// Package httpgw is the binding of aspera.httpgw: the IBM Aspera HTTP Gateway's information
// and health (transfers through it use the httpgw agent of aspera.transfer).
package httpgw

import (
	_ "embed"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/bindings/kit"
	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/transfer/httpgw"
)

//go:embed aspera.httpgw.d.lua
var meta string

// Module is `aspera.httpgw`.
var Module = kit.Module{Name: "aspera.httpgw", Doc: "IBM Aspera HTTP Gateway: info and health", Meta: meta,
	Funcs: map[string]lua.LGFunction{
		"info": func(L *lua.LState) int {
			v, err := httpgw.Info(kit.Ctx(L), L.CheckString(1), kit.HTTPSettings(L))
			return errs.Push(L, v, err)
		},
		"health": func(L *lua.LState) int {
			return errs.OK(L, httpgw.Health(kit.Ctx(L), L.CheckString(1), kit.HTTPSettings(L)))
		},
	}}

var errs = kit.HTTP(runtime.KindError)
