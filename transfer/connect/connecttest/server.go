package connecttest

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// prefix is the API path of Connect.
const prefix = "/v5/connect/"

// Server is a running double. Its accessors are safe for concurrent use.
type Server struct {
	URL string // root URL, as Connect writes it in var/run/http.uri: http://127.0.0.1:port
	API string // URL + "/v5/connect", the agent's base URL

	t      testing.TB
	script Script
	srv    *httptest.Server

	mu        sync.Mutex
	appID     string
	requests  map[string]bool
	transfers map[string]*xfer // by uuid and by xfer_id
	order     []*xfer          // in start order
	starts    []map[string]any
	stops     []string
	modifies  []Modify
	pings     int
	polls     int
}

// xfer is one transfer the double started.
type xfer struct {
	uuid, xferID string
	spec         map[string]any
	polls        int
	stopped      bool
	last         Step
	copy         *copying // Script.Copy
}

// Start runs a double on a free local port; it is closed when the test ends.
func Start(t testing.TB, script Script) *Server {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("connecttest: listen: %v", err)
	}
	return StartListener(t, l, script)
}

// StartListener runs a double on l (e.g. one of Connect's ports); it is closed when the test
// ends.
func StartListener(t testing.TB, l net.Listener, script Script) *Server {
	t.Helper()
	if script.Origin == "" {
		script.Origin = "aslmcli"
	}
	if len(script.Steps) == 0 {
		script.Steps = []Step{{Status: "running"}}
	}
	s := &Server{t: t, script: script, requests: map[string]bool{}, transfers: map[string]*xfer{}}
	s.srv = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	s.srv.Listener.Close()
	s.srv.Listener = l
	s.srv.Start()
	s.URL = s.srv.URL
	s.API = s.URL + "/v5/connect"
	t.Cleanup(s.srv.Close)
	return s
}

// Close stops the server (also done when the test ends).
func (s *Server) Close() { s.srv.Close() }

// AppID returns the app_id the agent sent ("" before any POST).
func (s *Server) AppID() string { s.mu.Lock(); defer s.mu.Unlock(); return s.appID }

// Starts returns the transfer specs received by transfers/start, in order.
func (s *Server) Starts() []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]map[string]any(nil), s.starts...)
}

// IDs returns the uuid and xfer_id the double gave to the n-th transfer started (from 0),
// or "" when there is none.
func (s *Server) IDs(n int) (uuid, xferID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n < 0 || n >= len(s.order) {
		return "", ""
	}
	return s.order[n].uuid, s.order[n].xferID
}

// Stops returns the ids of the transfers/stop calls, in order.
func (s *Server) Stops() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.stops...)
}

// Modifies returns the transfers/modify calls, in order.
func (s *Server) Modifies() []Modify {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Modify(nil), s.modifies...)
}

// Pings returns the number of info/ping calls.
func (s *Server) Pings() int { s.mu.Lock(); defer s.mu.Unlock(); return s.pings }

// Polls returns the number of transfers/info calls.
func (s *Server) Polls() int { s.mu.Lock(); defer s.mu.Unlock(); return s.polls }

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if got := r.Header.Get("Origin"); got != s.script.Origin {
		s.t.Errorf("connecttest: %s %s: Origin %q, want %q", r.Method, r.URL.Path, got, s.script.Origin)
	}
	path, ok := strings.CutPrefix(r.URL.Path, prefix)
	if !ok {
		s.unexpected(w, r)
		return
	}
	if r.Method == http.MethodGet {
		switch path {
		case "info/ping":
			s.mu.Lock()
			s.pings++
			s.mu.Unlock()
			reply(w, http.StatusOK, map[string]any{})
		case "info/version":
			reply(w, http.StatusOK, map[string]any{"version": "3.11.2.63", "system_wide": false})
		default:
			s.unexpected(w, r)
		}
		return
	}
	if r.Method != http.MethodPost {
		s.unexpected(w, r)
		return
	}
	body, ok := s.decode(r)
	if !ok {
		fail(w, APIError{Code: 400, Internal: "bad request body"})
		return
	}
	switch {
	case path == "transfers/start":
		s.start(w, body)
	case strings.HasPrefix(path, "transfers/info/"):
		s.info(w, strings.TrimPrefix(path, "transfers/info/"))
	case strings.HasPrefix(path, "transfers/stop/"):
		s.stop(w, strings.TrimPrefix(path, "transfers/stop/"))
	case strings.HasPrefix(path, "transfers/modify/"):
		s.modify(w, strings.TrimPrefix(path, "transfers/modify/"), body)
	default:
		s.unexpected(w, r)
	}
}

func (s *Server) unexpected(w http.ResponseWriter, r *http.Request) {
	s.t.Errorf("connecttest: unexpected request %s %s", r.Method, r.URL.Path)
	fail(w, APIError{Status: http.StatusNotFound, Code: 404, Internal: "not found", User: "Unknown endpoint"})
}

// decode reads a POST body and checks its aspera_connect_settings.app_id.
func (s *Server) decode(r *http.Request) (map[string]any, bool) {
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		s.t.Errorf("connecttest: POST %s: Content-Type %q, want application/json", r.URL.Path, ct)
	}
	var body map[string]any
	dec := json.NewDecoder(r.Body)
	dec.UseNumber()
	if err := dec.Decode(&body); err != nil {
		s.t.Errorf("connecttest: POST %s: the body is not a JSON object: %v", r.URL.Path, err)
		return nil, false
	}
	acs, _ := body["aspera_connect_settings"].(map[string]any)
	app, _ := acs["app_id"].(string)
	if app == "" {
		s.t.Errorf("connecttest: POST %s: no aspera_connect_settings.app_id in %v", r.URL.Path, body)
		return body, true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.appID == "" {
		s.appID = app
	} else if app != s.appID {
		s.t.Errorf("connecttest: POST %s: app_id %q, earlier %q", r.URL.Path, app, s.appID)
	}
	return body, true
}

