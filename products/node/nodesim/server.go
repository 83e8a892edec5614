package nodesim

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/asperalm/aslmcli/internal/simhttp"
	"github.com/asperalm/aslmcli/products/node"
)

// Config configures a simulator.
type Config struct {
	Root     string // folder served (required)
	Username string // node API user (Basic auth); default "node_user"
	Password string // default "node_pass"
	Host     string // listen address; default 127.0.0.1
	Port     int    // 0: a free port
	// Runner runs a transfer of /ops/transfers; nil: jobs fail at once, saying why.
	Runner func(ctx context.Context, spec map[string]any) error
	// NoRunnerReason is the error of jobs when Runner is nil.
	NoRunnerReason string
	// Wrap wraps the handler (tests install the OpenAPI contract check here).
	Wrap   func(http.Handler) http.Handler
	Logger *slog.Logger
}

// Server is a running simulator.
type Server struct {
	URL  string // base URL, e.g. http://127.0.0.1:40123
	cfg  Config
	tree *tree
	srv  *http.Server
	ln   net.Listener

	mu           sync.Mutex
	keys         map[string]*accessKey
	transfers    []*job
	jobCount     int
	seq          int64 // the activity log's position: jobs and events take the next one
	events       []event
	known        map[string]fileStamp // full node path -> the file as the log last reported it
	watches      []watch              // folders of upload_setup specs: see arrivals.go
	asyncs       []*asyncSession
	asyncCount   int
	services     map[string]map[string]any
	serviceCount int
	watchfolders map[string]map[string]any
	wfCount      int
	ctx          context.Context
	cancel       context.CancelFunc
	wg           sync.WaitGroup
}

// New prepares a simulator without listening (see Handler and Start).
func New(cfg Config) (*Server, error) {
	if cfg.Username == "" {
		cfg.Username, cfg.Password = "node_user", "node_pass"
	}
	if cfg.Host == "" {
		cfg.Host = "127.0.0.1"
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	t, err := newTree(cfg.Root)
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, tree: t, keys: map[string]*accessKey{}, services: map[string]map[string]any{},
		watchfolders: map[string]map[string]any{}, known: map[string]fileStamp{}}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	return s, nil
}

// Start listens and serves; URL is set when it returns.
func Start(cfg Config) (*Server, error) {
	s, err := New(cfg)
	if err != nil {
		return nil, err
	}
	ln, err := simhttp.Listen(s.cfg.Host, s.cfg.Port)
	if err != nil {
		return nil, fmt.Errorf("node simulator: %w", err)
	}
	s.ln = ln
	s.URL = "http://" + ln.Addr().String()
	s.srv = simhttp.Serve(ln, s.Handler())
	return s, nil
}

// Credentials returns the node user's username and password (Config's, else the defaults
// node_user and node_pass). Whoever starts a simulator for a person prints them after the URL,
// which stays the first line of its output (scripts read it).
func (s *Server) Credentials() (username, password string) { return s.cfg.Username, s.cfg.Password }

// Close stops the server and cancels running jobs.
func (s *Server) Close() error {
	s.cancel()
	var err error
	err = simhttp.Shutdown(s.srv)
	s.wg.Wait()
	return err
}

// Handler returns the simulator's HTTP handler.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	s.routes(mux)
	var h http.Handler = mux
	if s.cfg.Wrap != nil {
		h = s.cfg.Wrap(h)
	}
	return h
}

func (s *Server) routes(mux *http.ServeMux) {
	user := s.asNodeUser
	mux.HandleFunc("GET /info", s.authAny(s.info))
	mux.HandleFunc("GET /ping", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(200) })
	mux.HandleFunc("POST /space", user(s.space))
	mux.HandleFunc("POST /files/browse", user(s.browse))
	mux.HandleFunc("POST /files/search", user(s.search))
	mux.HandleFunc("POST /files/create", user(s.create))
	mux.HandleFunc("POST /files/delete", user(s.deletePaths))
	mux.HandleFunc("POST /files/rename", user(s.rename))
	mux.HandleFunc("POST /files/du", user(s.du))
	mux.HandleFunc("GET /files/{path}/contents", user(s.contents))
	mux.HandleFunc("POST /files/upload_setup", user(s.setup("send")))
	mux.HandleFunc("POST /files/download_setup", user(s.setup("receive")))
	mux.HandleFunc("GET /files/{id}", s.asKey(s.fileByID))
	mux.HandleFunc("GET /files/{id}/files", s.asKey(s.listByID))
	mux.HandleFunc("POST /files/{id}/files", s.asKey(s.createByID))
	mux.HandleFunc("PUT /files/{id}", s.asKey(s.modifyByID))
	mux.HandleFunc("DELETE /files/{id}", s.asKey(s.deleteByID))
	mux.HandleFunc("GET /access_keys", s.authAny(s.listKeys))
	mux.HandleFunc("POST /access_keys", user(s.createKey))
	mux.HandleFunc("GET /access_keys/{id}", s.authAny(s.showKey))
	mux.HandleFunc("PUT /access_keys/{id}", s.authAny(s.modifyKey))
	mux.HandleFunc("DELETE /access_keys/{id}", user(s.deleteKey))
	mux.HandleFunc("POST /ops/transfers", s.authAny(s.startTransfer))
	mux.HandleFunc("GET /ops/transfers", s.authAny(s.listTransfers))
	mux.HandleFunc("GET /ops/transfers/{id}", s.authAny(s.showTransfer))
	mux.HandleFunc("PUT /ops/transfers/{id}", s.authAny(s.modifyTransfer))
	mux.HandleFunc("CANCEL /ops/transfers/{id}", s.authAny(s.cancelTransfer))
	mux.HandleFunc("GET /events", s.authAny(s.listEvents))
	mux.HandleFunc("GET /events/{id}", s.authAny(s.showEvent))
	mux.HandleFunc("GET /usage", s.authAny(s.showUsage))
	mux.HandleFunc("GET /usage/{id}", s.authAny(s.showUsageID))
	s.asyncRoutes(mux)
	s.serviceRoutes(mux)
	s.centralRoutes(mux)
}

