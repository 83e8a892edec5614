package runtime_test

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/runtime"
)

// newTestState returns a state of a fresh engine over test streams, closed at the end of the
// test.
func newTestState(t *testing.T, in string, mods ...runtime.Module) (*lua.LState, *runtime.Engine) {
	t.Helper()
	streams, _, _ := runtime.TestIO(in)
	e := &runtime.Engine{IO: streams, Modules: mods}
	L := e.NewState(context.Background())
	t.Cleanup(func() { runtime.Close(L) })
	return L, e
}

// runLua compiles src under name and runs it in L.
func runLua(t *testing.T, L *lua.LState, name, src string, args ...lua.LValue) ([]lua.LValue, error) {
	t.Helper()
	proto, err := runtime.Compile(name, []byte(src))
	if err != nil {
		t.Fatalf("compile %s: %v", name, err)
	}
	return runtime.RunProto(L, proto, args...)
}

// mustLua runs src and fails the test on error.
func mustLua(t *testing.T, L *lua.LState, src string, args ...lua.LValue) []lua.LValue {
	t.Helper()
	out, err := runLua(t, L, t.Name()+".lua", src, args...)
	if err != nil {
		t.Fatalf("run %q: %v", src, err)
	}
	return out
}

func TestToLuaFromLuaRoundTrip(t *testing.T) {
	type point struct {
		X int    `json:"x"`
		Y string `json:"y"`
	}
	when := time.Date(2024, 1, 2, 3, 4, 5, 600, time.UTC)
	tests := []struct {
		name string
		in   any
		want any
	}{
		{"nil", nil, nil},
		{"true", true, true},
		{"false", false, false},
		{"string", "héllo", "héllo"},
		{"bytes", []byte("raw"), "raw"},
		{"int", 7, int64(7)},
		{"int64", int64(-42), int64(-42)},
		{"int32", int32(12), int64(12)},
		{"int8 via reflect", int8(-3), int64(-3)},
		{"uint8 via reflect", uint8(200), int64(200)},
		{"2^53 exact", int64(1 << 53), int64(1 << 53)},
		{"-2^53 exact", int64(-(1 << 53)), int64(-(1 << 53))},
		{"2^53+1 big", int64(1<<53 + 1), json.Number("9007199254740993")},
		{"-2^53-1 big", int64(-(1 << 53) - 1), json.Number("-9007199254740993")},
		{"max int64", int64(math.MaxInt64), json.Number("9223372036854775807")},
		{"min int64", int64(math.MinInt64), json.Number("-9223372036854775808")},
		{"small uint64", uint64(5), int64(5)},
		{"max uint64", uint64(math.MaxUint64), json.Number("18446744073709551615")},
		{"uint via reflect", uint(math.MaxUint64), json.Number("18446744073709551615")},
		{"json.Number small", json.Number("42"), int64(42)},
		{"json.Number negative", json.Number("-17"), int64(-17)},
		{"json.Number 2^53+1", json.Number("9007199254740993"), json.Number("9007199254740993")},
		{"json.Number beyond int64", json.Number("123456789012345678901234567890"), json.Number("123456789012345678901234567890")},
		{"json.Number negative beyond int64", json.Number("-123456789012345678901234567890"), json.Number("-123456789012345678901234567890")},
		{"json.Number float", json.Number("2.5"), 2.5},
		{"json.Number exponent", json.Number("1e2"), int64(100)},
		{"float", 1.5, 1.5},
		{"negative float", -0.25, -0.25},
		{"float32", float32(0.5), 0.5},
		{"integral float", 3.0, int64(3)},
		{"huge float", 1e300, 1e300},
		{"infinity", math.Inf(1), math.Inf(1)},
		{"time", when, "2024-01-02T03:04:05.0000006Z"},
		{"empty map", map[string]any{}, map[string]any{}},
		{"empty list", []any{}, []any{}},
		{"nil list", []any(nil), []any{}},
		{"empty string list", []string{}, []any{}},
		{"nil inside map", map[string]any{"a": nil, "b": "x"}, map[string]any{"a": nil, "b": "x"}},
		{"nil inside list", []any{int64(1), nil, int64(3)}, []any{int64(1), nil, int64(3)}},
		{"nil at end of list", []any{"a", nil}, []any{"a", nil}},
		{"only nil in list", []any{nil}, []any{nil}},
		{"string list", []string{"a", "b"}, []any{"a", "b"}},
		{"string map", map[string]string{"k": "v"}, map[string]any{"k": "v"}},
		{"int slice via reflect", []int{1, 2}, []any{int64(1), int64(2)}},
		{"int map via reflect", map[string]int{"n": 1}, map[string]any{"n": int64(1)}},
		{"empty reflect map", map[string]int{}, map[string]any{}},
		{"nil reflect slice", []int(nil), []any{}},
		{"struct via json", point{X: 1, Y: "b"}, map[string]any{"x": int64(1), "y": "b"}},
		{"pointer to struct", &point{X: 2}, map[string]any{"x": int64(2), "y": ""}},
		{"nested", map[string]any{
			"list":  []any{map[string]any{}, []any{}, map[string]any{"x": []any{"y", nil}}},
			"big":   json.Number("18446744073709551616"),
			"inner": map[string]any{"n": nil, "f": 0.125, "t": true},
		}, map[string]any{
			"list":  []any{map[string]any{}, []any{}, map[string]any{"x": []any{"y", nil}}},
			"big":   json.Number("18446744073709551616"),
			"inner": map[string]any{"n": nil, "f": 0.125, "t": true},
		}},
	}
	L, _ := newTestState(t, "")
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lv := runtime.ToLua(L, tc.in)
			got, err := runtime.FromLua(L, lv)
			if err != nil {
				t.Fatalf("FromLua: %v", err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("round trip of %#v = %#v (%T), want %#v (%T)", tc.in, got, got, tc.want, tc.want)
			}
		})
	}
}

