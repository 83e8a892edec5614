package oauth

import (
	"context"
	"crypto/rsa"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/asperalm/aslmcli/products/rest"
)

var (
	keyOnce sync.Once
	keyPEM  []byte
	keyPub  *rsa.PublicKey
)

// testKey returns a 2048-bit key shared by the tests (generation is slow).
func testKey(t *testing.T) ([]byte, *rsa.PublicKey) {
	keyOnce.Do(func() {
		var err error
		keyPEM, err = GenerateKey(2048)
		if err != nil {
			t.Fatal(err)
		}
		k, err := ParsePrivateKey(keyPEM, "")
		if err != nil {
			t.Fatal(err)
		}
		keyPub = k.Public().(*rsa.PublicKey)
	})
	return keyPEM, keyPub
}

func jwtGrant(s *authServer, key []byte) *JWT {
	return &JWT{
		Endpoint:   Endpoint{TokenURL: s.URL + "/token", ClientID: "cid", Scope: "user:all"},
		PrivateKey: key,
		Claims:     map[string]any{"iss": "cid", "sub": "ann@example.com", "aud": "https://api.example.com/token", "org": "acme"},
	}
}

func TestJWTGrant(t *testing.T) {
	key, pub := testKey(t)
	for _, tc := range []struct {
		alg    string
		header map[string]any
	}{
		{"RS256", nil},
		{"PS256", map[string]any{"typ": "JWT", "kid": "k1"}},
	} {
		s := newAuthServer(t)
		s.pub, s.alg, s.header, s.scope = pub, tc.alg, tc.header, "user:all"
		s.claims = map[string]any{"iss": "cid", "sub": "ann@example.com", "aud": "https://api.example.com/token", "org": "acme"}
		g := jwtGrant(s, key)
		g.Algorithm, g.Header = tc.alg, tc.header
		before := time.Now()
		tok, err := g.Fetch(context.Background(), &http.Client{})
		if err != nil {
			t.Fatalf("%s: %v", tc.alg, err)
		}
		if tok.AccessToken != "at-1" || tok.RefreshToken != "rt-1" || tok.Scope != "user:all" || tok.TokenType != "bearer" {
			t.Fatalf("%s: token %+v", tc.alg, tok)
		}
		if d := tok.Expiry.Sub(before); d < 3599*time.Second || d > 3605*time.Second {
			t.Fatalf("%s: expiry in %s, want 1h", tc.alg, d)
		}
		if s.count(JWTBearerGrantType) != 1 || s.lastBasic.Load() {
			t.Fatalf("%s: %d requests, basic %v", tc.alg, s.count(JWTBearerGrantType), s.lastBasic.Load())
		}
	}
	// RS256 alone is refused by a PS256 server
	s := newAuthServer(t)
	s.pub, s.alg, s.scope = pub, "PS256", "user:all"
	if _, err := jwtGrant(s, key).Fetch(context.Background(), nil); err == nil || !strings.Contains(err.Error(), "signing method RS256 is invalid") {
		t.Fatalf("RS256 to a PS256 server: %v", err)
	}
	// Basic client authentication: client_id is in the form all the same
	s.alg = "RS256"
	g0 := jwtGrant(s, key)
	g0.ClientSecret, g0.AuthStyle = "csecret", AuthInHeader
	if _, err := g0.Fetch(context.Background(), nil); err != nil || !s.lastBasic.Load() {
		t.Fatalf("jwt with Basic: %v (basic %v)", err, s.lastBasic.Load())
	}
	// caller's iat/exp/jti are kept
	g := jwtGrant(s, key)
	g.Claims["exp"], g.Claims["jti"] = int64(42), "mine"
	a, err := g.Assertion()
	if err != nil {
		t.Fatal(err)
	}
	claims := jwt.MapClaims{}
	if _, _, err := jwt.NewParser().ParseUnverified(a, claims); err != nil || claims["exp"] != float64(42) || claims["jti"] != "mine" {
		t.Fatalf("caller claims replaced: %v %v", claims, err)
	}
	if g := (&JWT{Claims: map[string]any{"sub": "ann"}}); g.Name() != "jwt" || g.Key().User != "ann" {
		t.Fatal("name or key")
	}
}

