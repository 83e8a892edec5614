package oauth

import (
	"context"
	"crypto/rsa"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"

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
	for _, alg := range []string{"RS256", "PS256"} {
		s := newAuthServer(t)
		s.pub, s.alg = pub, alg
		s.claims = map[string]any{"iss": "cid", "sub": "ann@example.com", "aud": "https://api.example.com/token", "org": "acme"}
		s.typ = "JWT"
		g := jwtGrant(s, key)
		g.Algorithm, g.Header = alg, map[string]any{"typ": "JWT"}
		tok, err := g.Fetch(context.Background(), nil)
		if err != nil {
			t.Fatalf("%s: %v", alg, err)
		}
		if tok.AccessToken != "at-1" || tok.RefreshToken != "rt-1" || tok.Scope != "user:all" || tok.Expiry.IsZero() {
			t.Fatalf("%s: token %+v", alg, tok)
		}
	}
	if g := (&JWT{Claims: map[string]any{"sub": "ann"}}); g.Name() != "jwt" || g.Key().User != "ann" {
		t.Fatal("name or key")
	}
}

func TestJWTGrantRefused(t *testing.T) {
	key, _ := testKey(t)
	other, _ := GenerateKey(2048)
	s := newAuthServer(t)
	s.pub = mustPub(t, other) // the server knows another key
	_, err := jwtGrant(s, key).Fetch(context.Background(), nil)
	var re *rest.Error
	if !errors.As(err, &re) || re.Status != 400 || !strings.Contains(re.Error(), "400 Bad Request: POST "+s.URL+"/token: invalid_grant: bad assertion: token signature is invalid") {
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
	if _, err := g.Fetch(context.Background(), nil); err == nil || !strings.Contains(err.Error(), "an RSA private key is needed") {
		t.Fatalf("ec key: %v", err)
	}
	g = jwtGrant(s, key)
	g.Algorithm = "HS256"
	if _, err := g.Fetch(context.Background(), nil); err == nil || !strings.Contains(err.Error(), `unsupported algorithm "HS256"`) {
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
		if tok, err := (&ClientCredentials{Endpoint: e}).Fetch(ctx, http.DefaultClient); err != nil || tok.Scope != "admin" {
			t.Fatalf("client credentials (style %d): %v %+v", style, err, tok)
		}
	}
	bad := ep
	bad.ClientSecret = "nope"
	if _, err := (&ClientCredentials{Endpoint: bad}).Fetch(ctx, nil); err == nil || err.Error() != "401 Unauthorized: POST "+s.URL+"/token: invalid_client: bad client credentials" {
		t.Fatalf("bad secret: %v", err)
	}
	p := &Password{Endpoint: Endpoint{TokenURL: s.URL + "/token", ClientID: "cid"}, Username: "ann", Password: "pw"}
	if _, err := p.Fetch(ctx, nil); err != nil || p.Key().User != "ann" {
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
	if (&IAM{}).TokenEndpoint().TokenURL != IAMTokenURL {
		t.Fatal("IAM default endpoint")
	}
	tok, err := Refresh(ctx, nil, Endpoint{TokenURL: s.URL + "/token", ClientID: "cid"}, "rt-9")
	if err != nil || tok.AccessToken == "" || s.count("refresh_token") != 1 {
		t.Fatalf("refresh: %v", err)
	}
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
	if a.ID() != "token_"+a.ID()[6:] {
		t.Fatal("prefix")
	}
}

func TestTokenExpiryFromJWT(t *testing.T) {
	// header.payload.signature with exp = 2000000000
	tok, err := parseToken([]byte(`{"access_token":"eyJhbGciOiJub25lIn0.eyJleHAiOjIwMDAwMDAwMDB9.x"}`), timeNow())
	if err != nil || tok.Expiry.Unix() != 2000000000 {
		t.Fatalf("expiry %v %v", tok, err)
	}
	if _, err := parseToken([]byte(`{"token_type":"bearer"}`), timeNow()); err == nil {
		t.Fatal("an answer without access_token was accepted")
	}
}
