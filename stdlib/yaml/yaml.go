// Package yaml is the Lua module "yaml": YAML text to Lua values and back, with the same
// conversions as the json module (null sentinel, exact big integers, empty-table markers).
//
// Decisions where the design was silent:
//   - decode reads the first document of a stream; an empty document gives nil, a
//     document that is just null gives json.null;
//   - timestamps and other tagged scalars come back as the text written (no date
//     conversion); !!binary scalars come back as their decoded bytes, and encode writes
//     strings that are not valid UTF-8 as !!binary;
//   - anchors, aliases and merge keys (<<) are resolved; explicit keys win over merged ones,
//     and earlier merged mappings over later ones; an alias that contains itself, and a
//     document that expands to more than a million values plus ten per input byte, are
//     refused;
//   - map keys are always strings: a non-string scalar key keeps its text ("1", "true"),
//     and a sequence or mapping used as a key is an error;
//   - encode writes NaN and infinities as .nan, .inf and -.inf (YAML has them);
//   - every decode error starts with "line N: ", N counted from 1: the library counts parser
//     lines from 0 and omits the line in some cases, which errors.go corrects.
package yaml

import (
	"bytes"
	_ "embed"
	"fmt"

	lua "github.com/yuin/gopher-lua"
	"go.yaml.in/yaml/v3"

	"github.com/asperalm/aslmcli/internal/yamlerr"
	"github.com/asperalm/aslmcli/runtime"
)

//go:embed yaml.d.lua
var meta string

// Module is the "yaml" module.
var Module = runtime.Module{
	Name: "yaml",
	Doc:  "YAML encoding and decoding (same value conversions as json)",
	Open: open,
	Meta: meta,
}

func open(L *lua.LState) int {
	L.Push(L.SetFuncs(L.NewTable(), map[string]lua.LGFunction{
		"encode": encode,
		"decode": decode,
	}))
	return 1
}

// encode: yaml.encode(value) -> string
func encode(L *lua.LState) int {
	g, err := runtime.FromLua(L, L.CheckAny(1))
	if err != nil {
		runtime.RaiseIn(L, runtime.KindError, "yaml.encode", err)
	}
	s, err := Marshal(g)
	if err != nil {
		runtime.RaiseIn(L, runtime.KindError, "yaml.encode", err)
	}
	L.Push(lua.LString(s))
	return 1
}

// decode: yaml.decode(text) -> value
func decode(L *lua.LState) int {
	text := L.CheckString(1)
	v, empty, err := Unmarshal([]byte(text))
	switch {
	case err != nil:
		runtime.RaiseIn(L, runtime.KindError, "yaml.decode", err)
	case empty:
		L.Push(lua.LNil)
	case v == nil:
		L.Push(runtime.Null(L))
	default:
		L.Push(runtime.ToLua(L, v))
	}
	return 1
}

// Marshal writes v (as produced by runtime.FromLua) as YAML: block style, 2-space indent,
// keys sorted, strings quoted where they would read back as another type.
func Marshal(v any) (string, error) {
	n, err := toNode(v)
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		return "", err
	}
	if err := enc.Close(); err != nil {
		return "", err
	}
	return buf.String(), nil
}

// Unmarshal parses the first YAML document of text into map[string]any, []any, string,
// bool, nil, int64, float64 and json.Number (integers beyond int64). empty is true when
// text holds no document.
func Unmarshal(text []byte) (v any, empty bool, err error) {
	defer func() {
		if r := recover(); r != nil { // third-party parser: never crash the CLI
			v, err = nil, fmt.Errorf("cannot parse: %v", r)
		}
	}()
	var doc yaml.Node
	if err := yaml.Unmarshal(text, &doc); err != nil {
		return nil, false, yamlerr.Error(err, text)
	}
	if doc.Kind == 0 || (doc.Kind == yaml.DocumentNode && len(doc.Content) == 0) {
		return nil, true, nil
	}
	d := &decoder{budget: 1_000_000 + 10*len(text), active: map[*yaml.Node]bool{}}
	v, err = d.value(&doc, 0)
	return v, false, err
}
