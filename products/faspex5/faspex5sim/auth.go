package faspex5sim

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/asperalm/aslmcli/products/oauth"
)

// TokenLifetime is the lifetime of the access tokens the simulator issues.
const TokenLifetime = time.Hour

// caller is who sent an API request: a user, or a public link.
type caller struct {
	user *account
	link *link // set for a public link's token; user is then nil
}

// grantCode is an authorization code waiting for its exchange.
type grantCode struct {
	client, redirect, challenge string
	user                        *account
	link                        *link
	expires                     time.Time
}

func (s *Server) authRoutes(mux *http.ServeMux) {
	mux.HandleFunc("POST "+BasePath+"/auth/token", s.token)
	mux.HandleFunc("GET "+BasePath+"/auth/authorize", s.authorize)
	mux.HandleFunc("GET "+BasePath+"/auth/authorize/public_link", s.authorizeLink)
}

func (s *Server) webRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET "+BasePath+"/login", s.loginPage)
	mux.HandleFunc("POST "+BasePath+"/login", s.login)
	mux.HandleFunc("GET "+BasePath+"/config.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/javascript")
		fmt.Fprintf(w, "window.config = {\n  client_id: '%s',\n  redirect_uri: '%s',\n  api_path: '/api/v5',\n};\n",
			s.cfg.WebClientID, "http://"+r.Host+BasePath)
	})
	mux.HandleFunc("GET "+BasePath+"/public/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, "<html><head><title>Faspex</title></head><body>Faspex 5 simulator: public link</body></html>")
	})
}

// issue makes an access token for a user or a link.
func (s *Server) issue(subject string) (string, time.Time) {
	exp := time.Now().Add(TokenLifetime)
	tok := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"sub": subject, "exp": exp.Unix(), "iat": time.Now().Unix(), "jti": randomHex(8)})
	signed, _ := tok.SignedString(s.key)
	return signed, exp
}

// authenticate returns the caller of an API request, or answers 401.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request) (caller, bool) {
	a := r.Header.Get("Authorization")
	raw, ok := strings.CutPrefix(a, "Bearer ")
	if !ok {
		writeError(w, r, http.StatusUnauthorized, "authentication required")
		return caller{}, false
	}
	tok, err := jwt.Parse(raw, func(*jwt.Token) (any, error) { return s.key, nil }, jwt.WithValidMethods([]string{"HS256"}))
	if err != nil {
		writeError(w, r, http.StatusUnauthorized, "invalid or expired token")
		return caller{}, false
	}
	sub, _ := tok.Claims.GetSubject()
	s.mu.Lock()
	defer s.mu.Unlock()
	if passcode, isLink := strings.CutPrefix(sub, "link:"); isLink {
		if l := s.links[passcode]; l != nil {
			return caller{link: l}, true
		}
	} else if u := s.accountByName(strings.TrimPrefix(sub, "user:")); u != nil {
		return caller{user: u}, true
	}
	writeError(w, r, http.StatusUnauthorized, "the token's subject is unknown")
	return caller{}, false
}

type handler func(w http.ResponseWriter, r *http.Request, c caller)

// user: an API operation for users (not public links).
func (s *Server) user(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c, ok := s.authenticate(w, r)
		if !ok {
			return
		}
		if c.user == nil {
			writeError(w, r, http.StatusForbidden, "a public link cannot do this")
			return
		}
		h(w, r, c)
	}
}

// admin: an API operation for admins.
func (s *Server) admin(h handler) http.HandlerFunc {
	return s.user(func(w http.ResponseWriter, r *http.Request, c caller) {
		if !c.user.admin {
			writeError(w, r, http.StatusForbidden, "admin role required")
			return
		}
		h(w, r, c)
	})
}

// any: an API operation users and public links may call (each handler checks what a link may
// see).
func (s *Server) any(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if c, ok := s.authenticate(w, r); ok {
			h(w, r, c)
		}
	}
}

