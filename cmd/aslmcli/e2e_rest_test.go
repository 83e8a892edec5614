package main

import (
	"bufio"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// authServer is an API with a token endpoint: basic auth (bob/pw-Sup3rS3cret), a static
// bearer token, and tokens from the JWT bearer, client credentials and authorization code
// grants (the JWT assertion is checked with the public key registered in pub).
type authServer struct {
	*httptest.Server
	pub    atomic.Pointer[rsa.PublicKey]
	issued atomic.Int32
	mu     sync.Mutex
	codes  map[string]bool
}

const (
	testPassword = "pw-Sup3rS3cret"
	testBearer   = "tok-VeryS3cretBearer"
)

func newAuthServer(t *testing.T) *authServer {
	s := &authServer{codes: map[string]bool{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /token", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.FormValue("grant_type") {
		case "urn:ietf:params:oauth:grant-type:jwt-bearer":
			_, err := jwt.Parse(r.FormValue("assertion"), func(*jwt.Token) (any, error) { return s.pub.Load(), nil },
				jwt.WithValidMethods([]string{"RS256"}), jwt.WithIssuer("cid"), jwt.WithSubject("ann@example.com"))
			if err != nil {
				w.WriteHeader(400)
				fmt.Fprintf(w, `{"error":"invalid_grant","error_description":%q}`, err.Error())
				return
			}
		case "client_credentials":
			if r.FormValue("client_secret") != "csecret" {
				w.WriteHeader(401)
				fmt.Fprint(w, `{"error":"invalid_client","error_description":"bad client secret"}`)
				return
			}
		case "authorization_code":
			s.mu.Lock()
			known := s.codes[r.FormValue("code")]
			s.mu.Unlock()
			if !known || r.FormValue("code_verifier") == "" {
				w.WriteHeader(400)
				fmt.Fprint(w, `{"error":"invalid_grant","error_description":"bad code"}`)
				return
			}
		default:
			w.WriteHeader(400)
			fmt.Fprint(w, `{"error":"unsupported_grant_type"}`)
			return
		}
		n := s.issued.Add(1)
		fmt.Fprintf(w, `{"access_token":"AT-issued-%d-s3cret","token_type":"bearer","expires_in":3600,"refresh_token":"RT-s3cret"}`, n)
	})
	mux.HandleFunc("GET /authorize", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("code_challenge") == "" || q.Get("state") == "" {
			http.Error(w, "PKCE and state required", 400)
			return
		}
		s.mu.Lock()
		s.codes["code-42"] = true
		s.mu.Unlock()
		http.Redirect(w, r, q.Get("redirect_uri")+"?code=code-42&state="+url.QueryEscape(q.Get("state")), http.StatusFound)
	})
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		a := r.Header.Get("Authorization")
		u, p, basic := r.BasicAuth()
		ok := (basic && u == "bob" && p == testPassword) || a == "Bearer "+testBearer ||
			(strings.HasPrefix(a, "Bearer AT-issued-") && s.issued.Load() > 0)
		w.Header().Set("Content-Type", "application/json")
		if !ok {
			w.WriteHeader(401)
			fmt.Fprint(w, `{"error":{"user_message":"not authorized"}}`)
			return
		}
		if r.URL.Path == "/api/missing" {
			w.WriteHeader(404)
			fmt.Fprint(w, `{"error":{"code":"not_found","user_message":"no such thing"}}`)
			return
		}
		body, _ := io.ReadAll(r.Body)
		fmt.Fprintf(w, `{"path":%q,"got":%q}`, r.URL.Path, string(body))
	})
	s.Server = httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

// genkey runs `config genkey` and returns the key path and its public key.
func (e *env) genkey(s *authServer) string {
	e.t.Helper()
	path := filepath.Join(e.dir, "jwt key.pem")
	pub := e.ok("config", "genkey", path, "2048")
	block, _ := pem.Decode([]byte(pub))
	if block == nil || block.Type != "PUBLIC KEY" {
		e.t.Fatalf("genkey printed no public key: %q", pub)
	}
	k, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		e.t.Fatal(err)
	}
	if s != nil {
		s.pub.Store(k.(*rsa.PublicKey))
	}
	return path
}

