// Package zlib is the Lua module "zlib": compression of Lua strings in the zlib format
// (RFC 1950), the format of the CLI's @zlib: extended values.
package zlib

import (
	"bytes"
	"compress/zlib"
	_ "embed"
	"io"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/runtime"
)

//go:embed zlib.d.lua
var meta string

// Module is the "zlib" module.
var Module = runtime.Module{
	Name: "zlib",
	Doc:  "zlib (RFC 1950) compression and decompression of strings",
	Open: open,
	Meta: meta,
}

func open(L *lua.LState) int {
	L.Push(L.SetFuncs(L.NewTable(), map[string]lua.LGFunction{
		"compress":   compress,
		"decompress": decompress,
	}))
	return 1
}

// compress: zlib.compress(s, level?) -> string
func compress(L *lua.LState) int {
	s := L.CheckString(1)
	level := L.OptInt(2, zlib.DefaultCompression)
	if level < zlib.DefaultCompression || level > zlib.BestCompression {
		L.ArgError(2, "level must be -1 (default) or 0 to 9")
	}
	var buf bytes.Buffer
	w, err := zlib.NewWriterLevel(&buf, level)
	if err == nil {
		_, err = w.Write([]byte(s))
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		runtime.RaiseIn(L, runtime.KindError, "zlib.compress", err)
	}
	L.Push(lua.LString(buf.String()))
	return 1
}

// decompress: zlib.decompress(s) -> string
func decompress(L *lua.LState) int {
	r, err := zlib.NewReader(strings.NewReader(L.CheckString(1)))
	var b []byte
	if err == nil {
		b, err = io.ReadAll(r)
	}
	if err != nil {
		runtime.RaiseIn(L, runtime.KindError, "zlib.decompress", err)
	}
	L.Push(lua.LString(b))
	return 1
}
