package main

// End-to-end tests: they build the aslmcli binary once and run it as a user would, with a
// private home folder, and check stdout, stderr, exit codes and files.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "aslmcli-e2e")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "aslmcli")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// env is a private world for the binary: a home folder and environment variables.
type env struct {
	t    *testing.T
	dir  string // scratch folder, also the working directory
	home string // ASLMCLI_HOME
	vars []string
}

func newEnv(t *testing.T) *env {
	t.Helper()
	dir := t.TempDir()
	e := &env{t: t, dir: dir, home: filepath.Join(dir, "home")}
	e.vars = []string{
		"PATH=" + filepath.Dir(binary) + ":/usr/bin:/bin",
		"HOME=" + dir,
		"ASLMCLI_HOME=" + e.home,
		"LANG=C.UTF-8",
	}
	return e
}

func (e *env) setenv(kv ...string) { e.vars = append(e.vars, kv...) }

type result struct {
	out, err string
	code     int
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.out, r.err)
}

// run runs the binary with args; stdin is empty.
func (e *env) run(args ...string) result { return e.runIn("", args...) }

func (e *env) runIn(stdin string, args ...string) result {
	e.t.Helper()
	cmd := exec.Command(binary, args...)
	return e.exec(cmd, stdin)
}

func (e *env) exec(cmd *exec.Cmd, stdin string) result {
	e.t.Helper()
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr, cmd.Stdin = &out, &errb, strings.NewReader(stdin)
	cmd.Env, cmd.Dir = e.vars, e.dir
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		e.t.Fatalf("run %v: %v", cmd.Args, err)
	}
	return result{out.String(), errb.String(), code}
}

// ok runs args, requires exit code 0 and returns stdout.
func (e *env) ok(args ...string) string {
	e.t.Helper()
	r := e.run(args...)
	if r.code != 0 {
		e.t.Fatalf("%v: %v", args, r)
	}
	return r.out
}

// fails runs args and requires the exit code and an error line containing msg.
func (e *env) fails(code int, msg string, args ...string) result {
	e.t.Helper()
	r := e.run(args...)
	e.check(r, code, msg, args)
	return r
}

func (e *env) check(r result, code int, msg string, args []string) {
	e.t.Helper()
	if r.code != code {
		e.t.Fatalf("%v: want exit %d, got %v", args, code, r)
	}
	if !strings.Contains(r.err, msg) {
		e.t.Fatalf("%v: stderr lacks %q: %v", args, msg, r)
	}
	if code != 0 && !strings.HasPrefix(r.err, "ERROR: ") && !strings.Contains(r.err, "\nERROR: ") {
		e.t.Fatalf("%v: no ERROR line: %v", args, r)
	}
}

func (e *env) write(rel, content string) string {
	e.t.Helper()
	p := filepath.Join(e.dir, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		e.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		e.t.Fatal(err)
	}
	return p
}

func (e *env) read(path string) string {
	e.t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		e.t.Fatal(err)
	}
	return string(b)
}

func (e *env) configFile() string { return filepath.Join(e.home, "config.yaml") }

// plugin installs a user plugin in the home's plugins folder.
func (e *env) plugin(name, src string) string {
	return e.write(filepath.Join("home", "plugins", name+".lua"), src)
}

func (e *env) helloPlugin() {
	e.t.Helper()
	src, err := os.ReadFile("../../scripts/examples/hello_plugin.lua")
	if err != nil {
		e.t.Fatal(err)
	}
	e.plugin("hello", string(src))
}

func decodeJSON(t *testing.T, s string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, s)
	}
	return v
}

func lines(s string) []string { return strings.Split(strings.TrimRight(s, "\n"), "\n") }
