package connect_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/asperalm/aslmcli/products/rest"
	"github.com/asperalm/aslmcli/transfer"
	"github.com/asperalm/aslmcli/transfer/agenttest"
	"github.com/asperalm/aslmcli/transfer/connect"
	"github.com/asperalm/aslmcli/transfer/connect/connecttest"
	"github.com/asperalm/aslmcli/transfer/spec"
)

// settings are HTTP settings without retries, so that failures are fast.
func settings() *rest.Settings { return &rest.Settings{RetryMax: -1} }

// tempHome returns an empty home directory (also LOCALAPPDATA on Windows).
func tempHome(t *testing.T) string {
	home := t.TempDir()
	if runtime.GOOS == "windows" {
		t.Setenv("LOCALAPPDATA", home)
	}
	return home
}

// writeURI writes Connect's var/run/<name> file under home.
func writeURI(t *testing.T, home, name, line string) {
	dir := filepath.Join(connect.RunRoot(home), "var", "run")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), []byte(line+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

// closedPort returns a local port nobody listens on (most likely).
func closedPort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := l.Addr().(*net.TCPAddr).Port
	l.Close()
	return p
}

// setPorts moves the scanned port range for one test.
func setPorts(t *testing.T, first, last int) {
	f, l := connect.FirstPort, connect.LastPort
	connect.FirstPort, connect.LastPort = first, last
	t.Cleanup(func() { connect.FirstPort, connect.LastPort = f, l })
}

func free(port int) bool {
	l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
	if err != nil {
		return false
	}
	l.Close()
	return true
}

// scanPorts returns a closed port p and a listener on p+1, in Connect's range when possible.
func scanPorts(t *testing.T) (int, net.Listener) {
	for p := connect.FirstPort; p < connect.LastPort; p++ {
		if !free(p) {
			continue
		}
		if l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p+1)); err == nil {
			return p, l
		}
	}
	for range 20 { // the range is busy: any two consecutive ports
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		q := l.Addr().(*net.TCPAddr).Port
		if free(q - 1) {
			return q - 1, l
		}
		l.Close()
	}
	t.Skip("no two consecutive free local ports")
	return 0, nil
}

func TestDiscoverHTTPURIFile(t *testing.T) {
	srv := connecttest.Start(t, connecttest.Script{})
	home := tempHome(t)
	writeURI(t, home, "http.uri", srv.URL)
	p := closedPort(t)
	setPorts(t, p, p)
	got, err := connect.Discover(context.Background(), home, settings())
	if err != nil || got != srv.API {
		t.Fatalf("Discover = %q, %v; want %q", got, err, srv.API)
	}
	if srv.Pings() != 1 {
		t.Errorf("pings = %d, want 1", srv.Pings())
	}
}

func TestDiscoverStaleHTTPURIThenHTTPS(t *testing.T) {
	srv := connecttest.Start(t, connecttest.Script{})
	home := tempHome(t)
	writeURI(t, home, "http.uri", fmt.Sprintf("http://127.0.0.1:%d", closedPort(t)))
	writeURI(t, home, "https.uri", srv.API+"/") // a full API URL is kept as is
	p := closedPort(t)
	setPorts(t, p, p)
	got, err := connect.Discover(context.Background(), home, settings())
	if err != nil || got != srv.API {
		t.Fatalf("Discover = %q, %v; want %q", got, err, srv.API)
	}
}

func TestDiscoverPortScan(t *testing.T) {
	closed, l := scanPorts(t)
	srv := connecttest.StartListener(t, l, connecttest.Script{})
	setPorts(t, closed, closed+1)
	got, err := connect.Discover(context.Background(), tempHome(t), settings())
	want := fmt.Sprintf("http://127.0.0.1:%d/v5/connect", closed+1)
	if err != nil || got != want {
		t.Fatalf("Discover = %q, %v; want %q", got, err, want)
	}
	if srv.Pings() != 1 {
		t.Errorf("pings = %d, want 1", srv.Pings())
	}
}

