// Package consoletest starts the Console simulator under the contract check of the shapes
// recorded for Console (console-recorded.yaml: Console publishes no OpenAPI document, so the
// shapes come from its API guide and the IBM aspera-cli sources, as the document says).
package consoletest

import (
	_ "embed"
	"net/http"
	"testing"

	"github.com/asperalm/aslmcli/internal/openapitest"
	"github.com/asperalm/aslmcli/products/console/consolesim"
)

//go:embed console-recorded.yaml
var document []byte

// Document is the name of the recorded document.
const Document = "console-recorded.yaml"

// Start starts a simulator under the contract (a cfg.Wrap runs outside it) and closes it at
// the end of the test; it returns the contract too, for Seen.
func Start(t testing.TB, cfg consolesim.Config) (*consolesim.Server, *openapitest.Contract) {
	t.Helper()
	c := openapitest.LoadData(t, Document, document)
	cfg.Wrap = openapitest.Around(func(h http.Handler) http.Handler { return c.Middleware(t, h) }, cfg.Wrap)
	srv, err := consolesim.Start(cfg)
	return openapitest.Started(t, srv, err), c
}
