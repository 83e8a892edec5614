// Package env is the Lua module "env": the environment variables of the process.
//
// Decisions where the design was silent: a variable set to the empty string is present (get
// returns "", not the default); set and unset change the environment of the whole process,
// seen by every state and by the child processes started afterwards; a name that the system
// refuses (empty, or containing "=") is a usage error.
package env

import (
	_ "embed"
	"os"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/runtime"
)

//go:embed env.d.lua
var meta string

// Module is the "env" module.
var Module = runtime.Module{
	Name: "env",
	Doc:  "Environment variables: get, set, unset, list",
	Open: open,
	Meta: meta,
}

func open(L *lua.LState) int {
	L.Push(L.SetFuncs(L.NewTable(), map[string]lua.LGFunction{
		"get":   get,
		"set":   set,
		"unset": unset,
		"list":  list,
	}))
	return 1
}

// get: env.get(name, default?) -> string or default
func get(L *lua.LState) int {
	if v, ok := os.LookupEnv(L.CheckString(1)); ok {
		L.Push(lua.LString(v))
	} else {
		L.Push(L.Get(2))
	}
	return 1
}

func checkName(L *lua.LState) string {
	name := L.CheckString(1)
	if name == "" || strings.ContainsAny(name, "=\x00") {
		L.ArgError(1, "invalid variable name")
	}
	return name
}

// set: env.set(name, value)
func set(L *lua.LState) int {
	name, value := checkName(L), L.CheckString(2)
	if err := os.Setenv(name, value); err != nil {
		L.ArgError(2, err.Error())
	}
	return 0
}

// unset: env.unset(name)
func unset(L *lua.LState) int {
	if err := os.Unsetenv(checkName(L)); err != nil {
		L.ArgError(1, err.Error())
	}
	return 0
}

// list: env.list() -> table name -> value
func list(L *lua.LState) int {
	m := map[string]string{}
	for _, kv := range os.Environ() {
		if k, v, ok := strings.Cut(kv, "="); ok && k != "" {
			m[k] = v
		}
	}
	L.Push(runtime.ToLua(L, m))
	return 1
}
