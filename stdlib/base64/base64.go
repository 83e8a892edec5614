// Package base64 is the Lua module "base64": Base64 encoding and decoding of Lua strings
// (which hold any bytes).
//
// Decisions where the design was silent: decode is lenient (standard and URL alphabets may
// even be mixed, padding is optional, whitespace anywhere is ignored) but still raises on
// any other character, with its offset in the input once whitespace is removed.
package base64

import (
	_ "embed"
	"encoding/base64"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/runtime"
)

//go:embed base64.d.lua
var meta string

// Module is the "base64" module.
var Module = runtime.Module{
	Name: "base64",
	Doc:  "Base64 encoding and decoding (standard and URL-safe alphabets)",
	Open: open,
	Meta: meta,
}

func open(L *lua.LState) int {
	L.Push(L.SetFuncs(L.NewTable(), map[string]lua.LGFunction{
		"encode":     encode,
		"decode":     decode,
		"encode_url": encodeURL,
	}))
	return 1
}

// encode: base64.encode(s) -> string (standard alphabet, padded)
func encode(L *lua.LState) int {
	L.Push(lua.LString(base64.StdEncoding.EncodeToString([]byte(L.CheckString(1)))))
	return 1
}

// encode_url: base64.encode_url(s) -> string (URL alphabet, no padding)
func encodeURL(L *lua.LState) int {
	L.Push(lua.LString(base64.RawURLEncoding.EncodeToString([]byte(L.CheckString(1)))))
	return 1
}

// decode: base64.decode(s) -> string
func decode(L *lua.LState) int {
	b, err := Decode(L.CheckString(1))
	if err != nil {
		runtime.Raise(L, &runtime.Error{Kind: runtime.KindError, Message: "base64.decode: " + err.Error(), Err: err})
	}
	L.Push(lua.LString(b))
	return 1
}

var cleaner = strings.NewReplacer(" ", "", "\t", "", "\r", "", "\n", "", "\f", "", "\v", "", "-", "+", "_", "/")

// Decode decodes standard or URL-safe Base64, padded or not, ignoring whitespace.
func Decode(s string) ([]byte, error) {
	s = cleaner.Replace(s)
	for i := 0; i < 2 && strings.HasSuffix(s, "="); i++ {
		s = s[:len(s)-1]
	}
	return base64.RawStdEncoding.DecodeString(s)
}
