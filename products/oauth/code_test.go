package oauth

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strings"
	"testing"
)

// TestCodeGrant: a code obtained outside the browser flow is exchanged once, with its
// redirect_uri and PKCE verifier; a second exchange of the same code is refused.
func TestCodeGrant(t *testing.T) {
	s := newAuthServer(t)
	ctx := context.Background()
	verifier := "a-verifier-of-enough-length-for-pkce-0123456789"
	sum := sha256.Sum256([]byte(verifier))
	challenge := base64.RawURLEncoding.EncodeToString(sum[:])
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noRedirect.Get(s.URL + "/authorize?response_type=code&client_id=cid&state=st&redirect_uri=http://localhost:1/cb&code_challenge_method=S256&code_challenge=" + challenge)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, err := resp.Location()
	if err != nil {
		t.Fatal(err)
	}
	g := Code{Endpoint: Endpoint{TokenURL: s.URL + "/token", ClientID: "cid", ClientSecret: "csecret"},
		Code: loc.Query().Get("code"), RedirectURI: "http://localhost:1/cb", Verifier: verifier, User: "link"}
	tok, err := g.Fetch(ctx, nil)
	if err != nil || tok.AccessToken == "" {
		t.Fatalf("exchange: %+v %v", tok, err)
	}
	if k := g.Key(); k.Grant != "authorization_code" || k.User != "link" || g.TokenEndpoint().ClientID != "cid" {
		t.Fatalf("key %+v", k)
	}
	if _, err := g.Fetch(ctx, nil); err == nil || !strings.Contains(err.Error(), "authorization_code grant: 400 Bad Request") || !strings.Contains(err.Error(), "unknown code") {
		t.Fatalf("second exchange: %v", err)
	}
}
