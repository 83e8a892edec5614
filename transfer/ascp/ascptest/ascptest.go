// Package ascptest gives tests the ascp test double (transfer/ascp/testdata/fakeascp), built
// once per test process.
package ascptest

import (
	"path/filepath"
	"strconv"
	"testing"

	"github.com/asperalm/aslmcli/internal/testbuild"
)

// Fake returns the path of the ascp double, building it on first use; it fails the test when
// it cannot be built.
func Fake(t testing.TB) string {
	t.Helper()
	return testbuild.Binary(t, "github.com/asperalm/aslmcli/transfer/ascp/testdata/fakeascp", "ascp")
}

// Play sets, for the rest of test t, how the double behaves (see the fakeascp command):
// its script (FAKEASCP_SCRIPT: "ok", "interrupt:16"...), a fresh state file for the scripts
// that count runs, and its copy speed in bytes per second (FAKEASCP_RATE; 0: at once).
func Play(t *testing.T, script string, rate int64) {
	t.Helper()
	r := ""
	if rate > 0 {
		r = strconv.FormatInt(rate, 10)
	}
	t.Setenv("FAKEASCP_SCRIPT", script)
	t.Setenv("FAKEASCP_STATE", filepath.Join(t.TempDir(), "state"))
	t.Setenv("FAKEASCP_RATE", r)
}

// Scenario plays the double as the agent conformance suite asks (agenttest.Scenario): broken
// once midway by a lost connection (interrupt: code 16, retryable), and slow (1 MB/s).
func Scenario(t *testing.T, interrupt, slow bool) {
	t.Helper()
	script, rate := "ok", int64(0)
	if interrupt {
		script = "interrupt:16"
	}
	if slow {
		rate = 1000000
	}
	Play(t, script, rate)
}
