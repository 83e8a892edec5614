// Package atssim is an IBM Aspera Transfer Service (ATS) simulator: `aslmcli ats simulator`,
// scripts developed offline, and the tests of products/ats and of the ats command use it. It
// serves, on one port:
//   - /pub/v1/servers/CLOUD[/REGION]: the transfer clusters, public;
//   - /pub/v1/access_keys (list, create, show, modify, delete), /pub/v1/subscriptions,
//     /pub/v1/servers (the subscription's clusters; with an access key's credentials, its
//     cluster), /pub/v1/aws/trustpolicy and /pub/v1/api_keys: HTTP Basic with an ATS API key;
//   - POST /pub/v1/api_keys (public) and /asperaid/login: the original manual's Aspera ID
//     sign-in, which sends a new API key back to the redirect URI asked;
//   - /identity/token: an IBM Cloud IAM token endpoint (API key grant);
//   - /v2/instances and /v2/api_keys: an IAM bearer token, and the instance header
//     X-ATS-Service-Instance-Id for the keys;
//   - and, below /node, the Node API of every cluster: an embedded node simulator
//     (products/node/nodesim), so that an access key created here browses and transfers real
//     files.
//
// ATS has no OpenAPI document: its answers have the shapes the IBM aspera-cli sources read
// (lib/asperalm/cli/plugins/ats.rb of the original tool, lib/aspera/cli/plugins/ats.rb and
// lib/aspera/api/ats.rb of ascli), recorded in products/ats/internal/atstest, which holds the
// simulator to them in tests.
//
// Decisions where the sources were silent:
//   - Every cluster's transfer_setup_url is the embedded node; an access key's storage is a
//     folder of that node, /<storage type>/<bucket, container or account>/<path>, made at
//     creation: the cloud credentials are checked for presence (as ATS requires them), never
//     used.
//   - The clusters are fixed: two regions for most clouds, with the ids of the original
//     manual's examples where it shows one (AWS eu-west-1 is
//     1f412ae7-869a-445c-9c05-02ad16813be2); IBM Cloud (softlayer) clusters carry the Swift
//     and S3 authentication endpoints.
//   - One subscription, one ATS API key (Config.ATSKey, ATSSecret), one IBM Cloud API key
//     (Config.IBMAPIKey) whose account has one ATS instance; API keys created through /v2 are
//     usable on /pub/v1 at once.
//   - The Aspera ID sign-in page signs the (simulated) user in at once and redirects the
//     browser with ats_id, ats_secret and ats_description; a sign-in request serves once.
//   - The node runs transfers (Config.NodeRunner) only when an upload writes below Root: a
//     spec made for a real cluster (by file id, destination_root "/") fails instead of
//     writing elsewhere on this machine.
//   - Errors are JSON {"error": {"code", "message"}}; a missing resource is a 404, bad
//     credentials a 401, a bad body a 400, an existing access key id a 409.
package atssim

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/asperalm/aslmcli/internal/simhttp"
	"github.com/asperalm/aslmcli/products/node"
	"github.com/asperalm/aslmcli/products/node/nodesim"
	"github.com/asperalm/aslmcli/products/rest"
)

// NodePath is where the embedded Node API is served.
const NodePath = "/node"

// Config configures a simulator.
type Config struct {
	Host string // listen address; default 127.0.0.1
	Port int    // 0: a free port
	// Root is the folder of the clusters' storage (made when missing); "" makes a temporary
	// one, removed by Close.
	Root string
	// ATSKey and ATSSecret are the subscription's ATS API key; default ats_simulator_key and
	// a fixed secret.
	ATSKey, ATSSecret string
	// IBMAPIKey is the IBM Cloud API key accepted by /identity/token; default
	// ibm_simulator_apikey.
	IBMAPIKey string
	// NodeRunner runs the node's transfers (nodesim.Config.Runner); nil: they fail, saying
	// NoRunnerReason.
	NodeRunner     func(ctx context.Context, spec map[string]any) error
	NoRunnerReason string
	// Wrap wraps the ATS handler, not the node's (tests install the shape check here).
	Wrap   func(http.Handler) http.Handler
	Logger *slog.Logger
}

