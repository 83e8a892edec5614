package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/asperalm/aslmcli/internal/secret"
	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/runtime/config"
	"github.com/asperalm/aslmcli/runtime/extval"
)

// Exit codes.
const (
	ExitOK          = 0
	ExitFailed      = 1
	ExitUsage       = 2
	ExitInterrupted = 130
)

func usagef(format string, args ...any) *runtime.Error {
	return runtime.Errorf(runtime.KindUsage, format, args...)
}

// Usage returns a usage error (exit code 2) with an optional hint.
func Usage(hint, format string, args ...any) *runtime.Error {
	e := usagef(format, args...)
	e.Hint = hint
	return e
}

// ExitCode maps an error to the process exit code.
func ExitCode(err error) int {
	if err == nil {
		return ExitOK
	}
	var exit *runtime.ExitError
	if errors.As(err, &exit) {
		return exit.Code
	}
	var re *runtime.Error
	if errors.As(err, &re) {
		switch re.Kind {
		case runtime.KindUsage:
			return ExitUsage
		case runtime.KindInterrupted:
			return ExitInterrupted
		}
		return ExitFailed
	}
	var ev *extval.Error
	if errors.As(err, &ev) {
		return ExitUsage
	}
	if errors.Is(err, context.Canceled) {
		return ExitInterrupted
	}
	return ExitFailed
}

// Classify returns err as a *runtime.Error with the kind the CLI reports.
func Classify(err error) *runtime.Error {
	var re *runtime.Error
	if errors.As(err, &re) {
		return re
	}
	var ev *extval.Error
	if errors.As(err, &ev) {
		return &runtime.Error{Kind: runtime.KindUsage, Message: ev.Error(), Err: err}
	}
	var ce *config.Error
	if errors.As(err, &ce) {
		return &runtime.Error{Kind: runtime.KindConfig, Message: ce.Error(), Err: err}
	}
	return runtime.Wrap(runtime.KindError, err)
}

// locatable tells whether an error of this kind is shown with the script position it was
// raised at: not for usage, configuration and product errors (their message says it all), nor
// for Lua errors (whose message already starts with it).
func locatable(kind string) bool {
	switch kind {
	case runtime.KindLua, runtime.KindUsage, runtime.KindConfig, runtime.KindHTTP, runtime.KindAuth,
		runtime.KindTransfer, runtime.KindSSH:
		return false
	}
	return true
}

// WriteError prints err as the CLI does: one line "ERROR: <kind>: <message>" (secrets
// redacted), then "HINT: ..." when there is a hint. Nothing is printed for an exit request.
// The script position of an operational error is shown when it is in a user's script; an
// error raised in a built-in command script reads like any other error (WriteDebugError shows
// its position).
func WriteError(w io.Writer, err error) { writeError(w, err, false) }

// WriteDebugError is WriteError for --log-level=debug: every error raised by a script shows
// the position it was raised at.
func WriteDebugError(w io.Writer, err error) { writeError(w, err, true) }

func writeError(w io.Writer, err error, debug bool) {
	var exit *runtime.ExitError
	if err == nil || errors.As(err, &exit) {
		return
	}
	e := Classify(err)
	msg := e.Error()
	where := strings.TrimSuffix(strings.TrimSpace(e.Where), ":")
	switch {
	case e.Kind == runtime.KindInterrupted:
		msg = "interrupted"
	case where == "" || e.Kind == runtime.KindLua:
	case debug || locatable(e.Kind) && !strings.HasPrefix(where, runtime.BuiltinChunkPrefix):
		msg += " (at " + where + ")"
	}
	fmt.Fprintln(w, "ERROR: "+secret.RedactString(strings.ReplaceAll(msg, "\n", " ")))
	if e.Hint != "" {
		fmt.Fprintln(w, "HINT: "+secret.RedactString(e.Hint))
	}
}
