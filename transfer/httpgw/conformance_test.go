package httpgw_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/asperalm/aslmcli/transfer"
	"github.com/asperalm/aslmcli/transfer/agenttest"
	"github.com/asperalm/aslmcli/transfer/httpgw"
	"github.com/asperalm/aslmcli/transfer/httpgw/gwtest"
	"github.com/asperalm/aslmcli/transfer/spec"
)

var _ transfer.Agent = (*httpgw.Agent)(nil)

// TestConformance runs the agent suite on the httpgw agent, made by the registry, against the
// gateway double: uploads land in the far end's "up" folder, downloads are served from its
// root (the gateway's paths are relative to it).
func TestConformance(t *testing.T) {
	agenttest.Run(t, agenttest.Fixture{
		Name: "httpgw",
		Start: func(t *testing.T, sc agenttest.Scenario) agenttest.Env {
			root := t.TempDir()
			o := gwtest.Options{Token: "Bearer test-token", UploadDir: filepath.Join(root, "up"), DownloadDir: root}
			if sc.Slow {
				o.AckDelay = 30 * time.Millisecond // 8 MiB: 132 chunks, 4 s
			}
			gw := gwtest.Start(t, o)
			a, err := transfer.New("httpgw", map[string]any{"url": gw.Base})
			if err != nil {
				t.Fatal(err)
			}
			return agenttest.Env{Agent: a, Spec: spec.Spec{"remote_host": "gateway.example.com", "token": "Bearer test-token"},
				Root: root, Path: func(rel string) string { return "/" + rel }}
		},
		Caps: agenttest.Caps{
			NoProcess:     "the gateway runs the transfer: the agent starts no process",
			NoResumeInJob: "a broken WebSocket ends the job; a new job sends the files again (a download resumes its .partial file)",
			NoCode:        "the HTTP Gateway reports its errors as messages, without codes",
			NoRate:        "the gateway runs the transfer at its own rate",
			ZipFolders:    "the gateway sends a folder as one zip archive",
		},
	})
}