// Credentials are what a user gives to reach the simulator.
type Credentials struct {
	ATSKey, ATSSecret string // --ats-key, --ats-secret
	IBMAPIKey         string // --ibm-api-key
	IAMURL            string // --iam-url: the simulator's IAM token endpoint
	Instance          string // the account's ATS instance
}

// Server is a running simulator.
type Server struct {
	URL  string // base URL of ATS, e.g. http://127.0.0.1:40123
	Node *nodesim.Server
	cfg  Config
	srv  *http.Server
	temp string

	nodeAPI *node.Client // the embedded node, as its node user
	atsH    http.Handler

	mu       sync.Mutex
	clusters []cluster
	keys     map[string]*accessKey
	order    []string // access key ids, in creation order
	apiKeys  map[string]*apiKey
	pending  map[string]pendingKey // Aspera ID sign-ins under way
	tokens   map[string]time.Time  // IAM tokens issued, by value: expiry
	instance string
}

// Start starts the simulator and its embedded node.
func Start(cfg Config) (*Server, error) {
	if cfg.Host == "" {
		cfg.Host = "127.0.0.1"
	}
	if cfg.ATSKey == "" {
		cfg.ATSKey, cfg.ATSSecret = "ats_simulator_key", "ats_simulator_secret"
	}
	if cfg.IBMAPIKey == "" {
		cfg.IBMAPIKey = "ibm_simulator_apikey"
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Server{cfg: cfg, keys: map[string]*accessKey{}, apiKeys: map[string]*apiKey{},
		pending: map[string]pendingKey{}, tokens: map[string]time.Time{}, instance: "ats-instance-" + randomHex(4)}
	s.apiKeys[cfg.ATSKey] = &apiKey{ID: cfg.ATSKey, Secret: cfg.ATSSecret, Description: "subscription key", Instance: s.instance}
	if cfg.Root == "" {
		dir, err := os.MkdirTemp("", "aslmcli-ats-simulator-")
		if err != nil {
			return nil, fmt.Errorf("ats simulator: %w", err)
		}
		cfg.Root, s.temp = dir, dir
		s.cfg.Root = dir
	}
	if err := os.MkdirAll(cfg.Root, 0o755); err != nil {
		s.removeTemp()
		return nil, fmt.Errorf("ats simulator: %w", err)
	}
	ln, err := simhttp.Listen(cfg.Host, cfg.Port)
	if err != nil {
		s.removeTemp()
		return nil, fmt.Errorf("ats simulator: %w", err)
	}
	s.URL = "http://" + ln.Addr().String()
	s.Node, err = nodesim.New(nodesim.Config{Root: cfg.Root, Logger: cfg.Logger, Runner: nodesim.Confined(cfg.Root, cfg.NodeRunner),
		NoRunnerReason: cfg.NoRunnerReason})
	if err != nil {
		ln.Close()
		s.removeTemp()
		return nil, fmt.Errorf("ats simulator: %w", err)
	}
	s.Node.URL = s.URL + NodePath
	user, pass := s.Node.Credentials()
	api, err := rest.New(s.Node.URL, rest.Basic{Username: user, Password: pass}, nil)
	if err != nil {
		ln.Close()
		s.removeTemp()
		return nil, err
	}
	s.nodeAPI = node.New(api)
	s.clusters = defaultClusters(s.Node.URL)
	s.atsH = s.routes()
	if cfg.Wrap != nil {
		s.atsH = cfg.Wrap(s.atsH)
	}
	s.srv = simhttp.Serve(ln, s.Handler())
	return s, nil
}

// Credentials returns what a user gives to reach the simulator.
func (s *Server) Credentials() Credentials {
	return Credentials{ATSKey: s.cfg.ATSKey, ATSSecret: s.cfg.ATSSecret, IBMAPIKey: s.cfg.IBMAPIKey,
		IAMURL: s.URL + "/identity/token", Instance: s.instance}
}

// Root returns the folder of the clusters' storage.
func (s *Server) Root() string { return s.cfg.Root }

// Close stops the simulator and its node, and removes the temporary folder it made.
func (s *Server) Close() error {
	err := simhttp.Shutdown(s.srv)
	if cerr := s.Node.Close(); err == nil {
		err = cerr
	}
	s.removeTemp()
	return err
}

func (s *Server) removeTemp() {
	if s.temp != "" {
		_ = os.RemoveAll(s.temp)
		s.temp = ""
	}
}

// Handler returns the simulator's HTTP handler: the node below NodePath, ATS elsewhere.
func (s *Server) Handler() http.Handler {
	nodeH := http.StripPrefix(NodePath, s.Node.Handler())
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == NodePath || strings.HasPrefix(r.URL.Path, NodePath+"/") {
			nodeH.ServeHTTP(w, r)
			return
		}
		s.atsH.ServeHTTP(w, r)
	})
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /pub/v1/servers/{cloud}", s.serversOf)
	mux.HandleFunc("GET /pub/v1/servers/{cloud}/{region}", s.serverOf)
	mux.HandleFunc("GET /pub/v1/servers", s.servers)
	mux.HandleFunc("GET /pub/v1/access_keys", s.withAPIKey(s.listKeys))
	mux.HandleFunc("POST /pub/v1/access_keys", s.withAPIKey(s.createKey))
	mux.HandleFunc("GET /pub/v1/access_keys/{id}", s.withAPIKey(s.showKey))
	mux.HandleFunc("PUT /pub/v1/access_keys/{id}", s.withAPIKey(s.modifyKey))
	mux.HandleFunc("DELETE /pub/v1/access_keys/{id}", s.withAPIKey(s.deleteKey))
	mux.HandleFunc("GET /pub/v1/subscriptions", s.withAPIKey(s.subscription))
	mux.HandleFunc("GET /pub/v1/aws/trustpolicy", s.withAPIKey(s.trustPolicy))
	mux.HandleFunc("POST /pub/v1/api_keys", s.requestAPIKey)
	mux.HandleFunc("GET /asperaid/login", s.signIn)
	mux.HandleFunc("GET /pub/v1/api_keys", s.withAPIKey(s.listAPIKeys))
	mux.HandleFunc("GET /pub/v1/api_keys/{id}", s.withAPIKey(s.showAPIKey))
	mux.HandleFunc("DELETE /pub/v1/api_keys/{id}", s.withAPIKey(s.deleteAPIKey))
	mux.HandleFunc("POST /identity/token", s.iamToken)
	mux.HandleFunc("GET /v2/instances", s.withIAM(false, s.instances))
	mux.HandleFunc("GET /v2/api_keys", s.withIAM(true, s.listAPIKeys))
	mux.HandleFunc("POST /v2/api_keys", s.withIAM(true, s.createAPIKey))
	mux.HandleFunc("GET /v2/api_keys/{id}", s.withIAM(true, s.showAPIKey))
	mux.HandleFunc("DELETE /v2/api_keys/{id}", s.withIAM(true, s.deleteAPIKey))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no such endpoint: "+r.Method+" "+r.URL.Path)
	})
	return mux
}

// withAPIKey accepts HTTP Basic with a known ATS API key.
func (s *Server) withAPIKey(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		user, pass, ok := r.BasicAuth()
		s.mu.Lock()
		k := s.apiKeys[user]
		s.mu.Unlock()
		if !ok || k == nil || subtle.ConstantTimeCompare([]byte(pass), []byte(k.Secret)) != 1 {
			w.Header().Set("WWW-Authenticate", `Basic realm="ATS"`)
			writeError(w, http.StatusUnauthorized, "an ATS API key is required (HTTP Basic ats_id:secret)")
			return
		}
		h(w, r)
	}
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

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]any{"error": map[string]any{"code": status, "message": msg}})
}

// readObject decodes a JSON object body; false when it answered an error.
func readObject(w http.ResponseWriter, r *http.Request) (map[string]any, bool) {
	var body map[string]any
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
	dec.UseNumber()
	if err := dec.Decode(&body); err != nil || body == nil {
		writeError(w, http.StatusBadRequest, "a JSON object is expected")
		return nil, false
	}
	return body, true
}

func now() string { return time.Now().UTC().Format(time.RFC3339) }
