package connecttest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// strictTB records the double's complaints instead of failing the test.
type strictTB struct {
	testing.TB
	mu   sync.Mutex
	errs []string
}

func (s *strictTB) Errorf(format string, args ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.errs = append(s.errs, fmt.Sprintf(format, args...))
}

func (s *strictTB) complaints() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.Join(s.errs, "\n")
}

func send(t *testing.T, method, url, contentType string, body any) {
	t.Helper()
	var rd *bytes.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	} else {
		rd = bytes.NewReader(nil)
	}
	req, _ := http.NewRequest(method, url, rd)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}

func entry(settings map[string]any, ts map[string]any) map[string]any {
	return map[string]any{"aspera_connect_settings": map[string]any{"app_id": "a"},
		"transfer_specs": []any{map[string]any{"transfer_spec": ts, "aspera_connect_settings": settings}}}
}

// TestChecks: each wire-format mistake is reported.
func TestChecks(t *testing.T) {
	const text = "text/plain;charset=UTF-8"
	for _, c := range []struct {
		name, method, path, contentType string
		body                            any
		want                            string
	}{
		{"content type", "POST", "/transfers/activity", "application/x-www-form-urlencoded", map[string]any{
			"aspera_connect_settings": map[string]any{"app_id": "a"}, "iteration_token": 0}, "Content-Type"},
		{"app_id", "POST", "/transfers/info/x", text, map[string]any{}, "no aspera_connect_settings.app_id"},
		{"request_id per entry", "POST", "/transfers/start", text, map[string]any{
			"aspera_connect_settings": map[string]any{"app_id": "a", "request_id": uuid()},
			"transfer_specs":          []any{map[string]any{"transfer_spec": map[string]any{}}}}, "request_id \"\" is not a UUID"},
		{"request_id", "POST", "/transfers/start", text, entry(map[string]any{"app_id": "a", "request_id": "1"}, map[string]any{}), "is not a UUID"},
		{"entry app_id", "POST", "/transfers/start", text, entry(map[string]any{"app_id": "b", "request_id": uuid()}, map[string]any{}), "app_id b, want"},
		{"boolean", "POST", "/transfers/start", text, entry(map[string]any{"app_id": "a", "request_id": uuid(), "use_absolute_destination_path": "yes"}, map[string]any{}), "is not a boolean"},
		{"shape", "POST", "/transfers/start", text, map[string]any{
			"aspera_connect_settings": map[string]any{"app_id": "a"},
			"transfer_specs":          []any{map[string]any{"remote_host": "h"}}}, "has no transfer_spec object"},
		{"activity", "POST", "/transfers/activity", text, map[string]any{"aspera_connect_settings": map[string]any{"app_id": "a"}}, "iteration_token"},
		{"authenticate", "POST", "/info/authenticate", text, map[string]any{"aspera_connect_settings": map[string]any{"app_id": "a"}}, "no remote_host"},
		{"dialog", "POST", "/windows/select-open-file-dialog/", text, map[string]any{"aspera_connect_settings": map[string]any{"app_id": "a"},
			"title": "t", "suggestedName": "", "allowMultipleSelection": "yes", "allowedFileTypes": ""}, "allowMultipleSelection"},
		{"unknown id", "POST", "/transfers/stop/nope", text, map[string]any{
			"aspera_connect_settings": map[string]any{"app_id": "a"}}, `unknown transfer id "nope"`},
		{"endpoint", "GET", "/windows/about", "", nil, "unexpected request"},
	} {
		tb := &strictTB{TB: t}
		srv := Start(tb, Script{})
		send(t, c.method, srv.API+c.path, c.contentType, c.body)
		if got := tb.complaints(); !strings.Contains(got, c.want) {
			t.Errorf("%s: complaints %q, want %q", c.name, got, c.want)
		}
	}
}

