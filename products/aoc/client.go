package aoc

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/asperalm/aslmcli/products/oauth"
	"github.com/asperalm/aslmcli/products/rest"
)

// The fixed values of AoC's authentication (facts of the IBM aspera-cli sources).
const (
	// JWTAudience is the aud claim of every AoC JWT assertion, whatever the domain.
	JWTAudience = "https://api.asperafiles.com/api/v1/oauth2/token"
	// GlobalClientID is the client of IBM's command line tools, registered in every
	// organization: its JWT assertions carry the org claim.
	GlobalClientID = "aspera.global-cli-client"
	// DefaultRedirectURI is the redirect of the browser login (--auth=web).
	DefaultRedirectURI = "http://localhost:12345"
)

// The scopes of AoC tokens.
const (
	ScopeUser      = "user:all"
	ScopeAdmin     = "admin:all"
	ScopeAdminUser = "admin-user:all"
)

// PageSize is the per_page of AoC listings (the API caps it there).
const PageSize = 1000

// Errors a caller may tell apart.
var (
	// ErrNotFound: no resource has the name or path asked for.
	ErrNotFound = errors.New("not found")
	// ErrAmbiguous: several resources have the name asked for.
	ErrAmbiguous = errors.New("ambiguous name")
	// ErrOptions: the options cannot make a client (a missing key, an unknown auth).
	ErrOptions = errors.New("invalid AoC options")
)

// Object is a decoded JSON object.
type Object = map[string]any

// Options are the AoC plugin's options (the same names on the command line, in presets and
// in Lua tables).
type Options struct {
	URL          string // the organization's URL, or a public or private link
	APIURL       string // the API root, when not https://api.DOMAIN/api/v1
	Auth         string // jwt (default) or web; a public link always uses its token
	ClientID     string // default GlobalClientID
	ClientSecret string
	Scope        string // default user:all
	PrivateKey   string // jwt: PEM
	Passphrase   string // jwt: of the private key
	Username     string // jwt: the user's e-mail (the subject)
	Password     string // the password of a protected public link
	RedirectURI  string // web: default DefaultRedirectURI
	Workspace    string // "" (the user's default), a name, %name:NAME or %id:ID
	Secret       string // an access key secret: node access with it instead of a bearer token
}

// Client is an AoC API client for one user (or one public link) and one scope. It caches
// what does not change during a run (the user, the workspace, node accesses) and is safe
// for concurrent use.
type Client struct {
	API   *rest.Client
	Site  Site
	opts  Options
	env   oauth.Env
	scope string

	mu    sync.Mutex
	self  Object
	link  Object
	ws    *Workspace
	nodes map[string]*Node
}

// New makes a client: the URL is read (a short link followed), the authentication made from
// the AoC defaults and the user's options (oauth.Options, given to oauth.Authenticator).
// Nothing is asked of the API before the first call.
func New(ctx context.Context, o Options, env oauth.Env) (*Client, error) {
	var hc *http.Client
	if env.HTTP != nil {
		hc = env.HTTP.HTTPClient()
	}
	site, err := Resolve(ctx, hc, o.URL, o.APIURL)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrOptions, err)
	}
	return newClient(site, o, env, o.Scope)
}

func newClient(site Site, o Options, env oauth.Env, scope string) (*Client, error) {
	if scope == "" {
		scope = ScopeUser
	}
	c := &Client{Site: site, opts: o, env: env, scope: scope, nodes: map[string]*Node{}}
	ao, err := c.AuthOptions(scope)
	if err != nil {
		return nil, err
	}
	auth, err := oauth.Authenticator(ao, site.APIRoot, env)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrOptions, err)
	}
	c.API, err = rest.New(site.APIRoot, auth, env.HTTP)
	if err != nil {
		return nil, fmt.Errorf("%w: --api-url: %w", ErrOptions, err)
	}
	return c, nil
}

// WithScope returns a client of the same user with another scope (admin:all for the admin
// commands).
func (c *Client) WithScope(scope string) (*Client, error) {
	return newClient(c.Site, c.opts, c.env, scope)
}

// Scope returns the client's scope.
func (c *Client) Scope() string { return c.scope }

// Options returns the options the client was made with.
func (c *Client) Options() Options { return c.opts }

// IsGlobalClient tells whether a client id is one of IBM's clients registered in every
// organization ("aspera." ids): their assertions carry the organization (org claim).
func IsGlobalClient(id string) bool { return strings.HasPrefix(id, "aspera.") }

