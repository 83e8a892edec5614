// Package faspex5test holds what the tests of products/faspex5, its simulator, its binding and
// its commands share: the errata of the official Faspex 5 document, and a simulator started
// under the contract check.
package faspex5test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/asperalm/aslmcli/internal/openapitest"
	"github.com/asperalm/aslmcli/products/faspex5/faspex5sim"
	"github.com/asperalm/aslmcli/products/oauth"
)

// Document is the official OpenAPI document of Faspex 5 both sides are held to.
const Document = "faspex-5.0.yaml"

// Errata are the known errors of Document, each one shown by a test of products/faspex5 or
// of faspex5sim. Add one only when a test shows the document is wrong, never to hide a
// simulator bug.
var Errata = []openapitest.Erratum{
	// the first of the two errors the issue names (the second is a repair)
	{Method: "POST", Path: "/token", Part: "request", Contains: `header Content-Type has unexpected value "application/x-www-form-urlencoded"`,
		Why: "the token endpoint also takes application/x-www-form-urlencoded, what real Faspex does and every OAuth client sends (RFC 6749)"},
	{Method: "GET", Path: "/authorize", Part: "request", Contains: `value must be one of 'plain', 's256'`,
		Why: "the PKCE method is S256 (RFC 7636 section 4.3, what OAuth clients send), which the document spells s256"},
	{Method: "GET", Path: "/authorize", Part: "response", Contains: "failed to decode response body: unsupported schema",
		Why: "the 302 is documented with a form-encoded body whose schema is a string (the redirect URL), which no decoder reads: the URL is in Location"},
	{Method: "GET", Path: "/authorize/public_link", Part: "response", Contains: "failed to decode response body: unsupported schema",
		Why: "the 302 is documented with a form-encoded body whose schema is a string (the redirect URL), which no decoder reads: the URL is in Location"},
	{Part: "response", Status: 404, Contains: "status is not supported",
		Why: "most operations document no 404, which Faspex answers for an id that does not exist"},
	{Part: "response", Status: 403, Contains: "status is not supported",
		Why: "many operations document no 403, which Faspex answers when the user's role or a public link does not allow the operation"},
	{Method: "GET", Path: "/accounts", Part: "request", Contains: `parameter "type" in query has an error: invalid serialization method: style="deepObject", explode=true`,
		Why: "the array parameter type is declared with style deepObject, which OpenAPI allows for objects only"},
}

// overlapping are the paths whose answers are a oneOf of shapes that overlap: the basic and
// expanded views of shared inboxes, workgroups and nodes have no required field that tells
// them apart, so an answer matches several and oneOf fails; anyOf was meant.
var overlapping = []string{"/shared_inboxes", "/shared_inboxes/{id}", "/workgroups", "/workgroups/{id}", "/nodes", "/nodes/{id}"}

func init() {
	for _, p := range overlapping {
		Errata = append(Errata, openapitest.Erratum{Path: p, Part: "response", Contains: "input matches more than one oneOf schemas",
			Why: "the basic and expanded shapes overlap (no required field tells them apart): oneOf cannot hold, anyOf was meant"})
	}
}

// Repairs are the errors of Document repaired before it is validated: those that make it
// invalid, and those a message cannot single out (inside an anyOf, kin-openapi reports only
// that no alternative matched).
var Repairs = []openapitest.Repair{
	// the second of the two errors the issue names
	{Why: "the token request's assertion is limited to 255 characters, yet an RS256 JWT assertion is about 600",
		Fix: func(doc *openapi3.T) {
			if s := doc.Components.Schemas["JwtPostTokenRequest"]; s != nil && s.Value.Properties["assertion"] != nil {
				s.Value.Properties["assertion"].Value.MaxLength = nil
			}
		}},
	{Why: "the OAuth2 scheme's authorizationUrl and tokenUrl hold server variables ({host}{main_path}), which a URL cannot",
		Fix: func(doc *openapi3.T) {
			if ss := doc.Components.SecuritySchemes["OAuth2"]; ss != nil && ss.Value.Flows != nil && ss.Value.Flows.AuthorizationCode != nil {
				ss.Value.Flows.AuthorizationCode.AuthorizationURL = "https://faspex.example.com/aspera/faspex/auth/authorize"
				ss.Value.Flows.AuthorizationCode.TokenURL = "https://faspex.example.com/aspera/faspex/auth/token"
			}
		}},
	{Why: "the /internal operations require a security scheme BearerToken that the document does not define",
		Fix: func(doc *openapi3.T) {
			if doc.Components.SecuritySchemes["BearerToken"] == nil {
				doc.Components.SecuritySchemes["BearerToken"] = &openapi3.SecuritySchemeRef{Value: openapi3.NewJWTSecurityScheme()}
			}
		}},
}

var (
	keyOnce sync.Once
	keyPEM  []byte
	keyErr  error
)

// Key returns a private key (PEM) shared by the tests of a process (generation is slow); the
// simulators of Start register its public key for their users.
func Key(t testing.TB) string {
	t.Helper()
	keyOnce.Do(func() { keyPEM, keyErr = oauth.GenerateKey(2048) })
	if keyErr != nil {
		t.Fatal(keyErr)
	}
	return string(keyPEM)
}

// PublicKey returns the public key of Key.
func PublicKey(t testing.TB) string {
	t.Helper()
	pub, err := oauth.PublicKeyOf([]byte(Key(t)), "")
	if err != nil {
		t.Fatal(err)
	}
	return pub
}

// Start starts a simulator under the contract middleware (cfg.PublicKey defaults to
// PublicKey; a cfg.Wrap runs outside the contract check) and closes it at the end of the
// test. It returns the contract too, for Seen.
func Start(t testing.TB, cfg faspex5sim.Config) (*faspex5sim.Server, *openapitest.Contract) {
	t.Helper()
	c := openapitest.LoadRepaired(t, Document, Repairs, Errata...)
	if cfg.PublicKey == "" && len(cfg.Users) == 0 {
		cfg.PublicKey = PublicKey(t)
	}
	cfg.Wrap = openapitest.Around(func(h http.Handler) http.Handler { return Unprefix(c.Middleware(t, Restore(h))) }, cfg.Wrap)
	srv, err := faspex5sim.Start(cfg)
	return openapitest.Started(t, srv, err), c
}

type pathKey struct{}

// prefixes are the document's server paths: the API, the authorization server, the root
// (health). The document's paths are relative to them.
var prefixes = []string{faspex5sim.BasePath + "/api/v5", faspex5sim.BasePath + "/auth", faspex5sim.BasePath}

// Unprefix has next validate the request with its path relative to the document's server
// (the contract's router knows the paths without their server prefix), and hands the
// original path back to the simulator inside next (see Restore).
func Unprefix(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, p := range prefixes {
			if rest, ok := strings.CutPrefix(r.URL.Path, p); ok && strings.HasPrefix(rest, "/") {
				r2 := r.Clone(context.WithValue(r.Context(), pathKey{}, r.URL.Path))
				r2.URL.Path, r2.URL.RawPath = rest, ""
				next.ServeHTTP(w, r2)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// Restore puts back the path Unprefix took away; the simulator's mux runs inside it.
func Restore(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p, ok := r.Context().Value(pathKey{}).(string); ok {
			r2 := r.Clone(r.Context())
			r2.URL.Path, r2.URL.RawPath = p, ""
			next.ServeHTTP(w, r2)
			return
		}
		next.ServeHTTP(w, r)
	})
}
