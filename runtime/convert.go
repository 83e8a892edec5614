package runtime

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// Values cross between Go and Lua as plain data, JSON-faithfully:
//
//	Go nil (top level)          <-> nil
//	nil inside a map or list    <-> the null sentinel (json.null), so keys and list slots survive
//	bool, string                <-> boolean, string
//	int64 within ±2^53, float64 <-> number
//	larger integers, json.Number that are not exact in a double <-> a "json.number" value
//	                                (tostring gives the exact digits; json.encode writes them back)
//	map[string]any              <-> table with string keys
//	[]any                       <-> list (1-based)
//	empty map / empty list      <-> empty table marked as object / array (json.object(), json.array())
//	Lua function                <-> Func (callable from Go on the state's goroutine; a Func
//	                                becomes a Lua function that calls it, e.g. an @lua: argument)
//	userdata                     -> its Go value (handles pass through unchanged)

const (
	nullTypeName   = "json.null"
	numberTypeName = "json.number"
	objectMarker   = "json.object"
	arrayMarker    = "json.array"
	maxExact       = 1 << 53
	maxDepth       = 200
)

// Func is a Lua function seen from Go. It must be called on the goroutine that runs the state.
type Func func(args ...any) ([]any, error)

// Null returns the null sentinel of L (json.null).
func Null(L *lua.LState) lua.LValue {
	return L.G.Registry.RawGetString(nullTypeName)
}

// IsNull reports whether v is the null sentinel.
func IsNull(v lua.LValue) bool {
	ud, ok := v.(*lua.LUserData)
	if !ok {
		return false
	}
	_, ok = ud.Value.(nullValue)
	return ok
}

type nullValue struct{}

func openValueTypes(L *lua.LState) {
	nmt := L.NewTypeMetatable(nullTypeName)
	L.SetField(nmt, "__tostring", L.NewFunction(func(L *lua.LState) int {
		L.Push(lua.LString("null"))
		return 1
	}))
	null := L.NewUserData()
	null.Value = nullValue{}
	L.SetMetatable(null, nmt)
	L.G.Registry.RawSetString(nullTypeName, null)

	mt := L.NewTypeMetatable(numberTypeName)
	L.SetField(mt, "__tostring", L.NewFunction(func(L *lua.LState) int {
		L.Push(lua.LString(bigOf(L, 1)))
		return 1
	}))
	L.SetField(mt, "__concat", L.NewFunction(func(L *lua.LState) int {
		L.Push(lua.LString(L.ToStringMeta(L.Get(1)).String() + L.ToStringMeta(L.Get(2)).String()))
		return 1
	}))
	L.SetField(mt, "__eq", L.NewFunction(func(L *lua.LState) int {
		L.Push(lua.LBool(bigOf(L, 1) == bigOf(L, 2)))
		return 1
	}))
	L.NewTypeMetatable(objectMarker)
	L.NewTypeMetatable(arrayMarker)
}

func bigOf(L *lua.LState, n int) json.Number {
	if ud, ok := L.Get(n).(*lua.LUserData); ok {
		if b, ok := ud.Value.(json.Number); ok {
			return b
		}
	}
	return json.Number(L.ToStringMeta(L.Get(n)).String())
}

// NewBigNumber returns the exact representation of an integer that a double cannot hold.
func NewBigNumber(L *lua.LState, digits json.Number) lua.LValue {
	ud := L.NewUserData()
	ud.Value = digits
	L.SetMetatable(ud, L.GetTypeMetatable(numberTypeName))
	return ud
}

// MarkObject makes t encode as a JSON object even when empty; it returns t.
func MarkObject(L *lua.LState, t *lua.LTable) *lua.LTable {
	L.SetMetatable(t, L.GetTypeMetatable(objectMarker))
	return t
}

// MarkArray makes t encode as a JSON array even when empty; it returns t.
func MarkArray(L *lua.LState, t *lua.LTable) *lua.LTable {
	L.SetMetatable(t, L.GetTypeMetatable(arrayMarker))
	return t
}

// IsArrayMarked reports whether t was marked with MarkArray.
func IsArrayMarked(L *lua.LState, t *lua.LTable) bool {
	return t.Metatable == L.GetTypeMetatable(arrayMarker)
}

// IsObjectMarked reports whether t was marked with MarkObject.
func IsObjectMarked(L *lua.LState, t *lua.LTable) bool {
	return t.Metatable == L.GetTypeMetatable(objectMarker)
}

// ToLua converts a Go value to Lua (see the table above). Structs and other types go through
// encoding/json. Top-level nil is Lua nil.
func ToLua(L *lua.LState, v any) lua.LValue {
	if v == nil {
		return lua.LNil
	}
	return toLua(L, v, 0)
}