// caller is who sent a request: the node user, or an access key.
type caller struct {
	key *accessKey // nil for the node user
}

type handler func(w http.ResponseWriter, r *http.Request, c caller)

// authenticate returns the caller of r, or writes a 401.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request) (caller, bool) {
	if u, p, ok := r.BasicAuth(); ok {
		if equal(u, s.cfg.Username) && equal(p, s.cfg.Password) {
			return caller{}, true
		}
		s.mu.Lock()
		k := s.keys[u]
		s.mu.Unlock()
		if k != nil && equal(p, k.secret) {
			return caller{key: k}, true
		}
		s.writeError(w, http.StatusUnauthorized, "invalid credentials")
		return caller{}, false
	}
	if a := r.Header.Get("Authorization"); strings.HasPrefix(a, "Bearer ") {
		id := r.Header.Get("X-Aspera-AccessKey")
		s.mu.Lock()
		k := s.keys[id]
		s.mu.Unlock()
		if k == nil || k.verification == "" {
			s.writeError(w, http.StatusUnauthorized, "bearer token: unknown access key or no token verification key")
			return caller{}, false
		}
		payload, err := node.VerifyBearerToken(a, k.verification, time.Now())
		if err != nil {
			s.writeError(w, http.StatusUnauthorized, err.Error())
			return caller{}, false
		}
		if scope, _ := payload["scope"].(string); node.AccessKeyOfScope(scope) != k.id {
			s.writeError(w, http.StatusUnauthorized, "bearer token: scope is not this access key's")
			return caller{}, false
		}
		return caller{key: k}, true
	}
	w.Header().Set("WWW-Authenticate", `Basic realm="node"`)
	s.writeError(w, http.StatusUnauthorized, "authentication required")
	return caller{}, false
}

func equal(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

func (s *Server) authAny(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if c, ok := s.authenticate(w, r); ok {
			h(w, r, c)
		}
	}
}

// asNodeUser: the gen3 API; an access key may use it too, confined to its storage.
func (s *Server) asNodeUser(h handler) http.HandlerFunc { return s.authAny(h) }

// asKey: the gen4 API needs an access key.
func (s *Server) asKey(h handler) http.HandlerFunc {
	return s.authAny(func(w http.ResponseWriter, r *http.Request, c caller) {
		if c.key == nil {
			s.writeError(w, http.StatusBadRequest, "the files-by-id API needs access key credentials")
			return
		}
		h(w, r, c)
	})
}

// base returns the node path the caller is confined to.
func (c caller) base() string {
	if c.key == nil {
		return "/"
	}
	return c.key.path
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// errorBody is the Node API's error object.
func errorBody(status int, msg string) map[string]any {
	return map[string]any{"error": map[string]any{"code": status, "reason": http.StatusText(status), "user_message": msg}}
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, errorBody(status, msg))
}

// writeError answers an error whose message never shows the served folder's local path: a
// local path below it reads as the docroot-relative path a node shows.
func (s *Server) writeError(w http.ResponseWriter, status int, msg string) {
	writeError(w, status, s.tree.scrub(msg))
}

// readJSON decodes the request body into v, or answers 400.
func readJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	b, err := io.ReadAll(io.LimitReader(r.Body, 16<<20))
	if err == nil {
		err = json.Unmarshal(b, v)
	}
	if err != nil {
		writeError(w, http.StatusBadRequest, "invalid JSON body: "+err.Error())
		return false
	}
	return true
}

// fsError maps a file system error to a status and message.
func fsError(err error) (int, string) {
	switch {
	case errors.Is(err, errOutside):
		return http.StatusForbidden, errOutside.Error()
	case errors.Is(err, fs.ErrNotExist):
		return http.StatusNotFound, "no such file or directory"
	case errors.Is(err, fs.ErrExist):
		return http.StatusConflict, "file exists"
	}
	msg := err.Error()
	var pe interface{ Unwrap() error }
	if errors.As(err, &pe) {
		msg = pe.Unwrap().Error()
	}
	return http.StatusInternalServerError, msg
}
