// Package testbuild builds the test doubles of the module (small Go programs under testdata
// folders) for tests and benchmarks: once per test process and package, with `go build` run
// from the module's root.
package testbuild

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
)

type built struct {
	once sync.Once
	path string
	err  error
}

var (
	mu    sync.Mutex
	cache = map[string]*built{}
)

// Binary returns the path of the program pkg (a full import path) built as name in a
// temporary folder of its own; it fails the test when the program cannot be built.
func Binary(t testing.TB, pkg, name string) string {
	t.Helper()
	mu.Lock()
	b := cache[pkg]
	if b == nil {
		b = &built{}
		cache[pkg] = b
	}
	mu.Unlock()
	b.once.Do(func() {
		_, self, _, _ := runtime.Caller(0)
		module := filepath.Join(filepath.Dir(self), "..", "..")
		dir, err := os.MkdirTemp("", name+"-double-")
		if err != nil {
			b.err = err
			return
		}
		b.path = filepath.Join(dir, name)
		cmd := exec.Command("go", "build", "-o", b.path, pkg)
		cmd.Dir = module
		if out, err := cmd.CombinedOutput(); err != nil {
			b.err = fmt.Errorf("build the %s double: %v\n%s", name, err, out)
		}
	})
	if b.err != nil {
		t.Fatal(b.err)
	}
	return b.path
}