func toLua(L *lua.LState, v any, depth int) lua.LValue {
	if depth > maxDepth {
		return lua.LNil
	}
	switch t := v.(type) {
	case nil:
		return Null(L)
	case lua.LValue:
		return t
	case bool:
		return lua.LBool(t)
	case string:
		return lua.LString(t)
	case []byte:
		return lua.LString(t)
	case int:
		return intToLua(L, int64(t))
	case int64:
		return intToLua(L, t)
	case int32:
		return lua.LNumber(t)
	case uint64:
		if t > math.MaxInt64 {
			return NewBigNumber(L, json.Number(strconv.FormatUint(t, 10)))
		}
		return intToLua(L, int64(t))
	case float64:
		return lua.LNumber(t)
	case float32:
		return lua.LNumber(t)
	case json.Number:
		return numberToLua(L, t)
	case time.Time:
		return lua.LString(t.Format(time.RFC3339Nano))
	case error:
		return lua.LString(t.Error())
	case map[string]any:
		tb := L.CreateTable(0, len(t))
		for k, e := range t {
			tb.RawSetString(k, toLua(L, e, depth+1))
		}
		if len(t) == 0 {
			MarkObject(L, tb)
		}
		return tb
	case []any:
		tb := L.CreateTable(len(t), 0)
		for _, e := range t {
			tb.Append(toLua(L, e, depth+1))
		}
		if len(t) == 0 {
			MarkArray(L, tb)
		}
		return tb
	case []string:
		tb := L.CreateTable(len(t), 0)
		for _, e := range t {
			tb.Append(lua.LString(e))
		}
		if len(t) == 0 {
			MarkArray(L, tb)
		}
		return tb
	case map[string]string:
		tb := L.CreateTable(0, len(t))
		for k, e := range t {
			tb.RawSetString(k, lua.LString(e))
		}
		if len(t) == 0 {
			MarkObject(L, tb)
		}
		return tb
	case Func:
		return funcToLua(L, t)
	}
	return reflectToLua(L, v, depth)
}

// funcToLua returns a Lua function that calls f (a function of another state, such as an
// @lua: value of an argument, on the same goroutine): arguments and results are converted.
func funcToLua(L *lua.LState, f Func) *lua.LFunction {
	return L.NewFunction(func(L *lua.LState) int {
		in := make([]any, 0, L.GetTop())
		for i := 1; i <= L.GetTop(); i++ {
			v, err := FromLua(L, L.Get(i))
			if err != nil {
				L.ArgError(i, err.Error())
			}
			in = append(in, v)
		}
		out, err := f(in...)
		if err != nil {
			Raise(L, err)
		}
		for _, v := range out {
			L.Push(ToLua(L, v))
		}
		return len(out)
	})
}

func intToLua(L *lua.LState, i int64) lua.LValue {
	if i > maxExact || i < -maxExact {
		return NewBigNumber(L, json.Number(strconv.FormatInt(i, 10)))
	}
	return lua.LNumber(i)
}

func numberToLua(L *lua.LState, n json.Number) lua.LValue {
	if i, err := strconv.ParseInt(string(n), 10, 64); err == nil {
		return intToLua(L, i)
	}
	if isIntegerText(string(n)) {
		return NewBigNumber(L, n)
	}
	f, _ := n.Float64() // out of range: ±Inf, as JSON parsers of other languages do
	return lua.LNumber(f)
}