func TestDiscoverNotRunning(t *testing.T) {
	home := tempHome(t)
	p := closedPort(t)
	setPorts(t, p, p)
	_, err := connect.Discover(context.Background(), home, settings())
	want := fmt.Sprintf("Aspera Connect is not running: no http.uri under %s and no answer on 127.0.0.1:%d-%d",
		filepath.Join(connect.RunRoot(home), "var", "run"), p, p)
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v\nwant %s", err, want)
	}
	// an agent without URL reports the same
	a := &connect.Agent{Home: home, HTTP: settings()}
	if _, err := a.Start(context.Background(), download(), transfer.Options{}); err == nil || err.Error() != want {
		t.Fatalf("Start err = %v", err)
	}
}

// summary returns the events as "type bytes/total" strings.
func summary(r *agenttest.Recorder) []string {
	var out []string
	for _, e := range r.Events() {
		s := string(e.Type)
		switch e.Type {
		case transfer.Sizes:
			s += fmt.Sprintf(" total=%d", e.Total)
		case transfer.Progress, transfer.SessionDone:
			s += fmt.Sprintf(" bytes=%d", e.Bytes)
		case transfer.SessionError, transfer.Retry:
			s += fmt.Sprintf(" code=%d %s", e.Code, e.Message)
		}
		out = append(out, s)
	}
	return out
}

func agent(srv *connecttest.Server) *connect.Agent {
	return &connect.Agent{BaseURL: srv.API, Poll: 5 * time.Millisecond, HTTP: settings()}
}

func download() spec.Spec {
	return spec.Spec{"direction": "receive", "remote_host": "demo.example.com", "remote_user": "u",
		"paths": []any{map[string]any{"source": "f"}}, "EX_ssh_key_paths": []any{"k"}}
}

func start(t *testing.T, srv *connecttest.Server, s spec.Spec) (transfer.Job, *agenttest.Recorder) {
	t.Helper()
	rec := &agenttest.Recorder{}
	j, err := agent(srv).Start(context.Background(), s, rec.Options())
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	return j, rec
}

func wait(t *testing.T, j transfer.Job) (transfer.Result, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return j.Wait(ctx)
}

func equal(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\n got %q\nwant %q", what, got, want)
	}
}

func TestTransferSucceeds(t *testing.T) {
	srv := connecttest.Start(t, connecttest.Script{Steps: []connecttest.Step{
		{Status: "initiating"},
		{Status: "running", Written: 100, Expected: 1000},
		{Status: "running", Written: 100, Expected: 1000},
		{Status: "completed", Written: 1000, Expected: 1000, FilesCompleted: 1},
	}})
	j, rec := start(t, srv, download())
	res, err := wait(t, j)
	if err != nil || res.Status != transfer.Succeeded || res.Bytes != 1000 || res.Files != 1 || res.Agent != "connect" {
		t.Fatalf("Wait = %+v, %v", res, err)
	}
	equal(t, "events", summary(rec), []string{"session_start", "sizes total=1000", "progress bytes=100", "progress bytes=1000", "done bytes=1000"})
	uuid, _ := srv.IDs(0)
	for _, e := range rec.Events() {
		if e.Session != uuid || e.Agent != "connect" {
			t.Errorf("event %+v: session %q agent %q, want %q connect", e, e.Session, e.Agent, uuid)
		}
	}
	ts := srv.Starts()[0]
	if ts["remote_host"] != "demo.example.com" || ts["EX_ssh_key_paths"] != nil || ts["authentication"] != nil {
		t.Errorf("spec sent = %v", ts)
	}
}

func TestTransferFails(t *testing.T) {
	srv := connecttest.Start(t, connecttest.Script{Steps: []connecttest.Step{
		{Status: "initiating"},
		{Status: "willretry", ErrorCode: 44, ErrorDesc: "UDP session timeout"},
		{Status: "failed", ErrorCode: 44, ErrorDesc: "Server aborted session: UDP session timeout"},
	}})
	j, rec := start(t, srv, download())
	res, err := wait(t, j)
	var te *transfer.Error
	if !errors.As(err, &te) || te.Code != 44 || te.Message != "Server aborted session: UDP session timeout" || te.Agent != "connect" {
		t.Fatalf("err = %#v", err)
	}
	if res.Status != transfer.Failed || len(res.Errors) != 1 {
		t.Errorf("result = %+v", res)
	}
	equal(t, "events", summary(rec), []string{"session_start", "retry code=44 UDP session timeout",
		"error code=44 Server aborted session: UDP session timeout"})
}

