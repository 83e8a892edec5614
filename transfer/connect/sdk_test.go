package connect_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/asperalm/aslmcli/internal/sdktest"
	"github.com/asperalm/aslmcli/transfer/connect/connecttest"
)

const sdkPackage = "@ibm-aspera/connect-sdk-js"

// sdkPort is the Connect port the double stands for in the SDK's runs (the SDK scans
// 33003..33022; its other ports are refused by the driver's XMLHttpRequest).
const sdkPort = 33005

// runSDK runs IBM's Connect SDK (testdata/sdk_connect.js) against srv with the job; it returns
// the results of the actions, by action, and the exit code.
func runSDK(t *testing.T, srv *connecttest.Server, job map[string]any) (map[string]json.RawMessage, int, string) {
	t.Helper()
	dir, node := sdktest.Dir(t, sdkPackage)
	job["port"] = sdkPort
	b, _ := json.Marshal(job)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, filepath.Join("testdata", "sdk_connect.js"), dir, srv.URL, string(b))
	out, err := cmd.CombinedOutput()
	code := 0
	if err != nil {
		code = -1
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		}
	}
	results := map[string]json.RawMessage{}
	for _, line := range strings.Split(string(out), "\n") {
		var r struct {
			Action string
			Result json.RawMessage
		}
		if json.Unmarshal([]byte(line), &r) == nil && r.Action != "" {
			results[r.Action] = r.Result
		}
	}
	return results, code, string(out)
}

// paths returns the paths of the recorded requests, transfer ids replaced by {id}.
func paths(reqs []connecttest.Request) []string {
	var out []string
	for _, r := range reqs {
		out = append(out, r.Method+" "+idRE.ReplaceAllString(r.Path, "{id}"))
	}
	return out
}

var idRE = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

// TestSDKTransfer runs the official Connect SDK (software: its "http" method in Node) against
// the double: start, poll (info and activity), modify (rate), authenticate, stop, resume,
// remove. The double fails the test on any request it does not accept.
func TestSDKTransfer(t *testing.T) {
	srv := connecttest.Start(t, connecttest.Script{Steps: []connecttest.Step{
		{Status: "running", Written: 100, Expected: 1000},
		{Status: "running", Written: 500, Expected: 1000},
		{Status: "completed", Written: 1000, Expected: 1000, FilesCompleted: 1},
	}})
	dest, _ := filepath.Abs("downloads")
	results, code, out := runSDK(t, srv, map[string]any{
		"spec": map[string]any{"direction": "receive", "remote_host": "demo.example.com", "remote_user": "u",
			"token": "Bearer x", "authentication": "token", "destination_root": dest,
			"paths": []any{map[string]any{"source": "/f.bin"}}},
		"connect_spec": map[string]any{"allow_dialogs": true, "use_absolute_destination_path": true},
		"actions":      []string{"start", "info", "activity", "modify", "authenticate", "stop", "info", "resume", "wait", "remove"},
		"rate":         5000,
	})
	if code != 0 {
		t.Fatalf("SDK exit %d:\n%s", code, out)
	}
	uuid, _ := srv.IDs(0)
	if string(results["start"]) != `{"uuid":"`+uuid+`"}` || string(results["info"]) != `"cancelled"` {
		t.Errorf("results: %s", out)
	}
	var wait struct{ Status string }
	if json.Unmarshal(results["wait"], &wait); wait.Status != "completed" {
		t.Errorf("wait: %s", results["wait"])
	}
	if mods := srv.Modifies(); len(mods) != 1 || mods[0].ID != uuid || mods[0].Body["target_rate_kbps"] != json.Number("5000") {
		t.Errorf("modifies %+v", mods)
	}
	if !reflect.DeepEqual(srv.Stops(), []string{uuid}) {
		t.Errorf("stops %v", srv.Stops())
	}
	raw, err := base64.StdEncoding.DecodeString(srv.AppID())
	if err != nil || !regexp.MustCompile(`^[0-9a-f-]{36}$`).Match(raw) {
		t.Errorf("the SDK's app_id %q: %q %v", srv.AppID(), raw, err)
	}
	seen := map[string]bool{}
	for _, p := range paths(srv.Requests()) {
		seen[p] = true
	}
	for _, p := range []string{"GET info/ping", "GET info/version", "POST transfers/start", "POST transfers/info/{id}",
		"POST transfers/activity", "POST transfers/modify/{id}", "POST info/authenticate", "POST transfers/stop/{id}",
		"POST transfers/resume/{id}", "POST transfers/remove/{id}"} {
		if !seen[p] {
			t.Errorf("the SDK sent no %s: %v", p, paths(srv.Requests()))
		}
	}
}

// TestSDKUploadDialog: the SDK's upload takes its files from Connect's file dialog, then the
// double (Copy mode) moves them.
func TestSDKUploadDialog(t *testing.T) {
	src := t.TempDir()
	chosen := []string{filepath.Join(src, "a.txt"), filepath.Join(src, "b.bin")}
	for i, p := range chosen {
		writeFile(t, p, strings.Repeat("x", 1000*(i+1)))
	}
	dest := t.TempDir()
	srv := connecttest.Start(t, connecttest.Script{Selection: chosen, Copy: &connecttest.Copy{}})
	results, code, out := runSDK(t, srv, map[string]any{
		"spec":    map[string]any{"direction": "send", "remote_host": "demo.example.com", "remote_user": "u", "destination_root": dest},
		"actions": []string{"dialog", "start", "wait"},
	})
	if code != 0 {
		t.Fatalf("SDK exit %d:\n%s", code, out)
	}
	var wait struct{ Status string }
	if json.Unmarshal(results["wait"], &wait); wait.Status != "completed" {
		t.Fatalf("wait: %s", out)
	}
	for i, p := range chosen {
		if got := readFile(t, filepath.Join(dest, filepath.Base(p))); len(got) != 1000*(i+1) {
			t.Errorf("%s: %d bytes", p, len(got))
		}
	}
}

// TestSDKOutdated: the SDK refuses a Connect older than 3.9.0 and asks it to update.
func TestSDKOutdated(t *testing.T) {
	srv := connecttest.Start(t, connecttest.Script{Version: "3.8.0.1"})
	_, code, out := runSDK(t, srv, map[string]any{"spec": map[string]any{}, "actions": []string{"start"}})
	if code != 3 || !strings.Contains(out, `{"status":"OUTDATED"}`) {
		t.Fatalf("SDK exit %d:\n%s", code, out)
	}
	for _, r := range srv.Requests() {
		if r.Path == "update/require" && r.Body["min_version"] == "3.9.0" {
			return
		}
	}
	t.Errorf("no update/require with min_version 3.9.0: %v", paths(srv.Requests()))
}

func writeFile(t *testing.T, p, content string) {
	t.Helper()
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Error(err)
	}
	return string(b)
}
