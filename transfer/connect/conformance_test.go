package connect_test

import (
	"testing"
	"time"

	"github.com/asperalm/aslmcli/transfer"
	"github.com/asperalm/aslmcli/transfer/agenttest"
	"github.com/asperalm/aslmcli/transfer/connect"
	"github.com/asperalm/aslmcli/transfer/connect/connecttest"
	"github.com/asperalm/aslmcli/transfer/spec"
)

var _ transfer.Agent = (*connect.Agent)(nil)

// TestConformance runs the agent suite on the connect agent against the Connect double in its
// Copy mode (the double copies the files on this machine, as Connect's ascp would).
func TestConformance(t *testing.T) {
	agenttest.Run(t, agenttest.Fixture{
		Name: "connect",
		Start: func(t *testing.T, sc agenttest.Scenario) agenttest.Env {
			c := &connecttest.Copy{Interrupt: sc.Interrupt}
			if sc.Slow {
				c.Rate = 1000000
			}
			srv := connecttest.Start(t, connecttest.Script{Copy: c})
			a := &connect.Agent{BaseURL: srv.API, Poll: 10 * time.Millisecond, HTTP: settings()}
			return agenttest.Env{Agent: a, Spec: spec.Spec{"remote_host": "127.0.0.1", "remote_user": "xfer"}, Root: t.TempDir()}
		},
		Caps: agenttest.Caps{
			NoProcess:   "Connect runs ascp, not the agent",
			ResumeInJob: true, // Connect's "willretry"
			RetryEvent:  true,
			Code:        4,
			Rate:        true,
		},
	})
}