// AuthOptions returns the authentication of scope: AoC's defaults (token and authorize
// endpoints of the organization, the JWT claims iss, sub, aud and, for a global client, org;
// the url_token grant of a public link) with the user's values.
func (c *Client) AuthOptions(scope string) (oauth.Options, error) {
	o, s := c.opts, c.Site
	ao := oauth.Options{Type: "oauth", TokenURL: s.TokenURL(), AuthURL: s.AuthorizeURL(), ClientID: o.ClientID,
		ClientSecret: o.ClientSecret, Scope: scope}
	if ao.ClientID == "" {
		ao.ClientID = GlobalClientID
	}
	if s.IsPublicLink() {
		// the document's url_token grant: the link's token (and password) in the form, the
		// client authenticated with HTTP Basic
		ao.Grant, ao.AuthStyle = "generic", "header"
		ao.Params = url.Values{"grant_type": {"url_token"}, "url_token": {s.LinkToken}}
		if o.Password != "" {
			ao.Params.Set("password", o.Password)
		}
		return ao, nil
	}
	switch strings.ToLower(o.Auth) {
	case "", "jwt":
		if o.Username == "" {
			return ao, fmt.Errorf("%w: --auth=jwt needs --username (the user's e-mail)", ErrOptions)
		}
		if !strings.Contains(o.PrivateKey, "PRIVATE KEY") {
			return ao, fmt.Errorf("%w: --auth=jwt needs --private-key, a PEM private key (e.g. @file:~/.aspera/aslmcli/aoc_key.pem)", ErrOptions)
		}
		ao.Grant, ao.PrivateKey, ao.Passphrase, ao.Username = "jwt", o.PrivateKey, o.Passphrase, o.Username
		ao.Claims = map[string]any{"iss": ao.ClientID, "sub": o.Username, "aud": JWTAudience}
		if IsGlobalClient(ao.ClientID) {
			ao.Claims["org"] = s.Org
		}
	case "web":
		ao.Grant, ao.Username = "web", o.Username
		ao.RedirectURI = o.RedirectURI
		if ao.RedirectURI == "" {
			ao.RedirectURI = DefaultRedirectURI
		}
	default:
		return ao, fmt.Errorf("%w: --auth=%s: use jwt or web (a public link --url uses its token)", ErrOptions, o.Auth)
	}
	return ao, nil
}

// BearerToken returns "Bearer <token>" of the client's scope (obtained or taken from the cache).
func (c *Client) BearerToken(ctx context.Context) (string, error) {
	a, ok := c.API.Auth.(rest.OAuth)
	if !ok {
		return "", errors.New("the client has no OAuth token")
	}
	tok, err := a.Source.Token(ctx)
	if err != nil {
		return "", err
	}
	return "Bearer " + tok, nil
}

// List lists the resources of path (users, workspaces, packages...), lazily: page and
// per_page (1000), the X-Total-Count header; max items, pmax pages (0: all).
func (c *Client) List(ctx context.Context, path string, query url.Values, max, pmax int) *rest.Iterator {
	return c.API.Each(ctx, &rest.Request{Path: path, Query: query}, rest.Paging{Style: "page", PerPage: PageSize, Max: max, PMax: pmax})
}

// Get returns GET path (a resource, or a listing in one request).
func (c *Client) Get(ctx context.Context, path string, query url.Values) (any, error) {
	return c.API.Get(ctx, path, query)
}

// Read returns the object at path.
func (c *Client) Read(ctx context.Context, path string) (Object, error) {
	v, err := c.API.Get(ctx, path, nil)
	if err != nil {
		return nil, err
	}
	o, ok := v.(Object)
	if !ok {
		return nil, fmt.Errorf("GET %s: the answer is not an object", path)
	}
	return o, nil
}

// Create posts body to path and returns the created object.
func (c *Client) Create(ctx context.Context, path string, body any) (Object, error) {
	v, err := c.API.Post(ctx, path, body)
	o, _ := v.(Object)
	return o, err
}

// Modify changes the resource at path (PUT; the answer, often empty, is returned when there
// is one).
func (c *Client) Modify(ctx context.Context, path string, change any) (Object, error) {
	v, err := c.API.Put(ctx, path, change)
	o, _ := v.(Object)
	return o, err
}

// Delete deletes the resource at path.
func (c *Client) Delete(ctx context.Context, path string) error {
	_, err := c.API.Do(ctx, &rest.Request{Method: http.MethodDelete, Path: path})
	return err
}

// Lookup finds the resource of path named name: GET path?q=name (with query), then the one
// whose name (or e-mail) is exactly name, case ignored. None is ErrNotFound, several
// ErrAmbiguous.
func (c *Client) Lookup(ctx context.Context, path, name string, query url.Values) (Object, error) {
	q := url.Values{}
	for k, v := range query {
		q[k] = v
	}
	q.Set("q", name)
	it := c.List(ctx, path, q, 0, 0)
	var found []Object
	for v, ok := it.Next(); ok; v, ok = it.Next() {
		o, _ := v.(Object)
		for _, k := range []string{"name", "email"} {
			if s, _ := o[k].(string); strings.EqualFold(s, name) {
				found = append(found, o)
				break
			}
		}
	}
	if err := it.Err(); err != nil {
		return nil, err
	}
	switch len(found) {
	case 0:
		return nil, fmt.Errorf("%s: %w: %q", strings.TrimSuffix(path, "s"), ErrNotFound, name)
	case 1:
		return found[0], nil
	}
	return nil, fmt.Errorf("%s: %w: %d match %q", strings.TrimSuffix(path, "s"), ErrAmbiguous, len(found), name)
}

// ID returns an identifier as text: AoC's documents type ids as numbers or strings.
func ID(v any) string {
	switch t := v.(type) {
	case nil:
		return ""
	case string:
		return t
	default:
		return fmt.Sprint(t)
	}
}
