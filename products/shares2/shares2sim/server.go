// Package shares2sim is a simulator of IBM Aspera Shares 2, built from the facts of the
// original manual's shares2 plugin (IBM aspera-cli, lib/aspera/cli/plugins/shares2.rb at the
// parent of the commit "drop support for shares2"), as Shares 2 is end-of-life and no
// document of its API is published: `aslmcli shares2 simulator`, and the tests of
// products/shares2 and of the shares2 command use it.
//
// What the plugin tells, and the simulator serves:
//   - POST /oauth2/token, the "header" password grant: Basic credentials of the user,
//     grant_type=password; the answer's access_token is then sent as a Bearer token;
//   - organizations, organizations/{id}/projects, organizations/{id}/teams,
//     organizations/{id}/projects/{id}/shares: GET (list; json_query), POST (create), GET
//     and DELETE by id;
//   - system/users, system/groups, system/nodes for administrators: list (by page, per_page,
//     X-Total-Count), show, create, modify (PUT), delete;
//   - the node API at /node_api with Basic credentials: app and current_user, and the files
//     of an embedded node simulator (products/node/nodesim) over Config.Root.
//
// Decisions where the plugin was silent (the simulator's own): the fields of the records
// beyond id and name; errors as {"error": code, "error_description": message} with the usual
// HTTP statuses; sample data at start (organizations Sport, with projects Football and Tennis
// and a team Referees, a share Highlights of Football, and Music), so that the manual's
// examples answer at once; a share is the node folder /<organization>/<project>/<share>, made
// when the share is created and kept when it is deleted; json_query keeps the records whose
// fields equal the query's.
package shares2sim

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/asperalm/aslmcli/internal/simhttp"
	"github.com/asperalm/aslmcli/products/node/nodesim"
	"github.com/asperalm/aslmcli/products/shares/sharessim"
)

// Config configures a simulator.
type Config struct {
	Root     string // folder of the node API's files (required, made when missing)
	Username string // the user, an administrator; default "shares2_admin"
	Password string // default "shares2_pass"
	Host     string // listen address; default 127.0.0.1
	Port     int    // 0: a free port
	// Wrap wraps the handler (tests install the contract check here).
	Wrap   func(http.Handler) http.Handler
	Logger *slog.Logger
}

// TokenLifetime is the validity of the access tokens.
const TokenLifetime = time.Hour

// Server is a running simulator.
type Server struct {
	URL     string // Shares 2's URL
	cfg     Config
	nodeSim *nodesim.Server
	node    sharessim.NodeProxy
	srv     *http.Server

	mu      sync.Mutex
	tokens  map[string]time.Time // access token -> expiry
	records map[string][]map[string]any
	nextID  map[string]int
}

// New prepares a simulator without listening (see Handler and Start).
func New(cfg Config) (*Server, error) {
	if cfg.Root == "" {
		return nil, errors.New("shares2 simulator: Config.Root is required")
	}
	if err := os.MkdirAll(cfg.Root, 0o755); err != nil { // a new folder is fine: it starts empty
		return nil, fmt.Errorf("shares2 simulator: %w", err)
	}
	if cfg.Username == "" {
		cfg.Username, cfg.Password = "shares2_admin", "shares2_pass"
	}
	if cfg.Host == "" {
		cfg.Host = "127.0.0.1"
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Server{cfg: cfg, tokens: map[string]time.Time{}, records: map[string][]map[string]any{}, nextID: map[string]int{}}
	s.node = sharessim.NodeProxy{Prefix: "/node_api", Username: "shares2_node", Password: randomHex(12)}
	n, err := nodesim.New(nodesim.Config{Root: cfg.Root, Username: s.node.Username, Password: s.node.Password, Logger: cfg.Logger,
		NoRunnerReason: "the Shares 2 simulator runs no node transfers"})
	if err != nil {
		return nil, fmt.Errorf("shares2 simulator: %w", err)
	}
	s.nodeSim, s.node.Handler = n, n.Handler()
	if err := s.seed(); err != nil {
		return nil, fmt.Errorf("shares2 simulator: %w", err)
	}
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
		return nil, fmt.Errorf("shares2 simulator: %w", err)
	}
	s.URL = "http://" + ln.Addr().String()
	s.srv = simhttp.Serve(ln, s.Handler())
	return s, nil
}

