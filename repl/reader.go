package repl

import (
	"bufio"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/chzyer/readline"
)

// ErrInterrupt is returned by Reader.Readline when the user pressed Ctrl-C; the line typed so
// far is returned with it.
var ErrInterrupt = errors.New("interrupt")

// Reader reads the lines of the session. Readline returns io.EOF at the end (Ctrl-D).
type Reader interface {
	Readline() (string, error)
	SetPrompt(prompt string)
	Close() error
}

// Completer completes the word before pos in line (see Complete).
type Completer func(line string, pos int) (candidates []string, prefix string)

// TerminalOptions configure the line editor.
type TerminalOptions struct {
	HistoryFile string // kept with mode 0600; "" keeps no history
	Complete    Completer
	In          io.ReadCloser
	Out, Err    io.Writer
}

// NewTerminal returns a line editor (chzyer/readline): editing keys, history with Ctrl-R
// search, TAB completion.
func NewTerminal(o TerminalOptions) (Reader, error) {
	if o.HistoryFile != "" {
		// readline creates the file world-readable: make it private first
		if err := os.MkdirAll(filepath.Dir(o.HistoryFile), 0o700); err != nil {
			return nil, err
		}
		f, err := os.OpenFile(o.HistoryFile, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
		if err != nil {
			return nil, err
		}
		f.Close()
		if err := os.Chmod(o.HistoryFile, 0o600); err != nil {
			return nil, err
		}
	}
	cfg := &readline.Config{
		Prompt:            "> ",
		HistoryFile:       o.HistoryFile,
		HistorySearchFold: true,
		InterruptPrompt:   "^C",
		EOFPrompt:         "",
		Stdin:             o.In,
		Stdout:            o.Out,
		Stderr:            o.Err,
	}
	if o.Complete != nil {
		cfg.AutoComplete = completer(o.Complete)
	}
	rl, err := readline.NewEx(cfg)
	if err != nil {
		return nil, err
	}
	return &terminal{rl}, nil
}

type terminal struct{ rl *readline.Instance }

func (t *terminal) Readline() (string, error) {
	line, err := t.rl.Readline()
	if errors.Is(err, readline.ErrInterrupt) {
		return line, ErrInterrupt
	}
	return line, err
}
func (t *terminal) SetPrompt(p string) { t.rl.SetPrompt(p) }
func (t *terminal) Close() error       { return t.rl.Close() }

// completer adapts a Completer to readline's AutoCompleter: readline wants the suffixes to
// insert and the length of what they replace.
type completer Completer

func (c completer) Do(line []rune, pos int) ([][]rune, int) {
	s := string(line)
	bytePos := len(string(line[:pos]))
	cands, prefix := c(s, bytePos)
	out := make([][]rune, 0, len(cands))
	for _, cand := range cands {
		out = append(out, []rune(strings.TrimPrefix(cand, prefix)))
	}
	return out, len([]rune(prefix))
}

// NewPlain reads lines from r without prompts nor editing (stdin is not a terminal).
func NewPlain(r io.Reader) Reader { return &plain{r: bufio.NewReader(r)} }

type plain struct{ r *bufio.Reader }

func (p *plain) Readline() (string, error) {
	line, err := p.r.ReadString('\n')
	if err == io.EOF && line != "" {
		return line, nil
	}
	return strings.TrimRight(line, "\r\n"), err
}
func (p *plain) SetPrompt(string) {}
func (p *plain) Close() error     { return nil }
