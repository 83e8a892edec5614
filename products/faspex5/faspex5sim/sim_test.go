package faspex5sim_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/asperalm/aslmcli/products/faspex5"
	"github.com/asperalm/aslmcli/products/faspex5/faspex5sim"
	"github.com/asperalm/aslmcli/products/faspex5/internal/faspex5test"
	"github.com/asperalm/aslmcli/products/oauth"
)

var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// TestTokenEndpoint: the token endpoint takes the JSON the document describes (with an
// assertion longer than its 255 characters) as well as a form; it refuses a wrong grant.
func TestTokenEndpoint(t *testing.T) {
	sim, contract := faspex5test.Start(t, faspex5sim.Config{})
	id, _ := sim.ClientID()
	g, err := faspex5.JWTOptions(faspex5.Options{ClientID: id, Username: "admin", PrivateKey: faspex5test.Key(t)}, sim.URL).NewGrant(sim.URL+"/auth", nil)
	if err != nil {
		t.Fatal(err)
	}
	assertion, err := g.(*oauth.JWT).Assertion()
	if err != nil || len(assertion) < 256 {
		t.Fatalf("assertion of %d characters: %v", len(assertion), err)
	}
	body, _ := json.Marshal(map[string]any{"grant_type": oauth.JWTBearerGrantType, "assertion": assertion, "client_id": id})
	resp, err := http.Post(sim.URL+"/auth/token", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var tok map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&tok)
	resp.Body.Close()
	if resp.StatusCode != 201 || tok["access_token"] == nil || tok["expiration_date"] == nil {
		t.Fatalf("JSON token request: %d %v", resp.StatusCode, tok)
	}
	resp, err = http.PostForm(sim.URL+"/auth/token", url.Values{"grant_type": {"password"}, "username": {"admin"}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 400 || !strings.Contains(string(b), `unsupported grant_type`) {
		t.Fatalf("password grant: %d %s", resp.StatusCode, b)
	}
	if !strings.Contains(strings.Join(contract.Seen(), " "), "POST /token: 2") {
		t.Fatalf("seen %v", contract.Seen())
	}
}

// TestBrowserFlowChecks: the login page refuses a wrong password; a code is good once, with
// its PKCE verifier and redirect_uri.
func TestBrowserFlowChecks(t *testing.T) {
	sim, _ := faspex5test.Start(t, faspex5sim.Config{})
	id, _ := sim.ClientID()
	q := url.Values{"client_id": {id}, "response_type": {"code"}, "state": {"s1"}, "redirect_uri": {"http://localhost:1/cb"},
		"code_challenge": {"E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"}, "code_challenge_method": {"S256"}}
	resp, err := noRedirect.Get(sim.URL + "/auth/authorize?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, _ := resp.Location()
	if resp.StatusCode != 302 || loc.Path != faspex5sim.BasePath+"/login" {
		t.Fatalf("authorize: %d %v", resp.StatusCode, loc)
	}
	form := loc.Query()
	form.Set("username", "admin")
	form.Set("password", "wrong")
	resp, _ = noRedirect.PostForm(sim.URL+"/login", form)
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Fatalf("wrong password: %d", resp.StatusCode)
	}
	form.Set("password", "admin_pass")
	resp, _ = noRedirect.PostForm(sim.URL+"/login", form)
	resp.Body.Close()
	back, _ := resp.Location()
	code := back.Query().Get("code")
	if resp.StatusCode != 302 || back.Query().Get("state") != "s1" || code == "" {
		t.Fatalf("login: %d %v", resp.StatusCode, back)
	}
	exchange := func(verifier, redirect string) int {
		resp, err := http.PostForm(sim.URL+"/auth/token", url.Values{"grant_type": {"authorization_code"}, "code": {code},
			"client_id": {id}, "redirect_uri": {redirect}, "code_verifier": {verifier}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	// RFC 7636 appendix B: this verifier has that challenge; a wrong verifier spends the code
	if exchange("wrong-verifier", "http://localhost:1/cb") != 400 || exchange("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", "http://localhost:1/cb") != 400 {
		t.Fatal("a code was accepted twice, or with a wrong verifier")
	}
}

// TestPing: configuration/ping answers 200 with an empty body and the version header, without
// credentials (what detection relies on), as the document describes it.
func TestPing(t *testing.T) {
	sim, contract := faspex5test.Start(t, faspex5sim.Config{})
	resp, err := http.Get(sim.URL + "/api/v5/configuration/ping")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || len(b) != 0 || resp.Header.Get("X-IBM-Aspera") != faspex5sim.Version {
		t.Fatalf("ping: %d %q %v", resp.StatusCode, b, resp.Header)
	}
	if !strings.Contains(strings.Join(contract.Seen(), " "), "GET /configuration/ping: 1") {
		t.Fatalf("seen %v", contract.Seen())
	}
}
