package faspex5_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/asperalm/aslmcli/internal/openapitest"
	"github.com/asperalm/aslmcli/products/faspex5/faspex5sim"
	"github.com/asperalm/aslmcli/products/faspex5/internal/faspex5test"
)

// startCounting starts a simulator that counts the DELETE /packages requests in n.
func startCounting(t *testing.T, n *int) (*faspex5sim.Server, *openapitest.Contract) {
	return faspex5test.Start(t, faspex5sim.Config{Wrap: func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodDelete && r.URL.Path == faspex5sim.API+"/packages" {
				*n++
			}
			h.ServeHTTP(w, r)
		})
	}})
}

// newHTTPServer serves h on a loopback port for the test and returns its URL.
func newHTTPServer(t *testing.T, h http.Handler) string {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}
