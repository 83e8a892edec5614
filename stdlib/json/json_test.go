package json_test

import (
	"strings"
	"testing"

	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/runtime/luatest"
	"github.com/asperalm/aslmcli/stdlib/json"
)

func TestRoundTrip(t *testing.T) {
	s := luatest.New(t, json.Module)
	text := `{"a":null,"b":[1,2,{"c":[]}],"d":{},"e":9007199254740993,"f":12345678901234567890,` +
		`"g":"héllo ✓ é \u0001","h":1.5,"i":true,"j":-12345678901234567890,"k":9007199254740992}`
	got := s.String(`
		local json = require("json")
		local v = json.decode(...)
		assert(json.is_null(v.a) and v.a == json.null and tostring(v.a) == "null")
		assert(#v.b == 3 and v.b[1] == 1 and type(v.b[3].c) == "table" and next(v.b[3].c) == nil)
		assert(type(v.e) == "userdata" and tostring(v.e) == "9007199254740993")
		assert(tostring(v.f) == "12345678901234567890")
		assert(v.f == json.decode("12345678901234567890"))
		assert("n=" .. v.f == "n=12345678901234567890")
		assert(type(v.k) == "number" and v.k == 2^53)
		assert(v.g == "héllo ✓ é \1")
		assert(not json.is_null(nil) and not json.is_null(false))
		return json.encode(v)`, text)
	if got != text {
		t.Errorf("round trip:\n got %s\nwant %s", got, text)
	}
}

func TestEncodeExact(t *testing.T) {
	s := luatest.New(t, json.Module)
	got := s.String(`
		local json = require("json")
		return json.encode({
			b = 1, a = {z = 1, y = 2}, list = {3, 2, 1}, e = {}, arr = json.array(),
			obj = json.object(), big = 1e15, huge = 1e20, f = 0.1, neg = -2.5, tiny = 1.5e-7,
			s = "<&>\n\t\"\\/", u = "日本\226\128\168", [1.5] = "k", n = json.null,
		})`)
	want := `{"1.5":"k","a":{"y":2,"z":1},"arr":[],"b":1,"big":1000000000000000,"e":{},"f":0.1,` +
		`"huge":100000000000000000000,"list":[3,2,1],"n":null,"neg":-2.5,"obj":{},` +
		`"s":"<&>\n\t\"\\/","tiny":1.5e-7,"u":"日本\u2028"}`
	if got != want {
		t.Errorf("encode:\n got %s\nwant %s", got, want)
	}
	for _, c := range []struct{ src, want string }{
		{`return json.encode(nil)`, `null`},
		{`return json.encode("x")`, `"x"`},
		{`return json.encode(42)`, `42`},
		{`return json.encode({1, nil, 3})`, `[1,null,3]`},
		{`return json.encode("\255")`, `"` + "\ufffd" + `"`},
		{`return json.encode({a = {1, 2}, b = {}}, {pretty = true})`,
			"{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {}\n}"},
		{`return json.encode({a = {x = 1}}, {indent = "\t"})`, "{\n\t\"a\": {\n\t\t\"x\": 1\n\t}\n}"},
		{`return json.encode({a = 1}, {indent = "\t", pretty = false})`, `{"a":1}`},
	} {
		if got := s.String(`local json = require("json") ` + c.src); got != c.want {
			t.Errorf("%s: got %q, want %q", c.src, got, c.want)
		}
	}
}

func TestMarkers(t *testing.T) {
	s := luatest.New(t, json.Module)
	s.Must(`
		local json = require("json")
		local t = {}
		assert(json.array(t) == t and json.encode(t) == "[]")
		assert(json.object(t) == t and json.encode(t) == "{}")
		assert(json.encode(json.decode("[]")) == "[]")
		assert(json.encode(json.decode("{}")) == "{}")
		assert(json.encode(json.decode('{"a":[],"b":{}}')) == '{"a":[],"b":{}}')
		assert(json.decode("null") == json.null)
		assert(json.decode(' "x" ') == "x")
		assert(json.decode("1e2") == 100)
		assert(json.decode("-0.5") == -0.5)
		assert(json.decode("1e400") == 1/0 and json.decode("[-1e400]")[1] == -1/0)
		assert(json.decode("1.0") == 1 and json.decode("12345678901234567890.5") == 12345678901234567890.5)
		assert(json.encode({a = {b = 1}}, {indent = 1}) == '{\n "a": {\n  "b": 1\n }\n}')`)
}

func TestErrors(t *testing.T) {
	s := luatest.New(t, json.Module)
	for _, c := range []struct{ src, want string }{
		{`json.encode({f = print})`, "json.encode: cannot encode a function (at .f)"},
		{`json.encode({1, {print}})`, "json.encode: cannot encode a function (at [2][1])"},
		{`local t = {} t.self = t json.encode(t)`, "json.encode: cannot convert a table that contains itself"},
		{`json.encode({x = 0/0})`, "json.encode: cannot encode NaN (at .x)"},
		{`json.encode(-1/0)`, "json.encode: cannot encode -Inf"},
		{`json.encode({[true] = 1})`, "json.encode: cannot convert a table with a boolean key"},
		{`json.encode(io.stdout)`, "json.encode: cannot encode a value of Go type"},
		{`json.decode('{"a":1,}')`, "json.decode: invalid character '}' looking for beginning of object key string at offset 7"},
		{`json.decode('[1,')`, "json.decode: unexpected end of JSON input at offset 3"},
		{`json.decode('[1] x')`, "json.decode: invalid character 'x' after top-level value at offset 4"},
		{`json.decode(string.rep("[", 201) .. string.rep("]", 201))`, "json.decode: nesting deeper than 200 levels"},
	} {
		s.Fail(runtime.KindError, c.want, `local json = require("json") `+c.src)
	}
	s.Fail(runtime.KindLua, `unexpected option "pretyy"`, `require("json").encode({}, {pretyy = true})`)
	s.Fail(runtime.KindLua, "option pretty: boolean expected", `require("json").encode({}, {pretty = 1})`)
	s.Fail(runtime.KindLua, "bad argument #1", `require("json").decode({})`)
	s.Fail(runtime.KindLua, "option indent: a string or 0 to 16 spaces", `require("json").encode({}, {indent = -1})`)
	s.Must(`
		local json = require("json")
		local ok, err = pcall(json.decode, "{")
		assert(not ok and err.kind == "error" and err.message:find("offset 1", 1, true), tostring(err))
		assert(json.decode(string.rep("[", 200) .. string.rep("]", 200)))`)
}

func TestMarshalNumbers(t *testing.T) {
	for f, want := range map[float64]string{
		0.1: "0.1", -2.5: "-2.5", 1e-7: "1e-7", 123.456: "123.456", 1e21: "1000000000000000000000",
		1.5e300: "15" + strings.Repeat("0", 299),
		2.5e21:  "2500000000000000000000", 1.25e-10: "1.25e-10",
	} {
		got, err := json.Marshal(f)
		if err != nil || string(got) != want {
			t.Errorf("Marshal(%v) = %s, %v; want %s", f, got, err, want)
		}
	}
	if _, err := json.Marshal(map[string]any{"a": []any{struct{}{}}}); err == nil ||
		!strings.Contains(err.Error(), "(at .a[1])") {
		t.Errorf("want a path in the error, got %v", err)
	}
}
