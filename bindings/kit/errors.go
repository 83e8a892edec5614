package kit

import (
	"context"
	"errors"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/products/rest"
	"github.com/asperalm/aslmcli/runtime"
)

// Errors converts the errors of one module's Go package into the structured Lua error of
// DESIGN.md (kind, status, message, details). Each module declares one, and raises through it
// (Raise, Push, OK, Collect, Iterator), so that the same failure has the same kind everywhere.
//
// The order of conversion: a *runtime.Error as it is; a cancellation is "interrupted"; then
// Convert (the module's own error types, e.g. per-path results as details); then the sentinel
// errors of Kinds (errors.Is); then an HTTP exchange (*rest.Error) is "http" with its status and
// the server's answer as details; anything else is Default.
type Errors struct {
	// Default is the kind of an error nothing else matches (runtime.KindError when empty).
	Default string
	// Kinds maps sentinel errors of the module's package to kinds (errors.Is).
	Kinds map[error]string
	// Convert handles the module's own error types; nil for the others.
	Convert func(err error) *runtime.Error
}

// Of returns the structured error of err (nil for nil).
func (e Errors) Of(err error) *runtime.Error {
	if err == nil {
		return nil
	}
	var re *runtime.Error
	if errors.As(err, &re) {
		return re
	}
	if errors.Is(err, context.Canceled) {
		return runtime.Wrap(runtime.KindInterrupted, err)
	}
	if e.Convert != nil {
		if c := e.Convert(err); c != nil {
			return c
		}
	}
	for target, kind := range e.Kinds {
		if errors.Is(err, target) {
			return &runtime.Error{Kind: kind, Message: err.Error(), Err: err}
		}
	}
	var he *rest.Error
	if errors.As(err, &he) {
		out := &runtime.Error{Kind: runtime.KindHTTP, Status: he.Status, Message: he.Error(), Err: err}
		if len(he.Body) > 0 {
			if d, derr := (&rest.Response{Body: he.Body}).Data(); derr == nil && d != nil {
				out.Details = d
			}
		}
		return out
	}
	kind := e.Default
	if kind == "" {
		kind = runtime.KindError
	}
	return &runtime.Error{Kind: kind, Message: err.Error(), Err: err}
}

// HTTP converts errors of products/rest and products/oauth with default kind: the converter of
// modules that have no error types of their own.
func HTTP(kind string) Errors { return Errors{Default: kind} }

// Raise raises err as a structured error; it does not return.
func (e Errors) Raise(L *lua.LState, err error) { runtime.Raise(L, e.Of(err)) }

// Push pushes v converted to Lua (runtime.ToLua), or raises err; it returns 1.
func (e Errors) Push(L *lua.LState, v any, err error) int {
	if err != nil {
		e.Raise(L, err)
	}
	L.Push(runtime.ToLua(L, v))
	return 1
}

// OK pushes true, or raises err; it returns 1 (methods with no result return true, so that
// `assert(c:delete(x))` reads well).
func (e Errors) OK(L *lua.LState, err error) int {
	if err != nil {
		e.Raise(L, err)
	}
	L.Push(lua.LTrue)
	return 1
}

// Lister is a lazy listing as products return them: *rest.Iterator for paginated APIs, and
// a product's own type where the API answers in one piece or in its own shape (the request is
// sent at the first Next). Next returns false at the end or after an error, which Err tells.
type Lister interface {
	Next() (any, bool)
	Err() error
}

// Collect reads a whole listing into a Lua list, or raises its error; it returns 1.
func (e Errors) Collect(L *lua.LState, it Lister) int {
	out := []any{}
	for v, ok := it.Next(); ok; v, ok = it.Next() {
		out = append(out, v)
	}
	if err := it.Err(); err != nil {
		e.Raise(L, err)
	}
	L.Push(runtime.ToLua(L, out))
	return 1
}

// Iterator pushes a lazy listing (a runtime iterator: for x in it do, and cli:show streams it)
// whose errors are converted by e; it returns 1.
func (e Errors) Iterator(L *lua.LState, it Lister) int {
	var stop func() // a *rest.Iterator stops the page it fetches ahead
	if c, ok := it.(interface{ Close() }); ok {
		stop = c.Close
	}
	L.Push(runtime.IteratorValue(L, &runtime.Iterator{Next: func() (any, bool, error) {
		v, ok := it.Next()
		if !ok && it.Err() != nil {
			return nil, false, e.Of(it.Err())
		}
		return v, ok, nil
	}, Close: stop}))
	return 1
}
