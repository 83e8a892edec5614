package oauth

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// browser plays the user's browser: it opens the authorization URL and follows the redirects
// to the local listener.
type browser struct {
	done   chan struct{} // closed when open returns
	mu     sync.Mutex
	opened string // the authorization URL
	page   string // the listener's answer
	status int
}

// open GETs the authorization URL and follows the redirect to the local listener, as a
// browser does; it records the URL and the listener's page.
func (b *browser) open(ctx context.Context, authURL string) error {
	defer close(b.done)
	// a browser lives on after Fetch returns (which cancels ctx): finish reading the page
	ctx = context.WithoutCancel(ctx)
	b.mu.Lock()
	b.opened = authURL
	b.mu.Unlock()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, authURL, nil)
	if err != nil {
		return err
	}
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	page, _ := io.ReadAll(resp.Body)
	b.mu.Lock()
	b.page, b.status = string(page), resp.StatusCode
	b.mu.Unlock()
	return nil
}

func newBrowser() *browser { return &browser{done: make(chan struct{})} }

func webGrant(s *authServer, b *browser) *Web {
	return &Web{
		Endpoint:    Endpoint{TokenURL: s.URL + "/token", ClientID: "cid", ClientSecret: "csecret", Scope: "user:all"},
		AuthURL:     s.URL + "/authorize",
		RedirectURL: "http://127.0.0.1:0/callback",
		Open:        b.open,
		Timeout:     10 * time.Second,
	}
}

func TestWebFlow(t *testing.T) {
	s := newAuthServer(t)
	for _, redirect := range []string{"http://127.0.0.1:0/callback", "http://localhost:0/cb"} {
		b := newBrowser()
		g := webGrant(s, b)
		g.RedirectURL = redirect
		tok, err := g.Fetch(context.Background(), http.DefaultClient)
		if err != nil {
			t.Fatalf("%s: %v", redirect, err)
		}
		if tok.AccessToken == "" || tok.RefreshToken == "" {
			t.Fatalf("token %+v", tok)
		}
		<-b.done
		if b.status != 200 || !strings.Contains(b.page, "Authentication complete") || !strings.Contains(b.page, "You may close this window") {
			t.Fatalf("browser page %d %q", b.status, b.page)
		}
		u, _ := url.Parse(b.opened)
		q := u.Query()
		if q.Get("code_challenge_method") != "S256" || q.Get("state") == "" || q.Get("scope") != "user:all" ||
			!strings.HasPrefix(q.Get("redirect_uri"), strings.Split(redirect, ":0")[0]+":") || strings.HasSuffix(q.Get("redirect_uri"), ":0/callback") {
			t.Fatalf("authorize URL %s", b.opened)
		}
	}
}

func TestWebFlowFailures(t *testing.T) {
	s := newAuthServer(t)
	ctx := context.Background()
	// a forged redirect: the state does not match; the listener answers 400
	g := webGrant(s, nil)
	forged, forgedDone := 0, make(chan struct{})
	g.Open = func(ctx context.Context, authURL string) error {
		defer close(forgedDone)
		u, _ := url.Parse(authURL)
		resp, err := http.Get(u.Query().Get("redirect_uri") + "?code=stolen&state=bad")
		if err != nil {
			return err
		}
		resp.Body.Close()
		forged = resp.StatusCode
		return nil
	}
	if _, err := g.Fetch(ctx, nil); err == nil || err.Error() != "web grant: the redirect's state does not match the request's (a forged or stale redirect)" {
		t.Fatalf("state: %v", err)
	}
	<-forgedDone
	if forged != http.StatusBadRequest || s.count("authorization_code") != 0 {
		t.Fatalf("forged redirect answered %d, %d exchanges", forged, s.count("authorization_code"))
	}
	// without PKCE: no challenge is sent, no verifier either
	b0 := newBrowser()
	g = webGrant(s, b0)
	g.NoPKCE = true
	_, err := g.Fetch(ctx, nil)
	<-b0.done
	if err != nil || strings.Contains(b0.opened, "code_challenge") {
		t.Fatalf("no PKCE: %v %s", err, b0.opened)
	}
	// the user refuses
	b := newBrowser()
	g = webGrant(s, b)
	g.AuthParams = url.Values{"deny": {"1"}}
	if _, err := g.Fetch(ctx, nil); err == nil || !strings.Contains(err.Error(), "the authorization was refused: access_denied: the user said no") {
		t.Fatalf("denied: %v", err)
	}
	// a wrong client secret at the exchange: the server's error
	g = webGrant(s, newBrowser())
	g.ClientSecret = "wrong"
	if _, err := g.Fetch(ctx, nil); err == nil || !strings.HasPrefix(err.Error(), "web grant: 401 Unauthorized: POST "+s.URL+"/token: invalid_client") || !strings.HasSuffix(err.Error(), "bad client credentials") {
		t.Fatalf("exchange: %v", err)
	}
	// nobody opens the URL: cancellation returns at once
	g = webGrant(s, nil)
	g.Open = func(context.Context, string) error { return nil }
	cctx, cancel := context.WithCancel(ctx)
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	if _, err := g.Fetch(cctx, nil); !errors.Is(err, context.Canceled) || time.Since(start) > 3*time.Second {
		t.Fatalf("cancel: %v after %s", err, time.Since(start))
	}
	// and the timeout
	g.Timeout = 50 * time.Millisecond
	if _, err := g.Fetch(ctx, nil); err == nil || !strings.Contains(err.Error(), "no answer from the browser") {
		t.Fatalf("timeout: %v", err)
	}
	// a redirect URI off the loopback interface is refused
	g.RedirectURL = "http://example.com:8080/cb"
	if _, err := g.Fetch(ctx, nil); err == nil || !strings.Contains(err.Error(), "must be localhost") {
		t.Fatalf("remote redirect: %v", err)
	}
}

// TestPKCECheck shows that the test server's PKCE check can fail.
func TestPKCECheck(t *testing.T) {
	s := newAuthServer(t)
	verifier := "a-verifier-of-enough-length-0123456789-abcdefghijkl"
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	q := url.Values{"response_type": {"code"}, "client_id": {"cid"}, "state": {"s"}, "redirect_uri": {"http://127.0.0.1:9/cb"},
		"code_challenge_method": {"S256"}, "code_challenge": {oauth2.S256ChallengeFromVerifier(verifier)}}
	code := func() string {
		resp, err := noRedirect.Get(s.URL + "/authorize?" + q.Encode())
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		loc, _ := url.Parse(resp.Header.Get("Location"))
		return loc.Query().Get("code")
	}
	ep := Endpoint{TokenURL: s.URL + "/token", ClientID: "cid", ClientSecret: "csecret"}
	form := func(c, v, redirect string) url.Values {
		return url.Values{"grant_type": {"authorization_code"}, "code": {c}, "code_verifier": {v}, "redirect_uri": {redirect}}
	}
	if _, err := postToken(context.Background(), nil, ep, "web", form(code(), verifier+"x", "http://127.0.0.1:9/cb"), false); err == nil || !strings.Contains(err.Error(), "PKCE verification failed") {
		t.Fatalf("wrong verifier: %v", err)
	}
	if _, err := postToken(context.Background(), nil, ep, "web", form(code(), verifier, "http://127.0.0.1:8/cb"), false); err == nil || !strings.Contains(err.Error(), "redirect_uri differs") {
		t.Fatalf("wrong redirect: %v", err)
	}
	if _, err := postToken(context.Background(), nil, ep, "web", form(code(), verifier, "http://127.0.0.1:9/cb"), false); err != nil {
		t.Fatalf("right verifier: %v", err)
	}
}
