package faspex5

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"
)

// listener is an HTTP listener on an http://HOST:PORT/ROOT URL, what the postprocessing and
// the gateway listeners share: port 0 takes a free port, the URL then tells the real one.
type listener struct {
	url  string // http://HOST:PORT/ROOT, the real port
	root string // "/" or "/ROOT" without a trailing slash
	srv  *http.Server
	ln   net.Listener
}

// listen listens on rawURL (http only; def when ""); what names the listener in errors.
func listen(rawURL, def, what string, h http.Handler) (*listener, error) {
	if rawURL == "" {
		rawURL = def
	}
	u, err := url.Parse(rawURL)
	if err != nil || u.Scheme != "http" || u.Host == "" {
		return nil, fmt.Errorf("%w: %s url %q: http://HOST:PORT/PATH expected", ErrSetup, what, rawURL)
	}
	host := u.Host
	if u.Port() == "" {
		host = net.JoinHostPort(u.Hostname(), "80")
	}
	ln, err := net.Listen("tcp", host)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	u.Host = net.JoinHostPort(u.Hostname(), fmt.Sprint(ln.Addr().(*net.TCPAddr).Port))
	l := &listener{url: u.String(), root: "/" + strings.Trim(u.Path, "/"), ln: ln}
	l.srv = &http.Server{Handler: h, ReadHeaderTimeout: 30 * time.Second}
	return l, nil
}

// below returns the path of a request relative to the root ("" at the root, else "/..."),
// and whether it is below the root at all (/processingX is not below /processing).
func (l *listener) below(p string) (string, bool) {
	clean := path.Clean("/" + p)
	if l.root == "/" {
		return strings.TrimSuffix(clean, "/"), true
	}
	rel, inside := strings.CutPrefix(clean, l.root)
	if rel != "" && !strings.HasPrefix(rel, "/") {
		return "", false
	}
	return rel, inside
}

// serve answers requests until ctx is done or stop or close is called; requests being
// handled get 5 seconds to finish. It returns nil when one of those ended it.
func (l *listener) serve(ctx context.Context) error {
	l.srv.BaseContext = func(net.Listener) context.Context { return ctx }
	done := make(chan error, 1)
	go func() { done <- l.srv.Serve(l.ln) }()
	var err error
	select {
	case err = <-done:
	case <-ctx.Done():
		l.stop()
		err = <-done
	}
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// stop stops listening, letting the requests being handled finish (5 seconds at most); it
// returns at once (a handler may call it).
func (l *listener) stop() {
	go func() {
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = l.srv.Shutdown(sctx)
	}()
}

// answer writes a JSON object with a status.
func answer(w http.ResponseWriter, status int, v Object) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
