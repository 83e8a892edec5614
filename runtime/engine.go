package runtime

import (
	"context"
	"io/fs"
	"log/slog"
	"math"
	"strings"
	"sync"

	lua "github.com/yuin/gopher-lua"
)

// Module is a Go module that scripts load with require(Name).
type Module struct {
	// Name is the require name: "json", "aspera.config".
	Name string
	// Doc is a one-line summary shown in help listings.
	Doc string
	// Open pushes the module's table and returns 1, like any lua.LGFunction loader.
	Open lua.LGFunction
	// Meta is the LuaLS definition file (---@meta) of the module: the one source of its
	// documentation (REPL help, generated type files).
	Meta string
}

// Engine creates Lua states that share streams, logger, modules and services. An Engine is
// set up once per process; its states are used one at a time on one goroutine each.
type Engine struct {
	IO  *IO
	Log *slog.Logger
	// Modules are preloaded in every state (require finds them).
	Modules []Module
	// Lib holds embedded Lua modules: require("a.b") finds a/b.lua or a/b/init.lua in it.
	Lib fs.FS
	// LuaPath lists folders searched by require after the built-in modules, in order.
	LuaPath []string
	// Debug adds Go stack traces to Lua errors.
	Debug bool

	services map[any]any
}

// SetService makes value available to modules of every state as Service(L, key). Keys
// follow the context-key idiom: an unexported type of the package that defines the service.
func (e *Engine) SetService(key, value any) {
	if e.services == nil {
		e.services = map[any]any{}
	}
	e.services[key] = value
}

// Service returns the value set with SetService on the engine of L, or nil.
func Service(L *lua.LState, key any) any {
	sd := stateOf(L)
	if sd == nil {
		return nil
	}
	return sd.engine.services[key]
}

// EngineOf returns the engine that created L, or nil.
func EngineOf(L *lua.LState) *Engine {
	if sd := stateOf(L); sd != nil {
		return sd.engine
	}
	return nil
}

type stateData struct {
	engine  *Engine
	ctx     context.Context
	cancel  context.CancelCauseFunc
	mu      sync.Mutex
	closers []func()
}

const stateKey = "aslmcli.state"

func stateOf(L *lua.LState) *stateData {
	ud, ok := L.G.Registry.RawGetString(stateKey).(*lua.LUserData)
	if !ok {
		return nil
	}
	sd, _ := ud.Value.(*stateData)
	return sd
}

// NewState returns a state with the standard libraries (package, base, table, string, math,
// coroutine, os, io, debug), the engine's modules preloaded, print/io routed to the engine's
// streams, os.exit made safe, and a context derived from ctx: cancelling ctx, or Close,
// stops the script at its next instruction.
func (e *Engine) NewState(ctx context.Context) *lua.LState {
	L := lua.NewState(lua.Options{
		SkipOpenLibs:        true,
		CallStackSize:       1024,
		RegistrySize:        1024 * 20,
		RegistryMaxSize:     1024 * 1024 * 8,
		IncludeGoStackTrace: e.Debug,
	})
	for _, lib := range []struct {
		name string
		fn   lua.LGFunction
	}{
		{lua.LoadLibName, lua.OpenPackage}, {lua.BaseLibName, lua.OpenBase},
		{lua.TabLibName, lua.OpenTable}, {lua.StringLibName, lua.OpenString},
		{lua.MathLibName, lua.OpenMath}, {lua.CoroutineLibName, lua.OpenCoroutine},
		{lua.OsLibName, lua.OpenOs}, {lua.IoLibName, lua.OpenIo}, {lua.DebugLibName, lua.OpenDebug},
	} {
		L.Push(L.NewFunction(lib.fn))
		L.Push(lua.LString(lib.name))
		L.Call(1, 0)
	}
	cctx, cancel := context.WithCancelCause(ctx)
	sd := &stateData{engine: e, ctx: cctx, cancel: cancel}
	ud := L.NewUserData()
	ud.Value = sd
	L.G.Registry.RawSetString(stateKey, ud)
	openErrorType(L)
	openValueTypes(L)
	// gopher-lua sets math.huge to the largest double; Lua defines it as infinity
	L.SetField(L.GetGlobal("math"), "huge", lua.LNumber(math.Inf(1)))
	e.openStreams(L)
	e.setupPackage(L)
	L.SetContext(cctx)
	return L
}

// Close cancels the state's context, runs the functions registered with OnClose (last first)
// and releases the state.
func Close(L *lua.LState) {
	if sd := stateOf(L); sd != nil {
		sd.cancel(context.Canceled)
		sd.mu.Lock()
		fns := sd.closers
		sd.closers = nil
		sd.mu.Unlock()
		for i := len(fns) - 1; i >= 0; i-- {
			fns[i]()
		}
	}
	L.Close()
}

