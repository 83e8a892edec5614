// Package servertest gives tests the ascmd test double (products/server/testdata/ascmd), built
// once per test process, to put on the PATH of a test sshd (internal/sshtest Options.Path).
package servertest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
)

var (
	once sync.Once
	dir  string
	err  error
)

// AscmdDouble returns a folder holding the ascmd double, building it on first use (go build,
// from the module that holds this file); it fails the test when it cannot be built.
func AscmdDouble(t testing.TB) string {
	t.Helper()
	once.Do(func() {
		_, self, _, _ := runtime.Caller(0)
		module := filepath.Join(filepath.Dir(self), "..", "..", "..")
		if dir, err = os.MkdirTemp("", "ascmd-double-"); err != nil {
			return
		}
		cmd := exec.Command("go", "build", "-o", filepath.Join(dir, "ascmd"), "github.com/asperalm/aslmcli/products/server/testdata/ascmd")
		cmd.Dir = module
		if out, e := cmd.CombinedOutput(); e != nil {
			err = fmt.Errorf("build the ascmd double: %v\n%s", e, out)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}
