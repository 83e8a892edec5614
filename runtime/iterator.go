package runtime

import (
	lua "github.com/yuin/gopher-lua"
)

const iteratorTypeName = "aspera.iterator"

// Iterator is a sequence produced in Go and handed to Lua: a callable value for generic for
// loops (`for item in it do ... end`; each call returns the next item converted to Lua, nil at
// the end) that out.show and cli:show recognise and stream without converting the items to
// Lua. Next returns the next item, false at the end; its error is raised as is (give it a
// *Error of the right kind). Close, when set, releases what the producer holds (a page being
// fetched ahead): it is called once, when the iterator ends, fails or is stopped.
type Iterator struct {
	Next  func() (any, bool, error)
	Close func()
	done  bool
}

// Pull returns the next item of the iterator, false once it has ended.
func (it *Iterator) Pull() (any, bool, error) {
	if it.done {
		return nil, false, nil
	}
	v, ok, err := it.Next()
	if !ok || err != nil {
		it.Stop()
	}
	return v, ok, err
}

// Stop ends the iteration (Pull returns false afterwards) and calls Close once. A consumer
// that does not read an iterator to its end (out.show after a write error) stops it.
func (it *Iterator) Stop() {
	if it.done {
		return
	}
	it.done = true
	if it.Close != nil {
		it.Close()
	}
}

// NewIterator returns the Lua value of an iterator over next.
func NewIterator(L *lua.LState, next func() (any, bool, error)) *lua.LUserData {
	return IteratorValue(L, &Iterator{Next: next})
}

// IteratorValue returns the Lua value of an iterator (with its Close).
func IteratorValue(L *lua.LState, it *Iterator) *lua.LUserData {
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
	ud.Value = it
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
