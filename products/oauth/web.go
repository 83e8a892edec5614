package oauth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// Web is the authorization code grant for a user at a browser: a local listener on the
// redirect URI receives the code, checked against the state, and exchanged with PKCE.
type Web struct {
	Endpoint
	AuthURL string
	// RedirectURL is on the loopback interface, e.g. "http://localhost:12345/callback"; port 0
	// means a free port, and the redirect_uri sent is the real one.
	RedirectURL string
	// Open shows the authorization URL to the user: it opens a browser or prints the URL. It
	// runs in its own goroutine and may return at once.
	Open       func(ctx context.Context, authURL string) error
	NoPKCE     bool          // PKCE S256 is on by default
	AuthParams url.Values    // more parameters of the authorization URL
	Timeout    time.Duration // wait for the browser; default 5 min
	User       string        // for the cache key only, may be empty
}

// DefaultWebTimeout is how long Web.Fetch waits for the browser by default.
const DefaultWebTimeout = 5 * time.Minute

// Name returns "web".
func (w Web) Name() string { return "web" }

// TokenEndpoint returns the token endpoint.
func (w Web) TokenEndpoint() Endpoint { return w.Endpoint }

// Key identifies the token by endpoint, client, User and scope.
func (w Web) Key() Key { return w.Endpoint.key(w.Name(), w.User) }

// Fetch runs the flow: listen on the redirect URI, show the authorization URL, wait for the
// redirect (state checked), answer the browser, close the listener, and exchange the code
// (with the PKCE verifier) at the token endpoint. ctx cancellation or Timeout stops the wait.
func (w Web) Fetch(ctx context.Context, hc *http.Client) (*Token, error) {
	if w.Open == nil {
		return nil, errors.New("web grant: no way to show the authorization URL (Open is nil)")
	}
	if w.AuthURL == "" {
		return nil, errors.New("web grant: no authorization URL")
	}
	code, redirect, verifier, err := w.authorize(ctx)
	if err != nil {
		return nil, fmt.Errorf("web grant: %w", err)
	}
	form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {redirect}}
	if !w.NoPKCE {
		form.Set("code_verifier", verifier)
	}
	return postToken(ctx, hc, w.Endpoint, w.Name(), form, false)
}

// authorize gets a code from the browser; it returns the code, the redirect URI really used
// and the PKCE verifier.
func (w Web) authorize(ctx context.Context) (code, redirect, verifier string, err error) {
	state, err := randomState()
	if err != nil {
		return "", "", "", err
	}
	verifier = oauth2.GenerateVerifier()
	show := func(ctx context.Context, ru string) error {
		conf := &oauth2.Config{
			ClientID: w.ClientID, RedirectURL: ru, Scopes: strings.Fields(w.Scope),
			Endpoint: oauth2.Endpoint{AuthURL: w.AuthURL, TokenURL: w.TokenURL},
		}
		var opts []oauth2.AuthCodeOption
		if !w.NoPKCE {
			opts = append(opts, oauth2.S256ChallengeOption(verifier))
		}
		for k, vs := range w.AuthParams {
			for _, v := range vs {
				opts = append(opts, oauth2.SetAuthURLParam(k, v))
			}
		}
		redirect = ru
		return w.Open(ctx, conf.AuthCodeURL(state, opts...))
	}
	check := func(q url.Values) error {
		switch {
		case subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(state)) != 1:
			return errors.New("the redirect's state does not match the request's (a forged or stale redirect)")
		case q.Get("error") != "":
			msg := q.Get("error")
			if d := q.Get("error_description"); d != "" {
				msg += ": " + d
			}
			return fmt.Errorf("the authorization was refused: %s", msg)
		case q.Get("code") == "":
			return errors.New("the redirect carries no code")
		}
		return nil
	}
	q, err := AwaitRedirect(ctx, w.RedirectURL, w.Timeout, show, check)
	if err != nil {
		return "", "", "", err
	}
	return q.Get("code"), redirect, verifier, nil
}

func randomState() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}
