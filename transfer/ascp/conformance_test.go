package ascp_test

import (
	"testing"

	"github.com/asperalm/aslmcli/transfer"
	"github.com/asperalm/aslmcli/transfer/agenttest"
	"github.com/asperalm/aslmcli/transfer/ascp"
	"github.com/asperalm/aslmcli/transfer/ascp/ascptest"
	"github.com/asperalm/aslmcli/transfer/spec"
)

var _ transfer.Agent = (*ascp.Agent)(nil)

// TestConformance runs the agent suite on the direct agent, made by the registry, with the
// ascp double as its ascp: the double copies the files on this machine as ascp would.
func TestConformance(t *testing.T) {
	fake := ascptest.Fake(t)
	agenttest.Run(t, agenttest.Fixture{
		Name: "direct",
		Start: func(t *testing.T, sc agenttest.Scenario) agenttest.Env {
			ascptest.Scenario(t, sc.Interrupt, sc.Slow)
			a, err := transfer.New("ascp", map[string]any{"ascp_path": fake, "resume": map[string]any{"sleep_initial": 0.01}})
			if err != nil {
				t.Fatal(err)
			}
			return agenttest.Env{Agent: a, Spec: spec.Spec{"remote_host": "127.0.0.1", "remote_user": "xfer"}, Root: t.TempDir()}
		},
		Caps: agenttest.Caps{Process: "ascp", ResumeInJob: true, RetryEvent: true, Code: 4, Rate: true},
	})
}
