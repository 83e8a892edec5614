// Package servertest gives tests the doubles of the server's programs, built once per test
// process, to put on the PATH of a test sshd (internal/sshtest Options.Path): ascmd
// (products/server/testdata/ascmd) and the HSTS administration tools asnodeadmin, asuserdata
// and asconfigurator (products/server/testdata/hsttools).
package servertest

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/asperalm/aslmcli/internal/testbuild"
)

// AscmdDouble returns a folder holding the ascmd double (and nothing else), building it on
// first use; it fails the test when it cannot be built.
func AscmdDouble(t testing.TB) string {
	t.Helper()
	return filepath.Dir(testbuild.Binary(t, "github.com/asperalm/aslmcli/products/server/testdata/ascmd", "ascmd"))
}

var (
	toolsOnce sync.Once
	toolsDir  string
	toolsErr  error
)

// ToolsDouble returns a folder holding the administration tools' double under the names
// asnodeadmin, asuserdata and asconfigurator (and nothing else).
func ToolsDouble(t testing.TB) string {
	t.Helper()
	bin := testbuild.Binary(t, "github.com/asperalm/aslmcli/products/server/testdata/hsttools", "hsttools")
	toolsOnce.Do(func() {
		toolsDir, toolsErr = os.MkdirTemp("", "hsttools-")
		for _, name := range []string{"asnodeadmin", "asuserdata", "asconfigurator"} {
			if toolsErr == nil {
				toolsErr = os.Link(bin, filepath.Join(toolsDir, name))
			}
		}
	})
	if toolsErr != nil {
		t.Fatalf("tools double: %v", toolsErr)
	}
	return toolsDir
}

// Path joins folders for sshtest Options.Path.
func Path(dirs ...string) string { return strings.Join(dirs, string(os.PathListSeparator)) }
