package cli

import (
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"
)

// Prompter asks the user for a value.
type Prompter interface {
	// Prompt shows label and returns the answer without its newline; secret answers are not
	// echoed.
	Prompt(label string, secret bool) (string, error)
}

// TermPrompter asks on a terminal: the question goes to Out, the answer is read from In.
type TermPrompter struct {
	In  *os.File
	Out io.Writer
}

// Prompt implements Prompter.
func (p *TermPrompter) Prompt(label string, secret bool) (string, error) {
	if secret {
		// echo goes off before the question shows, so nothing typed early is echoed
		restore, err := noEcho(int(p.In.Fd()))
		if err != nil {
			fmt.Fprintf(p.Out, "%s: ", label)
			b, err := term.ReadPassword(int(p.In.Fd()))
			fmt.Fprintln(p.Out)
			if err != nil {
				return "", fmt.Errorf("read %s: %w", label, err)
			}
			return string(b), nil
		}
		defer func() {
			restore()
			fmt.Fprintln(p.Out)
		}()
	}
	fmt.Fprintf(p.Out, "%s: ", label)
	var sb strings.Builder
	buf := make([]byte, 1)
	for {
		n, err := p.In.Read(buf)
		if n == 1 {
			if buf[0] == '\n' {
				break
			}
			sb.WriteByte(buf[0])
		}
		if err != nil {
			if err == io.EOF {
				break
			}
			return "", fmt.Errorf("read %s: %w", label, err)
		}
	}
	return strings.TrimSuffix(sb.String(), "\r"), nil
}
