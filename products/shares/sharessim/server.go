// Package sharessim is a simulator of IBM Aspera Shares (version 1): `aslmcli shares
// simulator`, scripts developed offline and the tests of products/shares use it. It serves
// the administration API below /api/v1 (users, local, LDAP and SAML users, groups, shares and
// their user and group permissions, nodes, transfer settings) and Shares' Node API below
// /node_api, whose files live on an embedded node simulator (products/node/nodesim) over
// Config.Root, so that uploads and downloads move real bytes. Its tests hold it to the
// official document, api/openapi/shares.yaml (products/shares/internal/sharestest).
//
// Decisions where the document was silent:
//   - The state is in memory. It starts with the administrator (Config.Username/Password,
//     a local user) and node 1, the embedded node simulator; no share.
//   - The administration API is for administrators; other users get 403. The Node API is for
//     every user, who sees the shares they have a permission on (an administrator sees all).
//   - Each share is the node folder /<name>: a share created with another path is refused,
//     and renaming a share renames its folder. Only node 1 serves files, so a share must be
//     on node 1. Deleting a share keeps its files on the node, as Shares does.
//   - Browsing "/" lists the shares as folders; a path's first part names its share. The
//     permissions asked are browse (browse, space), mkdir (create a folder), upload (create a
//     file or link, upload), download, rename and delete; refusals are 403 with the node's
//     error body; a share that does not exist is a 404. The shares themselves cannot be
//     created, renamed or deleted through the Node API.
//   - Group permissions are stored and shown; the simulator keeps no group members, so they
//     grant nothing.
//   - LDAP and SAML users are records only (no directory behind them) and cannot log in.
package sharessim

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/asperalm/aslmcli/internal/simhttp"
	"github.com/asperalm/aslmcli/products/node/nodesim"
)

// Config configures a simulator.
type Config struct {
	Root     string // folder of the shares' files (required, made when missing): share NAME is Root/NAME
	Username string // the administrator; default "shares_admin"
	Password string // default "shares_pass"
	Host     string // listen address; default 127.0.0.1
	Port     int    // 0: a free port
	// Wrap wraps the handler (tests install the contract check here).
	Wrap   func(http.Handler) http.Handler
	Logger *slog.Logger
}

// Version is the Shares version the simulator announces.
const Version = "1.10.0"

// Server is a running simulator.
type Server struct {
	URL     string // Shares' URL, e.g. http://127.0.0.1:40123
	cfg     Config
	nodeSim *nodesim.Server
	// node serves the Node API requests once checked, as the embedded node's user (its
	// credentials are never shown)
	node NodeProxy
	srv  *http.Server
	port int

	mu       sync.Mutex
	nextID   map[string]int
	users    []*user
	groups   []*group
	shares   []*share
	nodes    []map[string]any
	perms    []*permission
	settings map[string]map[string]any // "" global, "user/ID", "group/ID"
}

// New prepares a simulator without listening (see Handler and Start).
func New(cfg Config) (*Server, error) {
	if cfg.Root == "" {
		return nil, errors.New("shares simulator: Config.Root is required")
	}
	if err := os.MkdirAll(cfg.Root, 0o755); err != nil { // a new folder is fine: it starts empty
		return nil, fmt.Errorf("shares simulator: %w", err)
	}
	if cfg.Username == "" {
		cfg.Username, cfg.Password = "shares_admin", "shares_pass"
	}
	if cfg.Host == "" {
		cfg.Host = "127.0.0.1"
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	secret := make([]byte, 12)
	_, _ = rand.Read(secret)
	s := &Server{cfg: cfg, nextID: map[string]int{}, settings: map[string]map[string]any{"": defaultSettings()}}
	s.node = NodeProxy{Prefix: NodeAPIPrefix, Username: "shares_node", Password: hex.EncodeToString(secret)}
	n, err := nodesim.New(nodesim.Config{Root: cfg.Root, Username: s.node.Username, Password: s.node.Password, Logger: cfg.Logger,
		NoRunnerReason: "the Shares simulator runs no node transfers"})
	if err != nil {
		return nil, fmt.Errorf("shares simulator: %w", err)
	}
	s.nodeSim, s.node.Handler = n, n.Handler()
	s.seed()
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
		return nil, fmt.Errorf("shares simulator: %w", err)
	}
	s.port = ln.Addr().(*net.TCPAddr).Port
	s.mu.Lock()
	s.nodes[0]["api_port"] = s.port
	s.mu.Unlock()
	s.URL = "http://" + ln.Addr().String()
	s.srv = simhttp.Serve(ln, s.Handler())
	return s, nil
}

// Credentials returns the administrator's user and password.
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
	mux.HandleFunc("GET /{$}", s.loginPage)
	s.adminRoutes(mux)
	s.nodeRoutes(mux)
	var h http.Handler = mux
	if s.cfg.Wrap != nil {
		h = s.cfg.Wrap(h)
	}
	return h
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = fmt.Fprintf(w, "<html><head><title>Aspera Shares</title></head><body class=\"aspera-Shares\">\n"+
		"<form action=\"/login\">...</form><footer>IBM Aspera Shares (v%s) simulator</footer></body></html>\n", Version)
}

// authenticate returns the user of r's Basic credentials, or answers 401.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request) *user {
	name, pass, ok := r.BasicAuth()
	if ok {
		s.mu.Lock()
		u := s.userNamed(name)
		s.mu.Unlock()
		if u != nil && u.password != "" && subtle.ConstantTimeCompare([]byte(pass), []byte(u.password)) == 1 && !u.disabled {
			return u
		}
	}
	w.Header().Set("WWW-Authenticate", `Basic realm="Aspera Shares"`)
	writeError(w, http.StatusUnauthorized, "API user authentication failed")
	return nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	if v != nil {
		_ = json.NewEncoder(w).Encode(v)
	}
}

// writeError answers Shares' error body, which is also the node's: {"error": {"code",
// "reason", "user_message"}}.
func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]any{"error": map[string]any{"code": status, "reason": http.StatusText(status), "user_message": msg}})
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

// pathID reads the integer {name} of the path, or answers 404.
func pathID(w http.ResponseWriter, r *http.Request, name string) (int, bool) {
	id, err := strconv.Atoi(r.PathValue(name))
	if err != nil {
		writeError(w, http.StatusNotFound, "Not found")
		return 0, false
	}
	return id, true
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }
