package kit

import lua "github.com/yuin/gopher-lua"

// Handle is a userdata type: its metatable name, methods and text for tostring. A module
// declares its handle types as variables (a literal method table each), and pushes values
// with Push.
type Handle struct {
	// Name is the metatable name, e.g. "aspera.node.client".
	Name string
	// Methods are the methods of the handle (x:method()).
	Methods map[string]lua.LGFunction
	// String returns the text of tostring(x) for the handle's value.
	String func(v any) string
}

// Push pushes v as a handle of type h and returns it; the metatable is made once per state.
func (h *Handle) Push(L *lua.LState, v any) *lua.LUserData {
	ud := h.New(L, v)
	L.Push(ud)
	return ud
}

// New returns v as a handle of type h without pushing it.
func (h *Handle) New(L *lua.LState, v any) *lua.LUserData {
	mt := L.GetTypeMetatable(h.Name)
	if mt == lua.LNil {
		t := L.NewTypeMetatable(h.Name)
		L.SetField(t, "__index", L.SetFuncs(L.NewTable(), h.Methods))
		str := h.String
		L.SetField(t, "__tostring", L.NewFunction(func(L *lua.LState) int {
			ud := L.CheckUserData(1)
			if str == nil {
				L.Push(lua.LString(h.Name))
			} else {
				L.Push(lua.LString(str(ud.Value)))
			}
			return 1
		}))
		mt = t
	}
	ud := L.NewUserData()
	ud.Value = v
	L.SetMetatable(ud, mt)
	return ud
}

// Like returns v as a handle of the same type as argument n (a method that returns a new
// client of its own kind, such as with_access_key, uses it: it needs no reference to its own
// method table).
func Like(L *lua.LState, n int, v any) *lua.LUserData {
	ud := L.CheckUserData(n)
	out := L.NewUserData()
	out.Value = v
	L.SetMetatable(out, L.GetMetatable(ud))
	return out
}

// Arg returns argument n as a handle's Go value of type T, or raises an argument error naming
// what was expected (usually a method called with a dot instead of a colon).
func Arg[T any](L *lua.LState, n int, what string) T {
	if ud, ok := L.Get(n).(*lua.LUserData); ok {
		if v, ok := ud.Value.(T); ok {
			return v
		}
	}
	L.ArgError(n, what+" expected (use x:method(), with a colon)")
	var zero T
	return zero
}
