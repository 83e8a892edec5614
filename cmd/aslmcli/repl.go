package main

import (
	"io"
	"path/filepath"
	"strings"
	"sync"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/repl"
	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/runtime/cli"
	"github.com/asperalm/aslmcli/stdlib/out"
)

// replCommand declares the `repl` plugin, handled by the host rather than a script.
func replCommand() *cli.Command {
	return &cli.Command{
		Name: "repl",
		Help: "Interactive Lua session with every module loaded",
		Long: `Each line is tried as an expression (1+1 prints 2), then as a statement; an unfinished
chunk continues on the next line (>> prompt). Results print as Lua literals, lists of records
as a table; =fmt json|yaml|table|lua switches the display. TAB completes globals, fields and
methods (aspera.no<TAB>, n:br<TAB>); help() lists the modules, help(x) documents one.
The aspera.* modules are fields of the global aspera (aspera.node, aspera.transfer...), the
others are globals (json, yaml, fs...); aspera.connect("preset") returns a client for that
preset's plugin. Ctrl-C cancels the running call; Ctrl-D leaves. History: HOME/repl_history.
Without a terminal, statements are read from stdin without prompts; the first error ends the
session with exit code 1.`,
	}
}

// runREPL runs `aslmcli repl`.
func (a *app) runREPL(inv *cli.Invocation) error {
	if args := inv.RawRemaining(); len(args) > 0 {
		return cli.Usage(toolName+" repl -h shows the usage", "repl takes no arguments (got %q); to run a file use: %s run FILE", args[0], toolName)
	}
	L := a.engine.NewState(a.ctx)
	defer runtime.Close(L)
	if err := preloadModules(L, a.engine.Modules); err != nil {
		return err
	}
	c := repl.Config{
		L: L, Out: a.io.Out, Err: a.io.Err, Terminal: a.io.InTTY,
		Docs: repl.NewDocs(a.engine.Modules),
		Show: func(L *lua.LState, v lua.LValue, format string) error {
			opts := L.NewTable()
			opts.RawSetString("format", lua.LString(format))
			return out.Show(L, v, opts)
		},
		Interrupts: interrupts.divert,
	}
	if a.io.InTTY {
		home, err := a.home()
		if err != nil {
			return err
		}
		rd, err := repl.NewTerminal(repl.TerminalOptions{
			HistoryFile: filepath.Join(home, "repl_history"),
			Complete:    func(line string, pos int) ([]string, string) { return repl.Complete(L, line, pos) },
			In:          stdinCloser{a.io.In}, Out: a.io.Out, Err: a.io.Err,
		})
		if err != nil {
			return runtime.Errorf(runtime.KindIO, "repl: %v", err)
		}
		defer rd.Close()
		c.Reader = rd
	} else {
		c.Reader = repl.NewPlain(a.io.In)
	}
	return repl.Run(a.ctx, c)
}

// preloadModules sets the aspera.* modules as fields of a global table aspera (with
// aspera.connect) and the others as globals. A module that cannot load here (aspera.cli
// outside a command) is left out.
func preloadModules(L *lua.LState, modules []runtime.Module) error {
	aspera := L.NewTable()
	for _, m := range modules {
		L.Push(L.GetGlobal("require"))
		L.Push(lua.LString(m.Name))
		if err := L.PCall(1, 1, nil); err != nil {
			continue
		}
		v := L.Get(-1)
		L.Pop(1)
		if rest, ok := strings.CutPrefix(m.Name, "aspera."); ok {
			aspera.RawSetString(rest, v)
		} else if L.GetGlobal(m.Name) == lua.LNil {
			L.SetGlobal(m.Name, v)
		}
	}
	L.SetGlobal("aspera", aspera)
	vals, err := runtime.Call(L, L.GetGlobal("require"), lua.LString("aslmcli.repl"))
	if err != nil {
		return err
	}
	if t, ok := vals[0].(*lua.LTable); ok {
		aspera.RawSetString("connect", t.RawGetString("connect"))
	}
	return nil
}

// interruptRouter sends SIGINT to the REPL's running call when there is one, instead of
// ending the whole run.
type interruptRouter struct {
	mu      sync.Mutex
	handler func()
}

var interrupts = &interruptRouter{}

// divert makes handler receive the interrupts until restore, which gives them back to the
// handler before it (a simulator waiting inside a REPL call hands Ctrl-C back to the REPL).
func (r *interruptRouter) divert(handler func()) (restore func()) {
	r.mu.Lock()
	previous := r.handler
	r.handler = handler
	r.mu.Unlock()
	return func() {
		r.mu.Lock()
		r.handler = previous
		r.mu.Unlock()
	}
}

// take runs the diverted handler and returns true, or returns false (the run ends).
func (r *interruptRouter) take() bool {
	r.mu.Lock()
	h := r.handler
	r.mu.Unlock()
	if h == nil {
		return false
	}
	h()
	return true
}

// stdinCloser gives readline the ReadCloser it wants without closing the process's stdin.
type stdinCloser struct{ io.Reader }

func (stdinCloser) Close() error { return nil }
