package oauth

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// browser plays the user's browser: it opens the authorization URL and follows the redirects
// to the local listener.
type browser struct {
	opened string
}

func (b *browser) open(ctx context.Context, authURL string) error {
	b.opened = authURL
	go func() {
		resp, err := http.Get(authURL)
		if err != nil {
			return
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}()
	return nil
}

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
		b := &browser{}
		g := webGrant(s, b)
		g.RedirectURL = redirect
		tok, err := g.Fetch(context.Background(), http.DefaultClient)
		if err != nil {
			t.Fatalf("%s: %v", redirect, err)
		}
		if tok.AccessToken == "" || tok.RefreshToken == "" {
			t.Fatalf("token %+v", tok)
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
	// a forged redirect: the state does not match
	g := webGrant(s, nil)
	g.Open = func(ctx context.Context, authURL string) error {
		u, _ := url.Parse(authURL)
		go func() {
			resp, err := http.Get(u.Query().Get("redirect_uri") + "?code=stolen&state=bad")
			if err == nil {
				resp.Body.Close()
			}
		}()
		return nil
	}
	if _, err := g.Fetch(ctx, nil); err == nil || !strings.Contains(err.Error(), "state does not match") {
		t.Fatalf("state: %v", err)
	}
	// the user refuses
	b := &browser{}
	g = webGrant(s, b)
	g.AuthParams = url.Values{"deny": {"1"}}
	if _, err := g.Fetch(ctx, nil); err == nil || !strings.Contains(err.Error(), "the authorization was refused: access_denied: the user said no") {
		t.Fatalf("denied: %v", err)
	}
	// a wrong client secret at the exchange: the server's error
	g = webGrant(s, &browser{})
	g.ClientSecret = "wrong"
	if _, err := g.Fetch(ctx, nil); err == nil || err.Error() != "401 Unauthorized: POST "+s.URL+"/token: invalid_client: bad client credentials" {
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
