// Package sharestest holds what the tests of products/shares and of its simulator share: the
// errata of the official Shares document (api/openapi/shares.yaml), the shapes of what that
// document leaves out (shares-undocumented.yaml: the login page and the permissions of a
// share, recorded from the IBM aspera-cli sources), and a simulator started under both
// contract checks.
package sharestest

import (
	_ "embed"
	"net/http"
	"regexp"
	"testing"

	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/asperalm/aslmcli/internal/openapitest"
	"github.com/asperalm/aslmcli/products/shares/sharessim"
)

// Document is the official OpenAPI document of Shares both sides are held to.
const Document = "shares.yaml"

// Undocumented is the recorded document of what Document leaves out.
const Undocumented = "shares-undocumented.yaml"

//go:embed shares-undocumented.yaml
var undocumented []byte

// undocumentedPath matches the requests Undocumented describes.
var undocumentedPath = regexp.MustCompile(`^/$|^/api/v1/data/shares/[^/]+/(user|group)_permissions(/[^/]*)?$`)

func init() {
	// ping answers an empty text/html body, which kin-openapi checks once it can read it
	openapi3filter.RegisterBodyDecoder("text/html", openapi3filter.PlainBodyDecoder)
}

// Errata are the known errors of Document, each one shown by a test of products/shares or of
// sharessim. Add one only when a test shows the document is wrong, never to hide a simulator
// bug.
var Errata = []openapitest.Erratum{
	{Method: "PUT", Path: "/api/v1/data/nodes/{id}", Part: "request", Contains: `is missing`, /* each required field a change leaves out */
		Why: "updateNode reuses NodeCreate, whose required fields forbid a partial change, unlike every other update of the document (ShareUpdate, GroupUpdate, LocalUserUpdate); ascli sends the changed fields only"},
	{Part: "response", Status: 403, Contains: "status is not supported",
		Why: "few operations document 403, which Shares answers when a share's permissions refuse a file operation, and to a user who is not an administrator on the administration API (the Users tag: manager authorization depends on the configuration)"},
	{Method: "POST", Path: "/node_api/files/browse", Part: "response", Status: 404, Contains: "status is not supported",
		Why: "browse documents no 404, which the other file operations give to a path outside the user's shares"},
	{Method: "POST", Path: "/node_api/space", Part: "response", Status: 404, Contains: "status is not supported",
		Why: "space documents no 404, which the other file operations give to a path outside the user's shares"},
	{Method: "POST", Path: "/node_api/files/rename", Part: "response", Status: 404, Contains: "status is not supported",
		Why: "rename documents no 404, which the other file operations give to a path outside the user's shares"},
	{Method: "POST", Path: "/node_api/files/upload_setup", Part: "response", Contains: `property "source" is missing`,
		Why: "the spec echoes the request's paths, which for an upload hold only destination (token-paths allows it), but its paths schema requires source"},
}

// Start starts a simulator under the contract middleware (cfg.Root defaults to a temporary
// folder; a cfg.Wrap runs outside the contract check) and closes it at the end of the test.
// It returns the contract of Document, for Seen.
func Start(t testing.TB, cfg sharessim.Config) (*sharessim.Server, *openapitest.Contract) {
	t.Helper()
	official := openapitest.Load(t, Document, Errata...)
	recorded := openapitest.LoadData(t, Undocumented, undocumented)
	if cfg.Root == "" {
		cfg.Root = t.TempDir()
	}
	cfg.Wrap = openapitest.Around(func(h http.Handler) http.Handler {
		checkOfficial, checkRecorded := official.Middleware(t, h), recorded.Middleware(t, h)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if undocumentedPath.MatchString(r.URL.Path) {
				checkRecorded.ServeHTTP(w, r)
				return
			}
			checkOfficial.ServeHTTP(w, r)
		})
	}, cfg.Wrap)
	srv, err := sharessim.Start(cfg)
	return openapitest.Started(t, srv, err), official
}
