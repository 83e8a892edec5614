package main

// Tests on a real pseudo-terminal: prompts for missing values (secrets without echo), box
// tables, the editor of `config open`.

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
)

// term runs the binary on a pseudo-terminal; answers are typed when their prompt appears.
type term struct {
	t    *testing.T
	f    *os.File
	cmd  *exec.Cmd
	mu   sync.Mutex
	buf  bytes.Buffer
	done chan struct{}
}

func (e *env) onTerminal(args ...string) *term {
	e.t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env, cmd.Dir = append(append([]string{}, e.vars...), "TERM=xterm"), e.dir
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 40, Cols: 160})
	if err != nil {
		e.t.Fatal(err)
	}
	tm := &term{t: e.t, f: f, cmd: cmd, done: make(chan struct{})}
	go func() {
		b := make([]byte, 4096)
		for {
			n, err := f.Read(b)
			tm.mu.Lock()
			tm.buf.Write(b[:n])
			tm.mu.Unlock()
			if err != nil {
				close(tm.done)
				return
			}
		}
	}()
	e.t.Cleanup(func() { cmd.Process.Kill(); f.Close() })
	return tm
}

func (tm *term) screen() string {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return tm.buf.String()
}

// expect waits until the screen shows s.
func (tm *term) expect(s string) {
	tm.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(tm.screen(), s) {
		if time.Now().After(deadline) {
			tm.t.Fatalf("screen never showed %q:\n%s", s, tm.screen())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (tm *term) typ(s string) { io.WriteString(tm.f, s) }

// wait returns the exit code and the whole screen.
func (tm *term) wait() (int, string) {
	tm.t.Helper()
	err := tm.cmd.Wait()
	select {
	case <-tm.done:
	case <-time.After(5 * time.Second):
	}
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	}
	return code, strings.ReplaceAll(tm.screen(), "\r\n", "\n")
}

func TestPromptsOnTerminal(t *testing.T) {
	e := newEnv(t)
	e.plugin("needs", `return { help = "needs values", options = {
		{name="url", help="server URL"}, {name="password", help="secret", secret=true}},
		run = function(cli)
			local url = cli:option("url", {mandatory=true})
			local pass = cli:option("password", {mandatory=true})
			local name = cli:next_arg("name")
			cli:show(url .. " " .. #pass .. " " .. name, {kind="value"})
		end }`)
	tm := e.onTerminal("needs")
	tm.expect("--url (server URL): ")
	tm.typ("https://typed.example.com\n")
	tm.expect("--password (secret): ")
	tm.typ("hunter2\n")
	tm.expect("name: ")
	tm.typ("@env:HOME\n")
	code, screen := tm.wait()
	if code != 0 || !strings.Contains(screen, "https://typed.example.com 7 "+e.dir) {
		t.Fatalf("exit %d:\n%s", code, screen)
	}
	if strings.Contains(screen, "hunter2") {
		t.Fatalf("the secret was echoed:\n%s", screen)
	}
	// --interactive=no: no question, a usage error
	tm = e.onTerminal("needs", "--interactive=no")
	if code, screen := tm.wait(); code != 2 || !strings.Contains(screen, "missing mandatory option --url") {
		t.Fatalf("exit %d:\n%s", code, screen)
	}
	// @secret: asks without echo
	tm = e.onTerminal("config", "echo", "@secret:Passphrase")
	tm.expect("Passphrase: ")
	tm.typ("s3cr3t-value\n")
	if code, screen := tm.wait(); code != 0 || strings.Count(screen, "s3cr3t-value") != 1 {
		t.Fatalf("exit %d:\n%s", code, screen)
	}
	// --ask-options asks for optional ones too
	e.helloPlugin()
	tm = e.onTerminal("hello", "world", "--ask-options=yes")
	tm.expect("--greeting (word to greet with) [optional, Enter to skip]: ")
	tm.typ("Howdy\n")
	tm.expect("--loud")
	tm.typ("\n")
	if code, screen := tm.wait(); code != 0 || !strings.Contains(screen, "Howdy, world!") {
		t.Fatalf("exit %d:\n%s", code, screen)
	}
}

func TestBoxTableOnTerminal(t *testing.T) {
	e := newEnv(t)
	tm := e.onTerminal("config", "echo", `@json:[{"name":"été","size":1}]`)
	code, screen := tm.wait()
	if code != 0 || !strings.Contains(screen, "╭") || !strings.Contains(screen, "│ été  │ 1    │") {
		t.Fatalf("exit %d:\n%s", code, screen)
	}
}

func TestConfigOpenEditor(t *testing.T) {
	e := newEnv(t)
	e.ok("config", "preset", "set", "p", "k", "v")
	editor := e.write("bin/ed.sh", "#!/bin/sh\nprintf 'added:\\n  k: 1\\n' >> \"$1\"\n")
	os.Chmod(editor, 0o755)
	e.setenv("EDITOR=" + editor)
	tm := e.onTerminal("config", "open", "--ui=text")
	if code, screen := tm.wait(); code != 0 {
		t.Fatalf("exit %d:\n%s", code, screen)
	}
	if !strings.Contains(e.read(filepath.Join(e.home, "config.yaml")), "added:\n  k: 1") {
		t.Fatal("the editor did not run on the file")
	}
	// an edit that breaks the file is reported
	e.write("bin/ed.sh", "#!/bin/sh\necho ': : bad' >> \"$1\"\n")
	tm = e.onTerminal("config", "open", "--ui=text")
	if code, screen := tm.wait(); code != 1 || !strings.Contains(screen, "line") {
		t.Fatalf("exit %d:\n%s", code, screen)
	}
}

// TestInterruptStopsChild: Ctrl-C while the editor of `config open` runs stops the editor too.
func TestInterruptStopsChild(t *testing.T) {
	e := newEnv(t)
	pidFile := filepath.Join(e.dir, "editor.pid")
	editor := e.write("bin/slow-editor", "#!/bin/sh\necho $$ > "+pidFile+"\nexec sleep 60\n")
	os.Chmod(editor, 0o755)
	e.setenv("EDITOR=" + editor)
	tm := e.onTerminal("config", "open", "--ui=text")
	deadline := time.Now().Add(5 * time.Second)
	var pid int
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(pidFile); err == nil && len(b) > 0 {
			fmt.Sscan(string(b), &pid)
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if pid == 0 {
		t.Fatal("the editor did not start")
	}
	tm.cmd.Process.Signal(syscall.SIGINT)
	code, screen := tm.wait()
	if code != 130 || !strings.Contains(screen, "ERROR: interrupted") {
		t.Fatalf("exit %d:\n%s", code, screen)
	}
	for i := 0; i < 100; i++ {
		if syscall.Kill(pid, 0) != nil {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("the editor (pid %d) is still running", pid)
}