func TestJWTGrantRefused(t *testing.T) {
	key, _ := testKey(t)
	other, _ := GenerateKey(2048)
	s := newAuthServer(t)
	s.pub, s.scope = mustPub(t, other), "user:all" // the server knows another key
	_, err := jwtGrant(s, key).Fetch(context.Background(), nil)
	var re *rest.Error
	if !errors.As(err, &re) || re.Status != 400 || !strings.HasPrefix(err.Error(), "jwt grant: 400 Bad Request: POST "+s.URL+"/token: invalid_grant") ||
		!strings.Contains(re.Error(), "bad assertion: token signature is invalid") {
		t.Fatalf("err %v", err)
	}
	// a claim the server does not expect
	s.pub = mustPub(t, key)
	s.claims = map[string]any{"sub": "bob@example.com"}
	if _, err := jwtGrant(s, key).Fetch(context.Background(), nil); err == nil || !strings.Contains(err.Error(), "claim sub is ann@example.com") {
		t.Fatalf("claims: %v", err)
	}
	// a secret is sent only when given
	s.claims = nil
	g := jwtGrant(s, key)
	g.ClientSecret = "x"
	if _, err := g.Fetch(context.Background(), nil); err == nil || !strings.Contains(err.Error(), "no client_secret expected") {
		t.Fatalf("secret: %v", err)
	}
	// not an RSA key, and a bad algorithm
	g = jwtGrant(s, []byte(ecKeyPEM))
	if _, err := g.Fetch(context.Background(), nil); err == nil || !strings.Contains(err.Error(), "the private key is an ECDSA key, RS256 needs an RSA key") {
		t.Fatalf("ec key: %v", err)
	}
	g = jwtGrant(s, key)
	g.Algorithm = "HS256"
	if _, err := g.Fetch(context.Background(), nil); err == nil || !strings.Contains(err.Error(), `jwt grant: unsupported JWT algorithm "HS256"`) {
		t.Fatalf("alg: %v", err)
	}
}

func mustPub(t *testing.T, key []byte) *rsa.PublicKey {
	k, err := ParsePrivateKey(key, "")
	if err != nil {
		t.Fatal(err)
	}
	return k.Public().(*rsa.PublicKey)
}

func TestOtherGrants(t *testing.T) {
	s := newAuthServer(t)
	ctx := context.Background()
	ep := Endpoint{TokenURL: s.URL + "/token", ClientID: "cid", ClientSecret: "csecret", Scope: "admin"}
	for _, style := range []AuthStyle{AuthInParams, AuthInHeader} {
		e := ep
		e.AuthStyle = style
		if tok, err := (ClientCredentials{Endpoint: e}).Fetch(ctx, http.DefaultClient); err != nil || tok.Scope != "admin" {
			t.Fatalf("client credentials (style %d): %v %+v", style, err, tok)
		}
		if s.lastBasic.Load() != (style == AuthInHeader) {
			t.Fatalf("style %d: basic = %v", style, s.lastBasic.Load())
		}
	}
	if s.count("client_credentials") != 2 {
		t.Fatalf("%d client_credentials requests", s.count("client_credentials"))
	}
	bad := ep
	bad.ClientSecret = "nope"
	if _, err := (&ClientCredentials{Endpoint: bad}).Fetch(ctx, nil); err == nil || !strings.HasPrefix(err.Error(), "client_credentials grant: 401 Unauthorized: POST "+s.URL+"/token: invalid_client") || !strings.HasSuffix(err.Error(), "bad client credentials") {
		t.Fatalf("bad secret: %v", err)
	}
	p := &Password{Endpoint: Endpoint{TokenURL: s.URL + "/token", ClientID: "cid"}, Username: "ann", Password: "pw"}
	if _, err := p.Fetch(ctx, nil); err != nil || p.Key().User != "ann" || p.Key().Grant != "password" {
		t.Fatalf("password: %v", err)
	}
	p.Password = "wrong"
	if _, err := p.Fetch(ctx, nil); err == nil || !strings.Contains(err.Error(), "bad user credentials") {
		t.Fatalf("bad password: %v", err)
	}
	iam := &IAM{Endpoint: Endpoint{TokenURL: s.URL + "/token"}, APIKey: "ibm-key-1"}
	if _, err := iam.Fetch(ctx, nil); err != nil {
		t.Fatalf("iam: %v", err)
	}
	if k := iam.Key(); strings.Contains(k.User, "ibm-key-1") || !strings.HasPrefix(k.User, "apikey:") {
		t.Fatalf("iam key shows the API key: %+v", k)
	}
	if (IAM{}).TokenEndpoint().TokenURL != IAMTokenURL || (IAM{}).Key().URL != IAMTokenURL {
		t.Fatal("IAM default endpoint")
	}
	iam.APIKey = "other"
	if _, err := iam.Fetch(ctx, nil); err == nil || !strings.Contains(err.Error(), "iam_apikey grant: 400 Bad Request") || strings.Contains(err.Error(), "other") {
		t.Fatalf("bad api key: %v", err)
	}
	// Params override the form: IAM's response_type
	iam = &IAM{Endpoint: Endpoint{TokenURL: s.URL + "/token", Params: url.Values{"response_type": {"delegated_refresh_token"}}}, APIKey: "ibm-key-1"}
	if _, err := iam.Fetch(ctx, nil); err == nil || !strings.Contains(err.Error(), "bad api key") {
		t.Fatalf("iam params: %v", err)
	}
	tok, err := Refresh(ctx, nil, Endpoint{TokenURL: s.URL + "/token", ClientID: "cid"}, "rt-9")
	if err != nil || tok.AccessToken == "" || s.count("refresh_token") != 1 {
		t.Fatalf("refresh: %v", err)
	}
	// no refresh token in the answer: the old one is kept
	s.noRefresh = true
	if tok, err := Refresh(ctx, nil, Endpoint{TokenURL: s.URL + "/token"}, "rt-9"); err != nil || tok.RefreshToken != "rt-9" {
		t.Fatalf("refresh without a new refresh token: %+v %v", tok, err)
	}
	s.noRefresh = false
	if _, err := Refresh(ctx, nil, Endpoint{TokenURL: s.URL + "/token"}, "revoked"); err == nil || !strings.Contains(err.Error(), "refresh token revoked") {
		t.Fatalf("revoked: %v", err)
	}
}

