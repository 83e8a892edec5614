package repl

import (
	"context"
	"errors"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/runtime"
)

// ErrIncomplete is returned by Eval for a chunk that needs more lines (an open block, table,
// call or long string).
var ErrIncomplete = errors.New("incomplete chunk")

// Eval runs src in L: first as an expression (return src), then as a statement. It returns
// the values of an expression (none for a statement), ErrIncomplete when src is unfinished,
// or the error of the compilation or the run. The run is cancelled with ctx.
func Eval(ctx context.Context, L *lua.LState, src string) ([]lua.LValue, error) {
	var vals []lua.LValue
	err := EvalThen(ctx, L, src, func(v []lua.LValue) error {
		vals = v
		return nil
	})
	return vals, err
}

// EvalThen is Eval, then use(values) still under ctx: printing a lazy listing fetches its
// pages there, and Ctrl-C stops it too. The values created keep working afterwards (their
// context is not cancelled when the evaluation ends, only when it is interrupted).
func EvalThen(ctx context.Context, L *lua.LState, src string, use func([]lua.LValue) error) error {
	proto, err := runtime.Compile("=stdin", []byte("return "+src))
	if err != nil {
		proto, err = runtime.Compile("=stdin", []byte(src))
		if err != nil {
			if incomplete(err) {
				return ErrIncomplete
			}
			return err
		}
	}
	restore := runtime.WithCallContext(L, ctx)
	defer restore()
	top := L.GetTop()
	vals, err := runtime.RunProto(L, proto)
	L.SetTop(top)
	if err == nil {
		err = use(vals)
	}
	if err != nil && ctx.Err() != nil {
		return runtime.Wrap(runtime.KindInterrupted, context.Canceled)
	}
	return err
}

// incomplete tells a syntax error at the end of the chunk (more lines may complete it) from
// a real one. An unterminated short string is a real error.
func incomplete(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "at EOF") && !strings.Contains(msg, "unterminated string")
}
