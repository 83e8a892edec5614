package main

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// simProcess is a running `aslmcli PRODUCT simulator ARGS...`, killed at the end of the test
// if it still runs: its process, its URL (the first line it printed) and the rest of what it
// prints, line by line.
type simProcess struct {
	cmd    *exec.Cmd
	url    string
	out    *bufio.Reader
	stderr *syncBuffer
}

// runSimulator starts `aslmcli product simulator args...` and reads its first line, which must
// be its URL (http://127.0.0.1:PORT).
func runSimulator(t *testing.T, e *env, product string, args ...string) *simProcess {
	t.Helper()
	cmd := exec.Command(binary, append([]string{product, "simulator"}, args...)...)
	cmd.Env, cmd.Dir = e.vars, e.dir
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := &simProcess{cmd: cmd, out: bufio.NewReader(stdout), stderr: &syncBuffer{}}
	cmd.Stderr = p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	if p.url = p.line(t); !strings.HasPrefix(p.url, "http://127.0.0.1:") {
		t.Fatalf("%s simulator: first line %q is not its URL", product, p.url)
	}
	return p
}

// line returns the next line the simulator prints, trimmed.
func (p *simProcess) line(t *testing.T) string {
	t.Helper()
	line, err := p.out.ReadString('\n')
	if err != nil {
		t.Fatalf("%s: %q %v (stderr %q)", strings.Join(p.cmd.Args[1:3], " "), line, err, p.stderr.String())
	}
	return strings.TrimSpace(line)
}

// stopsOnInterrupt sends SIGINT (Ctrl-C) to a simulator and requires exit code 0.
func stopsOnInterrupt(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	stopsOn(t, cmd, syscall.SIGINT)
}

// stopsOn sends sig to a simulator and requires it to stop with one of codes (none: 0).
func stopsOn(t *testing.T, cmd *exec.Cmd, sig os.Signal, codes ...int) {
	t.Helper()
	if err := cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
		if code := cmd.ProcessState.ExitCode(); code != 0 && !slices.Contains(codes, code) {
			t.Fatalf("%s: exit %d on %v, want 0 %v", strings.Join(cmd.Args[1:3], " "), code, sig, codes)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("%s: did not stop on %v", strings.Join(cmd.Args[1:3], " "), sig)
	}
}

// TestSimulatorsStopQuietly: every product's `simulator` command prints its URL first, and
// Ctrl-C, its documented stop, ends it with exit 0 and no error line as soon as the URL is
// out (sim:serve takes Ctrl-C before it prints). SIGTERM stops it too: exit 0 for node (as
// tested before), 0 or 130 (interrupted, with its error line) for the others, as aoc's test
// allowed.
func TestSimulatorsStopQuietly(t *testing.T) {
	for _, product := range []string{"node", "aoc", "faspex5", "faspex", "shares", "shares2", "console", "orchestrator", "ats"} {
		for _, sig := range []os.Signal{os.Interrupt, syscall.SIGTERM} {
			e := newEnv(t)
			p := runSimulator(t, e, product)
			go func() { _, _ = io.Copy(io.Discard, p.out) }()
			var codes []int
			if sig == syscall.SIGTERM && product != "node" {
				codes = []int{130}
			}
			stopsOn(t, p.cmd, sig, codes...)
			if p.cmd.ProcessState.ExitCode() == 0 && strings.Contains(p.stderr.String(), "ERROR") {
				t.Fatalf("%s simulator, %v: stderr %q", product, sig, p.stderr.String())
			}
		}
	}
}
