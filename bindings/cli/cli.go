// Package cli is the binding of aspera.cli, the command line of the running command
// (arguments, options, output), and the loader that turns a plugin script's declaration table
// into the command tree of runtime/cli.
package cli

import (
	_ "embed"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/bindings/kit"
	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/runtime/cli"
	"github.com/asperalm/aslmcli/stdlib/out"
)

//go:embed aspera.cli.d.lua
var meta string

// Module is `aspera.cli`: require returns the cli object of the running command (the same
// object a command's run function receives; for `aslmcli run` scripts, an object over the
// script's arguments).
var Module = kit.Module{Name: "aspera.cli", Doc: "the command line of the running command: arguments, options, output",
	Open: openCLI, Meta: meta, Types: map[string]*kit.Handle{"cli": Handle}}

// Handle is the type of the cli object.
var Handle = &kit.Handle{Name: "aspera.cli", Methods: methods,
	String: func(v any) string { return "aspera.cli(" + v.(*cli.Invocation).Plugin + ")" }}

type invocationKey struct{}

// SetInvocation makes inv the object require("aspera.cli") returns in states of e.
func SetInvocation(e *runtime.Engine, inv *cli.Invocation) {
	e.SetService(invocationKey{}, inv)
}

func openCLI(L *lua.LState) int {
	inv, ok := runtime.Service(L, invocationKey{}).(*cli.Invocation)
	if !ok {
		L.RaiseError("aspera.cli: no command is running")
	}
	L.Push(NewValue(L, inv))
	return 1
}

// NewValue returns the Lua cli object over inv.
func NewValue(L *lua.LState, inv *cli.Invocation) *lua.LUserData { return Handle.New(L, inv) }

func checkCLI(L *lua.LState) *cli.Invocation { return kit.Arg[*cli.Invocation](L, 1, "cli object") }

var methods = map[string]lua.LGFunction{
	"next_command": func(L *lua.LState) int {
		inv := checkCLI(L)
		t := L.CheckTable(2)
		var choices []string
		for i := 1; i <= t.Len(); i++ {
			choices = append(choices, t.RawGetInt(i).String())
		}
		w, err := inv.NextCommand(choices)
		if err != nil {
			runtime.Raise(L, err)
		}
		L.Push(lua.LString(w))
		return 1
	},
	"next_arg": func(L *lua.LState) int {
		inv := checkCLI(L)
		name := L.OptString(2, "value")
		opts := L.OptTable(3, L.NewTable())
		v, err := inv.NextArg(name, lua.LVAsBool(opts.RawGetString("optional")))
		if err != nil {
			runtime.Raise(L, err)
		}
		L.Push(runtime.ToLua(L, v))
		return 1
	},
	"remaining_args": func(L *lua.LState) int {
		inv := checkCLI(L)
		vs, err := inv.Remaining(L.OptString(2, "value"))
		if err != nil {
			runtime.Raise(L, err)
		}
		L.Push(runtime.ToLua(L, append([]any{}, vs...)))
		return 1
	},
	"has_args": func(L *lua.LState) int {
		L.Push(lua.LBool(checkCLI(L).HasArgs()))
		return 1
	},
	"peek_arg": func(L *lua.LState) int {
		if s, ok := checkCLI(L).Peek(); ok {
			L.Push(lua.LString(s))
		} else {
			L.Push(lua.LNil)
		}
		return 1
	},
	"option": func(L *lua.LState) int {
		inv := checkCLI(L)
		name := L.CheckString(2)
		opts := L.OptTable(3, L.NewTable())
		v, err := inv.Option(name, lua.LVAsBool(opts.RawGetString("mandatory")))
		if err != nil {
			runtime.Raise(L, err)
		}
		L.Push(runtime.ToLua(L, v))
		return 1
	},
	"options": func(L *lua.LState) int {
		m, err := checkCLI(L).Store.Merged()
		if err != nil {
			runtime.Raise(L, err)
		}
		L.Push(runtime.ToLua(L, m))
		return 1
	},
	"command_line_options": func(L *lua.LState) int {
		inv := checkCLI(L)
		skip := map[string]bool{}
		if t, ok := L.Get(2).(*lua.LTable); ok {
			for i := 1; i <= t.Len(); i++ {
				skip[cli.Normalize(t.RawGetInt(i).String())] = true
			}
		}
		m, err := inv.Store.CommandLine(skip)
		if err != nil {
			runtime.Raise(L, err)
		}
		L.Push(runtime.ToLua(L, m))
		return 1
	},
	"show": func(L *lua.LState) int {
		checkCLI(L)
		if err := out.Show(L, L.Get(2), L.OptTable(3, nil)); err != nil {
			runtime.Raise(L, err)
		}
		return 0
	},
	"status": func(L *lua.LState) int {
		checkCLI(L)
		opts := L.NewTable()
		opts.RawSetString("kind", lua.LString("status"))
		if err := out.Show(L, lua.LString(L.CheckString(2)), opts); err != nil {
			runtime.Raise(L, err)
		}
		return 0
	},
	"ask": func(L *lua.LState) int {
		inv := checkCLI(L)
		label := L.CheckString(2)
		opts := L.OptTable(3, L.NewTable())
		if inv.Store.Prompter == nil {
			runtime.Raise(L, cli.Usage("run it on a terminal, or give the value on the command line", "cannot ask for %s: not interactive", label))
		}
		s, err := inv.Store.Prompter.Prompt(label, lua.LVAsBool(opts.RawGetString("secret")))
		if err != nil {
			runtime.Raise(L, runtime.Wrap(runtime.KindIO, err))
		}
		L.Push(lua.LString(s))
		return 1
	},
	"fail": func(L *lua.LState) int {
		checkCLI(L)
		runtime.Raise(L, &runtime.Error{Kind: L.CheckString(2), Message: L.CheckString(3), Hint: L.OptString(4, "")})
		return 0
	},
	"plugin": func(L *lua.LState) int {
		L.Push(lua.LString(checkCLI(L).Plugin))
		return 1
	},
	"words": func(L *lua.LState) int {
		L.Push(runtime.ToLua(L, append([]string{}, checkCLI(L).Words...)))
		return 1
	},
}
