// Package ascptest gives tests the ascp test double (transfer/ascp/testdata/fakeascp), built
// once per test process.
package ascptest

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
	path string
	err  error
)

// Fake returns the path of the ascp double, building it on first use (go build, from the
// module that holds this file); it fails the test when it cannot be built.
func Fake(t testing.TB) string {
	t.Helper()
	once.Do(func() {
		_, self, _, _ := runtime.Caller(0)
		module := filepath.Join(filepath.Dir(self), "..", "..", "..")
		dir, e := os.MkdirTemp("", "fakeascp-")
		if e != nil {
			err = e
			return
		}
		path = filepath.Join(dir, "ascp")
		cmd := exec.Command("go", "build", "-o", path, "github.com/asperalm/aslmcli/transfer/ascp/testdata/fakeascp")
		cmd.Dir = module
		if out, e := cmd.CombinedOutput(); e != nil {
			err = fmt.Errorf("build the ascp double: %v\n%s", e, out)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return path
}
