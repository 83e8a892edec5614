// Package atstest holds the ATS simulator (products/ats/atssim) to the shapes of the ATS API
// recorded from the IBM aspera-cli sources (recorded.yaml: ATS has no official OpenAPI
// document), for the tests of products/ats, of the simulator and of the ats command: every
// request a test sends and every answer the simulator gives is validated with kin-openapi
// (internal/openapitest), and a mismatch fails the test. The embedded node's own exchanges
// (below atssim.NodePath) are the node simulator's, held to the Node API by nodetest.
package atstest

import (
	_ "embed"
	"net/http"
	"testing"

	"github.com/asperalm/aslmcli/internal/openapitest"
	"github.com/asperalm/aslmcli/products/ats/atssim"
)

// Recorded is the recorded ATS API (OpenAPI 3, not an official document).
//
//go:embed recorded.yaml
var Recorded []byte

// Start starts a simulator under the contract check (cfg.Root defaults to a temporary folder
// of the test; a cfg.Wrap runs outside the check) and closes it at the end of the test. The
// contract tells which operations were exercised (Seen).
func Start(t testing.TB, cfg atssim.Config) (*atssim.Server, *openapitest.Contract) {
	t.Helper()
	c := openapitest.LoadData(t, "ats recorded.yaml", Recorded)
	if cfg.Root == "" {
		cfg.Root = t.TempDir()
	}
	cfg.Wrap = openapitest.Around(func(h http.Handler) http.Handler { return c.Middleware(t, h) }, cfg.Wrap)
	srv, err := atssim.Start(cfg)
	return openapitest.Started(t, srv, err), c
}