func TestGenkeyAndPubkey(t *testing.T) {
	e := newEnv(t)
	path := e.genkey(nil)
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", st, err)
	}
	pub := e.ok("config", "genkey", filepath.Join(e.dir, "other.pem"))
	if !strings.Contains(pub, "BEGIN PUBLIC KEY") {
		t.Fatalf("default bits: %q", pub)
	}
	before := e.read(path)
	e.fails(2, "exists: refusing to replace a private key", "config", "genkey", path)
	if e.read(path) != before {
		t.Fatalf("genkey replaced an existing key")
	}
	a := e.ok("config", "pubkey", "@file:"+path)
	b := e.ok("config", "pubkey", path)
	if a != b || !strings.Contains(a, "BEGIN PUBLIC KEY") || strings.Contains(a, "PRIVATE") {
		t.Fatalf("pubkey: %q %q", a, b)
	}
	e.fails(2, "1024-bit RSA keys are too weak", "config", "genkey", filepath.Join(e.dir, "small.pem"), "1024")
	if _, err := os.Stat(filepath.Join(e.dir, "small.pem")); err == nil {
		t.Fatalf("a refused key was written")
	}
}

const debugScript = `
local rest = require("aspera.rest")
local url, keyfile = ...
local basic = rest.new{url = url, auth = {username = "bob", password = "pw-Sup3rS3cret"}}
basic:post("api/basic", {username = "bob", password = "pw-Sup3rS3cret", note = "visible-note"})
local bearer = rest.new{url = url, auth = {type = "bearer", token = "tok-VeryS3cretBearer"}}
bearer:get("api/bearer")
local f = assert(io.open(keyfile)); local key = f:read("*a"); f:close()
local oauth = rest.new{url = url, auth = {grant = "jwt", client_id = "cid", username = "ann@example.com", private_key = key}}
oauth:put("api/jwt", {ssh_private_key = key})
print("done")
`

func TestRestDebugHidesSecrets(t *testing.T) {
	s := newAuthServer(t)
	e := newEnv(t)
	keyfile := e.genkey(s)
	key := e.read(keyfile)
	for _, flag := range []string{"-r", "--rest-debug", "--log-level=debug"} {
		r := e.run("run", flag, "--cache-tokens=no", "-e", debugScript, s.URL, keyfile)
		if r.code != 0 || !strings.Contains(r.out, "done") {
			t.Fatalf("%s: %v", flag, r)
		}
		for _, want := range []string{"> POST " + s.URL + "/api/basic", "< 200 OK", "visible-note", "> PUT " + s.URL + "/api/jwt", "POST " + s.URL + "/token", "grant_type"} {
			if !strings.Contains(r.err, want) {
				t.Errorf("%s: the dump lacks %q:\n%s", flag, want, r.err)
			}
		}
		secrets := []string{testPassword, testBearer, base64.StdEncoding.EncodeToString([]byte("bob:" + testPassword)),
			"AT-issued-", "RT-s3cret", "eyJ" /* a JWT assertion */}
		for _, line := range strings.Split(strings.TrimSpace(key), "\n")[1:3] {
			secrets = append(secrets, line)
		}
		for _, sec := range secrets {
			if strings.Contains(r.err, sec) || strings.Contains(r.out, sec) {
				t.Errorf("%s: secret %q in the output:\n%s", flag, sec, r.err)
			}
		}
	}
	// without the flag, nothing is dumped
	if r := e.run("run", "--cache-tokens=no", "-e", debugScript, s.URL, keyfile); r.code != 0 || strings.Contains(r.err, "> POST") {
		t.Fatalf("no debug: %v", r)
	}
}

func TestHTTPErrorLine(t *testing.T) {
	s := newAuthServer(t)
	e := newEnv(t)
	r := e.fails(1, "", "run", "-e", `require("aspera.rest").new{url = ..., auth = {username = "bob", password = "pw-Sup3rS3cret"}}:get("api/missing")`, s.URL)
	want := "ERROR: http: 404 Not Found: GET " + s.URL + "/api/missing: no such thing"
	if first := strings.SplitN(r.err, "\n", 2)[0]; !strings.HasPrefix(first, want) {
		t.Fatalf("error line %q, want %q", first, want)
	}
	e.fails(1, "ERROR: http: 401 Unauthorized: POST "+s.URL+"/token: invalid_client: bad client secret",
		"run", "--cache-tokens=no", "-e", `require("aspera.rest").new{url = ..., auth = {grant = "client_credentials", client_id = "c", client_secret = "wrong"}}:get("api/x")`, s.URL)
	e.fails(1, "ERROR: http: GET http://127.0.0.1:1/x: ", "run", "--http-options=@json:{\"retry_max\":0}", "-e",
		`require("aspera.rest").new{url = "http://127.0.0.1:1"}:get("x")`)
	e.fails(2, "--http-options", "run", "--http-options=@json:{\"read_timout\":3}", "-e",
		`require("aspera.rest").new{url = "http://127.0.0.1:1"}:get("x")`)
}