func TestKeyIDs(t *testing.T) {
	a := Key{Grant: "jwt", URL: "https://h/token", ClientID: "c", User: "u", Scope: "s"}
	b := a
	b.Scope = "t"
	c := a
	c.User = "v"
	if a.ID() != a.ID() || a.ID() == b.ID() || a.ID() == c.ID() || len(a.ID()) != len("token_")+16 {
		t.Fatalf("ids %s %s %s", a.ID(), b.ID(), c.ID())
	}
	// stable across runs and versions: printf 'jwt\nhttps://h/token\nc\nu\ns' | sha256sum
	if a.ID() != "token_acb02eafb04b2cfa" {
		t.Fatalf("id %s", a.ID())
	}
}

func TestTokenAnswers(t *testing.T) {
	answers := map[string]string{
		"/jwt":      `{"access_token":"eyJhbGciOiJub25lIn0.eyJleHAiOjIwMDAwMDAwMDB9.x"}`, // exp = 2000000000
		"/iam":      `{"access_token":"a","refresh_token":"r","expires_in":"3600","expiration":1700000000,"refresh_token_expiration":1702592000}`,
		"/form":     `access_token=f&token_type=bearer&expires_in=60`,
		"/none":     `{"token_type":"bearer"}`,
		"/error200": `{"error":"server_error","error_description":"try later"}`,
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/form" {
			w.Header().Set("Content-Type", "application/x-www-form-urlencoded")
		} else {
			w.Header().Set("Content-Type", "application/json")
		}
		fmt.Fprint(w, answers[r.URL.Path])
	}))
	defer srv.Close()
	get := func(path string) (*Token, error) {
		return ClientCredentials{Endpoint: Endpoint{TokenURL: srv.URL + path}}.Fetch(context.Background(), nil)
	}
	if tok, err := get("/jwt"); err != nil || tok.Expiry.Unix() != 2000000000 {
		t.Fatalf("jwt expiry %+v %v", tok, err)
	}
	tok, err := get("/iam")
	if err != nil || time.Until(tok.Expiry) < 3590*time.Second || fmt.Sprint(tok.Extra["refresh_token_expiration"]) != "1702592000" || len(tok.Extra) != 2 {
		t.Fatalf("iam %+v %v", tok, err)
	}
	if tok, err := get("/form"); err != nil || tok.AccessToken != "f" || tok.TokenType != "bearer" || time.Until(tok.Expiry) > time.Minute {
		t.Fatalf("form %+v %v", tok, err)
	}
	if _, err := get("/none"); err == nil || !strings.Contains(err.Error(), "the answer has no access_token") {
		t.Fatalf("no access_token: %v", err)
	}
	if _, err := get("/error200"); err == nil || !strings.Contains(err.Error(), "server_error") || !strings.Contains(err.Error(), "try later") {
		t.Fatalf("error in a 200: %v", err)
	}
	// no answer at all: a transport *rest.Error
	srv.Close()
	var re *rest.Error
	if _, err := get("/jwt"); !errors.As(err, &re) || re.Status != 0 || re.Err == nil {
		t.Fatalf("transport: %v", err)
	}
	// a cancelled context
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := (ClientCredentials{Endpoint: Endpoint{TokenURL: "http://127.0.0.1:1/token"}}).Fetch(ctx, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: %v", err)
	}
}
