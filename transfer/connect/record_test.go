package connect_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/asperalm/aslmcli/internal/sdktest"
	"github.com/asperalm/aslmcli/transfer"
	"github.com/asperalm/aslmcli/transfer/agenttest"
	"github.com/asperalm/aslmcli/transfer/connect/connecttest"
	"github.com/asperalm/aslmcli/transfer/spec"
)

// vary are the values that differ between two runs by nature: the app_id (random per
// session), the request_id (random per start).
var vary = []string{"app_id", "request_id"}

// firsts returns the first recorded request of each endpoint (ids replaced by {id}).
func firsts(reqs []connecttest.Request) map[string]connecttest.Request {
	out := map[string]connecttest.Request{}
	for i, p := range paths(reqs) {
		if _, seen := out[p]; !seen {
			out[p] = reqs[i]
		}
	}
	return out
}

// record is a request as compared: its Content-Type, Origin and body.
func record(r connecttest.Request) map[string]any {
	m := map[string]any{"content_type": r.ContentType, "origin": r.Origin}
	if r.Body != nil {
		m["body"] = r.Body
	}
	return m
}

// compareRecorded compares the first request of each endpoint of the agent's run with the
// SDK's, for the endpoints both used.
func compareRecorded(t *testing.T, sdk, agent []connecttest.Request, endpoints []string, intended map[string]map[string]string) {
	t.Helper()
	s, a := firsts(sdk), firsts(agent)
	for _, ep := range endpoints {
		rs, ok1 := s[ep]
		ra, ok2 := a[ep]
		if !ok1 || !ok2 {
			t.Errorf("%s: SDK sent it: %v, agent: %v", ep, ok1, ok2)
			continue
		}
		sdktest.Compare(t, ep, record(rs), record(ra), vary, intended[ep])
	}
}

// Intended differences of every request: a browser sends its page's Origin; the agent has no
// page and sends none (neither the SDK nor Connect needs one).
var originDiffers = map[string]string{"origin": "a browser sends its page's Origin; the agent has no page"}

func with(m map[string]string, more map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		out[k] = v
	}
	for k, v := range more {
		out[k] = v
	}
	return out
}

// TestRecordedDownload runs the SDK and the agent with the same download spec against doubles
// in recording mode and compares their requests field by field: version, start, info,
// modify, stop.
func TestRecordedDownload(t *testing.T) {
	steps := []connecttest.Step{{Status: "running", Written: 10, Expected: 1000}}
	dest, _ := filepath.Abs("downloads")
	ts := func() map[string]any {
		return map[string]any{"direction": "receive", "remote_host": "demo.example.com", "remote_user": "u", "token": "Bearer x",
			"destination_root": dest, "paths": []any{map[string]any{"source": "/f.bin", "destination": "f.bin"}, map[string]any{"source": "/g", "destination": "h"}}}
	}
	sdkSrv := connecttest.Start(t, connecttest.Script{Steps: steps})
	sdkSpec := ts()
	sdkSpec["authentication"] = "token" // the agent adds it for a token, an SDK user writes it
	if _, code, out := runSDK(t, sdkSrv, map[string]any{"spec": sdkSpec, "rate": 5000,
		"connect_spec": map[string]any{"allow_dialogs": true, "use_absolute_destination_path": true},
		"actions":      []string{"start", "info", "modify", "stop"}}); code != 0 {
		t.Fatalf("SDK exit %d:\n%s", code, out)
	}

	agSrv := connecttest.Start(t, connecttest.Script{Steps: steps})
	rec := &agenttest.Recorder{}
	j, err := agent(agSrv).Start(context.Background(), spec.Spec(ts()), rec.Options())
	if err != nil {
		t.Fatal(err)
	}
	for agSrv.Polls() == 0 {
		time.Sleep(time.Millisecond)
	}
	if err := transfer.SetRate(j, 5000); err != nil {
		t.Fatal(err)
	}
	j.Cancel()
	if _, err := wait(t, j); err == nil {
		t.Fatal("the cancelled job succeeded")
	}

	compareRecorded(t, sdkSrv.Requests(), agSrv.Requests(),
		[]string{"GET info/version", "POST transfers/start", "POST transfers/info/{id}", "POST transfers/modify/{id}", "POST transfers/stop/{id}"},
		map[string]map[string]string{
			"GET info/version": originDiffers,
			"POST transfers/start": with(originDiffers, map[string]string{
				"body.transfer_specs[0].aspera_connect_settings.back_link": "the SDK links the transfer to its web page; the agent has none",
			}),
			"POST transfers/info/{id}":   originDiffers,
			"POST transfers/modify/{id}": originDiffers,
			"POST transfers/stop/{id}":   originDiffers,
		})
}

// TestRecordedUploadDialog compares the SDK's upload through the file dialog with the agent's
// upload without paths.
func TestRecordedUploadDialog(t *testing.T) {
	chosen := []string{"/home/u/a.txt", "/home/u/b.bin"}
	script := connecttest.Script{Selection: chosen, Steps: []connecttest.Step{{Status: "completed"}}}
	ts := func() map[string]any {
		return map[string]any{"direction": "send", "remote_host": "demo.example.com", "remote_user": "u", "destination_root": "/in"}
	}
	sdkSrv := connecttest.Start(t, script)
	if _, code, out := runSDK(t, sdkSrv, map[string]any{"spec": ts(), "connect_spec": map[string]any{"allow_dialogs": true},
		"actions": []string{"dialog", "start", "wait"}}); code != 0 {
		t.Fatalf("SDK exit %d:\n%s", code, out)
	}
	agSrv := connecttest.Start(t, script)
	j, err := agent(agSrv).Start(context.Background(), spec.Spec(ts()), transfer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := wait(t, j); err != nil {
		t.Fatal(err)
	}
	compareRecorded(t, sdkSrv.Requests(), agSrv.Requests(),
		[]string{"POST windows/select-open-file-dialog/", "POST transfers/start"},
		map[string]map[string]string{
			"POST windows/select-open-file-dialog/": with(originDiffers, map[string]string{
				"body.title": "the agent titles the dialog \"Select Files\" (ascli's); the SDK's default title is empty",
			}),
			"POST transfers/start": with(originDiffers, map[string]string{
				"body.transfer_specs[0].aspera_connect_settings.back_link": "the SDK links the transfer to its web page; the agent has none",
			}),
		})
}