// Credentials returns the user and password the simulator accepts.
func (s *Server) Credentials() (string, string) { return s.cfg.Username, s.cfg.Password }

// Close stops the server.
func (s *Server) Close() error {
	var err error
	err = simhttp.Shutdown(s.srv)
	if cerr := s.nodeSim.Close(); err == nil {
		err = cerr
	}
	return err
}

// Handler returns the simulator's HTTP handler.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /oauth2/token", s.token)
	s.resourceRoutes(mux)
	mux.HandleFunc("GET /node_api/app", s.basic(func(w http.ResponseWriter, r *http.Request, _ []byte) {
		writeJSON(w, 200, map[string]any{"name": "IBM Aspera Shares", "version": "2.0.0", "api_version": "v1", "node_api": "/node_api"})
	}))
	mux.HandleFunc("GET /node_api/current_user", s.basic(func(w http.ResponseWriter, r *http.Request, _ []byte) {
		s.mu.Lock()
		defer s.mu.Unlock()
		writeJSON(w, 200, s.records["users"][0])
	}))
	mux.HandleFunc("/node_api/", s.basic(s.node.Serve))
	var h http.Handler = mux
	if s.cfg.Wrap != nil {
		h = s.cfg.Wrap(h)
	}
	return h
}

func (s *Server) credentials(user, pass string) bool {
	return subtle.ConstantTimeCompare([]byte(user), []byte(s.cfg.Username)) == 1 &&
		subtle.ConstantTimeCompare([]byte(pass), []byte(s.cfg.Password)) == 1
}

// token is the header password grant: Basic credentials (form-encoded, RFC 6749 2.3.1) and
// grant_type=password in a form or JSON body.
func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	user, pass, ok := r.BasicAuth()
	if ok {
		user, _ = url.QueryUnescape(user)
		pass, _ = url.QueryUnescape(pass)
	}
	if !ok || !s.credentials(user, pass) {
		w.Header().Set("WWW-Authenticate", `Basic realm="Shares"`)
		writeError(w, http.StatusUnauthorized, "invalid_client", "the user name or the password is wrong")
		return
	}
	grant := ""
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		var body struct {
			GrantType string `json:"grant_type"`
		}
		_ = json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&body)
		grant = body.GrantType
	} else if err := r.ParseForm(); err == nil {
		grant = r.PostForm.Get("grant_type")
	}
	if grant != "password" {
		writeError(w, http.StatusBadRequest, "unsupported_grant_type", fmt.Sprintf("grant_type %q: only password is supported", grant))
		return
	}
	tok := randomHex(24)
	s.mu.Lock()
	s.tokens[tok] = time.Now().Add(TokenLifetime)
	s.mu.Unlock()
	writeJSON(w, 200, map[string]any{"access_token": tok, "token_type": "bearer", "expires_in": int(TokenLifetime.Seconds())})
}

// bearer checks the access token of the API's requests.
func (s *Server) bearer(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		s.mu.Lock()
		exp, known := s.tokens[tok]
		s.mu.Unlock()
		if !ok || !known || time.Now().After(exp) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="Shares"`)
			writeError(w, http.StatusUnauthorized, "invalid_token", "a valid access token is required (POST /oauth2/token)")
			return
		}
		h(w, r)
	}
}

// basic checks the Basic credentials of the node API's requests.
func (s *Server) basic(h func(w http.ResponseWriter, r *http.Request, body []byte)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		user, pass, ok := r.BasicAuth()
		if !ok || !s.credentials(user, pass) {
			w.Header().Set("WWW-Authenticate", `Basic realm="Shares"`)
			writeError(w, http.StatusUnauthorized, "unauthorized", "authentication failed")
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, 16<<20))
		if err != nil {
			writeError(w, http.StatusBadRequest, "bad_request", err.Error())
			return
		}
		h(w, r, body)
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	if v != nil {
		_ = json.NewEncoder(w).Encode(v)
	}
}

// writeError answers {"error": code, "error_description": message}.
func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, map[string]any{"error": code, "error_description": msg})
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
