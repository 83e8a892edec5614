package aocsim

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/asperalm/aslmcli/products/aoc"
	"github.com/asperalm/aslmcli/products/node"
)

// tokenLifetime is the lifetime of the tokens the simulator issues.
const tokenLifetime = time.Hour

// session is what an access token stands for.
type session struct {
	userID   string    // "" for a public link
	link     *urlToken // the public link of a url_token grant
	scope    string
	clientID string
	expires  time.Time
}

// authCode is a code of the browser login, waiting for its exchange.
type authCode struct {
	userID, clientID, redirect, challenge, scope string
	expires                                      time.Time
}

// oauthError answers the document's OAuth2TokenError.
func oauthError(w http.ResponseWriter, status int, code, desc string) {
	writeJSON(w, status, object{"error": code, "error_description": desc, "state": nil})
}

// token is POST /api/v1/oauth2/{org}/token: the JWT bearer grant (signature checked with the
// client's public key or the user's, claims iss, sub, aud, exp, nbf, and org for a global
// client), url_token (HTTP Basic client authentication, the link's password), refresh_token
// and authorization_code (PKCE). Node scopes (node.<ak>:user:all) get an Aspera node bearer
// token signed with the key the nodes' access keys verify.
func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	if r.PathValue("org") != s.cfg.Org {
		oauthError(w, http.StatusBadRequest, "invalid_request", "unknown organization "+r.PathValue("org"))
		return
	}
	if err := r.ParseForm(); err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request", err.Error())
		return
	}
	f := r.PostForm
	var sess *session
	var status int
	var code, desc string
	switch f.Get("grant_type") {
	case aocJWTGrant:
		sess, status, code, desc = s.jwtGrant(f)
	case "url_token":
		sess, status, code, desc = s.urlTokenGrant(r, f)
	case "refresh_token":
		s.mu.Lock()
		old := s.refresh[f.Get("refresh_token")]
		delete(s.refresh, f.Get("refresh_token"))
		s.mu.Unlock()
		if old == nil {
			status, code, desc = 400, "invalid_grant", "invalid refresh token"
		} else {
			cp := *old
			sess = &cp
		}
	case "authorization_code":
		sess, status, code, desc = s.codeGrant(f)
	case "":
		status, code, desc = 400, "invalid_request", "missing 'grant_type'"
	default:
		status, code, desc = 400, "unsupported_grant_type", "grant type not supported"
	}
	if sess == nil {
		oauthError(w, status, code, desc)
		return
	}
	if scope := f.Get("scope"); scope != "" && f.Get("grant_type") != "refresh_token" {
		sess.scope = scope
	}
	if sess.scope == "" {
		sess.scope = aoc.ScopeUser
	}
	tok, msg := s.issue(sess)
	if msg != "" {
		oauthError(w, http.StatusBadRequest, "invalid_scope", msg)
		return
	}
	rt := "sim_rt_" + randomHex(16)
	s.mu.Lock()
	s.refresh[rt] = sess
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, object{"access_token": tok, "token_type": "bearer", "expires_in": int(tokenLifetime.Seconds()),
		"refresh_token": rt, "scope": sess.scope})
}

const aocJWTGrant = "urn:ietf:params:oauth:grant-type:jwt-bearer"

// issue makes the access token of a session: a node bearer token for a node scope, else an
// opaque token the API recognizes; it refuses a scope the user may not have.
func (s *Server) issue(sess *session) (string, string) {
	sess.expires = time.Now().Add(tokenLifetime)
	admin := s.isAdmin(sess.userID)
	if ak := node.AccessKeyOfScope(sess.scope); ak != "" {
		var n *simNode
		for _, x := range s.nodes {
			if x.ak == ak {
				n = x
			}
		}
		if n == nil {
			return "", "no node has the access key " + ak
		}
		if strings.HasSuffix(sess.scope, ":admin:all") && !admin {
			return "", "only organization administrators get admin node tokens"
		}
		user := "aoc_user_" + sess.userID
		if sess.link != nil {
			user = "aoc_link_" + sess.link.id
		}
		tok, err := node.NewBearerToken(s.nodeKey, ak, node.BearerPayload{UserID: user, Scope: sess.scope, OrganizationID: "1"}, nil, tokenLifetime, time.Now())
		if err != nil {
			return "", err.Error()
		}
		return tok, ""
	}
	for _, sc := range strings.Fields(strings.ReplaceAll(sess.scope, "+", " ")) {
		switch sc {
		case aoc.ScopeUser:
		case aoc.ScopeAdmin, aoc.ScopeAdminUser:
			if !admin {
				return "", "the scope " + sc + " is for organization administrators"
			}
		default:
			return "", "unknown scope " + sc
		}
	}
	tok := "sim_at_" + randomHex(20)
	s.mu.Lock()
	s.sessions[tok] = sess
	s.mu.Unlock()
	return tok, ""
}

