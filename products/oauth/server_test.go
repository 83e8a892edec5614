package oauth

import (
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// authServer is an OAuth authorization server for tests. It checks every grant's parameters
// and JWT assertions (signature with pub, claims in want), and issues numbered tokens.
type authServer struct {
	*httptest.Server
	t         *testing.T
	pub       *rsa.PublicKey
	alg       string         // expected JWT algorithm
	claims    map[string]any // expected JWT claims
	header    map[string]any // expected JOSE header fields besides alg (typ absent unless here)
	scope     string         // expected scope of JWT grants
	expiresIn int            // of issued tokens; 0 = none sent
	noRefresh bool           // issue no refresh tokens
	issued    atomic.Int32
	lastBasic atomic.Bool // the last token request authenticated the client with HTTP Basic
	grants    sync.Map    // grant_type -> *atomic.Int32
	mu        sync.Mutex
	codes     map[string]string // code -> code_challenge
	redirects map[string]string // code -> redirect_uri
	failNext  atomic.Int32      // grants to refuse with 400 invalid_grant
}

func newAuthServer(t *testing.T) *authServer {
	s := &authServer{t: t, alg: "RS256", expiresIn: 3600, codes: map[string]string{}, redirects: map[string]string{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /token", s.token)
	mux.HandleFunc("GET /authorize", s.authorize)
	s.Server = httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

func (s *authServer) count(grant string) int {
	v, ok := s.grants.Load(grant)
	if !ok {
		return 0
	}
	return int(v.(*atomic.Int32).Load())
}

func (s *authServer) fail(w http.ResponseWriter, status int, code, desc string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	fmt.Fprintf(w, `{"error":%q,"error_description":%q}`, code, desc)
}

func (s *authServer) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, 400, "invalid_request", err.Error())
		return
	}
	f := r.PostForm
	grant := f.Get("grant_type")
	v, _ := s.grants.LoadOrStore(grant, &atomic.Int32{})
	v.(*atomic.Int32).Add(1)
	if s.failNext.Load() > 0 {
		s.failNext.Add(-1)
		s.fail(w, 400, "invalid_grant", "refused on purpose")
		return
	}
	clientID, secret := f.Get("client_id"), f.Get("client_secret")
	u, p, basic := r.BasicAuth()
	s.lastBasic.Store(basic)
	if basic {
		if f.Has("client_secret") {
			s.fail(w, 400, "invalid_request", "client_secret both in the header and the form")
			return
		}
		clientID, secret = u, p
	}
	switch grant {
	case JWTBearerGrantType:
		if f.Has("client_secret") {
			s.fail(w, 400, "invalid_request", "no client_secret expected with this assertion")
			return
		}
		if f.Get("client_id") != "cid" || f.Get("scope") != s.scope {
			s.fail(w, 400, "invalid_request", fmt.Sprintf("client_id %q scope %q", f.Get("client_id"), f.Get("scope")))
			return
		}
		if msg := s.checkAssertion(f.Get("assertion")); msg != "" {
			s.fail(w, 400, "invalid_grant", msg)
			return
		}
	case "client_credentials":
		if clientID != "cid" || secret != "csecret" {
			s.fail(w, 401, "invalid_client", "bad client credentials")
			return
		}
	case "password":
		if f.Get("username") != "ann" || f.Get("password") != "pw" || clientID != "cid" {
			s.fail(w, 400, "invalid_grant", "bad user credentials")
			return
		}
	case "refresh_token":
		if f.Get("refresh_token") == "" || f.Get("refresh_token") == "revoked" {
			s.fail(w, 400, "invalid_grant", "refresh token revoked")
			return
		}
	case IAMGrantType:
		if f.Get("apikey") != "ibm-key-1" || f.Get("response_type") != "cloud_iam" {
			s.fail(w, 400, "invalid_grant", "bad api key")
			return
		}
	case "authorization_code":
		s.mu.Lock()
		challenge, ok := s.codes[f.Get("code")]
		redirect := s.redirects[f.Get("code")]
		delete(s.codes, f.Get("code"))
		s.mu.Unlock()
		sum := sha256.Sum256([]byte(f.Get("code_verifier")))
		switch {
		case !ok:
			s.fail(w, 400, "invalid_grant", "unknown code")
			return
		case challenge == "" && f.Has("code_verifier"):
			s.fail(w, 400, "invalid_request", "code_verifier without code_challenge")
			return
		case challenge != "" && base64.RawURLEncoding.EncodeToString(sum[:]) != challenge:
			s.fail(w, 400, "invalid_grant", "PKCE verification failed")
			return
		case f.Get("redirect_uri") != redirect:
			s.fail(w, 400, "invalid_grant", "redirect_uri differs")
			return
		case clientID != "cid" || secret != "csecret":
			s.fail(w, 401, "invalid_client", "bad client credentials")
			return
		}
	default:
		s.fail(w, 400, "unsupported_grant_type", grant)
		return
	}
	n := s.issued.Add(1)
	answer := map[string]any{"access_token": fmt.Sprintf("at-%d", n), "token_type": "bearer", "scope": f.Get("scope")}
	if s.expiresIn > 0 {
		answer["expires_in"] = s.expiresIn
	}
	if !s.noRefresh {
		answer["refresh_token"] = fmt.Sprintf("rt-%d", n)
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(answer)
}

// checkAssertion verifies a JWT assertion; it returns what is wrong, "" when it is good.
func (s *authServer) checkAssertion(a string) string {
	tok, err := jwt.Parse(a, func(t *jwt.Token) (any, error) { return s.pub, nil }, jwt.WithValidMethods([]string{s.alg}))
	if err != nil {
		return "bad assertion: " + err.Error()
	}
	claims := tok.Claims.(jwt.MapClaims)
	for k, want := range s.claims {
		if fmt.Sprint(claims[k]) != fmt.Sprint(want) {
			return fmt.Sprintf("claim %s is %v, want %v", k, claims[k], want)
		}
	}
	now := time.Now().Unix()
	near := func(k string, want int64) bool {
		f, ok := claims[k].(float64)
		return ok && int64(f) >= want-5 && int64(f) <= want+5
	}
	if !near("iat", now-60) || !near("nbf", now-60) || !near("exp", now+3600) {
		return fmt.Sprintf("times iat=%v nbf=%v exp=%v (now %d)", claims["iat"], claims["nbf"], claims["exp"], now)
	}
	if jti, _ := claims["jti"].(string); len(jti) < 16 {
		return "no jti"
	}
	for k, want := range s.header {
		if tok.Header[k] != want {
			return fmt.Sprintf("header %s is %v, want %v", k, tok.Header[k], want)
		}
	}
	if len(tok.Header) != 1+len(s.header) {
		return fmt.Sprintf("header %v, want alg and %v", tok.Header, s.header)
	}
	return ""
}

// authorize records the PKCE challenge and redirects to redirect_uri with a code.
func (s *authServer) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("response_type") != "code" || q.Get("client_id") != "cid" || (q.Has("code_challenge") && q.Get("code_challenge_method") != "S256") || q.Get("state") == "" {
		http.Error(w, "bad authorize request: "+q.Encode(), 400)
		return
	}
	if d := q.Get("deny"); d != "" {
		http.Redirect(w, r, q.Get("redirect_uri")+"?error=access_denied&error_description=the+user+said+no&state="+url.QueryEscape(q.Get("state")), http.StatusFound)
		return
	}
	code := fmt.Sprintf("code-%d", time.Now().UnixNano())
	s.mu.Lock()
	s.codes[code] = q.Get("code_challenge")
	s.redirects[code] = q.Get("redirect_uri")
	s.mu.Unlock()
	http.Redirect(w, r, q.Get("redirect_uri")+"?code="+code+"&state="+url.QueryEscape(q.Get("state")), http.StatusFound)
}
