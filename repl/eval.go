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
	proto, err := runtime.Compile("=stdin", []byte("return "+src))
	if err != nil {
		proto, err = runtime.Compile("=stdin", []byte(src))
		if err != nil {
			if incomplete(err) {
				return nil, ErrIncomplete
			}
			return nil, err
		}
	}
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	restore := runtime.WithCallContext(L, cctx)
	defer restore()
	top := L.GetTop()
	vals, err := runtime.RunProto(L, proto)
	L.SetTop(top)
	if err != nil && ctx.Err() != nil {
		return nil, runtime.Wrap(runtime.KindInterrupted, context.Canceled)
	}
	return vals, err
}

// incomplete tells a syntax error at the end of the chunk (more lines may complete it) from
// a real one. An unterminated short string is a real error.
func incomplete(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "at EOF") && !strings.Contains(msg, "unterminated string")
}