// jwtGrant checks an assertion as AoC does.
func (s *Server) jwtGrant(f url.Values) (*session, int, string, string) {
	a := f.Get("assertion")
	unverified, _, err := jwt.NewParser().ParseUnverified(a, jwt.MapClaims{})
	if err != nil {
		return nil, 400, "invalid_grant", "the assertion is not a JWT"
	}
	claims := unverified.Claims.(jwt.MapClaims)
	iss, _ := claims["iss"].(string)
	sub, _ := claims["sub"].(string)
	s.mu.Lock()
	client := s.st.clients.get(iss)
	user := s.userByEmail(sub)
	var keys []string
	if client != nil {
		if k, _ := client["public_key"].(string); k != "" {
			keys = append(keys, k)
		}
	}
	if user != nil {
		if k := s.st.userKeys[idText(user["id"])]; k != "" {
			keys = append(keys, k)
		}
	}
	s.mu.Unlock()
	switch {
	case client == nil:
		return nil, 400, "invalid_grant", "unknown client " + iss
	case client["jwt_grant_enabled"] != true:
		return nil, 400, "unauthorized_client", "the JWT grant is not enabled for client " + iss
	case f.Get("client_id") != iss:
		return nil, 400, "invalid_request", "client_id differs from the assertion's issuer"
	case user == nil || user["deactivated"] == true:
		return nil, 400, "invalid_grant", "unknown user " + sub
	case len(keys) == 0:
		return nil, 400, "invalid_grant", "no public key registered for the client or the user"
	}
	var verified bool
	for _, k := range keys {
		pub, err := jwt.ParseRSAPublicKeyFromPEM([]byte(k))
		if err != nil {
			continue
		}
		_, err = jwt.Parse(a, func(*jwt.Token) (any, error) { return pub, nil },
			jwt.WithValidMethods([]string{"RS256", "PS256"}), jwt.WithAudience(aoc.JWTAudience), jwt.WithExpirationRequired(), jwt.WithLeeway(time.Minute))
		if err == nil {
			verified = true
			break
		}
		if !strings.Contains(err.Error(), "signature") {
			return nil, 400, "invalid_grant", "assertion: " + err.Error()
		}
	}
	if !verified {
		return nil, 400, "invalid_grant", "assertion: the signature matches no registered public key"
	}
	if aoc.IsGlobalClient(iss) && claims["org"] != s.cfg.Org {
		return nil, 400, "invalid_grant", fmt.Sprintf("assertion: a global client's assertion needs org=%s", s.cfg.Org)
	}
	return &session{userID: idText(user["id"]), clientID: iss}, 0, "", ""
}

// clientAuth checks the client's credentials (HTTP Basic, else the form).
func (s *Server) clientAuth(r *http.Request, f url.Values) (string, bool) {
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = f.Get("client_id"), f.Get("client_secret")
	}
	s.mu.Lock()
	c := s.st.clients.get(id)
	s.mu.Unlock()
	if c == nil {
		return id, false
	}
	want, _ := c["secret"].(string)
	return id, want != "" && subtle.ConstantTimeCompare([]byte(want), []byte(secret)) == 1
}

