// Package servertest gives tests the ascmd test double (products/server/testdata/ascmd), built
// once per test process, to put on the PATH of a test sshd (internal/sshtest Options.Path).
package servertest

import (
	"path/filepath"
	"testing"

	"github.com/asperalm/aslmcli/internal/testbuild"
)

// AscmdDouble returns a folder holding the ascmd double (and nothing else), building it on
// first use; it fails the test when it cannot be built.
func AscmdDouble(t testing.TB) string {
	t.Helper()
	return filepath.Dir(testbuild.Binary(t, "github.com/asperalm/aslmcli/products/server/testdata/ascmd", "ascmd"))
}
