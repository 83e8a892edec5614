package runtime

import (
	lua "github.com/yuin/gopher-lua"
)

const iteratorTypeName = "aspera.iterator"

// Iterator is a sequence produced in Go and handed to Lua: a callable value for generic for
// loops (`for item in it do ... end`; each call returns the next item converted to Lua, nil at
// the end) that out.show and cli:show recognise and stream without converting the items to
// Lua. Next returns the next item, false at the end; its error is raised as is (give it a
// *Error of the right kind).
type Iterator struct {
	Next func() (any, bool, error)
	done bool
}

// Pull returns the next item of the iterator, false once it has ended.
func (it *Iterator) Pull() (any, bool, error) {
	if it.done {
		return nil, false, nil
	}
	v, ok, err := it.Next()
	if !ok || err != nil {
		it.done = true
	}
	return v, ok, err
}

// NewIterator returns the Lua value of an iterator over next.
func NewIterator(L *lua.LState, next func() (any, bool, error)) *lua.LUserData {
	mt := L.GetTypeMetatable(iteratorTypeName)
	if mt == lua.LNil {
		t := L.NewTypeMetatable(iteratorTypeName)
		L.SetField(t, "__call", L.NewFunction(callIterator))
		L.SetField(t, "__tostring", L.NewFunction(func(L *lua.LState) int {
			L.Push(lua.LString("aspera.iterator"))
			return 1
		}))
		mt = t
	}
	ud := L.NewUserData()
	ud.Value = &Iterator{Next: next}
	L.SetMetatable(ud, mt)
	return ud
}

// IteratorOf returns the iterator a Lua value holds.
func IteratorOf(v lua.LValue) (*Iterator, bool) {
	ud, ok := v.(*lua.LUserData)
	if !ok {
		return nil, false
	}
	it, ok := ud.Value.(*Iterator)
	return it, ok
}

func callIterator(L *lua.LState) int {
	it, _ := IteratorOf(L.Get(1))
	if it == nil {
		L.ArgError(1, "iterator expected")
	}
	v, ok, err := it.Pull()
	if err != nil {
		Raise(L, err)
	}
	if !ok {
		L.Push(lua.LNil)
		return 1
	}
	L.Push(ToLua(L, v))
	return 1
}
