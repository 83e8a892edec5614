// Package aoctest holds what the tests of products/aoc and of its simulator share: the errata
// of the official AoC document, the shapes recorded for the endpoints it lacks, and a
// simulator started under the contract checks (the AoC API and its nodes' Node API).
package aoctest

import (
	_ "embed"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/asperalm/aslmcli/internal/openapitest"
	"github.com/asperalm/aslmcli/products/aoc/aocsim"
)

// Document is the official OpenAPI document of AoC.
const Document = "aoc-0.2.6.yaml"

// NodeDocument is the Node API's, held to by the simulator's nodes.
const NodeDocument = "node-4.4.6.yaml"

// Recorded is the OpenAPI document of the endpoints Document lacks (/url_tokens,
// /env/url_token_check, groups, SAML configurations, KMS profiles, the analytics), recorded
// from the IBM aspera-cli sources.
//
//go:embed recorded.yaml
var Recorded []byte

// Errata are the known errors of Document, each one shown by a test. Add one only when a
// test shows the document is wrong, never to hide a simulator bug.
var Errata = []openapitest.Erratum{
	{Method: "PUT", Path: "/users/{id}", Part: "request", Contains: "missing property 'email'",
		Why: "PUT users/{id} changes the fields given (a profile, a key): the document reuses the creation schema, whose required email a change need not repeat"},
	{Method: "PUT", Path: "/users/{id}", Part: "request", Contains: "at '/public_key': got string, want boolean",
		Why: "users_params types public_key as a boolean (\"whether the record includes the key\") while a user registers his key there: a PEM text"},
	{Method: "PUT", Path: "/packages/{id}", Part: "request", Contains: `property "name" is missing`,
		Why: "PUT packages/{id} marks a package sent ({sent, transfers_expected}, as the document's own description says): the creation schema's required fields do not apply"},
	{Method: "PUT", Path: "/packages/{id}", Part: "request", Contains: `property "workspace_id" is missing`,
		Why: "PUT packages/{id} marks a package sent ({sent, transfers_expected}, as the document's own description says): the creation schema's required fields do not apply"},
	{Method: "PUT", Path: "/clients/{id}", Part: "request", Contains: `missing property 'name'`,
		Why: "PUT clients/{id} registers a key ({jwt_grant_enabled, public_key}, the IBM sources' set_pub_key): clients_params' required name does not apply to a change"},
	{Method: "POST", Path: "/packages", Part: "request", Contains: `Error at "/metadata": value must be an object`,
		Why: "package metadata goes as a list of {name, values} (the IBM sources convert a mapping to it for the service); the document types it as an object"},
	{Method: "", Path: "/packages", Part: "response", Contains: `/input_type": property "input_type" is missing`,
		Why: "packages_response.metadata refers to the metadata *schema* of shared inboxes (form fields with input_type), not to a package's values"},
	{Method: "", Path: "/packages/{id}", Part: "response", Contains: `/input_type": property "input_type" is missing`,
		Why: "packages_response.metadata refers to the metadata *schema* of shared inboxes (form fields with input_type), not to a package's values"},
	{Method: "POST", Path: "/packages", Part: "request", Contains: `/type": value is not one of the allowed values ["user","group"]`,
		Why: "a package sent to a shared inbox has a recipient of type dropbox (the IBM sources resolve shared inboxes so); senders_recipients_object lists user and group only"},
	{Method: "", Path: "/packages", Part: "response", Contains: `/recipients": `,
		Why: "packages_response.recipients is a single object (allOf senders_recipients_object), but recipients are a list, as in the request"},
	{Method: "", Path: "/packages/{id}", Part: "response", Contains: `/recipients": `,
		Why: "packages_response.recipients is a single object (allOf senders_recipients_object), but recipients are a list, as in the request"},
	{Method: "POST", Path: "/oauth2/token", Part: "response", Contains: "at '/state': got null, want string",
		Why: "OAuth2TokenError's state is null when there is none, as the document's own examples show, but it says nullable: true, a 3.0 keyword this 3.1 document cannot use"},
}

