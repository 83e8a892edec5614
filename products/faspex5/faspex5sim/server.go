package faspex5sim

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/asperalm/aslmcli/internal/simhttp"
	"github.com/asperalm/aslmcli/products/node"
	"github.com/asperalm/aslmcli/products/node/nodesim"
	"github.com/asperalm/aslmcli/products/rest"
)

// BasePath is the application's path on the simulator.
const BasePath = "/aspera/faspex"

// Version is the version the simulator announces.
const Version = "5.0.9"

// User is an account of the simulator.
type User struct {
	Name      string // login name (sub of JWT assertions: user:<Name>)
	Email     string // default Name@example.com
	Password  string // for the login page of the browser flow
	PublicKey string // PEM, verifies the user's JWT assertions
	Admin     bool   // role admin (else user)
}

// Config configures a simulator.
type Config struct {
	Host string // listen address; default 127.0.0.1
	Port int    // 0: a free port
	// Root is the folder of the embedded node (packages' files); "" makes a temporary one,
	// removed by Close.
	Root         string
	ClientID     string // the API client (JWT and browser flows); default "aslmcli"
	ClientSecret string // default "aslmcli_secret"; checked when a client sends one
	WebClientID  string // the web UI's client, for public links; default "aspera-faspex-web"
	// Users are the accounts; default: admin (admin role, password admin_pass) and
	// user1 (password user1_pass), both with PublicKey when one is given here.
	Users []User
	// PublicKey is the key of the default users when Users is empty.
	PublicKey string
	// SharedInboxes and Workgroups are created at start, every user a member; default: a
	// shared inbox "Uploads" and a workgroup "Team".
	SharedInboxes, Workgroups []string
	// Wrap wraps the handler (tests install the OpenAPI contract check here); it sees the
	// API, auth and health requests, not the web pages.
	Wrap   func(http.Handler) http.Handler
	Logger *slog.Logger
}

// Server is a running simulator.
type Server struct {
	URL  string // the application's URL: http://127.0.0.1:PORT/aspera/faspex
	Node *nodesim.Server
	cfg  Config
	root string
	temp bool
	srv  *http.Server
	ln   net.Listener
	node *node.Client // to the embedded node, as its user
	key  []byte       // signs access tokens

	mu       sync.Mutex
	seq      int
	users    []*account
	groups   []*group
	packages []*pkg // oldest first
	codes    map[string]*grantCode
	links    map[string]*link // passcode -> link
	stores   map[string]*store
	prefs    map[string]map[string]any
	set      settings
	// invitations, oldest first
	invitations []*invitation
	// customAccess are the users of custom access to shared folders, by shared folder id
	customAccess map[string][]string
}

