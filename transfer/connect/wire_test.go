package connect_test

import (
	"context"
	"encoding/base64"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/asperalm/aslmcli/transfer"
	"github.com/asperalm/aslmcli/transfer/connect"
	"github.com/asperalm/aslmcli/transfer/connect/connecttest"
	"github.com/asperalm/aslmcli/transfer/spec"
)

// TestRequestShapes: the agent's requests have the SDK's shapes: the app_id a base64 UUID,
// the request_id in the entry (a top-level aspera_connect_settings with the app_id only),
// text/plain bodies, no Origin, the version read first.
func TestRequestShapes(t *testing.T) {
	srv := connecttest.Start(t, connecttest.Script{Steps: []connecttest.Step{{Status: "completed"}}})
	j, _ := start(t, srv, download())
	if _, err := wait(t, j); err != nil {
		t.Fatal(err)
	}
	reqs := srv.Requests()
	if len(reqs) < 3 || reqs[0].Path != "info/version" || reqs[1].Path != "transfers/start" {
		t.Fatalf("requests %+v", reqs)
	}
	raw, err := base64.StdEncoding.DecodeString(srv.AppID())
	if err != nil || len(raw) != 36 || strings.Count(string(raw), "-") != 4 {
		t.Errorf("app_id %q is not a base64 UUID (%q, %v)", srv.AppID(), raw, err)
	}
	for _, r := range reqs {
		if r.Origin != "" {
			t.Errorf("%s: Origin %q", r.Path, r.Origin)
		}
		if r.Method == "POST" && r.ContentType != connect.ContentType {
			t.Errorf("%s: Content-Type %q", r.Path, r.ContentType)
		}
	}
	body := reqs[1].Body
	if top := body["aspera_connect_settings"]; !reflect.DeepEqual(top, map[string]any{"app_id": srv.AppID()}) {
		t.Errorf("top-level aspera_connect_settings %v", top)
	}
	entry := body["transfer_specs"].([]any)[0].(map[string]any)["aspera_connect_settings"].(map[string]any)
	if entry["request_id"] == nil || entry["allow_dialogs"] != true || entry["use_absolute_destination_path"] != nil {
		t.Errorf("entry aspera_connect_settings %v", entry)
	}
}

// TestAbsoluteDestination: a download to an absolute folder sets use_absolute_destination_path;
// a relative one lands in Connect's download folder (no flag); an upload never has it.
func TestAbsoluteDestination(t *testing.T) {
	abs, _ := filepath.Abs("out")
	for _, c := range []struct {
		direction, dest string
		want            any
	}{{"receive", abs, true}, {"receive", "out", nil}, {"receive", "", nil}, {"send", "/remote", nil}} {
		srv := connecttest.Start(t, connecttest.Script{Steps: []connecttest.Step{{Status: "completed"}}})
		s := download()
		s["direction"] = c.direction
		if c.dest != "" {
			s["destination_root"] = c.dest
		}
		j, _ := start(t, srv, s)
		if _, err := wait(t, j); err != nil {
			t.Fatal(err)
		}
		for _, r := range srv.Requests() {
			if r.Path == "transfers/start" {
				cs := r.Body["transfer_specs"].([]any)[0].(map[string]any)["aspera_connect_settings"].(map[string]any)
				if cs["use_absolute_destination_path"] != c.want {
					t.Errorf("%s %q: use_absolute_destination_path %v, want %v", c.direction, c.dest, cs["use_absolute_destination_path"], c.want)
				}
			}
		}
	}
}

// TestVersionTooOld: a Connect older than 3.9.0 is refused before anything starts.
func TestVersionTooOld(t *testing.T) {
	srv := connecttest.Start(t, connecttest.Script{Version: "3.8.1.1234"})
	_, err := agent(srv).Start(context.Background(), download(), transfer.Options{})
	want := "Aspera Connect 3.8.1.1234 is too old: version 3.9.0 or later is needed, please update Connect"
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %s", err, want)
	}
	if len(srv.Starts()) != 0 {
		t.Error("a transfer was started")
	}
}

