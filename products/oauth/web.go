package oauth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"net"
	"net/http"
	"net/url"
	"strconv"
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

type callback struct {
	code string
	err  error
}

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
	ru, listeners, err := listen(ctx, w.RedirectURL)
	if err != nil {
		return "", "", "", err
	}
	state, err := randomState()
	if err != nil {
		for _, ln := range listeners {
			ln.Close()
		}
		return "", "", "", err
	}
	verifier = oauth2.GenerateVerifier()
	conf := &oauth2.Config{
		ClientID: w.ClientID, RedirectURL: ru.String(), Scopes: strings.Fields(w.Scope),
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
	results := make(chan callback, 1)
	srv := &http.Server{Handler: callbackHandler(ru.Path, state, results), ReadHeaderTimeout: 10 * time.Second}
	for _, ln := range listeners {
		go func() { _ = srv.Serve(ln) }()
	}
	defer func() {
		sctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		if srv.Shutdown(sctx) != nil {
			_ = srv.Close()
		}
	}()
	octx, cancelOpen := context.WithCancel(ctx)
	defer cancelOpen()
	opened := make(chan error, 1)
	authURL := conf.AuthCodeURL(state, opts...)
	go func() { opened <- w.Open(octx, authURL) }()
	timeout := w.Timeout
	if timeout <= 0 {
		timeout = DefaultWebTimeout
	}
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		select {
		case cb := <-results:
			if cb.err != nil {
				return "", "", "", cb.err
			}
			return cb.code, ru.String(), verifier, nil
		case err := <-opened:
			if err != nil {
				return "", "", "", fmt.Errorf("cannot show the authorization URL: %w", err)
			}
			opened = nil // keep waiting for the browser
		case <-ctx.Done():
			return "", "", "", fmt.Errorf("waiting for the browser: %w", ctx.Err())
		case <-timer.C:
			return "", "", "", fmt.Errorf("no answer from the browser after %s", timeout)
		}
	}
}

func randomState() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// listen opens the listeners of a loopback redirect URI and returns the URI with its real port.
func listen(ctx context.Context, redirect string) (*url.URL, []net.Listener, error) {
	ru, err := url.Parse(redirect)
	if err != nil || ru.Scheme != "http" || ru.Host == "" {
		return nil, nil, fmt.Errorf("redirect URI %q: an http://localhost:PORT/... URI is expected", redirect)
	}
	host, port := ru.Hostname(), ru.Port()
	if port == "" {
		port = "80"
	}
	var hosts []string
	switch host {
	case "localhost":
		hosts = []string{"127.0.0.1", "::1"}
	case "127.0.0.1", "::1":
		hosts = []string{host}
	default:
		return nil, nil, fmt.Errorf("redirect URI %q: the host must be localhost, 127.0.0.1 or [::1]", redirect)
	}
	var lc net.ListenConfig
	first, err := lc.Listen(ctx, "tcp", net.JoinHostPort(hosts[0], port))
	if err != nil {
		return nil, nil, fmt.Errorf("listen on %s for the redirect: %w", net.JoinHostPort(hosts[0], port), err)
	}
	listeners := []net.Listener{first}
	port = strconv.Itoa(first.Addr().(*net.TCPAddr).Port)
	for _, h := range hosts[1:] {
		if ln, err := lc.Listen(ctx, "tcp", net.JoinHostPort(h, port)); err == nil {
			listeners = append(listeners, ln)
		}
	}
	if strings.Contains(host, ":") {
		ru.Host = "[" + host + "]:" + port
	} else {
		ru.Host = host + ":" + port
	}
	return ru, listeners, nil
}

// callbackHandler receives the redirect on path: one result is sent, then the page answers.
func callbackHandler(path, state string, results chan<- callback) http.Handler {
	if path == "" {
		path = "/"
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != path {
			http.NotFound(w, r)
			return
		}
		q := r.URL.Query()
		var cb callback
		switch {
		case subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(state)) != 1:
			cb.err = errors.New("the redirect's state does not match the request's (a forged or stale redirect)")
		case q.Get("error") != "":
			msg := q.Get("error")
			if d := q.Get("error_description"); d != "" {
				msg += ": " + d
			}
			cb.err = fmt.Errorf("the authorization was refused: %s", msg)
		case q.Get("code") == "":
			cb.err = errors.New("the redirect carries no code")
		default:
			cb.code = q.Get("code")
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if cb.err != nil {
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprintf(w, "<html><body><h1>Authentication failed</h1><p>%s</p></body></html>", html.EscapeString(cb.err.Error()))
		} else {
			fmt.Fprint(w, "<html><head><title>aslmcli</title></head><body><h1>Authentication complete</h1><p>You may close this window.</p></body></html>")
		}
		select {
		case results <- cb:
		default: // a result is already there: later requests change nothing
		}
	})
}