func isIntegerText(s string) bool {
	if s == "" {
		return false
	}
	if s[0] == '-' {
		s = s[1:]
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

func reflectToLua(L *lua.LState, v any, depth int) lua.LValue {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Interface:
		if rv.IsNil() {
			return Null(L)
		}
		if rv.Elem().Kind() != reflect.Struct {
			return toLua(L, rv.Elem().Interface(), depth)
		}
	case reflect.Slice, reflect.Array:
		if rv.Kind() == reflect.Slice && rv.IsNil() {
			return MarkArray(L, L.NewTable())
		}
		tb := L.CreateTable(rv.Len(), 0)
		for i := 0; i < rv.Len(); i++ {
			tb.Append(toLua(L, rv.Index(i).Interface(), depth+1))
		}
		if rv.Len() == 0 {
			MarkArray(L, tb)
		}
		return tb
	case reflect.Map:
		if rv.Type().Key().Kind() == reflect.String {
			tb := L.CreateTable(0, rv.Len())
			it := rv.MapRange()
			for it.Next() {
				tb.RawSetString(it.Key().String(), toLua(L, it.Value().Interface(), depth+1))
			}
			if rv.Len() == 0 {
				MarkObject(L, tb)
			}
			return tb
		}
	case reflect.Bool:
		return lua.LBool(rv.Bool())
	case reflect.String:
		return lua.LString(rv.String())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return intToLua(L, rv.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return toLua(L, rv.Uint(), depth)
	case reflect.Float32, reflect.Float64:
		return lua.LNumber(rv.Float())
	}
	b, err := json.Marshal(v)
	if err != nil {
		return lua.LString(fmt.Sprint(v))
	}
	var g any
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	if d.Decode(&g) != nil {
		return lua.LString(fmt.Sprint(v))
	}
	return toLua(L, g, depth+1)
}

// FromLua converts a Lua value to Go (see the table above). Tables whose keys are exactly
// the integers 1..n (holes allowed when not too sparse) become []any unless marked as an
// object, other tables map[string]any (numeric keys written as text). It fails on reference cycles and on keys
// that are neither strings nor numbers.
func FromLua(L *lua.LState, v lua.LValue) (any, error) {
	return fromLua(L, v, map[*lua.LTable]bool{})
}

func fromLua(L *lua.LState, v lua.LValue, seen map[*lua.LTable]bool) (any, error) {
	switch t := v.(type) {
	case *lua.LNilType:
		return nil, nil
	case lua.LBool:
		return bool(t), nil
	case lua.LString:
		return string(t), nil
	case lua.LNumber:
		f := float64(t)
		if f == math.Trunc(f) && f >= -9.2e18 && f <= 9.2e18 {
			return int64(f), nil
		}
		return f, nil
	case *lua.LTable:
		if seen[t] {
			return nil, fmt.Errorf("cannot convert a table that contains itself")
		}
		seen[t] = true
		defer delete(seen, t)
		return tableFromLua(L, t, seen)
	case *lua.LFunction:
		return luaFunc(L, t), nil
	case *lua.LUserData:
		switch u := t.Value.(type) {
		case nullValue:
			return nil, nil
		case json.Number:
			return u, nil
		}
		return t.Value, nil
	}
	return nil, fmt.Errorf("cannot convert a Lua %s", v.Type().String())
}

func tableFromLua(L *lua.LState, t *lua.LTable, seen map[*lua.LTable]bool) (any, error) {
	count, maxInt, other := 0, 0, false
	var bad lua.LValue
	t.ForEach(func(k, _ lua.LValue) {
		count++
		switch key := k.(type) {
		case lua.LNumber:
			if f := float64(key); f == math.Trunc(f) && f >= 1 && f <= 1<<31 {
				if int(f) > maxInt {
					maxInt = int(f)
				}
				return
			}
			other = true
		case lua.LString:
			other = true
		default:
			bad = k
		}
	})
	if bad != nil {
		return nil, fmt.Errorf("cannot convert a table with a %s key", bad.Type().String())
	}
	if count == 0 {
		if IsArrayMarked(L, t) {
			return []any{}, nil
		}
		return map[string]any{}, nil
	}
	if !other && maxInt <= 2*count+8 && !IsObjectMarked(L, t) {
		list := make([]any, maxInt)
		for i := 1; i <= maxInt; i++ {
			e, err := fromLua(L, t.RawGetInt(i), seen)
			if err != nil {
				return nil, err
			}
			list[i-1] = e
		}
		return list, nil
	}
	m := make(map[string]any, count)
	var err error
	t.ForEach(func(k, e lua.LValue) {
		if err != nil {
			return
		}
		var g any
		g, err = fromLua(L, e, seen)
		m[k.String()] = g
	})
	return m, err
}

func luaFunc(L *lua.LState, fn *lua.LFunction) Func {
	return func(args ...any) ([]any, error) {
		top := L.GetTop()
		L.Push(fn)
		for _, a := range args {
			L.Push(ToLua(L, a))
		}
		if err := L.PCall(len(args), lua.MultRet, nil); err != nil {
			return nil, fromLuaError(L, err)
		}
		n := L.GetTop() - top
		out := make([]any, 0, n)
		for i := top + 1; i <= L.GetTop(); i++ {
			g, err := FromLua(L, L.Get(i))
			if err != nil {
				L.SetTop(top)
				return nil, err
			}
			out = append(out, g)
		}
		L.SetTop(top)
		return out, nil
	}
}

// SortedKeys returns the string keys of t in order; a helper for deterministic output.
func SortedKeys(t *lua.LTable) []string {
	var keys []string
	t.ForEach(func(k, _ lua.LValue) {
		if s, ok := k.(lua.LString); ok {
			keys = append(keys, string(s))
		}
	})
	sort.Strings(keys)
	return keys
}
