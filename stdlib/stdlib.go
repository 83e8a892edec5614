// Package stdlib lists the general Lua modules of aslmcli: json, yaml, base64, zlib, fs,
// path, time, log, env and out (results through the CLI formatter). They know nothing of Aspera; each lives in its own package
// (stdlib/<name>) with its LuaLS definition file (<name>.d.lua), and sets no globals.
//
// Conventions shared by the modules: misuse of a function (wrong argument type, unknown
// option) raises a "bad argument" error; operational failures raise a runtime.Error whose
// message starts with "<module>.<function>: " (kind io for local files, error otherwise);
// predicates and lookups return false or nil for absence; option tables are the last
// argument and unknown keys in them are refused; functions that block stop when the
// state's context is cancelled.
package stdlib

import (
	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/stdlib/base64"
	"github.com/asperalm/aslmcli/stdlib/env"
	"github.com/asperalm/aslmcli/stdlib/fs"
	"github.com/asperalm/aslmcli/stdlib/json"
	"github.com/asperalm/aslmcli/stdlib/log"
	"github.com/asperalm/aslmcli/stdlib/out"
	"github.com/asperalm/aslmcli/stdlib/path"
	"github.com/asperalm/aslmcli/stdlib/time"
	"github.com/asperalm/aslmcli/stdlib/yaml"
	"github.com/asperalm/aslmcli/stdlib/zlib"
)

// Modules returns the stdlib modules, in a fixed order.
func Modules() []runtime.Module {
	return []runtime.Module{
		json.Module, yaml.Module, base64.Module, zlib.Module, fs.Module,
		path.Module, time.Module, log.Module, env.Module, out.Module,
	}
}