// urlTokenGrant is the url_token grant of public links.
func (s *Server) urlTokenGrant(r *http.Request, f url.Values) (*session, int, string, string) {
	id, ok := s.clientAuth(r, f)
	if !ok {
		return nil, 401, "invalid_client", "invalid client id or secret (" + id + ")"
	}
	if f.Get("url_token") == "" {
		return nil, 400, "invalid_request", "missing 'url_token'"
	}
	s.mu.Lock()
	l := s.st.urlTokens[f.Get("url_token")]
	s.mu.Unlock()
	switch {
	case l == nil:
		return nil, 400, "invalid_grant", "invalid URL token"
	case l.password != "" && f.Get("password") == "":
		return nil, 400, "invalid_request", "missing password for url_token"
	case l.password != "" && subtle.ConstantTimeCompare([]byte(l.password), []byte(f.Get("password"))) != 1:
		return nil, 400, "access_denied", "invalid password for url_token"
	}
	return &session{link: l, clientID: id}, 0, "", ""
}

// authorize is the browser login: the simulator has no login page, it logs in the user
// login_hint (default: the administrator) and redirects to redirect_uri with a code.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	s.mu.Lock()
	client := s.st.clients.get(q.Get("client_id"))
	email := q.Get("login_hint")
	if email == "" {
		email = s.AdminEmail
	}
	user := s.userByEmail(email)
	s.mu.Unlock()
	ru, err := url.Parse(q.Get("redirect_uri"))
	switch {
	case client == nil:
		http.Error(w, "unknown client", http.StatusBadRequest)
		return
	case err != nil || ru.Host == "":
		http.Error(w, "bad redirect_uri", http.StatusBadRequest)
		return
	case user == nil:
		http.Error(w, "unknown user", http.StatusBadRequest)
		return
	}
	code := "sim_code_" + randomHex(12)
	s.mu.Lock()
	s.codes[code] = authCode{userID: idText(user["id"]), clientID: q.Get("client_id"), redirect: q.Get("redirect_uri"),
		challenge: q.Get("code_challenge"), scope: q.Get("scope"), expires: time.Now().Add(5 * time.Minute)}
	s.mu.Unlock()
	back := ru.Query()
	back.Set("code", code)
	back.Set("state", q.Get("state"))
	ru.RawQuery = back.Encode()
	http.Redirect(w, r, ru.String(), http.StatusFound)
}

// codeGrant exchanges a code of authorize (PKCE S256 checked when a challenge was given).
func (s *Server) codeGrant(f url.Values) (*session, int, string, string) {
	s.mu.Lock()
	c, ok := s.codes[f.Get("code")]
	delete(s.codes, f.Get("code"))
	s.mu.Unlock()
	sum := sha256.Sum256([]byte(f.Get("code_verifier")))
	switch {
	case f.Get("code") == "":
		return nil, 400, "invalid_request", "missing 'code'"
	case !ok || time.Now().After(c.expires):
		return nil, 400, "invalid_grant", "invalid authorization code"
	case c.redirect != f.Get("redirect_uri"):
		return nil, 400, "invalid_grant", "redirect uri doesn't match authorized redirect uri"
	case c.challenge != "" && base64.RawURLEncoding.EncodeToString(sum[:]) != c.challenge:
		return nil, 400, "invalid_grant", "PKCE verification failed"
	}
	return &session{userID: c.userID, clientID: c.clientID, scope: c.scope}, 0, "", ""
}

// caller returns the session of a request's bearer token, or answers 401.
func (s *Server) caller(w http.ResponseWriter, r *http.Request) *session {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	s.mu.Lock()
	sess := s.sessions[tok]
	s.mu.Unlock()
	switch {
	case !ok:
		unauthorized(w, "a bearer token is required")
	case sess == nil:
		unauthorized(w, "invalid token")
	case time.Now().After(sess.expires):
		unauthorized(w, "token expired")
	default:
		return sess
	}
	return nil
}

// isAdmin tells whether a user is an organization administrator; the caller holds no lock.
func (s *Server) isAdmin(userID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.st.users.get(userID)
	return u != nil && u["organization_admin"] == true
}

// hasScope tells whether the session's scope includes one of scopes.
func (sess *session) hasScope(scopes ...string) bool {
	for _, sc := range strings.Fields(strings.ReplaceAll(sess.scope, "+", " ")) {
		for _, want := range scopes {
			if sc == want {
				return true
			}
		}
	}
	return false
}
