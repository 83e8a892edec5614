// Package luatest runs Lua snippets against Lua modules in Go tests: it builds an engine
// with test streams, opens a state, and compiles and runs chunks, returning their results
// and errors as the host would see them.
package luatest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/runtime"
)

// State is a Lua state under test.
type State struct {
	T      testing.TB
	L      *lua.LState
	Engine *runtime.Engine
	Out    *bytes.Buffer // what the script printed
	Err    *bytes.Buffer // what the script wrote to stderr
	runs   int
}

// New returns a state of an engine with the given modules and a background context.
func New(t testing.TB, mods ...runtime.Module) *State {
	return NewWith(t, context.Background(), &runtime.Engine{Modules: mods})
}

// NewWith returns a state of e (given test streams when it has none) bound to ctx. The
// state is closed when the test ends.
func NewWith(t testing.TB, ctx context.Context, e *runtime.Engine) *State {
	t.Helper()
	s := &State{T: t, Engine: e}
	if e.IO == nil {
		e.IO, s.Out, s.Err = runtime.TestIO("")
	}
	s.L = e.NewState(ctx)
	t.Cleanup(func() { runtime.Close(s.L) })
	return s
}

// Run compiles src and runs it with args (strings, numbers, booleans or Lua values).
func (s *State) Run(src string, args ...any) ([]lua.LValue, error) {
	s.T.Helper()
	s.runs++
	proto, err := runtime.Compile(fmt.Sprintf("@%s#%d", s.T.Name(), s.runs), []byte(src))
	if err != nil {
		s.T.Fatalf("compile: %v", err)
	}
	largs := make([]lua.LValue, len(args))
	for i, a := range args {
		largs[i] = runtime.ToLua(s.L, a)
	}
	return runtime.RunProto(s.L, proto, largs...)
}

// Must runs src and fails the test on error.
func (s *State) Must(src string, args ...any) []lua.LValue {
	s.T.Helper()
	out, err := s.Run(src, args...)
	if err != nil {
		s.T.Fatalf("run: %v", err)
	}
	return out
}

// String runs src and returns its first result, which must be a string.
func (s *State) String(src string, args ...any) string {
	s.T.Helper()
	out := s.Must(src, args...)
	if len(out) == 0 || out[0].Type() != lua.LTString {
		s.T.Fatalf("want a string result, got %v", out)
	}
	return string(out[0].(lua.LString))
}

// Fail runs src, which must fail with a *runtime.Error of the given kind whose message
// contains want; it returns the error.
func (s *State) Fail(kind, want, src string, args ...any) *runtime.Error {
	s.T.Helper()
	_, err := s.Run(src, args...)
	var e *runtime.Error
	if !errors.As(err, &e) {
		s.T.Fatalf("want a *runtime.Error, got %T %v", err, err)
	}
	if e.Kind != kind || !bytes.Contains([]byte(e.Message), []byte(want)) {
		s.T.Fatalf("want kind %q containing %q, got kind %q: %s", kind, want, e.Kind, e.Message)
	}
	return e
}