// NodeErrata are the errors of the Node API document met through the AoC tests (those of
// products/node/internal/nodetest that these exchanges reach, and the simulator's additions).
var NodeErrata = []openapitest.Erratum{
	// the one node call the AoC tests make with bad credentials (a wrong --secret)
	{Method: "GET", Path: "/files/{id}/files", Part: "response", Contains: "status is not supported",
		Why: "no operation documents 401, which a node answers to missing or bad credentials"},
	// the permissions of a shared folder (aoc files permission)
	{Method: "POST", Path: "/permissions", Part: "request", Contains: `property "access_level" is missing`,
		Why: "access_level is the single level of HSTS 3.7.3 and older (the document's own response schema says so), replaced by access_levels: both cannot be required"},
	{Method: "GET", Path: "/permissions", Part: "response", Contains: "permissions-get-200: value must be an object",
		Why: "GET /permissions lists the permissions: an array (the IBM sources page through it, page and per_page), where the document gives one object"},
	{Method: "POST", Path: "/permissions", Part: "request", Contains: `Error at "/tags": value must be a string`,
		Why: "tags is \"a JSON object that contains ... tags as key-value pairs\" by the document's own description, but typed as a string"},
	{Method: "POST", Path: "/permissions", Part: "response", Contains: `Error at "/tags": value must be a string`,
		Why: "tags is \"a JSON object that contains ... tags as key-value pairs\" by the document's own description, but typed as a string"},
}

// Start starts a simulator (cfg.Root defaults to a temporary folder) whose AoC API exchanges
// are validated against Document (Recorded for the paths it lacks) and whose nodes' against
// NodeDocument; it is closed at the end of the test.
func Start(t testing.TB, cfg aocsim.Config) *aocsim.Server {
	t.Helper()
	official := openapitest.Load(t, Document, Errata...)
	recorded := openapitest.LoadData(t, "recorded.yaml", Recorded)
	nodes := openapitest.Load(t, NodeDocument, NodeErrata...)
	if cfg.Root == "" {
		cfg.Root = t.TempDir()
	}
	cfg.Wrap = openapitest.Around(func(h http.Handler) http.Handler { return byDocument(t, official, recorded, h) }, cfg.Wrap)
	cfg.NodeWrap = openapitest.Around(func(h http.Handler) http.Handler { return nodes.Middleware(t, h) }, cfg.NodeWrap)
	srv, err := aocsim.Start(cfg)
	return openapitest.Started(t, srv, err)
}

// orgPath is the token and authorize endpoints of an organization: the document's paths lack
// the organization (/oauth2/token), which its own description gives as
// /oauth2/{subdomain}/token.
var orgPath = regexp.MustCompile(`^/oauth2/[^/]+/(token|authorize)$`)

// DocumentPath returns the path of a request as the documents write it: the API's /api/v1
// prefix removed (the document's servers carry it), the organization removed from the OAuth
// endpoints (see orgPath).
func DocumentPath(p string) string {
	p = strings.TrimPrefix(p, "/api/v1")
	if m := orgPath.FindStringSubmatch(p); m != nil {
		return "/oauth2/" + m[1]
	}
	return p
}

// missingOperations are operations of paths the document has, on methods it lacks: they
// are held to Recorded.
var missingOperations = []struct {
	method string
	path   *regexp.Regexp
	why    string
}{
	{"GET", regexp.MustCompile(`^/workspaces/[^/]+$`), "the document has DELETE /workspaces/{id} only, while the IBM sources read a workspace there (AoC#workspace_info)"},
}

func lacking(method, p string) bool {
	for _, m := range missingOperations {
		if m.method == method && m.path.MatchString(p) {
			return true
		}
	}
	return false
}

// byDocument validates each exchange against official, or recorded for the paths official
// lacks; next sees the request as it was sent.
func byDocument(t testing.TB, official, recorded *openapitest.Contract, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sent := r.URL.Path
		doc := r.Clone(r.Context())
		doc.URL.Path, doc.URL.RawPath = DocumentPath(sent), ""
		restore := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			r.URL.Path, r.URL.RawPath = sent, ""
			next.ServeHTTP(w, r)
		})
		c := official
		if !official.Covers(doc) || lacking(r.Method, doc.URL.Path) {
			c = recorded
		}
		c.Middleware(t, restore).ServeHTTP(w, doc)
	})
}