// tokenRequest reads the token request's fields, form encoded or JSON.
func tokenRequest(r *http.Request) (url.Values, error) {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt == "application/json" {
		var m map[string]any
		b, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err != nil || json.Unmarshal(b, &m) != nil {
			return nil, fmt.Errorf("invalid JSON body")
		}
		v := url.Values{}
		for k, x := range m {
			v.Set(k, fmt.Sprint(x))
		}
		return v, nil
	}
	if err := r.ParseForm(); err != nil {
		return nil, err
	}
	return r.PostForm, nil
}

func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	f, err := tokenRequest(r)
	if err != nil {
		writeError(w, r, http.StatusBadRequest, err.Error())
		return
	}
	if u, p, ok := r.BasicAuth(); ok {
		f.Set("client_id", u)
		f.Set("client_secret", p)
	}
	var subject string
	switch f.Get("grant_type") {
	case oauth.JWTBearerGrantType:
		subject, err = s.checkAssertion(f.Get("assertion"), f.Get("client_id"))
	case "authorization_code":
		subject, err = s.exchange(f)
	default:
		err = fmt.Errorf("unsupported grant_type %q", f.Get("grant_type"))
	}
	if err != nil {
		writeError(w, r, http.StatusBadRequest, err.Error())
		return
	}
	if sec := f.Get("client_secret"); sec != "" && f.Get("client_id") == s.cfg.ClientID && !equal(sec, s.cfg.ClientSecret) {
		writeError(w, r, http.StatusForbidden, "invalid client secret")
		return
	}
	tok, exp := s.issue(subject)
	writeJSON(w, http.StatusCreated, obj{"access_token": tok, "token_type": "Bearer", "expiration_date": stamp(exp)})
}

func equal(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

// checkAssertion verifies a JWT assertion: signed (RS256 or PS256) by the key of the user its
// sub names (user:NAME), typ JWT, iss and aud the API client, and its times.
func (s *Server) checkAssertion(assertion, clientID string) (string, error) {
	var name string
	tok, err := jwt.Parse(assertion, func(t *jwt.Token) (any, error) {
		sub, _ := t.Claims.GetSubject()
		n, ok := strings.CutPrefix(sub, "user:")
		if !ok {
			return nil, fmt.Errorf("sub must be user:<username>, got %q", sub)
		}
		s.mu.Lock()
		u := s.accountByName(n)
		s.mu.Unlock()
		if u == nil || u.publicKey == "" {
			return nil, fmt.Errorf("user %q has no public key", n)
		}
		name = n
		return jwt.ParseRSAPublicKeyFromPEM([]byte(u.publicKey))
	}, jwt.WithValidMethods([]string{"RS256", "PS256"}), jwt.WithExpirationRequired(), jwt.WithLeeway(2*time.Minute))
	if err != nil {
		return "", fmt.Errorf("invalid assertion: %v", err)
	}
	if typ, _ := tok.Header["typ"].(string); typ != "JWT" {
		return "", fmt.Errorf("invalid assertion: the header's typ must be JWT")
	}
	iss, _ := tok.Claims.GetIssuer()
	aud, _ := tok.Claims.GetAudience()
	if iss != s.cfg.ClientID || len(aud) != 1 || aud[0] != s.cfg.ClientID || clientID != s.cfg.ClientID {
		return "", fmt.Errorf("invalid assertion: iss, aud and client_id must be the API client's id")
	}
	return "user:" + name, nil
}

// exchange trades an authorization code (checked: client, redirect_uri, PKCE) for a subject.
func (s *Server) exchange(f url.Values) (string, error) {
	s.mu.Lock()
	c := s.codes[f.Get("code")]
	delete(s.codes, f.Get("code"))
	s.mu.Unlock()
	switch {
	case c == nil || time.Now().After(c.expires):
		return "", fmt.Errorf("invalid or expired code")
	case f.Get("client_id") != c.client:
		return "", fmt.Errorf("the code was given to another client")
	case f.Get("redirect_uri") != c.redirect:
		return "", fmt.Errorf("redirect_uri differs from the authorization request's")
	case c.challenge != "":
		sum := sha256.Sum256([]byte(f.Get("code_verifier")))
		if base64.RawURLEncoding.EncodeToString(sum[:]) != c.challenge {
			return "", fmt.Errorf("PKCE verification failed")
		}
	}
	if c.link != nil {
		return "link:" + c.link.passcode, nil
	}
	return "user:" + c.user.name, nil
}

// authorize starts the browser flow: the login page, with the request's parameters.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("client_id") != s.cfg.ClientID || q.Get("response_type") != "code" || q.Get("redirect_uri") == "" || q.Get("state") == "" {
		writeError(w, r, http.StatusBadRequest, "client_id, redirect_uri, response_type=code and state are required")
		return
	}
	if m := q.Get("code_challenge_method"); q.Get("code_challenge") != "" && !strings.EqualFold(m, "S256") {
		writeError(w, r, http.StatusBadRequest, "code_challenge_method must be S256")
		return
	}
	redirect(w, BasePath+"/login?"+q.Encode())
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprint(w, `<html><head><title>Faspex login</title></head><body><form method="post" action="`+BasePath+`/login">`)
	for k, vs := range r.URL.Query() {
		fmt.Fprintf(w, `<input type="hidden" name="%s" value="%s">`, html.EscapeString(k), html.EscapeString(vs[0]))
	}
	fmt.Fprint(w, `<input name="username"><input name="password" type="password"><button type="submit">Log in</button></form></body></html>`)
}