// OnClose registers fn to run when the state is closed: servers, sessions and temporary
// files a module started for the script end with it.
func OnClose(L *lua.LState, fn func()) {
	if sd := stateOf(L); sd != nil {
		sd.mu.Lock()
		sd.closers = append(sd.closers, fn)
		sd.mu.Unlock()
	}
}

// Context returns the context of L (never nil for engine states).
func Context(L *lua.LState) context.Context {
	if sd := stateOf(L); sd != nil {
		return sd.ctx
	}
	if c := L.Context(); c != nil {
		return c
	}
	return context.Background()
}

// WithCallContext runs the code of L under ctx as well as under the state's own context until
// restore is called: Context(L) returns a context that ends with either, and its end stops
// the running code. The REPL cancels one evaluation this way without ending the state (and
// os.exit still ends the state). After restore, what the code kept of that context (a lazy
// listing) goes on working: only ctx's end before restore cancels it. The price is one small
// child context per call kept by the state's context until the state closes.
func WithCallContext(L *lua.LState, ctx context.Context) (restore func()) {
	sd := stateOf(L)
	var parent context.Context = context.Background()
	if sd != nil {
		parent = sd.ctx
	} else if c := L.Context(); c != nil {
		parent = c
	}
	call, cancel := context.WithCancelCause(parent)
	stop := context.AfterFunc(ctx, func() { cancel(context.Cause(ctx)) })
	if sd != nil {
		sd.ctx = call
	}
	L.SetContext(call)
	return func() {
		stop()
		if sd != nil {
			sd.ctx = parent
		}
		L.SetContext(parent)
	}
}

func (e *Engine) setupPackage(L *lua.LState) {
	pkg := L.GetGlobal("package").(*lua.LTable)
	for _, m := range e.Modules {
		L.PreloadModule(m.Name, m.Open)
	}
	loaders := L.GetField(pkg, "loaders").(*lua.LTable)
	if e.Lib != nil {
		// after preload, before the file system path
		lib := L.NewFunction(e.libLoader)
		loaders.Insert(2, lib)
	}
	L.SetField(pkg, "path", lua.LString(luaPath(e.LuaPath)))
}

func luaPath(dirs []string) string {
	var parts []string
	for _, d := range dirs {
		if d == "" {
			continue
		}
		d = strings.TrimRight(d, "/")
		parts = append(parts, d+"/?.lua", d+"/?/init.lua")
	}
	return strings.Join(parts, ";")
}

// PrependLuaPath puts dir first in the require path of L (a script's own folder).
func PrependLuaPath(L *lua.LState, dir string) {
	pkg := L.GetGlobal("package").(*lua.LTable)
	cur := L.GetField(pkg, "path").String()
	p := luaPath([]string{dir})
	if cur != "" {
		p += ";" + cur
	}
	L.SetField(pkg, "path", lua.LString(p))
}

func (e *Engine) libLoader(L *lua.LState) int {
	name := L.CheckString(1)
	base := strings.ReplaceAll(name, ".", "/")
	for _, p := range []string{base + ".lua", base + "/init.lua"} {
		src, err := fs.ReadFile(e.Lib, p)
		if err != nil {
			continue
		}
		proto, err := Compile(BuiltinChunkPrefix+"lib/"+p, src)
		if err != nil {
			L.RaiseError("%s", err.Error())
		}
		L.Push(L.NewFunctionFromProto(proto))
		return 1
	}
	L.Push(lua.LString("\n\tno built-in module '" + name + "'"))
	return 1
}

// Call calls fn with args in protected mode and returns its results, with errors turned
// into Go errors: *ExitError for os.exit, *Error otherwise (kind interrupted when the
// state's context was cancelled).
func Call(L *lua.LState, fn lua.LValue, args ...lua.LValue) ([]lua.LValue, error) {
	top := L.GetTop()
	L.Push(fn)
	for _, a := range args {
		L.Push(a)
	}
	if err := L.PCall(len(args), lua.MultRet, nil); err != nil {
		L.SetTop(top)
		return nil, fromLuaError(L, err)
	}
	out := make([]lua.LValue, 0, L.GetTop()-top)
	for i := top + 1; i <= L.GetTop(); i++ {
		out = append(out, L.Get(i))
	}
	L.SetTop(top)
	if sd := stateOf(L); sd != nil && sd.ctx.Err() != nil {
		// the script caught the exit or interruption with pcall and returned normally
		return out, fromLuaError(L, context.Cause(sd.ctx))
	}
	return out, nil
}

// RunProto runs a compiled chunk in L with the given arguments (seen as ... by the chunk).
func RunProto(L *lua.LState, proto *lua.FunctionProto, args ...lua.LValue) ([]lua.LValue, error) {
	return Call(L, L.NewFunctionFromProto(proto), args...)
}