func TestToLuaShapes(t *testing.T) {
	L, _ := newTestState(t, "")
	if v := runtime.ToLua(L, nil); v != lua.LNil {
		t.Errorf("ToLua(nil) = %#v, want LNil", v)
	}
	if v := runtime.ToLua(L, int64(1<<53)); v != lua.LNumber(1<<53) {
		t.Errorf("ToLua(2^53) = %#v, want LNumber", v)
	}
	if v := runtime.ToLua(L, int64(1<<53+1)); v.Type() != lua.LTUserData {
		t.Errorf("ToLua(2^53+1) is a %s, want the json.number userdata", v.Type())
	}
	m := runtime.ToLua(L, map[string]any{"a": nil}).(*lua.LTable)
	if !runtime.IsNull(m.RawGetString("a")) {
		t.Errorf("nil in a map: got %#v, want the null sentinel", m.RawGetString("a"))
	}
	if m.RawGetString("a") != runtime.Null(L) {
		t.Errorf("the sentinel is not the state's json.null")
	}
	l := runtime.ToLua(L, []any{nil, "x"}).(*lua.LTable)
	if l.Len() != 2 || !runtime.IsNull(l.RawGetInt(1)) || l.RawGetInt(2) != lua.LString("x") {
		t.Errorf("nil in a list: len %d, [1]=%v, [2]=%v", l.Len(), l.RawGetInt(1), l.RawGetInt(2))
	}
	em := runtime.ToLua(L, map[string]any{}).(*lua.LTable)
	if !runtime.IsObjectMarked(L, em) || runtime.IsArrayMarked(L, em) {
		t.Errorf("empty map: object marked %v, array marked %v", runtime.IsObjectMarked(L, em), runtime.IsArrayMarked(L, em))
	}
	el := runtime.ToLua(L, []any{}).(*lua.LTable)
	if !runtime.IsArrayMarked(L, el) || runtime.IsObjectMarked(L, el) {
		t.Errorf("empty list: array marked %v, object marked %v", runtime.IsArrayMarked(L, el), runtime.IsObjectMarked(L, el))
	}
	full := runtime.ToLua(L, map[string]any{"k": 1}).(*lua.LTable)
	if runtime.IsObjectMarked(L, full) {
		t.Errorf("a non-empty map should not carry a marker")
	}
	if runtime.IsNull(lua.LNil) || runtime.IsNull(lua.LString("null")) {
		t.Errorf("IsNull accepts a value that is not the sentinel")
	}
	// values already in Lua pass unchanged
	s := lua.LString("as is")
	if v := runtime.ToLua(L, s); v != s {
		t.Errorf("ToLua(LString) = %#v", v)
	}
}

