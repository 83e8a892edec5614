package faspexsim

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/asperalm/aslmcli/internal/simhttp"
)

// BasePath is the application's path on the simulator.
const BasePath = "/aspera/faspex"

// User is an account of the simulator.
type User struct {
	Name, Password string
	Email          string // default Name@example.com
}

// Config configures a simulator.
type Config struct {
	Host string // listen address; default 127.0.0.1
	Port int    // 0: a free port
	// Root is the folder of the packages' files; "" makes a temporary one, removed by Close.
	Root string
	// Users are the accounts; default admin (admin_pass) and user1 (user1_pass).
	Users []User
	// PageSize is the number of entries of a feed's page when the query has no count
	// (default 10).
	PageSize int
	Logger   *slog.Logger
}

// Server is a running simulator.
type Server struct {
	URL  string // http://127.0.0.1:PORT/aspera/faspex
	cfg  Config
	root string
	temp bool
	srv  *http.Server
	ln   net.Listener

	mu       sync.Mutex
	seq      int
	packages []*pkg // oldest first
	v4       map[string][]map[string]any
	v4Seq    int
	v4Tokens map[string]v4Session
}

// pkg is a package and its deliveries.
type pkg struct {
	deliveryID  string
	title, note string
	sender      *User
	to          []delivery
	created     time.Time
	metadata    map[string]any
	passcode    string // of its public link
}

// delivery is the package as one recipient (a user, or the dropbox) receives it.
type delivery struct {
	id      string // recipient_delivery_id
	name    string // the user's name, or the dropbox's (without its star)
	email   string
	dropbox bool
}

// Dropbox is the name of the simulator's dropbox (every user a member).
const Dropbox = "Uploads"

// Start listens and serves; URL is set when it returns.
func Start(cfg Config) (*Server, error) {
	if cfg.Host == "" {
		cfg.Host = "127.0.0.1"
	}
	if len(cfg.Users) == 0 {
		cfg.Users = []User{{Name: "admin", Password: "admin_pass"}, {Name: "user1", Password: "user1_pass"}}
	}
	for i := range cfg.Users {
		if cfg.Users[i].Email == "" {
			cfg.Users[i].Email = cfg.Users[i].Name + "@example.com"
		}
	}
	if cfg.PageSize <= 0 {
		cfg.PageSize = 10
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Server{cfg: cfg, root: cfg.Root, v4Tokens: map[string]v4Session{}}
	s.v4Seed()
	if s.root == "" {
		dir, err := os.MkdirTemp("", "aslmcli-faspex-simulator-")
		if err != nil {
			return nil, err
		}
		s.root, s.temp = dir, true
	}
	if err := os.MkdirAll(filepath.Join(s.root, "packages"), 0o755); err != nil {
		s.cleanup()
		return nil, err
	}
	ln, err := simhttp.Listen(cfg.Host, cfg.Port)
	if err != nil {
		s.cleanup()
		return nil, fmt.Errorf("faspex simulator: %w", err)
	}
	s.ln = ln
	s.URL = "http://" + ln.Addr().String() + BasePath
	s.srv = simhttp.Serve(ln, s.Handler())
	return s, nil
}

// Root returns the folder of the packages' files.
func (s *Server) Root() string { return s.root }

// Users returns the accounts.
func (s *Server) Users() []User { return s.cfg.Users }

func (s *Server) cleanup() {
	if s.temp {
		_ = os.RemoveAll(s.root)
	}
}

// Close stops the server (and removes a temporary root).
func (s *Server) Close() error {
	err := simhttp.Shutdown(s.srv)
	s.cleanup()
	return err
}

// Handler returns the simulator's HTTP handler.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, box := range []string{"inbox", "sent", "archive"} {
		mux.HandleFunc("GET "+BasePath+"/"+box+".atom", s.auth(func(w http.ResponseWriter, r *http.Request, u *User) { s.feed(w, r, u, box) }))
	}
	mux.HandleFunc("GET "+BasePath+"/received/{id}", s.auth(func(w http.ResponseWriter, r *http.Request, u *User) { s.entry(w, r, u, false) }))
	mux.HandleFunc("GET "+BasePath+"/sent/{id}", s.auth(func(w http.ResponseWriter, r *http.Request, u *User) { s.entry(w, r, u, true) }))
	mux.HandleFunc("POST "+BasePath+"/send", s.auth(s.send))
	mux.HandleFunc("POST "+BasePath+"/issue-token", s.auth(s.issueToken))
	mux.HandleFunc("GET "+BasePath+"/me", s.auth(func(w http.ResponseWriter, r *http.Request, u *User) {
		writeJSON(w, 200, map[string]any{"name": u.Name, "email": u.Email, "first_name": u.Name, "last_name": "", "locale": "en"})
	}))
	mux.HandleFunc("GET "+BasePath+"/dropboxes", s.auth(func(w http.ResponseWriter, r *http.Request, u *User) {
		writeJSON(w, 200, map[string]any{"items": []any{map[string]any{"name": Dropbox, "id": 1, "description": "everyone's dropbox",
			"can_read": true, "can_write": true}}})
	}))
	mux.HandleFunc("GET "+BasePath+"/source_shares", s.auth(func(w http.ResponseWriter, r *http.Request, u *User) {
		writeJSON(w, 200, map[string]any{"items": []any{map[string]any{"id": 1, "name": "local storage"}}})
	}))
	mux.HandleFunc("GET "+BasePath+"/external_deliveries/{id}", s.publicLink)
	mux.HandleFunc("GET "+BasePath+"/address-book", s.auth(s.addressBook))
	mux.HandleFunc("GET "+BasePath+"/login/new", s.loginPage)
	s.v4Routes(mux)
	return logged(s.cfg.Logger, mux)
}

// logged logs each request.
func logged(log *slog.Logger, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.Debug("faspex simulator", "method", r.Method, "path", r.URL.Path)
		h.ServeHTTP(w, r)
	})
}

// auth checks basic authentication, answering 401 otherwise.
func (s *Server) auth(h func(http.ResponseWriter, *http.Request, *User)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		name, pass, ok := r.BasicAuth()
		if ok {
			for i := range s.cfg.Users {
				if u := &s.cfg.Users[i]; u.Name == name && u.Password == pass {
					h(w, r, u)
					return
				}
			}
		}
		w.Header().Set("WWW-Authenticate", `Basic realm="Faspex"`)
		writeError(w, http.StatusUnauthorized, "invalid username or password")
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// writeError answers Faspex 4's error shape.
func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]any{"error": map[string]any{"user_message": msg, "internal_message": http.StatusText(status)}})
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// token returns a download token in the shape of Faspex 4's: base64 ending with "==" padding.
func token(p *pkg) string {
	raw := []byte(p.deliveryID + ":")
	b := make([]byte, 30+(4-len(raw)%3)%3) // len(raw)+len(b) is 1 more than a multiple of 3
	_, _ = rand.Read(b)
	return "ATM" + base64.StdEncoding.EncodeToString(append(raw, b...))
}