// upload is an upload spec without paths.
func upload() spec.Spec {
	return spec.Spec{"direction": "send", "remote_host": "demo.example.com", "remote_user": "u", "destination_root": "/in"}
}

// TestUploadDialog: an upload without paths takes the files chosen in Connect's file dialog;
// with UI "text" it is refused; given paths are used as they are, without dialog.
func TestUploadDialog(t *testing.T) {
	chosen := []string{"/home/u/a.txt", "/home/u/b.bin"}
	srv := connecttest.Start(t, connecttest.Script{Selection: chosen, Steps: []connecttest.Step{{Status: "completed"}}})
	j, _ := start(t, srv, upload())
	if _, err := wait(t, j); err != nil {
		t.Fatal(err)
	}
	want := []any{map[string]any{"source": chosen[0]}, map[string]any{"source": chosen[1]}}
	if got := srv.Starts()[0]["paths"]; !reflect.DeepEqual(got, want) {
		t.Errorf("paths %v, want %v", got, want)
	}
	var dialog *connecttest.Request
	for _, r := range srv.Requests() {
		if r.Path == "windows/select-open-file-dialog/" {
			dialog = &r
		}
	}
	if dialog == nil || dialog.Body["allowMultipleSelection"] != true || dialog.Body["title"] != "Select Files" {
		t.Fatalf("dialog request %+v", dialog)
	}

	// --ui=text: no dialog, the spec needs paths
	a := agent(srv)
	a.UI = "text"
	if _, err := a.Start(context.Background(), upload(), transfer.Options{}); err == nil || !strings.Contains(err.Error(), "paths") {
		t.Errorf("text UI without paths: %v", err)
	}
	// paths given: used, no dialog
	srv2 := connecttest.Start(t, connecttest.Script{Selection: chosen, Steps: []connecttest.Step{{Status: "completed"}}})
	s := upload()
	s["paths"] = []any{map[string]any{"source": "/data/x"}}
	j, _ = start(t, srv2, s)
	if _, err := wait(t, j); err != nil {
		t.Fatal(err)
	}
	for _, r := range srv2.Requests() {
		if strings.HasPrefix(r.Path, "windows/") {
			t.Errorf("dialog opened although paths were given")
		}
	}
	if got := srv2.Starts()[0]["paths"]; !reflect.DeepEqual(got, s["paths"]) {
		t.Errorf("paths %v", got)
	}
}

// TestUploadDialogClosed: no file chosen is an error, and nothing starts; a bad spec fails
// before the dialog opens.
func TestUploadDialogClosed(t *testing.T) {
	srv := connecttest.Start(t, connecttest.Script{})
	_, err := agent(srv).Start(context.Background(), upload(), transfer.Options{})
	if err == nil || !strings.Contains(err.Error(), "no file was selected") || len(srv.Starts()) != 0 {
		t.Fatalf("err = %v, starts %d", err, len(srv.Starts()))
	}
	s := upload()
	delete(s, "remote_host")
	n := len(srv.Requests())
	if _, err := agent(srv).Start(context.Background(), s, transfer.Options{}); err == nil || !strings.Contains(err.Error(), "remote_host") {
		t.Fatalf("err = %v", err)
	}
	if len(srv.Requests()) != n {
		t.Error("the dialog opened for a bad spec")
	}
}

// TestUISetting: the registry takes the run's --ui as the internal setting "ui".
func TestUISetting(t *testing.T) {
	srv := connecttest.Start(t, connecttest.Script{Selection: []string{"/x"}})
	a, err := transfer.New("connect", map[string]any{"url": srv.URL, "ui": "text"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Start(context.Background(), upload(), transfer.Options{}); err == nil || !strings.Contains(err.Error(), "paths") {
		t.Errorf("err = %v", err)
	}
	got, err := transfer.Settings("connect", nil, transfer.Host{Option: func(name string) (any, error) {
		if name == "ui" {
			return "text", nil
		}
		return nil, nil
	}})
	if err != nil || got["ui"] != "text" {
		t.Errorf("Settings = %v, %v", got, err)
	}
}