// login checks the user's password and redirects to the client with a code.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	f := r.PostForm
	s.mu.Lock()
	u := s.accountByName(f.Get("username"))
	s.mu.Unlock()
	if u == nil || u.password == "" || !equal(f.Get("password"), u.password) {
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, "<html><body>Wrong username or password</body></html>")
		return
	}
	code := s.newCode(&grantCode{client: f.Get("client_id"), redirect: f.Get("redirect_uri"), challenge: f.Get("code_challenge"), user: u})
	http.Redirect(w, r, withQuery(f.Get("redirect_uri"), url.Values{"code": {code}, "state": {f.Get("state")}}), http.StatusFound)
}

func (s *Server) newCode(c *grantCode) string {
	code := randomHex(16)
	c.expires = time.Now().Add(5 * time.Minute)
	s.mu.Lock()
	s.codes[code] = c
	s.mu.Unlock()
	return code
}

// redirect answers a 302 to location as the document describes it: a form-encoded content
// (empty).
func redirect(w http.ResponseWriter, location string) {
	w.Header().Set("Location", location)
	w.Header().Set("Content-Type", "application/x-www-form-urlencoded")
	w.WriteHeader(http.StatusFound)
}

func withQuery(u string, q url.Values) string {
	sep := "?"
	if strings.Contains(u, "?") {
		sep = "&"
	}
	return u + sep + q.Encode()
}

// authorizeLink trades a public link's passcode (header Passcode, context in state) for a
// code, redirected to redirect_uri.
func (s *Server) authorizeLink(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	passcode := r.Header.Get("Passcode")
	s.mu.Lock()
	l := s.links[passcode]
	s.mu.Unlock()
	switch {
	case q.Get("client_id") != s.cfg.WebClientID:
		writeError(w, r, http.StatusBadRequest, "unknown client_id")
	case l == nil || passcode == "":
		writeError(w, r, http.StatusUnauthorized, "invalid passcode")
	case q.Get("resource_type") != l.resource:
		writeError(w, r, http.StatusBadRequest, "the link is not of resource type "+q.Get("resource_type"))
	default:
		code := s.newCode(&grantCode{client: s.cfg.WebClientID, redirect: q.Get("redirect_uri"), link: l})
		redirect(w, withQuery(q.Get("redirect_uri"), url.Values{"code": {code}, "state": {q.Get("state")}}))
	}
}
