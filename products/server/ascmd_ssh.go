package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/crypto/ssh"
)

// ErrNoAscmd is returned when the server cannot run ascmd (not installed, or refused by its
// login shell): callers then use SFTP.
var ErrNoAscmd = errors.New("the server has no ascmd")

// Ascmd runs ascmd over SSH (an exec request, not a subsystem) with the given command lines
// (see Command) and returns one result per command; error results are *AscmdError values in
// Result.Err, not a failure of the call.
func (c *Client) Ascmd(ctx context.Context, commands ...string) ([]Result, error) {
	s, err := c.SSH.NewSession()
	if err != nil {
		return nil, fmt.Errorf("ascmd: %w", err)
	}
	defer s.Close()
	stop := context.AfterFunc(ctx, func() { s.Close() })
	defer stop()
	var stderr bytes.Buffer
	s.Stderr = &stderr
	stdout, err := s.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("ascmd: %w", err)
	}
	s.Stdin = strings.NewReader(strings.Join(commands, "") + "as_exit\n")
	if err := s.Start("ascmd"); err != nil {
		return nil, fmt.Errorf("ascmd: %w", err)
	}
	r := NewResultReader(stdout)
	info, err := ReadResult(r)
	if err != nil || info.Type != ResultInfo {
		werr := s.Wait()
		var ee *ssh.ExitError
		if errors.As(werr, &ee) && (ee.ExitStatus() == 127 || ee.ExitStatus() == 126) {
			return nil, fmt.Errorf("%w (%s)", ErrNoAscmd, strings.TrimSpace(stderr.String()))
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("ascmd: no info record at start (%v, %v): %s", err, werr, strings.TrimSpace(stderr.String()))
	}
	results := make([]Result, 0, len(commands))
	for range commands {
		res, err := ReadResult(r)
		if err != nil {
			if ctx.Err() != nil {
				return results, ctx.Err()
			}
			return results, fmt.Errorf("ascmd: %w", err)
		}
		results = append(results, res)
	}
	if end, err := ReadResult(r); err != nil || end.Type != ResultExit {
		return results, fmt.Errorf("ascmd: no exit record at the end (%v)", err)
	}
	_, _ = io.Copy(io.Discard, r)
	if err := s.Wait(); err != nil {
		return results, fmt.Errorf("ascmd: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	return results, nil
}