// New prepares a simulator without listening (see Start).
func New(cfg Config) (*Server, error) {
	if cfg.Host == "" {
		cfg.Host = "127.0.0.1"
	}
	if cfg.ClientID == "" {
		cfg.ClientID, cfg.ClientSecret = "aslmcli", "aslmcli_secret"
	}
	if cfg.WebClientID == "" {
		cfg.WebClientID = "aspera-faspex-web"
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if len(cfg.Users) == 0 {
		cfg.Users = []User{{Name: "admin", Password: "admin_pass", Admin: true, PublicKey: cfg.PublicKey},
			{Name: "user1", Password: "user1_pass", PublicKey: cfg.PublicKey}}
	}
	if cfg.SharedInboxes == nil && cfg.Workgroups == nil {
		cfg.SharedInboxes, cfg.Workgroups = []string{"Uploads"}, []string{"Team"}
	}
	s := &Server{cfg: cfg, root: cfg.Root, codes: map[string]*grantCode{}, links: map[string]*link{},
		stores: map[string]*store{}, prefs: map[string]map[string]any{}, set: newSettings(), customAccess: map[string][]string{}}
	s.key = make([]byte, 32)
	_, _ = rand.Read(s.key)
	for _, u := range cfg.Users {
		s.addAccount(u)
	}
	for _, n := range cfg.SharedInboxes {
		s.addGroup("shared_inbox", n)
	}
	for _, n := range cfg.Workgroups {
		s.addGroup("workgroup", n)
	}
	s.seedStores()
	s.seedClients()
	s.seedSharedFolders()
	return s, nil
}

// Start listens and serves; URL is set when it returns.
func Start(cfg Config) (*Server, error) {
	s, err := New(cfg)
	if err != nil {
		return nil, err
	}
	if s.root == "" {
		dir, err := os.MkdirTemp("", "aslmcli-faspex5-simulator-")
		if err != nil {
			return nil, err
		}
		s.root, s.temp = dir, true
	}
	for _, d := range []string{"packages", "shared"} {
		if err := os.MkdirAll(filepath.Join(s.root, d), 0o755); err != nil {
			s.cleanup()
			return nil, err
		}
	}
	s.Node, err = nodesim.Start(nodesim.Config{Root: s.root, Host: cfg.Host, Logger: cfg.Logger})
	if err != nil {
		s.cleanup()
		return nil, err
	}
	api, err := rest.New(s.Node.URL, rest.Basic{Username: "node_user", Password: "node_pass"}, nil)
	if err != nil {
		s.cleanup()
		return nil, err
	}
	s.node = node.New(api)
	ln, err := simhttp.Listen(s.cfg.Host, s.cfg.Port)
	if err != nil {
		s.cleanup()
		return nil, fmt.Errorf("faspex5 simulator: %w", err)
	}
	s.ln = ln
	s.URL = "http://" + ln.Addr().String() + BasePath
	s.srv = simhttp.Serve(ln, s.Handler())
	return s, nil
}

// Root returns the folder of the embedded node.
func (s *Server) Root() string { return s.root }

// ClientID returns the API client's id and secret.
func (s *Server) ClientID() (string, string) { return s.cfg.ClientID, s.cfg.ClientSecret }

func (s *Server) cleanup() {
	if s.Node != nil {
		_ = s.Node.Close()
	}
	if s.temp {
		_ = os.RemoveAll(s.root)
	}
}

// Close stops the server and the embedded node (and removes a temporary root).
func (s *Server) Close() error {
	var err error
	err = simhttp.Shutdown(s.srv)
	s.cleanup()
	return err
}

// Handler returns the simulator's HTTP handler: the API, auth and health through Config.Wrap,
// the web pages (login, config.js, public link pages) beside it.
func (s *Server) Handler() http.Handler {
	api := http.NewServeMux()
	s.apiRoutes(api)
	s.authRoutes(api)
	s.oauthClientRoutes(api)
	api.HandleFunc("GET "+BasePath+"/health", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-IBM-Aspera", Version)
		writeJSON(w, 200, obj{"core": obj{"connected": true}})
	})
	var h http.Handler = api
	if s.cfg.Wrap != nil {
		h = s.cfg.Wrap(h)
	}
	web := http.NewServeMux()
	s.webRoutes(web)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isWebPage(r.URL.Path) {
			web.ServeHTTP(w, r)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// isWebPage tells the web UI's pages from the API.
func isWebPage(p string) bool {
	rest, ok := strings.CutPrefix(p, BasePath)
	return ok && (rest == "/config.js" || rest == "/login" || strings.HasPrefix(rest, "/public/"))
}

type obj = map[string]any

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// intCodes are the operations whose error schemas type code as an integer (the others as a
// string), by status.
var intCodes = map[int][]string{
	400: {"GET /packages/{id}", "DELETE /packages/{id}", "PUT /packages/{id}", "POST /packages", "GET /contacts",
		"DELETE /shared_inboxes/{id}", "DELETE /workgroups/{id}", "GET /authorize", "GET /authorize/public_link",
		"GET /nodes/{node}/shared_folders", "POST /nodes/{node}/shared_folders", "GET /nodes/{node}/shared_folders/{id}",
		"DELETE /nodes/{node}/shared_folders/{id}", "DELETE /shared_inboxes/{id}/members/{member}",
		"DELETE /workgroups/{id}/members/{member}", "POST /workgroups/{id}/members"},
	404: {"GET /nodes/{id}", "GET /nodes/{node}/shared_folders/{id}", "PUT /nodes/{node}/shared_folders/{id}", "GET /jobs/{id}",
		"DELETE /jobs/{id}"},
}

// writeError answers Faspex's error object {code, message, status} (and request_id where code
// is a number).
func writeError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	body := obj{"status": http.StatusText(status), "message": msg, "code": fmt.Sprint(status)}
	method, p, _ := strings.Cut(r.Pattern, " ")
	for _, prefix := range []string{API, BasePath + "/auth"} {
		p = strings.TrimPrefix(p, prefix)
	}
	if slices.Contains(intCodes[status], method+" "+p) {
		body["code"], body["request_id"] = status, randomHex(8)
	}
	writeJSON(w, status, body)
}

// readJSON decodes the request body into v, or answers 400.
func readJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	b, err := io.ReadAll(io.LimitReader(r.Body, 16<<20))
	if err == nil && len(strings.TrimSpace(string(b))) == 0 {
		return true
	}
	if err == nil {
		err = json.Unmarshal(b, v)
	}
	if err != nil {
		writeError(w, r, http.StatusBadRequest, "invalid JSON body")
		return false
	}
	return true
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// nextID returns a new id (decimal text).
func (s *Server) nextID() string {
	s.seq++
	return fmt.Sprint(s.seq)
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }
