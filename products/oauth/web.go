package oauth

import (
	"context"
	"crypto/rand"
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

	"github.com/asperalm/aslmcli/products/rest"
)

// Web is the authorization code grant for a user at a browser: a local listener on the
// redirect URI receives the code, checked against the state, and exchanged with PKCE.
type Web struct {
	Endpoint
	AuthURL     string
	RedirectURL string                                          // on the loopback interface, e.g. http://localhost:12345; port 0 = a free one
	Open        func(ctx context.Context, authURL string) error // shows the URL: a browser, or printed
	NoPKCE      bool
	AuthParams  url.Values    // more parameters of the authorization URL
	Timeout     time.Duration // wait for the browser; default 5 min
	User        string        // for the cache key only
}

// Name returns "web".
func (w *Web) Name() string { return "web" }

// TokenEndpoint returns the token endpoint.
func (w *Web) TokenEndpoint() Endpoint { return w.Endpoint }

// Key identifies the token by endpoint, client, user and scope.
func (w *Web) Key() Key { return w.Endpoint.key(w.Name(), w.User) }

type callback struct {
	code string
	err  error
}

// Fetch runs the flow: listen, show the authorization URL, wait for the redirect, exchange.
func (w *Web) Fetch(ctx context.Context, hc *http.Client) (*Token, error) {
	if w.Open == nil {
		return nil, errors.New("web grant: no way to show the authorization URL")
	}
	ru, listeners, err := listen(w.RedirectURL)
	if err != nil {
		return nil, fmt.Errorf("web grant: %w", err)
	}
	state := randomState()
	verifier := oauth2.GenerateVerifier()
	conf := &oauth2.Config{
		ClientID: w.ClientID, ClientSecret: w.ClientSecret, RedirectURL: ru.String(), Scopes: strings.Fields(w.Scope),
		Endpoint: oauth2.Endpoint{AuthURL: w.AuthURL, TokenURL: w.TokenURL, AuthStyle: oauth2.AuthStyleInParams},
	}
	if w.AuthStyle == AuthInHeader {
		conf.Endpoint.AuthStyle = oauth2.AuthStyleInHeader
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
		_ = srv.Shutdown(sctx)
	}()
	if err := w.Open(ctx, conf.AuthCodeURL(state, opts...)); err != nil {
		return nil, fmt.Errorf("web grant: %w", err)
	}
	timeout := w.Timeout
	if timeout <= 0 {
		timeout = 5 * time.Minute
	}
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	var cb callback
	select {
	case cb = <-results:
	case <-ctx.Done():
		return nil, fmt.Errorf("web grant: waiting for the browser: %w", ctx.Err())
	case <-timer.C:
		return nil, fmt.Errorf("web grant: no answer from the browser after %s", timeout)
	}
	if cb.err != nil {
		return nil, fmt.Errorf("web grant: %w", cb.err)
	}
	var exch []oauth2.AuthCodeOption
	if !w.NoPKCE {
		exch = append(exch, oauth2.VerifierOption(verifier))
	}
	for k, vs := range w.Params {
		exch = append(exch, oauth2.SetAuthURLParam(k, strings.Join(vs, " ")))
	}
	if hc == nil {
		hc = http.DefaultClient
	}
	tok, err := conf.Exchange(context.WithValue(ctx, oauth2.HTTPClient, hc), cb.code, exch...)
	if err != nil {
		return nil, exchangeError(err)
	}
	t := &Token{AccessToken: tok.AccessToken, TokenType: tok.TokenType, RefreshToken: tok.RefreshToken, Expiry: tok.Expiry}
	if s, ok := tok.Extra("scope").(string); ok {
		t.Scope = s
	}
	if t.Expiry.IsZero() {
		t.Expiry = jwtExpiry(t.AccessToken)
	}
	return t, nil
}

// exchangeError turns oauth2's errors into *rest.Error when the server answered.
func exchangeError(err error) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) && re.Response != nil && re.Response.Request != nil {
		return rest.ResponseError(re.Response.Request, re.Response.StatusCode, re.Response.Header, re.Body)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		req, _ := http.NewRequest(http.MethodPost, ue.URL, nil)
		if req != nil {
			return rest.TransportError(req, ue)
		}
	}
	return fmt.Errorf("web grant: %w", err)
}

func randomState() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// listen opens the listeners of a loopback redirect URI and returns the URI with its real port.
func listen(redirect string) (*url.URL, []net.Listener, error) {
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
	first, err := net.Listen("tcp", net.JoinHostPort(hosts[0], port))
	if err != nil {
		return nil, nil, fmt.Errorf("listen on %s for the redirect: %w", net.JoinHostPort(hosts[0], port), err)
	}
	listeners := []net.Listener{first}
	port = strconv.Itoa(first.Addr().(*net.TCPAddr).Port)
	for _, h := range hosts[1:] {
		if ln, err := net.Listen("tcp", net.JoinHostPort(h, port)); err == nil {
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
		case q.Get("error") != "":
			msg := q.Get("error")
			if d := q.Get("error_description"); d != "" {
				msg += ": " + d
			}
			cb.err = fmt.Errorf("the authorization was refused: %s", msg)
		case q.Get("state") != state:
			cb.err = errors.New("the redirect's state does not match the request's (a forged or stale redirect)")
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
