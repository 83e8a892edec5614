// Package json is the Lua module "json": JSON text to Lua values and back, faithfully.
//
// Values cross through runtime.ToLua and runtime.FromLua, so JSON null is the json.null
// sentinel, integers beyond 2^53 stay exact (json.number values), and empty objects and
// arrays keep their kind through a marker (json.object(), json.array()).
//
// Decisions where the design was silent:
//   - json.decode("null") returns json.null (not nil), like null anywhere else in a document;
//   - setting indent alone turns pretty printing on (pretty=false still wins); indent may
//     also be a number of spaces (0 to 16);
//   - numbers beyond the range of a double decode as infinities (like JavaScript; note that
//     gopher-lua's math.huge is the largest double, not infinity), and encoding them raises;
//   - strings that are not valid UTF-8 are written with U+FFFD for each bad byte;
//   - U+2028 and U+2029 are escaped (JSON text stays valid JavaScript); nothing else beyond
//     what JSON requires is escaped (no HTML escaping);
//   - integral numbers are written in full, even beyond 2^63 (1e20 -> 100000000000000000000);
//   - a userdata other than json.null and json.number cannot be encoded;
//   - documents nested deeper than 200 levels are refused (the conversion depth limit).
package json

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/stdlib/internal/opt"
)

//go:embed json.d.lua
var meta string

// Module is the "json" module.
var Module = runtime.Module{
	Name: "json",
	Doc:  "JSON encoding and decoding (null sentinel, exact big integers, sorted keys)",
	Open: open,
	Meta: meta,
}

func open(L *lua.LState) int {
	t := L.SetFuncs(L.NewTable(), map[string]lua.LGFunction{
		"encode":  encode,
		"decode":  decode,
		"array":   array,
		"object":  object,
		"is_null": isNull,
	})
	t.RawSetString("null", runtime.Null(L))
	L.Push(t)
	return 1
}

// encode: json.encode(value, opts?) -> string
func encode(L *lua.LState) int {
	v := L.CheckAny(1)
	o := opt.Get(L, 2, "pretty", "indent")
	indent := o.String("indent", "  ")
	if n, ok := o.Value("indent").(lua.LNumber); ok { // a number of spaces
		if n < 0 || n > 16 || n != lua.LNumber(int(n)) {
			L.ArgError(2, "option indent: a string or 0 to 16 spaces expected")
		}
		indent = strings.Repeat(" ", int(n))
	}
	pretty := o.Bool("pretty", o.Has("indent"))
	g, err := runtime.FromLua(L, v)
	if err != nil {
		runtime.RaiseIn(L, runtime.KindError, "json.encode", err)
	}
	b, err := Marshal(g)
	if err == nil && pretty {
		var buf bytes.Buffer
		err = json.Indent(&buf, b, "", indent)
		b = buf.Bytes()
	}
	if err != nil {
		runtime.RaiseIn(L, runtime.KindError, "json.encode", err)
	}
	L.Push(lua.LString(b))
	return 1
}

// decode: json.decode(text) -> value
func decode(L *lua.LState) int {
	v, err := Unmarshal([]byte(L.CheckString(1)))
	if err != nil {
		runtime.RaiseIn(L, runtime.KindError, "json.decode", err)
	}
	if v == nil {
		L.Push(runtime.Null(L))
	} else {
		L.Push(runtime.ToLua(L, v))
	}
	return 1
}

// array: json.array(t?) -> t marked as an array
func array(L *lua.LState) int {
	L.Push(runtime.MarkArray(L, L.OptTable(1, L.NewTable())))
	return 1
}

// object: json.object(t?) -> t marked as an object
func object(L *lua.LState) int {
	L.Push(runtime.MarkObject(L, L.OptTable(1, L.NewTable())))
	return 1
}

// is_null: json.is_null(v) -> boolean
func isNull(L *lua.LState) int {
	L.Push(lua.LBool(runtime.IsNull(L.Get(1))))
	return 1
}

// maxDepth is the deepest nesting of objects and arrays that decode accepts: the runtime's
// conversion to Lua stops there.
const maxDepth = 200

// Unmarshal parses JSON text into map[string]any, []any, string, bool, nil, float64 and
// json.Number (integers, converted by runtime.ToLua to numbers or exact json.number values).
// A syntax error gives the offset of the bad byte.
func Unmarshal(text []byte) (any, error) {
	if err := json.Unmarshal(text, new(json.RawMessage)); err != nil {
		return nil, syntaxError(err)
	}
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return normalize(v, 0)
}

func syntaxError(err error) error {
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return err
	}
	off := int(se.Offset)
	if off > 0 && se.Error() != "unexpected end of JSON input" {
		off-- // Offset counts the bytes read, the bad one included
	}
	return fmt.Errorf("%s at offset %d", se.Error(), off)
}

// normalize refuses documents nested deeper than maxDepth and turns numbers that are not
// integers into float64 (±Inf beyond the range of a double, as JavaScript does); integers
// stay json.Number so that the conversion to Lua keeps big ones exact.
func normalize(v any, depth int) (any, error) {
	var err error
	switch t := v.(type) {
	case json.Number:
		if strings.ContainsAny(string(t), ".eE") {
			f, _ := strconv.ParseFloat(string(t), 64)
			return f, nil
		}
	case map[string]any:
		if depth >= maxDepth {
			return nil, fmt.Errorf("nesting deeper than %d levels", maxDepth)
		}
		for k, e := range t {
			if t[k], err = normalize(e, depth+1); err != nil {
				return nil, err
			}
		}
	case []any:
		if depth >= maxDepth {
			return nil, fmt.Errorf("nesting deeper than %d levels", maxDepth)
		}
		for i, e := range t {
			if t[i], err = normalize(e, depth+1); err != nil {
				return nil, err
			}
		}
	}
	return v, nil
}
