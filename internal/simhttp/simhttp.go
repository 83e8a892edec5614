// Package simhttp serves the products' simulators (products/*/*sim) over HTTP on a local
// address: the one place that listens, serves with the simulators' timeouts, and shuts down.
package simhttp

import (
	"context"
	"net"
	"net/http"
	"strconv"
	"time"
)

// ShutdownTimeout bounds how long Shutdown waits for the requests in flight.
const ShutdownTimeout = 2 * time.Second

// Listen listens on host:port (port 0: a free one). The caller builds its handler knowing the
// address (a simulator puts its own URL in its answers), then calls Serve.
func Listen(host string, port int) (net.Listener, error) {
	return net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(port)))
}

// Serve serves h on ln in the background (a 30-second header timeout) and returns the server
// for Shutdown.
func Serve(ln net.Listener, h http.Handler) *http.Server {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 30 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return srv
}

// Shutdown stops srv, waiting at most ShutdownTimeout for the requests in flight; a nil srv
// (never served) is nothing to do.
func Shutdown(srv *http.Server) error {
	if srv == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), ShutdownTimeout)
	defer cancel()
	return srv.Shutdown(ctx)
}
