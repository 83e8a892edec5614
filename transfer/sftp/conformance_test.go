package sftp_test

import (
	"strings"
	"testing"

	"github.com/asperalm/aslmcli/internal/sshtest"
	"github.com/asperalm/aslmcli/transfer"
	"github.com/asperalm/aslmcli/transfer/agenttest"
	"github.com/asperalm/aslmcli/transfer/sftp"
	"github.com/asperalm/aslmcli/transfer/spec"
)

var _ transfer.Agent = (*sftp.Agent)(nil)

// TestConformance runs the agent suite on the sftp agent, made by the registry, against a
// real OpenSSH sshd.
func TestConformance(t *testing.T) {
	srv := sshtest.Start(t)
	host, _, _ := strings.Cut(srv.Addr, ":")
	agenttest.Run(t, agenttest.Fixture{
		Name: "sftp",
		Start: func(t *testing.T, sc agenttest.Scenario) agenttest.Env {
			a, err := transfer.New("sftp", map[string]any{"strict_host_key_checking": "no"})
			if err != nil {
				t.Fatal(err)
			}
			return agenttest.Env{Agent: a, Root: t.TempDir(),
				Spec: spec.Spec{"remote_host": host, "ssh_port": srv.Port, "remote_user": srv.User, "ssh_private_key": string(srv.ClientPEM)}}
		},
		Caps: agenttest.Caps{
			NoProcess:     "the agent speaks SFTP itself: it starts no process",
			NoResumeInJob: "a broken SSH connection ends the job; the next job resumes the partial files",
			NoCode:        "SFTP errors carry no Aspera code",
			NoRate:        "SFTP has no rate control",
		},
	})
}
