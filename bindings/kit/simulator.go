package kit

import (
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/runtime"
)

// Simulator is a running product simulator as Lua sees it: what `aslmcli <p> simulator` and
// scripts (module.simulator{...}) get. Close stops it and frees what it owns (a temporary
// folder...); it runs once, at sim:stop() or when the script ends.
type Simulator struct {
	URL         string         // the product's URL, the first line the command prints
	Credentials map[string]any // what a user needs to log in (username, password...)
	// CredentialValues, when set, are what sim:credentials() returns instead of the
	// Credentials table (node: the username and the password, two values; aoc: a list of
	// {name, value} records in the order the command prints them).
	CredentialValues []any
	Root             string // the folder of its files, when it has one
	// Close and Server are set by StartSimulator: the server closed and the temporary root
	// removed; the product's own server, for the module's own methods (RunningSimulator).
	Close  func()
	Server any

	once sync.Once
	done bool
}

func (s *Simulator) stop() {
	s.once.Do(func() {
		s.done = true
		if s.Close != nil {
			s.Close()
		}
	})
}

// SimulatorHandle returns the handle type of a module's simulators, named name
// ("aspera.shares.simulator"), with the methods sim:url(), sim:credentials(), sim:root(),
// sim:wait() (until Ctrl-C, after which the run ends normally, or the end of the run; then
// stop), sim:serve(lines) (the `simulator` command: Ctrl-C taken, the URL and lines printed,
// then wait) and sim:stop(), and the module's own methods more (sim:client()...; they find the
// simulator with RunningSimulator). A name in more that is also one of those is a programming
// error (panic).
func SimulatorHandle(name string, more ...map[string]lua.LGFunction) *Handle {
	methods := simulatorMethods
	if len(more) > 0 {
		methods = Methods(append([]map[string]lua.LGFunction{simulatorMethods}, more...)...)
	}
	return &Handle{Name: name, Methods: methods, String: func(v any) string {
		s := v.(*Simulator)
		if s.done {
			return name + "(stopped)"
		}
		return name + "(" + s.URL + ")"
	}}
}

// PushSimulator pushes s as a handle of h; it stops when the script ends if not before.
func PushSimulator(L *lua.LState, h *Handle, s *Simulator) int {
	runtime.OnClose(L, s.stop)
	h.Push(L, s)
	return 1
}

// StartSimulator is the end of every module's simulator{...}: start starts the product's
// server, an error of it raised as an io error of fn ("shares.simulator"); describe says what
// Lua sees of the server (URL, Credentials...); the Simulator, whose Server is the server and
// whose Close closes it, is pushed as a handle of h (PushSimulator). root, when not nil, is the
// folder the simulator serves: "" is replaced, before start runs, by a new temporary folder
// (aslmcli-<fn>-...) removed when the simulator stops or fails to start; it is the
// simulator's Root unless describe sets one.
func StartSimulator[S io.Closer](L *lua.LState, h *Handle, fn string, root *string, start func() (S, error), describe func(S) *Simulator) int {
	cleanup := func() {}
	if root != nil {
		*root, cleanup = simulatorRoot(L, fn, *root)
	}
	srv, err := start()
	if err != nil {
		cleanup()
		runtime.RaiseIn(L, runtime.KindIO, fn, err)
	}
	s := describe(srv)
	if s.Root == "" && root != nil {
		s.Root = *root
	}
	s.Server = srv
	s.Close = func() {
		_ = srv.Close()
		cleanup()
	}
	return PushSimulator(L, h, s)
}

// RunningSimulator returns the simulator at argument 1, or raises a usage error when it is
// stopped.
func RunningSimulator(L *lua.LState) *Simulator { return running(L) }

func running(L *lua.LState) *Simulator {
	s := Arg[*Simulator](L, 1, "simulator")
	if s.done {
		runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "the simulator is stopped"))
	}
	return s
}

var simulatorMethods = map[string]lua.LGFunction{
	"url": func(L *lua.LState) int {
		L.Push(lua.LString(running(L).URL))
		return 1
	},
	"credentials": func(L *lua.LState) int {
		s := running(L)
		if s.CredentialValues == nil {
			L.Push(runtime.ToLua(L, s.Credentials))
			return 1
		}
		for _, v := range s.CredentialValues {
			L.Push(runtime.ToLua(L, v))
		}
		return len(s.CredentialValues)
	},
	"root": func(L *lua.LState) int {
		L.Push(lua.LString(running(L).Root))
		return 1
	},
	"wait": func(L *lua.LState) int {
		s := running(L)
		WaitInterrupt(L) // Ctrl-C: the command ends normally (exit 0)
		s.stop()
		return 0
	},
	// serve(lines) is what `aslmcli <p> simulator` does: Ctrl-C taken first, then the URL
	// printed, then lines, then wait; so a Ctrl-C once the URL is out always ends it with
	// exit 0 (with print then wait, one between them interrupts the command).
	"serve": func(L *lua.LState) int {
		s := running(L)
		lines := []string{s.URL}
		if L.Get(2) != lua.LNil {
			lines = append(lines, StringsArg(L, 2)...)
		}
		waitInterrupt(L, func() {
			if e := runtime.EngineOf(L); e != nil && e.IO != nil {
				if _, err := io.WriteString(e.IO.Out, strings.Join(lines, "\n")+"\n"); err != nil {
					runtime.RaiseIn(L, runtime.KindIO, "simulator serve", err)
				}
			}
		})
		s.stop()
		return 0
	},
	"stop": func(L *lua.LState) int {
		Arg[*Simulator](L, 1, "simulator").stop()
		return 0
	},
}

// simulatorRoot returns the folder a simulator serves: root, or else a new temporary folder
// (named aslmcli-<fn>-) that the returned function removes (a no-op for root). fn names the
// function in errors ("shares.simulator").
func simulatorRoot(L *lua.LState, fn, root string) (string, func()) {
	if root != "" {
		return root, func() {}
	}
	dir, err := os.MkdirTemp("", "aslmcli-"+strings.ReplaceAll(fn, ".", "-")+"-")
	if err != nil {
		runtime.RaiseIn(L, runtime.KindIO, fn, err)
	}
	return dir, func() { _ = os.RemoveAll(dir) }
}

// Logger returns the run's logger (nil when none is installed).
func Logger(L *lua.LState) *slog.Logger {
	if e := runtime.EngineOf(L); e != nil {
		return e.Log
	}
	return nil
}
