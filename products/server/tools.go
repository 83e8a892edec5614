package server

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"os/exec"
	"regexp"
	"strings"
	"sync"

	"golang.org/x/crypto/ssh"
)

// Tools are the HSTS administration tools the server plugin runs on the server, by the
// original tool's command names: nodeadmin is asnodeadmin, userdata asuserdata, configurator
// asconfigurator.
var Tools = map[string]string{"nodeadmin": "asnodeadmin", "userdata": "asuserdata", "configurator": "asconfigurator"}

// Runner runs a program on the server (SSH exec) or on this machine (local://).
type Runner interface {
	// Run runs argv[0] with the other arguments and returns what it printed on stdout; a
	// failure (an exit status other than 0) is an error with what it printed on stderr.
	Run(ctx context.Context, argv []string) (string, error)
}

// ErrNoRunner is returned when the connection cannot run programs (an https:// target).
var ErrNoRunner = errors.New("this server cannot run commands: use ssh://host:port or local://")

// RunnerOf returns the Runner of opened file operations (OpenFiles).
func RunnerOf(f Files) (Runner, error) {
	if r, ok := f.(Runner); ok {
		return r, nil
	}
	return nil, ErrNoRunner
}

// Run runs a program over the SSH connection (an exec request; the arguments are quoted for
// the remote shell).
func (c *Client) Run(ctx context.Context, argv []string) (string, error) {
	s, err := c.SSH.NewSession()
	if err != nil {
		return "", fmt.Errorf("%s: %w", argv[0], err)
	}
	defer s.Close()
	stop := context.AfterFunc(ctx, func() { s.Close() })
	defer stop()
	var out, stderr bytes.Buffer
	s.Stdout, s.Stderr = &out, &stderr
	err = s.Run(ShellQuote(argv))
	if ctx.Err() != nil {
		return "", ctx.Err()
	}
	if err != nil {
		var ee *ssh.ExitError
		if errors.As(err, &ee) && ee.ExitStatus() == 127 {
			return "", fmt.Errorf("%s: not found on the server (is it an HSTS, and on the PATH of %s?)", argv[0], c.SSH.User())
		}
		return "", runError(argv[0], err, stderr.String())
	}
	return out.String(), nil
}

// runError is the failure of a program: its name, the error, and what it said on stderr.
func runError(name string, err error, stderr string) error {
	if msg := strings.TrimSpace(stderr); msg != "" {
		return fmt.Errorf("%s: %w: %s", name, err, msg)
	}
	return fmt.Errorf("%s: %w", name, err)
}

// Run runs a program on this machine.
func (Local) Run(ctx context.Context, argv []string) (string, error) {
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		return "", runError(argv[0], err, stderr.String())
	}
	return out.String(), nil
}

// Run runs a program over the connection of the file operations.
func (o *owned) Run(ctx context.Context, argv []string) (string, error) { return o.c.Run(ctx, argv) }

// ShellQuote joins argv for a POSIX shell: each word in single quotes unless it is made of
// safe characters only.
func ShellQuote(argv []string) string {
	out := make([]string, len(argv))
	for i, a := range argv {
		if a != "" && safeWord().MatchString(a) {
			out[i] = a
		} else {
			out[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
	}
	return strings.Join(out, " ")
}

var safeWord = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9_@%+=:,./-]+$`) })

// ParseToolOutput turns a tool's output into records when it has a known shape, else nil:
//   - asconfigurator's answers: "success" then CSV lines section,[user,]parameter,value,default
//     (AS_NULL is null) become {section, user, parameter, value, default};
//   - "name: value" lines (asuserdata -a), nested by indentation, become {name, value} with
//     the names of the enclosing lines joined by dots (user.docroot...), quotes removed.
func ParseToolOutput(out string) []map[string]any {
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) > 0 && strings.TrimSpace(lines[0]) == "success" {
		return configuratorRecords(lines[1:])
	}
	return nameValues(lines)
}

func configuratorRecords(lines []string) []map[string]any {
	var out []map[string]any
	for _, l := range lines {
		fields, err := csv.NewReader(strings.NewReader(l)).Read()
		if err != nil || len(fields) < 4 {
			return nil
		}
		r := map[string]any{"section": fields[0]}
		rest := fields[1:]
		if fields[0] == "user" && len(rest) >= 4 {
			r["user"], rest = rest[0], rest[1:]
		}
		r["parameter"] = rest[0]
		r["value"], r["default"] = configValue(rest[len(rest)-2]), configValue(rest[len(rest)-1])
		out = append(out, r)
	}
	return out
}

func configValue(s string) any {
	switch s {
	case "AS_NULL":
		return nil
	case "true":
		return true
	case "false":
		return false
	}
	return s
}

var nameValue = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(\s*)([A-Za-z0-9_./ -]+?):\s*(.*)$`) })

func nameValues(lines []string) []map[string]any {
	type level struct {
		indent int
		name   string
	}
	var stack []level
	var out []map[string]any
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		m := nameValue().FindStringSubmatch(l)
		if m == nil {
			return nil
		}
		indent := len(m[1])
		for len(stack) > 0 && stack[len(stack)-1].indent >= indent {
			stack = stack[:len(stack)-1]
		}
		name := m[2]
		if len(stack) > 0 {
			name = stack[len(stack)-1].name + "." + name
		}
		stack = append(stack, level{indent, name})
		v := strings.TrimSpace(m[3])
		if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
			v = v[1 : len(v)-1]
		}
		out = append(out, map[string]any{"name": name, "value": v})
	}
	return out
}
