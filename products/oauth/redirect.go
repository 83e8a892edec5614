package oauth

import (
	"context"
	"fmt"
	"html"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// AwaitRedirect receives a browser's redirect on a loopback URI: it listens on redirect
// (http://localhost:PORT/PATH, 127.0.0.1 or [::1]; port 0 picks a free one), calls show with
// the URI really listened on (show builds the page the user is sent to and opens it; it runs
// in its own goroutine and may return at once), and returns the query of the first request
// to PATH that check accepts. The browser is answered a page saying whether it worked; a
// request check refuses ends the wait with check's error. ctx, or timeout (0: the web grant's
// DefaultWebTimeout), stops the wait. The web grant receives its code this way; ATS's Aspera
// ID sign-in its API key.
func AwaitRedirect(ctx context.Context, redirect string, timeout time.Duration,
	show func(ctx context.Context, redirectURI string) error, check func(url.Values) error) (url.Values, error) {
	ru, listeners, err := listen(ctx, redirect)
	if err != nil {
		return nil, err
	}
	results := make(chan redirected, 1)
	srv := &http.Server{Handler: redirectHandler(ru.Path, check, results), ReadHeaderTimeout: 10 * time.Second}
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
	octx, cancelShow := context.WithCancel(ctx)
	defer cancelShow()
	shown := make(chan error, 1)
	go func() { shown <- show(octx, ru.String()) }()
	if timeout <= 0 {
		timeout = DefaultWebTimeout
	}
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		select {
		case r := <-results:
			return r.query, r.err
		case err := <-shown:
			if err != nil {
				return nil, fmt.Errorf("cannot show the authorization URL: %w", err)
			}
			shown = nil // keep waiting for the browser
		case <-ctx.Done():
			return nil, fmt.Errorf("waiting for the browser: %w", ctx.Err())
		case <-timer.C:
			return nil, fmt.Errorf("no answer from the browser after %s", timeout)
		}
	}
}

type redirected struct {
	query url.Values
	err   error
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

// redirectHandler receives the redirect on path: one result is sent, then the page answers.
func redirectHandler(path string, check func(url.Values) error, results chan<- redirected) http.Handler {
	if path == "" {
		path = "/"
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != path {
			http.NotFound(w, r)
			return
		}
		q := r.URL.Query()
		res := redirected{query: q, err: check(q)}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if res.err != nil {
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprintf(w, "<html><body><h1>Authentication failed</h1><p>%s</p></body></html>", html.EscapeString(res.err.Error()))
		} else {
			fmt.Fprint(w, "<html><head><title>aslmcli</title></head><body><h1>Authentication complete</h1><p>You may close this window.</p></body></html>")
		}
		select {
		case results <- res:
		default: // a result is already there: later requests change nothing
		}
	})
}