func TestInsecure(t *testing.T) {
	s := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"ua":%q}`, r.UserAgent())
	}))
	defer s.Close()
	e := newEnv(t)
	script := `local d = require("aspera.rest").new{url = ...}:get("x"); print(d.ua)`
	e.fails(1, "certificate", "run", "-e", script, s.URL)
	r := e.run("run", "--insecure=yes", "-e", script, s.URL)
	if r.code != 0 || !strings.HasPrefix(r.out, "aslmcli/") {
		t.Fatalf("insecure: %v", r)
	}
	if n := strings.Count(strings.ToLower(r.err), "insecure"); n != 1 {
		t.Fatalf("want one warning about insecure TLS, got %d: %q", n, r.err)
	}
}

func TestHTTPProxy(t *testing.T) {
	var seen atomic.Value
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen.Store(r.URL.String()) // a proxy receives the absolute URL
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"via":"proxy"}`)
	}))
	defer proxy.Close()
	e := newEnv(t)
	out := e.ok("run", "--http-proxy="+proxy.URL, "-e", `print(require("aspera.rest").new{url = "http://api.example.invalid"}:get("v1/x").via)`)
	if strings.TrimSpace(out) != "proxy" || seen.Load() != "http://api.example.invalid/v1/x" {
		t.Fatalf("proxy: out %q, seen %v", out, seen.Load())
	}
	e.setenv("HTTP_PROXY=" + proxy.URL)
	out = e.ok("run", "-e", `print(require("aspera.rest").new{url = "http://api2.example.invalid"}:get("y").via)`)
	if strings.TrimSpace(out) != "proxy" || seen.Load() != "http://api2.example.invalid/y" {
		t.Fatalf("env proxy: out %q, seen %v", out, seen.Load())
	}
}

func TestTokensCommands(t *testing.T) {
	s := newAuthServer(t)
	e := newEnv(t)
	keyfile := e.genkey(s)
	e.ok("config", "preset", "init", "jwtapi", `@json:{"url":"`+s.URL+`","auth":"jwt","client_id":"cid","username":"ann@example.com","private_key":"@file:`+keyfile+`"}`)
	script := `print(require("aspera.rest").new{preset = "jwtapi"}:get("api/t").path)`
	for i := 0; i < 2; i++ {
		if out := e.ok("run", "-e", script); strings.TrimSpace(out) != "/api/t" {
			t.Fatalf("run %d: %q", i, out)
		}
	}
	if n := s.issued.Load(); n != 1 {
		t.Fatalf("tokens issued: %d, want 1 (the second run uses the cache)", n)
	}
	files, _ := filepath.Glob(filepath.Join(e.home, "persist_store", "*"))
	if len(files) != 1 {
		t.Fatalf("persist_store: %v", files)
	}
	for _, p := range append(files, filepath.Dir(files[0])) {
		st, _ := os.Stat(p)
		if want := os.FileMode(0o600); st.IsDir() {
			if st.Mode().Perm() != 0o700 {
				t.Errorf("%s: mode %v", p, st.Mode())
			}
		} else if st.Mode().Perm() != want {
			t.Errorf("%s: mode %v", p, st.Mode())
		}
	}
	list := e.ok("config", "tokens", "list", "--format=csv", "--fields=grant,client_id,user,expired")
	if strings.TrimSpace(list) != "jwt,cid,ann@example.com,false" {
		t.Fatalf("tokens list: %q", list)
	}
	id := strings.TrimSpace(e.ok("config", "tokens", "list", "--format=csv", "--fields=id"))
	show := e.ok("config", "tokens", "show", id, "--format=json")
	if !strings.Contains(show, `"client_id":"cid"`) || strings.Contains(show, "AT-issued") {
		t.Fatalf("tokens show: %s", show)
	}
	if show := e.ok("config", "tokens", "show", id, "--format=json", "--show-secrets=yes"); !strings.Contains(show, "AT-issued-1") {
		t.Fatalf("tokens show --show-secrets: %s", show)
	}
	if out := e.ok("config", "tokens", "flush"); !strings.Contains(out, "1 token(s) deleted") {
		t.Fatalf("flush: %q", out)
	}
	if out := e.ok("config", "tokens", "list", "--format=csv"); strings.TrimSpace(out) != "" {
		t.Fatalf("after flush: %q", out)
	}
}

