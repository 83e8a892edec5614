// Package ascptest gives tests the ascp test double (transfer/ascp/testdata/fakeascp), built
// once per test process.
package ascptest

import (
	"testing"

	"github.com/asperalm/aslmcli/internal/testbuild"
)

// Fake returns the path of the ascp double, building it on first use; it fails the test when
// it cannot be built.
func Fake(t testing.TB) string {
	t.Helper()
	return testbuild.Binary(t, "github.com/asperalm/aslmcli/transfer/ascp/testdata/fakeascp", "ascp")
}
