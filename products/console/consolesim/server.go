// Package consolesim is a simulator of IBM Aspera Console's REST API: `aslmcli console
// simulator`, the scripts developed offline and the tests of products/console use it. It
// serves, below <url>/api with Basic authentication: GET /transfers (the time window from/to
// and the filterN/compN/valN filters), GET /transfers/{id}, GET /transfers/{id}/files (limit,
// offset), PUT /transfers/{id}/{action} (start, pause, resume, cancel, rerun, change_rate,
// change_policy, move_forwards, move_back), GET /smart_transfers, POST /smart_transfers/{id},
// and GET /ssh_keys.
//
// Console publishes no OpenAPI document: the shapes come from its API guide (the transfer
// list and detail fields, the UTC dates "2013-02-28 12:00:00" of from/to, the filter
// parameters, errors as 422 with a JSON body) and from the IBM aspera-cli sources (the
// endpoints and their verbs). Its tests hold it to a recorded document of those shapes
// (products/console/internal/consoletest).
//
// Decisions where the sources were silent:
//   - The state is in memory and starts with sample transfers placed relative to the start
//     time (so that the default 24 h window of a listing finds them), two smart transfers and
//     one SSH key.
//   - A transfer belongs to a window when it started (or was created, if queued) before the
//     window's end and had not stopped before its start.
//   - Filters compare the text of a field: eq, ne, contain, not_contain, begins, ends, and gt,
//     lt, ge, le (numbers when both sides are numbers); transfer_name is the field name.
//   - Controls follow the transfer's state (pause a running one, resume a paused one...); a
//     control that does not apply is a 422 with the reason. rerun puts a finished transfer back
//     in the queue under the same id. A submitted smart transfer queues one new transfer.
package consolesim

import (
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/asperalm/aslmcli/internal/simhttp"
)

// Config configures a simulator.
type Config struct {
	Username string // default "console_admin"
	Password string // default "console_pass"
	Host     string // listen address; default 127.0.0.1
	Port     int    // 0: a free port
	// Now is the simulator's clock (default time.Now); the sample transfers are placed
	// relative to it at start.
	Now func() time.Time
	// Wrap wraps the handler (tests install the contract check here).
	Wrap   func(http.Handler) http.Handler
	Logger *slog.Logger
}

// BasePath is where Console serves its pages: the URL users give is http://host/aspera/console.
const BasePath = "/aspera/console"

// Server is a running simulator.
type Server struct {
	URL string // Console's URL, e.g. http://127.0.0.1:40123/aspera/console (the API is URL/api)
	cfg Config
	srv *http.Server

	mu        sync.Mutex
	transfers []*transfer
	smart     []map[string]any
	nextID    int
}

// New prepares a simulator without listening (see Handler and Start).
func New(cfg Config) *Server {
	if cfg.Username == "" {
		cfg.Username, cfg.Password = "console_admin", "console_pass"
	}
	if cfg.Host == "" {
		cfg.Host = "127.0.0.1"
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Server{cfg: cfg}
	s.seed(cfg.Now())
	return s
}

// Start listens and serves; URL is set when it returns.
func Start(cfg Config) (*Server, error) {
	s := New(cfg)
	ln, err := simhttp.Listen(s.cfg.Host, s.cfg.Port)
	if err != nil {
		return nil, fmt.Errorf("console simulator: %w", err)
	}
	s.URL = "http://" + ln.Addr().String() + BasePath
	s.srv = simhttp.Serve(ln, s.Handler())
	return s, nil
}

// Credentials returns the user and password the simulator accepts.
func (s *Server) Credentials() (string, string) { return s.cfg.Username, s.cfg.Password }

// Close stops the server.
func (s *Server) Close() error {
	if s.srv == nil {
		return nil
	}
	return s.srv.Close()
}

// Handler returns the simulator's HTTP handler.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	api := BasePath + "/api/"
	mux.HandleFunc("GET "+api+"ssh_keys", s.auth(s.sshKeys))
	mux.HandleFunc("GET "+api+"transfers", s.auth(s.listTransfers))
	mux.HandleFunc("GET "+api+"transfers/{id}", s.auth(s.showTransfer))
	mux.HandleFunc("GET "+api+"transfers/{id}/files", s.auth(s.transferFiles))
	mux.HandleFunc("PUT "+api+"transfers/{id}/{action}", s.auth(s.control))
	mux.HandleFunc("GET "+api+"smart_transfers", s.auth(s.listSmart))
	mux.HandleFunc("POST "+api+"smart_transfers/{id}", s.auth(s.submitSmart))
	mux.HandleFunc("GET "+BasePath+"/login", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = io.WriteString(w, "<html><head><title>Aspera Console</title></head><body>Aspera Console (v3.4.2) simulator</body></html>\n")
	})
	var h http.Handler = mux
	if s.cfg.Wrap != nil {
		h = s.cfg.Wrap(h)
	}
	return h
}

func (s *Server) auth(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u, p, ok := r.BasicAuth()
		if !ok || subtle.ConstantTimeCompare([]byte(u), []byte(s.cfg.Username)) != 1 ||
			subtle.ConstantTimeCompare([]byte(p), []byte(s.cfg.Password)) != 1 {
			w.Header().Set("WWW-Authenticate", `Basic realm="Aspera Console"`)
			writeError(w, http.StatusUnauthorized, "Invalid username or password")
			return
		}
		s.cfg.Logger.Debug("console simulator", "method", r.Method, "path", r.URL.Path)
		h(w, r)
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// writeError answers Console's error body: {"errors": [message]}.
func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]any{"errors": []string{msg}})
}

// readJSON decodes an optional JSON object body (empty: an empty object), or answers 422.
func readJSON(w http.ResponseWriter, r *http.Request) (map[string]any, bool) {
	b, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	out := map[string]any{}
	if err == nil && strings.TrimSpace(string(b)) != "" {
		err = json.Unmarshal(b, &out)
	}
	if err != nil {
		writeError(w, http.StatusUnprocessableEntity, "invalid JSON body: "+err.Error())
		return nil, false
	}
	return out, true
}

func (s *Server) sshKeys(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, 200, []any{map[string]any{"id": 1, "name": "console", "fingerprint": "SHA256:c2ltdWxhdGVkIGNvbnNvbGUga2V5", "created_at": "2024-01-02T03:04:05Z"}})
}
