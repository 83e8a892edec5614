package repl

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/runtime/cli"
)

// Config is a session.
type Config struct {
	L        *lua.LState
	Reader   Reader
	Out, Err io.Writer
	// Terminal: prompts and hints are shown, errors do not end the session.
	Terminal bool
	Docs     *Docs
	Show     Shower
	// Interrupts routes Ctrl-C (SIGINT) to handler while a call runs; restore ends that.
	Interrupts func(handler func()) (restore func())
}

// Prompts of the session.
const (
	Prompt         = "> "
	ContinuePrompt = ">> "
)

// Run reads and evaluates until the end of the input (Ctrl-D), os.exit, or, without a
// terminal, the first error (returned). ctx ends the session.
func Run(ctx context.Context, c Config) error {
	s := &session{Config: c, format: "lua"}
	s.installHelp()
	// the end of the run (SIGTERM) unblocks a read in progress
	stop := context.AfterFunc(ctx, func() { _ = c.Reader.Close() })
	defer stop()
	var chunk strings.Builder
	for {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if chunk.Len() == 0 {
			c.Reader.SetPrompt(Prompt)
		} else {
			c.Reader.SetPrompt(ContinuePrompt)
		}
		line, err := c.Reader.Readline()
		switch {
		case errors.Is(err, ErrInterrupt):
			if chunk.Len() == 0 && strings.TrimSpace(line) == "" {
				fmt.Fprintln(c.Err, "(Ctrl-D or os.exit() leaves)")
			}
			chunk.Reset()
			continue
		case errors.Is(err, io.EOF):
			if chunk.Len() > 0 && !c.Terminal {
				return runtime.Errorf(runtime.KindLua, "unfinished chunk at the end of the input")
			}
			return nil
		case err != nil:
			return err
		}
		if chunk.Len() == 0 && s.command(line) {
			continue
		}
		if chunk.Len() == 0 && strings.TrimSpace(line) == "" {
			continue
		}
		chunk.WriteString(line)
		err = s.eval(ctx, chunk.String())
		if errors.Is(err, ErrIncomplete) {
			chunk.WriteString("\n")
			continue
		}
		chunk.Reset()
		if err != nil {
			var exit *runtime.ExitError
			if errors.As(err, &exit) {
				return err
			}
			s.report(err)
			if !c.Terminal {
				return &runtime.ExitError{Code: 1} // reported above: exit 1 without a second line
			}
		}
	}
}

type session struct {
	Config
	format string
}

// eval runs one chunk and prints its results; Ctrl-C cancels it (and only it).
func (s *session) eval(ctx context.Context, src string) error {
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if s.Interrupts != nil {
		restore := s.Interrupts(cancel)
		defer restore()
	}
	return EvalThen(cctx, s.L, src, func(vals []lua.LValue) error {
		return PrintResults(s.L, s.Out, vals, s.format, s.Show)
	})
}

// report prints an error as one line.
func (s *session) report(err error) {
	var b bytes.Buffer
	cli.WriteError(&b, err)
	first, _, _ := strings.Cut(b.String(), "\n")
	fmt.Fprintln(s.Err, first)
}

var formats = map[string]bool{"lua": true, "table": true, "json": true, "jsonpp": true, "yaml": true, "csv": true}

// command handles the REPL's own lines (=fmt X); it returns false for Lua.
func (s *session) command(line string) bool {
	f := strings.Fields(line)
	if len(f) == 0 || f[0] != "=fmt" {
		return false
	}
	switch {
	case len(f) == 1:
		fmt.Fprintln(s.Out, s.format)
	case formats[f[1]]:
		s.format = f[1]
	default:
		fmt.Fprintf(s.Err, "ERROR: usage: =fmt %s: use lua, table, json, jsonpp, yaml or csv\n", f[1])
	}
	return true
}

// installHelp defines the global help(x).
func (s *session) installHelp() {
	if s.Docs == nil {
		return
	}
	s.L.SetGlobal("help", s.L.NewFunction(func(L *lua.LState) int {
		if L.GetTop() == 0 {
			s.Docs.WriteModules(s.Out)
			return 0
		}
		if !s.Docs.Help(L, s.Out, L.Get(1)) {
			fmt.Fprintf(s.Out, "no documentation for %s (help() lists the modules)\n", L.ToStringMeta(L.Get(1)).String())
		}
		return 0
	}))
}
