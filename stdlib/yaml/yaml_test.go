package yaml_test

import (
	"testing"

	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/runtime/luatest"
	"github.com/asperalm/aslmcli/stdlib/json"
	"github.com/asperalm/aslmcli/stdlib/yaml"
)

func newState(t *testing.T) *luatest.State { return luatest.New(t, json.Module, yaml.Module) }

func TestEncode(t *testing.T) {
	s := newState(t)
	got := s.String(`
		local json, yaml = require("json"), require("yaml")
		return yaml.encode({
			b = {1, 2, {x = 1, y = {3}}}, a = "true", c = json.null, d = {}, e = json.array(),
			big = json.decode("12345678901234567890"), s = "line1\nline2", n = 1.5, i = 3,
			dt = "2001-12-14", num = "12", bin = "\255\0", huge = 1e20, nan = 0/0, ["k:"] = "v: x",
		})`)
	want := `a: "true"
b:
  - 1
  - 2
  - x: 1
    y:
      - 3
big: 12345678901234567890
bin: !!binary /wA=
c: null
d: {}
dt: "2001-12-14"
e: []
huge: 100000000000000000000
i: 3
'k:': 'v: x'
n: 1.5
nan: .nan
num: "12"
s: |-
  line1
  line2
`
	if got != want {
		t.Errorf("encode:\n%s\nwant:\n%s", got, want)
	}
	if got := s.String(`return require("yaml").encode("x")`); got != "x\n" {
		t.Errorf("scalar: %q", got)
	}
}

func TestDecode(t *testing.T) {
	s := newState(t)
	s.Must(`
		local json, yaml = require("json"), require("yaml")
		local v = yaml.decode(...)
		assert(v.a == json.null and json.is_null(v.tilde))
		assert(#v.list == 3 and v.list[2] == 2 and v.list[3] == json.null)
		assert(json.encode(v.empty_map) == "{}" and json.encode(v.empty_list) == "[]")
		assert(v.date == "2001-12-14" and v.quoted == "true" and v.yes == "yes" and v.t == true)
		assert(type(v.big) == "userdata" and tostring(v.big) == "9007199254740993")
		assert(tostring(v.bigger) == "123456789012345678901234567890")
		assert(tostring(v.neg) == "-12345678901234567890")
		assert(v.hex == 31 and v.f == 1.5 and v.whole == 2 and v.inf == 1/0)
		assert(v.merged.x == 1 and v.merged.y == 3 and v.merged.z == 4)
		assert(v.multi.x == 1 and v.multi.w == 9)
		assert(v.ref[1] == "a" and v.ref[2] == "b")
		assert(v["1"] == "one" and v["true"] == "yes")
		assert(v.bin == "\255\0")
		assert(v.text == "l1\nl2\n")
		return true`, `
a: null
tilde: ~
list: [1, 2, null]
empty_map: {}
empty_list: []
date: 2001-12-14
quoted: "true"
yes: yes
t: true
big: 9007199254740993
bigger: 123456789012345678901234567890
neg: -12345678901234567890
hex: 0x1F
f: 1.5
whole: 2.0
inf: .inf
base: &b {x: 1, y: 2}
other: &o {w: 9}
merged:
  <<: *b
  y: 3
  z: 4
multi:
  <<: [*b, *o]
names: &n [a, b]
ref: *n
1: one
true: yes
bin: !!binary /wA=
text: |
  l1
  l2
`)
	s.Must(`
		local json, yaml = require("json"), require("yaml")
		assert(yaml.decode("") == nil and yaml.decode("# only a comment\n") == nil)
		assert(yaml.decode("null") == json.null)
		assert(yaml.decode("--- 1\n--- 2\n") == 1)
		local v = {a = {1, "x", json.null, {}}, b = json.array(), c = json.decode("12345678901234567890")}
		assert(json.encode(yaml.decode(yaml.encode(v))) == json.encode(v))`)
}

func TestErrors(t *testing.T) {
	s := newState(t)
	for _, c := range []struct{ src, want string }{
		{`yaml.decode("a: 1\nb: [1, 2\nc: 3\n")`, "yaml.decode: line 2: did not find expected ',' or ']'"},
		{`yaml.decode("a: 1\n- b\n")`, "yaml.decode: line 2: did not find expected key"},
		{`yaml.decode("a: 1\nb: c: d\n")`, "yaml.decode: line 2: mapping values are not allowed in this context"},
		{`yaml.decode("a: b: c")`, "yaml.decode: line 1: mapping values are not allowed in this context"},
		{`yaml.decode("a: @x")`, "yaml.decode: line 1: found character that cannot start any token"},
		{`yaml.decode("a: 1\nb: \1\n")`, "yaml.decode: line 2: control characters are not allowed"},
		{`yaml.decode("a: 1\n\nb: \255\n")`, "yaml.decode: line 3: invalid leading UTF-8 octet"},
		{`yaml.decode("a: 1\nb: *nope")`, "yaml.decode: line 2: unknown anchor 'nope' referenced"},
		{`yaml.decode("a: &x\n  b: *x\n")`, "yaml.decode: line 1: anchor &x contains itself"},
		{`yaml.decode("? [1]\n: x\n")`, "yaml.decode: line 1: a mapping key must be a scalar"},
		{`yaml.decode("a:\n  <<: 1\n")`, "yaml.decode: line 2: << expects a mapping or a list of mappings"},
		{`yaml.decode(string.rep("[", 201) .. string.rep("]", 201))`, "yaml.decode: line 1: nesting deeper than 200 levels"},
		{`yaml.encode({f = print})`, "yaml.encode: cannot encode a function"},
		{`local t = {} t[1] = t yaml.encode(t)`, "yaml.encode: cannot convert a table that contains itself"},
		{`yaml.encode(io.stderr)`, "yaml.encode: cannot encode a value of Go type"},
	} {
		s.Fail(runtime.KindError, c.want, `local yaml = require("yaml") `+c.src)
	}
}

func TestAliasBomb(t *testing.T) {
	doc := "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	prev := "a"
	for _, n := range []string{"b", "c", "d", "e", "f", "g", "h"} {
		doc += n + ": &" + n + " [*" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev +
			", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + "]\n"
		prev = n
	}
	if _, _, err := yaml.Unmarshal([]byte(doc)); err == nil {
		t.Fatal("want an error for an alias bomb")
	}
}
