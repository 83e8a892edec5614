// Package opt decodes the option tables that stdlib functions take as their last argument.
// Decoding is strict: an unknown key or a value of the wrong type is a misuse of the function
// and raises a "bad argument" error naming the option.
package opt

import (
	"fmt"
	"sort"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// Table is the option table found at argument n (possibly absent).
type Table struct {
	L *lua.LState
	N int
	T *lua.LTable // nil when the argument is absent or nil
}

// Get returns the option table at argument n. A missing or nil argument gives an empty
// Table; another type, or a key outside allowed, raises an argument error.
func Get(L *lua.LState, n int, allowed ...string) Table {
	o := Table{L: L, N: n}
	v := L.Get(n)
	if v == lua.LNil {
		return o
	}
	t, ok := v.(*lua.LTable)
	if !ok {
		L.TypeError(n, lua.LTTable)
	}
	var unknown []string
	t.ForEach(func(k, _ lua.LValue) {
		s, ok := k.(lua.LString)
		if !ok || !contains(allowed, string(s)) {
			unknown = append(unknown, fmt.Sprintf("%q", k.String()))
		}
	})
	if len(unknown) > 0 {
		sort.Strings(unknown)
		L.ArgError(n, fmt.Sprintf("unexpected option %s (expected one of: %s)", unknown[0], strings.Join(allowed, ", ")))
	}
	o.T = t
	return o
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

// Value returns the raw value of an option, lua.LNil when unset.
func (o Table) Value(name string) lua.LValue {
	if o.T == nil {
		return lua.LNil
	}
	return o.T.RawGetString(name)
}

// Has reports whether the option is set (to anything but nil).
func (o Table) Has(name string) bool { return o.Value(name) != lua.LNil }

// Bool returns a boolean option, or def when unset.
func (o Table) Bool(name string, def bool) bool {
	switch v := o.Value(name).(type) {
	case *lua.LNilType:
		return def
	case lua.LBool:
		return bool(v)
	default:
		o.L.ArgError(o.N, fmt.Sprintf("option %s: boolean expected, got %s", name, v.Type()))
		return def
	}
}

// String returns a string option (numbers are accepted as text), or def when unset.
func (o Table) String(name, def string) string {
	switch v := o.Value(name).(type) {
	case *lua.LNilType:
		return def
	case lua.LString:
		return string(v)
	case lua.LNumber:
		return v.String()
	default:
		o.L.ArgError(o.N, fmt.Sprintf("option %s: string expected, got %s", name, v.Type()))
		return def
	}
}
