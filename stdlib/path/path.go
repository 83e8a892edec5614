// Package path is the Lua module "path": file path manipulation with the rules of the
// operating system (path/filepath). Apart from abs and expand, the functions only work on
// text and never touch the file system.
//
// Decisions where the design was silent: only a leading "~" alone or followed by a
// separator is expanded ("~user" is not); abs expands "~" first (an absolute path under
// the current folder named "~" is never what a user means); rel raises when no relative
// path exists (for instance from a relative to an absolute path).
package path

import (
	_ "embed"
	"os"
	"path/filepath"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/runtime"
)

//go:embed path.d.lua
var meta string

// Module is the "path" module.
var Module = runtime.Module{
	Name: "path",
	Doc:  "File path manipulation: join, split, base, dir, ext, abs, rel, ~ expansion",
	Open: open,
	Meta: meta,
}

func open(L *lua.LState) int {
	L.Push(L.SetFuncs(L.NewTable(), map[string]lua.LGFunction{
		"join":   join,
		"base":   stringFunc(filepath.Base),
		"dir":    stringFunc(filepath.Dir),
		"ext":    stringFunc(filepath.Ext),
		"clean":  stringFunc(filepath.Clean),
		"abs":    abs,
		"split":  split,
		"is_abs": isAbs,
		"rel":    rel,
		"expand": expand,
	}))
	return 1
}

// Expand replaces a leading "~" (alone or followed by a separator) with the home folder.
func Expand(p string) (string, error) {
	if p != "~" && !strings.HasPrefix(p, "~/") && !strings.HasPrefix(p, "~"+string(filepath.Separator)) {
		return p, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", err
	}
	return home + p[1:], nil
}

// stringFunc makes a Lua function of a pure string function (base, dir, ext, clean).
func stringFunc(f func(string) string) lua.LGFunction {
	return func(L *lua.LState) int {
		L.Push(lua.LString(f(L.CheckString(1))))
		return 1
	}
}

// join: path.join(...) -> string
func join(L *lua.LState) int {
	parts := make([]string, L.GetTop())
	for i := range parts {
		parts[i] = L.CheckString(i + 1)
	}
	L.Push(lua.LString(filepath.Join(parts...)))
	return 1
}

// abs: path.abs(p) -> string
func abs(L *lua.LState) int {
	p, err := Expand(L.CheckString(1))
	if err == nil {
		p, err = filepath.Abs(p)
	}
	if err != nil {
		runtime.RaiseIn(L, runtime.KindError, "path.abs", err)
	}
	L.Push(lua.LString(p))
	return 1
}

// split: path.split(p) -> dir, file
func split(L *lua.LState) int {
	dir, file := filepath.Split(L.CheckString(1))
	L.Push(lua.LString(dir))
	L.Push(lua.LString(file))
	return 2
}

// is_abs: path.is_abs(p) -> boolean
func isAbs(L *lua.LState) int {
	L.Push(lua.LBool(filepath.IsAbs(L.CheckString(1))))
	return 1
}

// rel: path.rel(base, target) -> string
func rel(L *lua.LState) int {
	r, err := filepath.Rel(L.CheckString(1), L.CheckString(2))
	if err != nil {
		runtime.RaiseIn(L, runtime.KindError, "path.rel", err)
	}
	L.Push(lua.LString(r))
	return 1
}

// expand: path.expand(p) -> string
func expand(L *lua.LState) int {
	p, err := Expand(L.CheckString(1))
	if err != nil {
		runtime.RaiseIn(L, runtime.KindError, "path.expand", err)
	}
	L.Push(lua.LString(p))
	return 1
}
