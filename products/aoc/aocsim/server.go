package aocsim

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/asperalm/aslmcli/internal/simhttp"
	"github.com/asperalm/aslmcli/products/aoc"
	"github.com/asperalm/aslmcli/products/oauth"
)

// Config configures a simulator.
type Config struct {
	Root string // folder of the nodes' storage (required): Root/main and Root/partner
	Host string // listen address; default 127.0.0.1
	Port int    // 0: a free port
	Org  string // the organization's subdomain; default "sim"
	// AdminEmail is the organization administrator (user 1); default admin@example.com.
	AdminEmail string
	// ClientID is the API client registered with ClientKey (a PEM public key; "" makes a key
	// pair, whose private key is Server.PrivateKey); default "aoc_sim_client".
	ClientID, ClientKey string
	// Wrap wraps the AoC API handler, NodeWrap each node's (tests install the contract checks).
	Wrap, NodeWrap func(http.Handler) http.Handler
	Logger         *slog.Logger
	// Runner runs the node jobs of /ops/transfers (the node agent); nil: they fail, saying why.
	Runner         func(ctx context.Context, spec map[string]any) error
	NoRunnerReason string
	// KeyBits is the size of the keys made at start (default 2048: a simulator starts fast).
	KeyBits int
	// Packages is a number of packages made at start, sent by the administrator to himself,
	// all sharing one folder (for benchmarks of listings).
	Packages int
}

// Server is a running simulator.
type Server struct {
	URL          string // base URL, http://127.0.0.1:PORT
	APIURL       string // URL + /api/v1: the --api-url to give
	OrgURL       string // https://ORG.ibmaspera.com: the --url to give
	ClientID     string
	ClientSecret string
	PrivateKey   string // PEM of the client's private key ("" when Config.ClientKey was given)
	KeyFile      string // where PrivateKey is written (Root/client_key.pem, mode 0600)
	AdminEmail   string

	cfg     Config
	srv     *http.Server
	ln      net.Listener
	nodeKey *rsa.PrivateKey // signs the node bearer tokens
	nodes   []*simNode
	links   Links

	mu       sync.Mutex
	st       *state
	sessions map[string]*session
	refresh  map[string]*session
	codes    map[string]authCode
}

// Start builds the organization (users, a workspace with its home folder on the main node,
// a shared folder on the partner node, a shared inbox, the API clients) and serves it.
func Start(cfg Config) (*Server, error) {
	if cfg.Root == "" {
		return nil, fmt.Errorf("aoc simulator: Root is required")
	}
	if err := os.MkdirAll(cfg.Root, 0o755); err != nil {
		return nil, fmt.Errorf("aoc simulator: %w", err)
	}
	if cfg.Host == "" {
		cfg.Host = "127.0.0.1"
	}
	if cfg.Org == "" {
		cfg.Org = "sim"
	}
	if cfg.AdminEmail == "" {
		cfg.AdminEmail = "admin@example.com"
	}
	if cfg.ClientID == "" {
		cfg.ClientID = "aoc_sim_client"
	}
	if cfg.KeyBits == 0 {
		cfg.KeyBits = 2048
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Server{cfg: cfg, ClientID: cfg.ClientID, AdminEmail: cfg.AdminEmail, ClientSecret: randomHex(12),
		sessions: map[string]*session{}, refresh: map[string]*session{}, codes: map[string]authCode{}}
	key, err := rsa.GenerateKey(rand.Reader, cfg.KeyBits)
	if err != nil {
		return nil, err
	}
	s.nodeKey = key
	clientKey := cfg.ClientKey
	if clientKey == "" {
		pem, err := oauth.GenerateKey(cfg.KeyBits)
		if err != nil {
			return nil, err
		}
		s.PrivateKey = string(pem)
		if clientKey, err = oauth.PublicKeyOf(pem, ""); err != nil {
			return nil, err
		}
		s.KeyFile = filepath.Join(cfg.Root, "client_key.pem")
		if err := os.WriteFile(s.KeyFile, pem, 0o600); err != nil {
			return nil, fmt.Errorf("aoc simulator: %w", err)
		}
	}
	ln, err := simhttp.Listen(cfg.Host, cfg.Port)
	if err != nil {
		return nil, fmt.Errorf("aoc simulator: %w", err)
	}
	s.ln = ln
	s.URL = "http://" + ln.Addr().String()
	s.APIURL = s.URL + "/api/v1"
	s.OrgURL = "https://" + cfg.Org + "." + aoc.ProductionDomain
	if err := s.startNodes(); err != nil {
		ln.Close()
		s.closeNodes()
		return nil, err
	}
	if err := s.populate(clientKey); err != nil {
		ln.Close()
		s.closeNodes()
		return nil, err
	}
	s.srv = simhttp.Serve(ln, s.Handler())
	return s, nil
}

// Close stops the server and its nodes.
func (s *Server) Close() error {
	err := simhttp.Shutdown(s.srv)
	s.closeNodes()
	return err
}

// Credentials returns what a user needs, in the order the command prints it: the options of
// a login as the administrator, then per node (node_NAME) its URL, access key, secret and the
// local folder of its storage (for `aslmcli node` with --secret, and tests' transfer doubles).
func (s *Server) Credentials() [][2]string {
	out := [][2]string{{"url", s.OrgURL}, {"api_url", s.APIURL}, {"organization", s.cfg.Org},
		{"username", s.AdminEmail}, {"client_id", s.ClientID}, {"client_secret", s.ClientSecret}}
	if s.KeyFile != "" {
		out = append(out, [2]string{"private_key", "@file:" + s.KeyFile})
	}
	for _, n := range s.nodes {
		out = append(out, [2]string{"node_" + n.name, n.srv.URL + " access_key=" + n.ak + " secret=" + n.secret + " storage=" + n.root})
	}
	return out
}

// Handler returns the AoC API handler (the token endpoint, /api/v1, /analytics/v2).
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	s.routes(mux)
	var h http.Handler = mux
	if s.cfg.Wrap != nil {
		h = s.cfg.Wrap(h)
	}
	return h
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// notFound answers the document's NotFoundError.
func notFound(w http.ResponseWriter, what string) {
	writeJSON(w, http.StatusNotFound, object{"code": "not_found", "message": what + " not found",
		"request_id": "00000000-0000-4000-8000-" + randomHex(6)})
}

// fail answers an error in AoC's shape ({"error": {"code", "user_message"}}) for the
// statuses the document gives no body.
func fail(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, object{"error": object{"code": strings.ToLower(strings.ReplaceAll(http.StatusText(status), " ", "_")), "user_message": msg}})
}

// unauthorized answers the document's UnauthorizedError.
func unauthorized(w http.ResponseWriter, msg string) {
	writeJSON(w, http.StatusUnauthorized, object{"code": "unauthorized", "message": msg})
}

// readJSON decodes a JSON object body (numbers kept as json.Number), or answers 400.
func readJSON(w http.ResponseWriter, r *http.Request) (object, bool) {
	b, err := io.ReadAll(io.LimitReader(r.Body, 16<<20))
	var o object
	if err == nil {
		d := json.NewDecoder(bytes.NewReader(b))
		d.UseNumber()
		err = d.Decode(&o)
	}
	if err != nil || o == nil {
		fail(w, http.StatusBadRequest, "a JSON object body is expected")
		return nil, false
	}
	return o, true
}