// TestAccepts: the SDK's requests, and ascli's start (a top-level request_id too), pass.
func TestAccepts(t *testing.T) {
	tb := &strictTB{TB: t}
	srv := Start(tb, Script{Selection: []string{"/tmp/a", "/tmp/b"}})
	acs := map[string]any{"app_id": "YQ=="}
	rid := uuid()
	send(t, "GET", srv.API+"/info/version", "", nil)
	send(t, "POST", srv.API+"/windows/select-open-file-dialog/", "text/plain;charset=UTF-8", map[string]any{"aspera_connect_settings": acs,
		"title": "", "suggestedName": "", "allowMultipleSelection": true, "allowedFileTypes": ""})
	send(t, "POST", srv.API+"/transfers/start", "application/json", map[string]any{
		"aspera_connect_settings": map[string]any{"app_id": "YQ==", "request_id": rid, "allow_dialogs": true},
		"transfer_specs": []any{map[string]any{"transfer_spec": map[string]any{"direction": "receive"},
			"aspera_connect_settings": map[string]any{"app_id": "YQ==", "request_id": rid, "back_link": "http://x/"}}}})
	id, _ := srv.IDs(0)
	for _, p := range []string{"info/" + id, "modify/" + id, "stop/" + id, "resume/" + id, "remove/" + id} {
		send(t, "POST", srv.API+"/transfers/"+p, "text/plain;charset=UTF-8", map[string]any{"aspera_connect_settings": acs})
	}
	send(t, "POST", srv.API+"/transfers/activity", "text/plain;charset=UTF-8", map[string]any{"aspera_connect_settings": acs, "iteration_token": 0})
	send(t, "POST", srv.API+"/info/authenticate", "text/plain;charset=UTF-8", map[string]any{"aspera_connect_settings": acs, "remote_host": "h"})
	if got := tb.complaints(); got != "" {
		t.Fatalf("complaints: %s", got)
	}
	if n := len(srv.Requests()); n != 10 {
		t.Errorf("%d requests recorded, want 10", n)
	}
}

// post sends a POST with the SDK's Content-Type and returns the decoded answer.
func post(t *testing.T, url string, body map[string]any) map[string]any {
	t.Helper()
	b, _ := json.Marshal(body)
	resp, err := http.Post(url, "text/plain;charset=UTF-8", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return out
}

// TestCopyStopResume: a stopped copy is "cancelled"; a resume finishes it.
func TestCopyStopResume(t *testing.T) {
	src := filepath.Join(t.TempDir(), "f.bin")
	if err := os.WriteFile(src, bytes.Repeat([]byte("x"), 200000), 0o644); err != nil {
		t.Fatal(err)
	}
	dest := t.TempDir()
	srv := Start(t, Script{Copy: &Copy{Rate: 400000}})
	acs := map[string]any{"app_id": "a"}
	post(t, srv.API+"/transfers/start", map[string]any{"aspera_connect_settings": acs, "transfer_specs": []any{map[string]any{
		"transfer_spec":           map[string]any{"direction": "send", "paths": []any{map[string]any{"source": src}}, "destination_root": dest},
		"aspera_connect_settings": map[string]any{"app_id": "a", "request_id": uuid()}}}})
	id, _ := srv.IDs(0)
	status := func() string {
		info, _ := post(t, srv.API+"/transfers/info/"+id, map[string]any{"aspera_connect_settings": acs})["transfer_info"].(map[string]any)
		s, _ := info["status"].(string)
		return s
	}
	post(t, srv.API+"/transfers/stop/"+id, map[string]any{"aspera_connect_settings": acs})
	if got := status(); got != "cancelled" {
		t.Fatalf("after stop: %s", got)
	}
	post(t, srv.API+"/transfers/resume/"+id, map[string]any{"aspera_connect_settings": acs})
	deadline := time.Now().Add(10 * time.Second)
	for status() != "completed" && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if st, err := os.Stat(filepath.Join(dest, "f.bin")); err != nil || st.Size() != 200000 {
		t.Fatalf("copied: %v, %v", st, err)
	}
}
