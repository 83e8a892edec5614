package connecttest

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
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

	mu         sync.Mutex
	appID      string
	requestIDs map[string]bool
	transfers  map[string]*xfer // by uuid and by xfer_id
	order      []*xfer          // in start order
	starts     []map[string]any
	stops      []string
	modifies   []Modify
	recorded   []Request
	pings      int
	polls      int
	iteration  int // the activity's iteration_token
}

// Request is one request the double received, as recorded.
type Request struct {
	Method      string
	Path        string // below /v5/connect/: "info/version", "transfers/info/<id>"...
	ContentType string
	Origin      string
	Body        map[string]any // the JSON body of a POST (numbers as json.Number); nil for a GET
}

// xfer is one transfer the double started.
type xfer struct {
	uuid, xferID string
	spec         map[string]any
	settings     map[string]any // the entry's aspera_connect_settings
	index        int
	polls        int
	stopped      string // "cancelled" after a stop, "removed" after a remove
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
	if len(script.Steps) == 0 {
		script.Steps = []Step{{Status: "running"}}
	}
	if script.Version == "" {
		script.Version = "3.11.2.63"
	}
	s := &Server{t: t, script: script, requestIDs: map[string]bool{}, transfers: map[string]*xfer{}}
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

// AppID returns the app_id the client sent ("" before any POST).
func (s *Server) AppID() string { s.mu.Lock(); defer s.mu.Unlock(); return s.appID }

// Requests returns every request received, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.recorded...)
}

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

// Polls returns the number of transfers/info and transfers/activity calls.
func (s *Server) Polls() int { s.mu.Lock(); defer s.mu.Unlock(); return s.polls }

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	path, ok := strings.CutPrefix(r.URL.Path, prefix)
	if !ok {
		s.unexpected(w, r)
		return
	}
	rec := Request{Method: r.Method, Path: path, ContentType: r.Header.Get("Content-Type"), Origin: r.Header.Get("Origin")}
	if r.Method == http.MethodGet {
		s.record(rec)
		switch path {
		case "info/ping":
			s.mu.Lock()
			s.pings++
			s.mu.Unlock()
			reply(w, http.StatusOK, map[string]any{})
		case "info/version":
			reply(w, http.StatusOK, map[string]any{"version": s.script.Version, "system_wide": false})
		default:
			s.unexpected(w, r)
		}
		return
	}
	if r.Method != http.MethodPost {
		s.record(rec)
		s.unexpected(w, r)
		return
	}
	body, ok := s.decode(r)
	rec.Body = body
	s.record(rec)
	if !ok {
		fail(w, APIError{Code: 400, Internal: "bad request body"})
		return
	}
	if call, id, ok := transferCall(path); ok {
		s.onTransfer(w, call, id, body)
		return
	}
	switch path {
	case "transfers/start":
		s.start(w, body)
	case "transfers/activity":
		s.activity(w, body)
	case "info/authenticate":
		if h, _ := body["remote_host"].(string); h == "" {
			s.t.Errorf("connecttest: authenticate: no remote_host in %v", body)
		}
		reply(w, http.StatusOK, map[string]any{})
	case "windows/select-open-file-dialog/", "windows/select-open-file-dialog":
		s.checkDialog(body)
		reply(w, http.StatusOK, map[string]any{"dataTransfer": map[string]any{"files": selection(s.script.Selection)}})
	case "update/require":
		if v, _ := body["min_version"].(string); v == "" {
			s.t.Errorf("connecttest: update/require: no min_version in %v", body)
		}
		reply(w, http.StatusOK, map[string]any{})
	default:
		s.unexpected(w, r)
	}
}

// transferCall splits transfers/{call}/{id} for the calls on one transfer.
func transferCall(path string) (call, id string, ok bool) {
	rest, ok := strings.CutPrefix(path, "transfers/")
	if !ok {
		return "", "", false
	}
	call, id, ok = strings.Cut(rest, "/")
	switch call {
	case "info", "modify", "stop", "remove", "resume":
		return call, id, ok
	}
	return "", "", false
}

func (s *Server) record(r Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.recorded = append(s.recorded, r)
}

func (s *Server) unexpected(w http.ResponseWriter, r *http.Request) {
	s.t.Errorf("connecttest: unexpected request %s %s", r.Method, r.URL.Path)
	fail(w, APIError{Status: http.StatusNotFound, Code: 404, Internal: "not found", User: "Unknown endpoint"})
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
