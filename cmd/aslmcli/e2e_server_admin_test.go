package main

import (
	"strings"
	"testing"

	"github.com/asperalm/aslmcli/internal/sshtest"
	"github.com/asperalm/aslmcli/products/server/servertest"
)

// TestServerAdminTools runs the manual's server nodeadmin|userdata|configurator on a real sshd
// whose PATH holds the doubles of asnodeadmin, asuserdata and asconfigurator.
func TestServerAdminTools(t *testing.T) {
	srv := sshtest.StartWith(t, sshtest.Options{Path: servertest.Path(servertest.ToolsDouble(t), servertest.AscmdDouble(t))})
	e := newEnv(t)
	args := serverArgs(srv)
	// the tool's own arguments go after --, the options before
	run := func(a ...string) string {
		for i, w := range a {
			if w == "--" {
				return e.ok(append(append(append([]string{}, a[:i]...), args...), a[i:]...)...)
			}
		}
		return e.ok(append(a, args...)...)
	}
	// name/value lines become records with dotted names
	out := run("server", "userdata", "--format=csv", "--", "-a")
	if !strings.Contains(out, "user,xfer\n") || !strings.Contains(out, "user.absolute,/data/xfer\n") || !strings.Contains(out, "default.target_rate_kbps,100000\n") {
		t.Fatalf("userdata -a:\n%s", out)
	}
	// asconfigurator's CSV answers
	out = run("server", "configurator", "--format=json", "--", "-x", "get_user_data;user_name,xfer")
	if !strings.Contains(out, `"parameter":"absolute"`) || !strings.Contains(out, `"default":null`) || !strings.Contains(out, `"user":"xfer"`) {
		t.Fatalf("configurator:\n%s", out)
	}
	// other output is shown as the tool printed it
	if out := run("server", "nodeadmin", "--", "-l"); !strings.Contains(out, "List of Node API user(s):") || !strings.Contains(out, "node_user") {
		t.Fatalf("nodeadmin -l:\n%s", out)
	}
	// a tool that fails: its message, exit 1
	e.check(e.run(append(append([]string{"server", "userdata"}, args...), "--", "--bad")...), 1, "Usage: asuserdata", nil)
}
