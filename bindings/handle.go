package bindings

import lua "github.com/yuin/gopher-lua"

// newHandle wraps v as a userdata of the type name: its metatable, made once per state,
// indexes methods and prints with tostring(handle).
func newHandle(L *lua.LState, name string, methods map[string]lua.LGFunction, tostring func(*lua.LState) string, v any) *lua.LUserData {
	mt := L.GetTypeMetatable(name)
	if mt == lua.LNil {
		t := L.NewTypeMetatable(name)
		L.SetField(t, "__index", L.SetFuncs(L.NewTable(), methods))
		L.SetField(t, "__tostring", L.NewFunction(func(L *lua.LState) int {
			L.Push(lua.LString(tostring(L)))
			return 1
		}))
		mt = t
	}
	ud := L.NewUserData()
	ud.Value = v
	L.SetMetatable(ud, mt)
	return ud
}

// handleArg returns argument 1 as a handle's Go value, or raises an argument error naming what
// was expected (a method called with a dot instead of a colon, usually).
func handleArg[T any](L *lua.LState, what string) T {
	if ud, ok := L.Get(1).(*lua.LUserData); ok {
		if v, ok := ud.Value.(T); ok {
			return v
		}
	}
	L.ArgError(1, what+" expected (use x:method(), with a colon)")
	var zero T
	return zero
}