func (s *Server) start(w http.ResponseWriter, body map[string]any) {
	acs, _ := body["aspera_connect_settings"].(map[string]any)
	reqID, _ := acs["request_id"].(string)
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case !uuidRE.MatchString(reqID):
		s.t.Errorf("connecttest: start: request_id %q is not a UUID", reqID)
	case s.requests[reqID]:
		s.t.Errorf("connecttest: start: request_id %q sent twice", reqID)
	}
	s.requests[reqID] = true
	entries, ok := body["transfer_specs"].([]any)
	if !ok || len(entries) == 0 {
		s.t.Errorf("connecttest: start: transfer_specs must be a non-empty list: %v", body["transfer_specs"])
		fail(w, APIError{Code: 400, Internal: "no transfer_specs"})
		return
	}
	var specs []map[string]any
	for i, e := range entries {
		entry, _ := e.(map[string]any)
		ts, ok := entry["transfer_spec"].(map[string]any)
		if !ok {
			s.t.Errorf("connecttest: start: transfer_specs[%d] has no transfer_spec object: %v", i, e)
			fail(w, APIError{Code: 400, Internal: "no transfer_spec"})
			return
		}
		if ea, ok := entry["aspera_connect_settings"].(map[string]any); ok && ea["app_id"] != s.appID {
			s.t.Errorf("connecttest: start: transfer_specs[%d].aspera_connect_settings.app_id %v, want %q", i, ea["app_id"], s.appID)
		}
		if tok, _ := ts["token"].(string); tok != "" && ts["authentication"] != "token" {
			s.t.Errorf("connecttest: start: transfer_specs[%d] has a token but authentication %v, want \"token\"", i, ts["authentication"])
		}
		specs = append(specs, ts)
	}
	if s.script.StartError != nil {
		fail(w, *s.script.StartError)
		return
	}
	out := make([]any, 0, len(specs))
	for i, ts := range specs {
		x := &xfer{uuid: uuid(), xferID: uuid(), spec: ts}
		if s.script.Copy != nil {
			x.copy = startCopy(*s.script.Copy, ts)
		}
		s.transfers[x.uuid], s.transfers[x.xferID] = x, x
		s.starts = append(s.starts, ts)
		s.order = append(s.order, x)
		out = append(out, map[string]any{
			"transfer_spec":           ts,
			"uuid":                    x.uuid,
			"aspera_connect_settings": map[string]any{"app_id": s.appID, "request_id": reqID},
			"tags":                    map[string]any{"aspera": map[string]any{"index": i, "xfer_id": x.xferID, "xfer_retry": 3600}},
		})
	}
	reply(w, http.StatusOK, map[string]any{"transfer_specs": out})
}

// lookup returns a transfer by id, or answers 404 (s.mu held).
func (s *Server) lookup(w http.ResponseWriter, call, id string) *xfer {
	x := s.transfers[id]
	if x == nil {
		s.t.Errorf("connecttest: %s: unknown transfer id %q", call, id)
		fail(w, APIError{Status: http.StatusNotFound, Code: 404, Internal: "transfer not found", User: "Transfer not found"})
	}
	return x
}

func (s *Server) info(w http.ResponseWriter, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.polls++
	x := s.lookup(w, "info", id)
	if x == nil {
		return
	}
	step := s.script.Steps[min(x.polls, len(s.script.Steps)-1)]
	x.polls++
	if x.copy != nil {
		step = x.copy.step()
	} else if x.stopped {
		step = x.last
		step.Status = "cancelled"
	}
	x.last = step
	pct := 0.0
	if step.Expected > 0 {
		pct = float64(step.Written) / float64(step.Expected)
	}
	reply(w, http.StatusOK, map[string]any{"transfer_info": map[string]any{
		"uuid":                 x.uuid,
		"status":               step.Status,
		"bytes_written":        step.Written,
		"bytes_expected":       step.Expected,
		"percentage":           pct,
		"calculated_rate_kbps": step.Rate,
		"current_file":         step.CurrentFile,
		"error_code":           step.ErrorCode,
		"error_desc":           step.ErrorDesc,
		"file_counts":          map[string]any{"attempted": step.FilesCompleted, "completed": step.FilesCompleted, "failed": 0, "skipped": 0},
		"files":                []any{},
		"transfer_spec":        x.spec,
	}})
}

func (s *Server) stop(w http.ResponseWriter, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stops = append(s.stops, id)
	if x := s.lookup(w, "stop", id); x != nil {
		x.stopped = true
		if x.copy != nil {
			x.copy.stop()
		}
		reply(w, http.StatusOK, map[string]any{})
	}
}

func (s *Server) modify(w http.ResponseWriter, id string, body map[string]any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := make(map[string]any, len(body))
	for k, v := range body {
		if k != "aspera_connect_settings" {
			b[k] = v
		}
	}
	s.modifies = append(s.modifies, Modify{ID: id, Body: b})
	if s.lookup(w, "modify", id) != nil {
		reply(w, http.StatusOK, map[string]any{})
	}
}

func reply(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func fail(w http.ResponseWriter, e APIError) {
	if e.Status == 0 {
		e.Status = http.StatusBadRequest
	}
	reply(w, e.Status, map[string]any{"error": map[string]any{"code": e.Code, "internal_message": e.Internal, "user_message": e.User}})
}

func uuid() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