func TestCancel(t *testing.T) {
	srv := connecttest.Start(t, connecttest.Script{Steps: []connecttest.Step{{Status: "running", Written: 10, Expected: 1000}}})
	j, rec := start(t, srv, download())
	for len(rec.Events()) < 3 { // session_start, sizes, progress
		time.Sleep(time.Millisecond)
	}
	j.Cancel()
	j.Cancel() // once
	res, err := wait(t, j)
	if res.Status != transfer.Canceled || err == nil {
		t.Fatalf("Wait = %+v, %v", res, err)
	}
	uuid, _ := srv.IDs(0)
	equal(t, "stops", srv.Stops(), []string{uuid})
}

func TestWaitContextCancels(t *testing.T) {
	srv := connecttest.Start(t, connecttest.Script{})
	j, _ := start(t, srv, download())
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	res, err := j.Wait(ctx)
	if res.Status != transfer.Canceled || err == nil || len(srv.Stops()) != 1 {
		t.Fatalf("Wait = %+v, %v; stops %v", res, err, srv.Stops())
	}
}

func TestCanceledInConnect(t *testing.T) {
	for _, status := range []string{"cancelled", "removed"} {
		srv := connecttest.Start(t, connecttest.Script{Steps: []connecttest.Step{{Status: "running"}, {Status: status}}})
		j, _ := start(t, srv, download())
		res, err := wait(t, j)
		if res.Status != transfer.Canceled || err == nil || !strings.Contains(err.Error(), status) {
			t.Errorf("%s: Wait = %+v, %v", status, res, err)
		}
		if len(srv.Stops()) != 0 {
			t.Errorf("%s: stop called: %v", status, srv.Stops())
		}
	}
}

func TestSetRate(t *testing.T) {
	srv := connecttest.Start(t, connecttest.Script{})
	j, _ := start(t, srv, download())
	defer j.Cancel()
	if err := transfer.SetRate(j, 5000); err != nil {
		t.Fatal(err)
	}
	if err := transfer.SetRate(j, 0); err == nil {
		t.Error("SetRate(0) accepted")
	}
	mods := srv.Modifies()
	uuid, _ := srv.IDs(0)
	if len(mods) != 1 || mods[0].ID != uuid || mods[0].Body["target_rate_kbps"] != json.Number("5000") || len(mods[0].Body) != 1 {
		t.Fatalf("modifies = %+v", mods)
	}
}

func TestTokenSpec(t *testing.T) {
	srv := connecttest.Start(t, connecttest.Script{Steps: []connecttest.Step{{Status: "completed"}}})
	s := download()
	s["token"] = "ATM2_ACabc_2MTA"
	j, _ := start(t, srv, s)
	if _, err := wait(t, j); err != nil {
		t.Fatal(err)
	}
	if got := srv.Starts()[0]["authentication"]; got != "token" {
		t.Errorf("authentication = %v, want token", got)
	}
	if _, ok := s["authentication"]; ok {
		t.Error("the caller's spec was changed")
	}
}

func TestStartError(t *testing.T) {
	srv := connecttest.Start(t, connecttest.Script{StartError: &connecttest.APIError{Code: 400, Internal: "invalid", User: "Invalid transfer spec"}})
	_, err := agent(srv).Start(context.Background(), download(), transfer.Options{})
	if err == nil || !strings.Contains(err.Error(), "Invalid transfer spec") {
		t.Fatalf("err = %v", err)
	}
}

func TestRegistry(t *testing.T) {
	srv := connecttest.Start(t, connecttest.Script{Steps: []connecttest.Step{{Status: "completed", Written: 5, Expected: 5}}})
	a, err := transfer.New("connect", map[string]any{"url": srv.URL, "app_id": "my-app"})
	if err != nil || a.Name() != "connect" {
		t.Fatalf("New = %v, %v", a, err)
	}
	j, err := a.Start(context.Background(), download(), transfer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res, err := wait(t, j); err != nil || res.Bytes != 5 {
		t.Fatalf("Wait = %+v, %v", res, err)
	}
	if srv.AppID() != "my-app" {
		t.Errorf("app_id = %q", srv.AppID())
	}
	if _, err := transfer.New("connect", map[string]any{"url": 3}); err == nil {
		t.Error("a non-string url was accepted")
	}
}