func TestNullAndBigNumbersSeenFromLua(t *testing.T) {
	L, _ := newTestState(t, "")
	args := []lua.LValue{
		runtime.ToLua(L, map[string]any{"a": nil}),
		runtime.ToLua(L, int64(1<<53+1)),
		runtime.ToLua(L, json.Number("9007199254740993")),
		runtime.ToLua(L, uint64(math.MaxUint64)),
	}
	out := mustLua(t, L, `
local t, a, b, c = ...
return type(t.a), tostring(t.a), t.a == nil, tostring(a), a == b, a == c, "n=" .. a, a .. "!"`, args...)
	want := []lua.LValue{lua.LString("userdata"), lua.LString("null"), lua.LFalse,
		lua.LString("9007199254740993"), lua.LTrue, lua.LFalse,
		lua.LString("n=9007199254740993"), lua.LString("9007199254740993!")}
	if !reflect.DeepEqual(out, want) {
		t.Fatalf("got %v, want %v", out, want)
	}
}

func TestFromLuaTables(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want any
	}{
		{"list", `return {1, 2, 3}`, []any{int64(1), int64(2), int64(3)}},
		{"numbers", `return {f = 1.5, n = -3, big = 2^53, half = 0.5}`,
			map[string]any{"f": 1.5, "n": int64(-3), "big": int64(1 << 53), "half": 0.5}},
		{"beyond int64 is float", `return 2^64`, math.Pow(2, 64)},
		{"plain empty table", `return {}`, map[string]any{}},
		{"sparse list keeps holes", `local t = {}; t[1] = 1; t[3] = 3; return t`, []any{int64(1), nil, int64(3)}},
		{"hole at start", `local t = {}; t[2] = "b"; return t`, []any{nil, "b"}},
		{"too sparse is a map", `local t = {}; t[1] = "a"; t[100] = "b"; return t`, map[string]any{"1": "a", "100": "b"}},
		{"mixed keys", `return {1, 2, x = 3}`, map[string]any{"1": int64(1), "2": int64(2), "x": int64(3)}},
		{"zero key", `return {[0] = "z", "a"}`, map[string]any{"0": "z", "1": "a"}},
		{"float key", `return {[1.5] = "a"}`, map[string]any{"1.5": "a"}},
		{"negative key", `return {[-1] = "a"}`, map[string]any{"-1": "a"}},
		{"nested", `return {a = {b = {1, {c = true}}}, s = "x"}`,
			map[string]any{"a": map[string]any{"b": []any{int64(1), map[string]any{"c": true}}}, "s": "x"}},
		{"shared table is not a cycle", `local s = {1}; return {s, s}`, []any{[]any{int64(1)}, []any{int64(1)}}},
		{"string", `return "s"`, "s"},
		{"nil", `return nil`, nil},
	}
	L, _ := newTestState(t, "")
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := mustLua(t, L, tc.src)
			got, err := runtime.FromLua(L, out[0])
			if err != nil {
				t.Fatalf("FromLua: %v", err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got %#v, want %#v", got, tc.want)
			}
		})
	}
}

func TestFromLuaMarkers(t *testing.T) {
	L, _ := newTestState(t, "")
	arr := runtime.MarkArray(L, L.NewTable())
	if got, _ := runtime.FromLua(L, arr); !reflect.DeepEqual(got, []any{}) {
		t.Errorf("empty array-marked table = %#v, want []any{}", got)
	}
	obj := runtime.MarkObject(L, L.NewTable())
	obj.RawSetInt(1, lua.LString("a"))
	obj.RawSetInt(2, lua.LString("b"))
	if got, _ := runtime.FromLua(L, obj); !reflect.DeepEqual(got, map[string]any{"1": "a", "2": "b"}) {
		t.Errorf("object-marked table with keys 1..2 = %#v, want a map", got)
	}
	// a script appends to an empty array received from Go
	out := mustLua(t, L, `local t = ...; table.insert(t, "x"); return t`, runtime.ToLua(L, []any{}))
	if got, _ := runtime.FromLua(L, out[0]); !reflect.DeepEqual(got, []any{"x"}) {
		t.Errorf("array after insert = %#v", got)
	}
}

func TestFromLuaErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"self cycle", `local t = {}; t.self = t; return t`, "cannot convert a table that contains itself"},
		{"deep cycle", `local t = {}; t[1] = {x = {t}}; return t`, "cannot convert a table that contains itself"},
		{"boolean key", `return {[true] = 1}`, "cannot convert a table with a boolean key"},
		{"table key", `return {[{}] = 1}`, "cannot convert a table with a table key"},
		{"thread", `return coroutine.create(function() end)`, "cannot convert a Lua thread"},
		{"cycle in a list", `local t = {1}; t[2] = t; return {t}`, "cannot convert a table that contains itself"},
	}
	L, _ := newTestState(t, "")
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := mustLua(t, L, tc.src)
			got, err := runtime.FromLua(L, out[0])
			if err == nil {
				t.Fatalf("FromLua = %#v, want error %q", got, tc.want)
			}
			if err.Error() != tc.want {
				t.Fatalf("error %q, want %q", err, tc.want)
			}
		})
	}
}

func TestFromLuaFunction(t *testing.T) {
	L, _ := newTestState(t, "")
	out := mustLua(t, L, `return function(a, b) return a + b, {a, b} end, function() error("bad", 0) end`)
	add, err := runtime.FromLua(L, out[0])
	if err != nil {
		t.Fatal(err)
	}
	fn, ok := add.(runtime.Func)
	if !ok {
		t.Fatalf("FromLua(function) is %T, want runtime.Func", add)
	}
	fail, _ := runtime.FromLua(L, out[1])
	for i := 0; i < 2; i++ { // a failing call must not disturb the next one
		res, err := fn(int64(2), int64(3))
		if err != nil {
			t.Fatal(err)
		}
		if want := []any{int64(5), []any{int64(2), int64(3)}}; !reflect.DeepEqual(res, want) {
			t.Fatalf("call %d: got %#v, want %#v", i, res, want)
		}
		_, err = fail.(runtime.Func)()
		var re *runtime.Error
		if !errors.As(err, &re) || re.Kind != runtime.KindLua || re.Message != "bad" {
			t.Fatalf("failing function: %#v, want *Error{lua, bad}", err)
		}
	}
	if top := L.GetTop(); top != 0 {
		t.Errorf("stack left with %d values", top)
	}
}

func TestFromLuaUserdataPassesThrough(t *testing.T) {
	L, _ := newTestState(t, "")
	type handle struct{ id int }
	h := &handle{id: 9}
	ud := L.NewUserData()
	ud.Value = h
	got, err := runtime.FromLua(L, ud)
	if err != nil || got != h {
		t.Fatalf("FromLua(userdata) = %#v, %v; want the Go value", got, err)
	}
	if back := runtime.ToLua(L, ud); back != ud {
		t.Fatalf("ToLua(userdata) did not pass it through")
	}
}

func TestSortedKeys(t *testing.T) {
	L, _ := newTestState(t, "")
	out := mustLua(t, L, `return {b = 1, a = 2, [1] = 3, c = 4}`)
	if got := runtime.SortedKeys(out[0].(*lua.LTable)); strings.Join(got, ",") != "a,b,c" {
		t.Fatalf("SortedKeys = %v", got)
	}
}

func TestMathHugeIsInfinity(t *testing.T) {
	L, _ := newTestState(t, "")
	out := mustLua(t, L, `return math.huge == 1/0, -math.huge < -1e308`)
	if out[0] != lua.LTrue || out[1] != lua.LTrue {
		t.Fatalf("math.huge: %v", out)
	}
}

// TestFuncToLua: a Func (an @lua: value decoded in another state) comes back to Lua as a
// function that calls it, its arguments and results converted.
func TestFuncToLua(t *testing.T) {
	other := lua.NewState()
	defer other.Close()
	if err := other.DoString(`double = function(t) return t.n * 2, "ok" end`); err != nil {
		t.Fatal(err)
	}
	g, err := runtime.FromLua(other, other.GetGlobal("double"))
	if err != nil {
		t.Fatal(err)
	}
	L := lua.NewState()
	defer L.Close()
	L.SetGlobal("f", runtime.ToLua(L, g))
	if err := L.DoString(`local a, b = f({n = 21}); assert(a == 42 and b == "ok", tostring(a))`); err != nil {
		t.Fatal(err)
	}
}