// webFlow drives the authorization code grant end to end: --ui=graphical starts $BROWSER,
// which plays the browser against the authorization server and the local redirect listener.
func webFlow(t *testing.T, browser string) {
	s := newAuthServer(t)
	e := newEnv(t)
	e.setenv("BROWSER=" + browser)
	script := `print(require("aspera.rest").new{url = ..., auth = {grant = "web", client_id = "cid", client_secret = "s", redirect_uri = "http://127.0.0.1:0/cb"}}:get("api/web").path)`
	r := e.run("run", "--ui=graphical", "--cache-tokens=no", "-e", script, s.URL)
	if r.code != 0 || strings.TrimSpace(r.out) != "/api/web" || !strings.Contains(r.err, s.URL+"/authorize?") {
		t.Fatalf("web flow: %v", r)
	}
	if s.issued.Load() != 1 {
		t.Fatalf("tokens issued: %d", s.issued.Load())
	}
}

// requireTool returns the path of the first program found, or skips the test (fails it under
// CI, where .ci/run installs every tool the tests need).
func requireTool(t *testing.T, names ...string) string {
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	if os.Getenv("ASLMCLI_CI") != "" {
		t.Fatalf("%s not installed, and CI must run this test", names[0])
	}
	t.Skipf("%s is not installed (.ci/run installs it)", names[0])
	return ""
}

func TestWebFlowCurl(t *testing.T) {
	webFlow(t, requireTool(t, "curl")+" -s -L -o /dev/null")
}

// TestWebFlowChromium uses a real browser, headless Chromium, as the design asks.
func TestWebFlowChromium(t *testing.T) {
	chromium := requireTool(t, "chromium", "chromium-browser", "google-chrome")
	// Chromium outlives the command a little (it is not the command's child to wait for):
	// its profile is removed once its processes are gone.
	profile, err := os.MkdirTemp("", "aslmcli-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = exec.Command("pkill", "-f", "--user-data-dir="+profile).Run()
		for i := 0; i < 50; i++ {
			if os.RemoveAll(profile) == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Logf("could not remove %s", profile)
	})
	webFlow(t, chromium+" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"+
		" --disable-background-networking --disable-component-update --disable-sync"+
		" --user-data-dir="+profile+" --dump-dom")
}

// TestWebFlowText: with --ui=text the URL is only printed; the user (here the test's HTTP
// client) opens it, and the command goes on when the redirect reaches its listener.
func TestWebFlowText(t *testing.T) {
	s := newAuthServer(t)
	e := newEnv(t)
	script := `print(require("aspera.rest").new{url = ..., auth = {grant = "web", client_id = "cid", client_secret = "s", redirect_uri = "http://localhost:0/cb"}}:get("api/web").path)`
	cmd := exec.Command(binary, "run", "--ui=text", "--cache-tokens=no", "-e", script, s.URL)
	cmd.Env, cmd.Dir = e.vars, e.dir
	var out strings.Builder
	cmd.Stdout = &out
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stderr)
	var authURL string
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); strings.HasPrefix(line, s.URL+"/authorize?") {
			authURL = line
			break
		}
	}
	if authURL == "" {
		_ = cmd.Process.Kill()
		t.Fatalf("no authorization URL printed")
	}
	go func() { _, _ = io.Copy(io.Discard, stderr) }()
	resp, err := http.Get(authURL) // follows the redirect to the command's listener
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("command: %v (stdout %q)", err, out.String())
	}
	if strings.TrimSpace(out.String()) != "/api/web" || resp.StatusCode != 200 || !strings.Contains(strings.ToLower(string(page)), "close") {
		t.Fatalf("stdout %q, page %d %q", out.String(), resp.StatusCode, page)
	}
}
