package kit

import (
	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/runtime"
)

// Module is a binding module as one value: the engine's runtime.Module comes from it, and the
// definition-file test checks Meta against Funcs and the methods of Types.
type Module struct {
	// Name is the require name ("aspera.node").
	Name string
	// Doc is the one-line summary of help listings.
	Doc string
	// Meta is the LuaLS definition file (---@meta NAME): the module's documentation, where
	// functions are declared as `function SHORT.name(` (SHORT: the last part of Name) and
	// methods as `function PREFIX:name(` for each prefix of Types.
	Meta string
	// Funcs are the module's functions (the table require returns).
	Funcs map[string]lua.LGFunction
	// Types are the module's handle types by their prefix in Meta ("client", "job").
	Types map[string]*Handle
	// Open, when set, replaces the table of Funcs as what require returns (aspera.cli
	// returns the object of the running command).
	Open lua.LGFunction
}

// Runtime returns the module for the engine.
func (m Module) Runtime() runtime.Module {
	open := m.Open
	if open == nil {
		funcs := m.Funcs
		open = func(L *lua.LState) int {
			L.Push(L.SetFuncs(L.NewTable(), funcs))
			return 1
		}
	}
	return runtime.Module{Name: m.Name, Doc: m.Doc, Open: open, Meta: m.Meta}
}
