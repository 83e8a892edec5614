package connecttest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
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

func send(t *testing.T, method, url, origin string, body any) {
	t.Helper()
	var rd *bytes.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	} else {
		rd = bytes.NewReader(nil)
	}
	req, _ := http.NewRequest(method, url, rd)
	req.Header.Set("Content-Type", "application/json")
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}

func TestChecks(t *testing.T) {
	for _, c := range []struct {
		name, method, path, origin string
		body                       any
		want                       string
	}{
		{"origin", "GET", "/info/ping", "", nil, `Origin ""`},
		{"app_id", "POST", "/transfers/info/x", "aslmcli", map[string]any{}, "no aspera_connect_settings.app_id"},
		{"request_id", "POST", "/transfers/start", "aslmcli", map[string]any{
			"aspera_connect_settings": map[string]any{"app_id": "a", "request_id": "1"},
			"transfer_specs":          []any{map[string]any{"transfer_spec": map[string]any{}}}}, "is not a UUID"},
		{"shape", "POST", "/transfers/start", "aslmcli", map[string]any{
			"aspera_connect_settings": map[string]any{"app_id": "a", "request_id": uuid()},
			"transfer_specs":          []any{map[string]any{"remote_host": "h"}}}, "has no transfer_spec object"},
		{"token", "POST", "/transfers/start", "aslmcli", map[string]any{
			"aspera_connect_settings": map[string]any{"app_id": "a", "request_id": uuid()},
			"transfer_specs":          []any{map[string]any{"transfer_spec": map[string]any{"token": "ATM"}}}}, `authentication <nil>, want "token"`},
		{"unknown id", "POST", "/transfers/stop/nope", "aslmcli", map[string]any{
			"aspera_connect_settings": map[string]any{"app_id": "a"}}, `unknown transfer id "nope"`},
		{"endpoint", "GET", "/windows/about", "aslmcli", nil, "unexpected request"},
	} {
		tb := &strictTB{TB: t}
		srv := Start(tb, Script{})
		send(t, c.method, srv.API+c.path, c.origin, c.body)
		if got := tb.complaints(); !strings.Contains(got, c.want) {
			t.Errorf("%s: complaints %q, want %q", c.name, got, c.want)
		}
	}
}
