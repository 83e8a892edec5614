package faspex

import (
	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/bindings/kit"
	f4 "github.com/asperalm/aslmcli/products/faspex"
)

// v4 returns the v4 API client of the client at argument 1.
func v4(L *lua.LState) *f4.V4 {
	v, err := check(L).V4(kit.AuthEnv(L))
	if err != nil {
		errs.Raise(L, err)
	}
	return v
}

// v4Resources is c:resources(name, {max, query}) (a list) or c:each_resource (an iterator).
func v4Resources(lazy bool) lua.LGFunction {
	return func(L *lua.LState) int {
		v := v4(L)
		name := L.CheckString(2)
		max, q := kit.ListOpts(L, 3, "resources")
		it, err := v.List(kit.Ctx(L), name, kit.QueryOf(L, q), max)
		if err != nil {
			errs.Raise(L, err)
		}
		if lazy {
			return errs.Iterator(L, it)
		}
		return errs.Collect(L, it)
	}
}

// v4Item is c:resource(name, id).
func v4Item(L *lua.LState) int {
	v, err := v4(L).Show(kit.Ctx(L), L.CheckString(2), L.CheckString(3))
	return errs.Push(L, v, err)
}

// v4Create is c:create_resource(name, fields).
func v4Create(L *lua.LState) int {
	v, err := v4(L).Create(kit.Ctx(L), L.CheckString(2), kit.MapArg(L, 3))
	return errs.Push(L, v, err)
}

// v4Modify is c:modify_resource(name, id, change).
func v4Modify(L *lua.LState) int {
	v, err := v4(L).Modify(kit.Ctx(L), L.CheckString(2), L.CheckString(3), kit.MapArg(L, 4))
	return errs.Push(L, v, err)
}

// v4Delete is c:delete_resource(name, id).
func v4Delete(L *lua.LState) int {
	return errs.OK(L, v4(L).Delete(kit.Ctx(L), L.CheckString(2), L.CheckString(3)))
}
