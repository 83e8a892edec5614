package runtime

import (
	"context"
	"errors"
	"fmt"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/internal/secret"
)

// Error kinds shared by every layer. The CLI maps KindUsage to exit code 2, KindInterrupted
// to 130 and every other kind to 1.
const (
	KindUsage       = "usage"       // unknown command or option, bad or missing value
	KindConfig      = "config"      // configuration file or preset problem
	KindLua         = "lua"         // an error raised by a script (error(), syntax error)
	KindPlugin      = "plugin"      // a plugin script that cannot be loaded
	KindIO          = "io"          // local files and streams
	KindInterrupted = "interrupted" // Ctrl-C or context cancellation
	KindError       = "error"       // anything else
	KindHTTP        = "http"        // an HTTP exchange failed (Status set when there was an answer)
	KindAuth        = "auth"        // credentials missing or refused before any request
	KindTransfer    = "transfer"    // a transfer failed
	KindSSH         = "ssh"         // an SSH connection or command failed
)

// Error is the one structured error of aslmcli. Go code returns it; Lua code sees it as an
// `aspera.error` value with the fields kind, status, message, details, hint and where, and a
// one-line tostring. Message and Hint must never contain secrets.
type Error struct {
	Kind    string
	Status  int    // HTTP status where there is one, else 0
	Message string // one line
	Details any    // optional structured data (JSON-like)
	Hint    string // optional advice shown under the error
	Where   string // script position ("file.lua:12:") when raised from Lua
	Err     error  // wrapped cause, may be nil
}

// Error returns "kind: message", on one line.
func (e *Error) Error() string {
	msg := strings.ReplaceAll(e.Message, "\n", " ")
	if e.Kind == "" {
		return msg
	}
	return e.Kind + ": " + msg
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf builds an *Error of the given kind.
func Errorf(kind, format string, args ...any) *Error {
	return &Error{Kind: kind, Message: fmt.Sprintf(format, args...)}
}

// Wrap returns err as an *Error: unchanged when it already is one (or wraps one), else an
// *Error of the given kind whose message is err's text.
func Wrap(kind string, err error) *Error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	if errors.Is(err, context.Canceled) {
		return &Error{Kind: KindInterrupted, Message: "interrupted", Err: err}
	}
	return &Error{Kind: kind, Message: err.Error(), Err: err}
}

// ExitError is returned when a script calls os.exit(code).
type ExitError struct{ Code int }

func (e *ExitError) Error() string { return fmt.Sprintf("exit status %d", e.Code) }

const errorTypeName = "aspera.error"

// Raise raises err in L as an aspera.error value; it does not return. A Go function bound
// to Lua calls it for operational failures (misuse of arguments uses L.ArgError instead).
func Raise(L *lua.LState, err error) {
	e := *Wrap(KindError, err)
	if e.Where == "" {
		e.Where = L.Where(1)
	}
	L.Error(NewErrorValue(L, &e), 1)
}

// RaiseIn raises err as a failure of the Lua function where ("json.decode"): an *Error of
// the given kind whose message starts with "where: ". An interruption stays an interruption.
// It does not return.
func RaiseIn(L *lua.LState, kind, where string, err error) {
	if errors.Is(err, context.Canceled) {
		Raise(L, err)
	}
	Raise(L, &Error{Kind: kind, Message: where + ": " + err.Error(), Err: err})
}

// NewErrorValue wraps e as an aspera.error Lua value.
func NewErrorValue(L *lua.LState, e *Error) *lua.LUserData {
	ud := L.NewUserData()
	ud.Value = e
	L.SetMetatable(ud, L.GetTypeMetatable(errorTypeName))
	return ud
}

func openErrorType(L *lua.LState) {
	mt := L.NewTypeMetatable(errorTypeName)
	L.SetField(mt, "__tostring", L.NewFunction(func(L *lua.LState) int {
		e := checkError(L)
		s := e.Error()
		if e.Where != "" && e.Kind == KindLua {
			s = e.Where + " " + s
		}
		L.Push(lua.LString(s))
		return 1
	}))
	L.SetField(mt, "__index", L.NewFunction(func(L *lua.LState) int {
		e := checkError(L)
		switch L.CheckString(2) {
		case "kind":
			L.Push(lua.LString(e.Kind))
		case "status":
			L.Push(lua.LNumber(e.Status))
		case "message":
			L.Push(lua.LString(e.Message))
		case "hint":
			L.Push(lua.LString(e.Hint))
		case "where":
			L.Push(lua.LString(e.Where))
		case "details":
			L.Push(ToLua(L, e.Details))
		default:
			L.Push(lua.LNil)
		}
		return 1
	}))
}

func checkError(L *lua.LState) *Error {
	ud := L.CheckUserData(1)
	if e, ok := ud.Value.(*Error); ok {
		return e
	}
	L.ArgError(1, "aspera.error expected")
	return nil
}

// fromLuaError turns what PCall returned into a Go error: the state's exit request, an
// interruption, an aspera.error raised by Go code, or a script error (kind lua).
func fromLuaError(L *lua.LState, err error) error {
	if err == nil {
		return nil
	}
	if sd := stateOf(L); sd != nil {
		if c := context.Cause(sd.ctx); c != nil && sd.ctx.Err() != nil {
			var exit *ExitError
			if errors.As(c, &exit) {
				return exit
			}
			return &Error{Kind: KindInterrupted, Message: "interrupted", Err: c}
		}
	}
	var api *lua.ApiError
	if !errors.As(err, &api) {
		return Wrap(KindLua, err)
	}
	if ud, ok := api.Object.(*lua.LUserData); ok {
		if e, ok := ud.Value.(*Error); ok {
			return e
		}
	}
	msg := L.ToStringMeta(api.Object).String()
	if api.Type == lua.ApiErrorSyntax {
		msg = strings.TrimSpace(msg)
	}
	if i := strings.Index(msg, "\nstack traceback:"); i >= 0 {
		msg = msg[:i]
	}
	return &Error{Kind: KindLua, Message: secret.RedactString(msg), Details: api.StackTrace, Err: api}
}
