package node_test

import (
	"context"
	"testing"

	"github.com/asperalm/aslmcli/products/node/nodesim"
	"github.com/asperalm/aslmcli/transfer"
	"github.com/asperalm/aslmcli/transfer/agenttest"
	"github.com/asperalm/aslmcli/transfer/ascp/ascptest"
	"github.com/asperalm/aslmcli/transfer/node"
	"github.com/asperalm/aslmcli/transfer/spec"

	_ "github.com/asperalm/aslmcli/transfer/ascp" // the simulator's jobs run with the direct agent
)

var _ transfer.Agent = (*node.Agent)(nil)

// TestConformance runs the agent suite on the node agent, made by the registry, against the
// node simulator, whose jobs run with the direct agent and the ascp double (on this machine:
// a cancel must stop the simulator's ascp too).
func TestConformance(t *testing.T) {
	fake := ascptest.Fake(t)
	agenttest.Run(t, agenttest.Fixture{
		Name: "node",
		Start: func(t *testing.T, sc agenttest.Scenario) agenttest.Env {
			ascptest.Scenario(t, sc.Interrupt, sc.Slow)
			direct, err := transfer.New("direct", map[string]any{"ascp_path": fake, "resume": map[string]any{"sleep_initial": 0.01}})
			if err != nil {
				t.Fatal(err)
			}
			sim, err := nodesim.Start(nodesim.Config{Root: t.TempDir(), Runner: func(ctx context.Context, s map[string]any) error {
				_, err := transfer.Run(ctx, direct, spec.Spec(s), transfer.Options{})
				return err
			}})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = sim.Close() })
			a, err := transfer.New("node", map[string]any{"url": sim.URL, "username": "node_user", "password": "node_pass", "poll": 0.02})
			if err != nil {
				t.Fatal(err)
			}
			return agenttest.Env{Agent: a, Spec: spec.Spec{"remote_host": "127.0.0.1", "remote_user": "xfer"}, Root: t.TempDir()}
		},
		Caps: agenttest.Caps{
			Process:      "ascp", // the simulator's, in this process
			ResumeInJob:  true,
			NoRetryEvent: "the node resumes on its side: its job stays running, the agent sees no retry",
			Code:         4, // the node's error_code: its ascp's
			Rate:         true,
		},
	})
}
