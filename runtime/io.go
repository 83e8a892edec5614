package runtime

import (
	"bytes"
	"io"
	"os"
	"strings"

	"golang.org/x/term"
)

// IO holds the standard streams of one engine. Every byte a script prints, and every line it
// reads from standard input, goes through these streams.
type IO struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer
	// InTTY, OutTTY and ErrTTY tell whether each stream is a terminal.
	InTTY, OutTTY, ErrTTY bool
}

// SystemIO returns the process streams, with terminal detection.
func SystemIO() *IO {
	return &IO{
		In: os.Stdin, Out: os.Stdout, Err: os.Stderr,
		InTTY:  term.IsTerminal(int(os.Stdin.Fd())),
		OutTTY: term.IsTerminal(int(os.Stdout.Fd())),
		ErrTTY: term.IsTerminal(int(os.Stderr.Fd())),
	}
}

// TestIO returns streams backed by buffers, none of them a terminal; stdin reads from in.
func TestIO(in string) (streams *IO, out, errOut *bytes.Buffer) {
	out, errOut = &bytes.Buffer{}, &bytes.Buffer{}
	return &IO{In: strings.NewReader(in), Out: out, Err: errOut}, out, errOut
}

// InFd returns the file descriptor of the input stream when it is an *os.File, else -1.
func (s *IO) InFd() int {
	if f, ok := s.In.(*os.File); ok {
		return int(f.Fd())
	}
	return -1
}
