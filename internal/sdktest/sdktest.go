// Package sdktest finds Node and IBM's JavaScript SDKs for the tests that run the official
// SDKs against the test doubles (transfer/httpgw, transfer/connect). .ci/run installs the
// pinned packages with npm into the module's gitignored .ci/npm; ASLMCLI_SDK_DIR names another
// node_modules folder. Without them a test skips, except under CI (ASLMCLI_CI set), where it
// fails: CI must run the SDKs.
package sdktest

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// Install is the command that installs the SDKs as CI does (see .ci/run).
const Install = "npm install --prefix .ci/npm --no-audit --no-fund --no-save " +
	"@ibm-aspera/http-gateway-sdk-js@7.7.4 @ibm-aspera/connect-sdk-js@5.0.3 ws@8.18.3"

// Dir returns the node_modules folder holding every package of pkgs (ASLMCLI_SDK_DIR, else
// the module's .ci/npm/node_modules) and the path of node. When one is missing the test skips
// with the way to install them, or fails under ASLMCLI_CI.
func Dir(t testing.TB, pkgs ...string) (dir, node string) {
	t.Helper()
	dir = os.Getenv("ASLMCLI_SDK_DIR")
	if dir == "" {
		_, self, _, _ := runtime.Caller(0)
		dir = filepath.Join(filepath.Dir(self), "..", "..", ".ci", "npm", "node_modules")
	}
	node, err := exec.LookPath("node")
	var missing []string
	if err != nil {
		missing = append(missing, "node ("+err.Error()+")")
	}
	for _, p := range pkgs {
		if _, err := os.Stat(filepath.Join(dir, p, "package.json")); err != nil {
			missing = append(missing, p)
		}
	}
	if len(missing) == 0 {
		return dir, node
	}
	msg := "missing " + strings.Join(missing, ", ") + " in " + dir + ": run " + Install + " (see .ci/run) or set ASLMCLI_SDK_DIR"
	if os.Getenv("ASLMCLI_CI") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return "", ""
}
