// Package shares2test starts the Shares 2 simulator under the contract check of the shapes
// recorded from the original manual's shares2 plugin (shares2-recorded.yaml: Shares 2 is
// end-of-life and has no published document).
package shares2test

import (
	_ "embed"
	"net/http"
	"strings"
	"testing"

	"github.com/asperalm/aslmcli/internal/openapitest"
	"github.com/asperalm/aslmcli/products/shares2/shares2sim"
)

// Document is the name of the recorded document.
const Document = "shares2-recorded.yaml"

//go:embed shares2-recorded.yaml
var document []byte

// nodeOwn tells the requests of the node API that the node simulator answers (the files):
// the recorded document holds only Shares 2's own endpoints of /node_api.
func nodeOwn(p string) bool {
	return strings.HasPrefix(p, "/node_api/") && p != "/node_api/app" && p != "/node_api/current_user"
}

// Start starts a simulator under the contract (cfg.Root defaults to a temporary folder; a
// cfg.Wrap runs outside the check) and closes it at the end of the test.
func Start(t testing.TB, cfg shares2sim.Config) (*shares2sim.Server, *openapitest.Contract) {
	t.Helper()
	c := openapitest.LoadData(t, Document, document)
	if cfg.Root == "" {
		cfg.Root = t.TempDir()
	}
	cfg.Wrap = openapitest.Around(func(next http.Handler) http.Handler {
		checked := c.Middleware(t, next)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if nodeOwn(r.URL.Path) {
				next.ServeHTTP(w, r)
				return
			}
			checked.ServeHTTP(w, r)
		})
	}, cfg.Wrap)
	srv, err := shares2sim.Start(cfg)
	return openapitest.Started(t, srv, err), c
}
