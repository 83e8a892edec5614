// Package shares2 is the client of IBM Aspera Shares 2, the product the original manual's
// `shares2` plugin drove. Shares 2 is end-of-life and IBM publishes no document of its API:
// what this client knows comes from that plugin (IBM aspera-cli,
// lib/aspera/cli/plugins/shares2.rb at the parent of the commit "drop support for shares2"):
//
//   - the API at <url> with an OAuth token from <url>/oauth2/token, obtained by the "header"
//     password grant: HTTP Basic with the user's name and password, grant_type=password;
//   - organizations, organizations/{id}/projects, organizations/{id}/teams and
//     organizations/{id}/projects/{id}/shares: list (the query as json_query), create,
//     show, delete; the parents named by id or by name;
//   - system/users, system/groups and system/nodes for administrators (listed by pages);
//   - the node API at <url>/node_api with Basic authentication, its app and current_user
//     endpoints (appinfo, userinfo), and the file API of a node (the repository).
//
// It speaks through products/rest and products/oauth and knows no Lua.
//
// Decisions where the plugin was silent or wrong:
//   - A name is found by exact match first, then by unique prefix (the plugin took the
//     names starting with the text, and failed on several); digits are an id.
//   - The plugin's delete named its target by the --organization, --project or --share
//     option (and could not delete a team); Delete and Show take the target as an argument,
//     and the command line falls back on the option.
package shares2

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/asperalm/aslmcli/products/node"
	"github.com/asperalm/aslmcli/products/oauth"
	"github.com/asperalm/aslmcli/products/rest"
)

// Object is a decoded JSON object.
type Object = map[string]any

// Client is a Shares 2 client.
type Client struct {
	API  *rest.Client // <url>, OAuth
	Node *node.Client // <url>/node_api, Basic
}

// ErrUsage marks a bad argument of the caller (the binding maps it to a usage error).
var ErrUsage = errors.New("invalid argument")

// ErrNotFound is returned when a name matches no resource, or several.
var ErrNotFound = errors.New("not found")

// TokenPath is the OAuth token endpoint below Shares 2's URL.
const TokenPath = "oauth2/token"

// New returns a client of the two APIs.
func New(api *rest.Client, nodeAPI *rest.Client) *Client {
	return &Client{API: api, Node: node.New(nodeAPI)}
}

// NewFromOptions returns the client of the Shares 2 at base: the API authenticated by the
// header password grant on base/oauth2/token (the user's name and password as the Basic
// credentials of the token request), the node API by Basic with the same credentials. Fields
// set in o (a token URL, a grant...) win over these defaults.
func NewFromOptions(base string, o oauth.Options, env oauth.Env) (*Client, error) {
	base = strings.TrimSuffix(strings.TrimSpace(base), "/")
	if base == "" {
		return nil, fmt.Errorf("%w: the Shares 2 URL is required", ErrUsage)
	}
	if o.Username == "" {
		return nil, fmt.Errorf("%w: the Shares 2 user name is required", ErrUsage)
	}
	api := o
	if api.Type == "" && api.Grant == "" {
		api.Grant = "password"
	}
	if api.TokenURL == "" {
		api.TokenURL = base + "/" + TokenPath
	}
	if api.AuthStyle == "" {
		api.AuthStyle = "header"
	}
	if api.ClientID == "" && api.ClientSecret == "" {
		api.ClientID, api.ClientSecret = o.Username, o.Password
	}
	auth, err := oauth.Authenticator(api, base+"/oauth2", env)
	if err != nil {
		return nil, err
	}
	apiClient, err := rest.New(base, auth, env.HTTP)
	if err != nil {
		return nil, err
	}
	nodeClient, err := rest.New(base+"/node_api", rest.Basic{Username: o.Username, Password: o.Password}, env.HTTP)
	if err != nil {
		return nil, err
	}
	return New(apiClient, nodeClient), nil
}

// AppInfo returns the node API's app (GET /node_api/app).
func (c *Client) AppInfo(ctx context.Context) (Object, error) {
	v, err := c.Node.API.Get(ctx, "app", nil)
	return asObject(v), err
}

// UserInfo returns the user of the credentials (GET /node_api/current_user).
func (c *Client) UserInfo(ctx context.Context) (Object, error) {
	v, err := c.Node.API.Get(ctx, "current_user", nil)
	return asObject(v), err
}

// Kinds of resources, by their command word.
const (
	Organization = "organization"
	Project      = "project"
	Team         = "team"
	Share        = "share"
)

// Scope names the parents of a resource by id or name: Organization for projects and
// teams, Organization and Project for shares.
type Scope struct{ Organization, Project string }

// collection returns the path of a kind's collection, its parents resolved.
func (c *Client) collection(ctx context.Context, kind string, s Scope) (string, error) {
	switch kind {
	case Organization:
		return "organizations", nil
	case Project, Team, Share:
	default:
		return "", fmt.Errorf("%w: unknown kind %q (organization, project, team, share)", ErrUsage, kind)
	}
	if s.Organization == "" {
		return "", fmt.Errorf("%w: a %s needs its organization (--organization=NAME or ID)", ErrUsage, kind)
	}
	org, err := c.Lookup(ctx, Organization, Scope{}, s.Organization)
	if err != nil {
		return "", err
	}
	p := "organizations/" + url.PathEscape(org) + "/"
	if kind != Share {
		return p + kind + "s", nil
	}
	if s.Project == "" {
		return "", fmt.Errorf("%w: a share needs its project (--project=NAME or ID)", ErrUsage)
	}
	proj, err := c.Lookup(ctx, Project, s, s.Project)
	if err != nil {
		return "", err
	}
	return p + "projects/" + url.PathEscape(proj) + "/shares", nil
}

// List lists the resources of a kind; query, when set, is sent as json_query.
func (c *Client) List(ctx context.Context, kind string, s Scope, query map[string]any, max int) (*rest.Iterator, error) {
	p, err := c.collection(ctx, kind, s)
	if err != nil {
		return nil, err
	}
	var q url.Values
	if len(query) > 0 {
		b, err := json.Marshal(query)
		if err != nil {
			return nil, fmt.Errorf("%w: query: %v", ErrUsage, err)
		}
		q = url.Values{"json_query": {string(b)}}
	}
	return c.API.Each(ctx, &rest.Request{Path: p, Query: q}, rest.Paging{Max: max}), nil
}

// Lookup returns the id of a resource named ref: ref when it is all digits, else the id of
// the resource of that name, else of the one whose name starts with ref.
func (c *Client) Lookup(ctx context.Context, kind string, s Scope, ref string) (string, error) {
	if isID(ref) {
		return ref, nil
	}
	it, err := c.List(ctx, kind, s, nil, 0)
	if err != nil {
		return "", err
	}
	var exact, prefix []string
	for v, ok := it.Next(); ok; v, ok = it.Next() {
		o := asObject(v)
		name, id := fmt.Sprint(o["name"]), fmt.Sprint(o["id"])
		switch {
		case name == ref:
			exact = append(exact, id)
		case strings.HasPrefix(name, ref):
			prefix = append(prefix, name)
		}
	}
	if err := it.Err(); err != nil {
		return "", err
	}
	switch {
	case len(exact) == 1:
		return exact[0], nil
	case len(exact) > 1:
		return "", fmt.Errorf("%w: %d %ss named %q: use the id", ErrNotFound, len(exact), kind, ref)
	case len(prefix) == 1:
		return c.Lookup(ctx, kind, s, prefix[0])
	case len(prefix) > 1:
		sort.Strings(prefix)
		return "", fmt.Errorf("%w: %q names several %ss (%s): be more precise", ErrNotFound, ref, kind, strings.Join(prefix, ", "))
	}
	return "", fmt.Errorf("%w: no %s named %q", ErrNotFound, kind, ref)
}

// one returns the path of one resource.
func (c *Client) one(ctx context.Context, kind string, s Scope, ref string) (string, error) {
	if ref == "" {
		return "", fmt.Errorf("%w: which %s? give its id or name", ErrUsage, kind)
	}
	p, err := c.collection(ctx, kind, s)
	if err != nil {
		return "", err
	}
	id, err := c.Lookup(ctx, kind, s, ref)
	if err != nil {
		return "", err
	}
	return p + "/" + url.PathEscape(id), nil
}

// Show returns one resource, by id or name.
func (c *Client) Show(ctx context.Context, kind string, s Scope, ref string) (Object, error) {
	p, err := c.one(ctx, kind, s, ref)
	if err != nil {
		return nil, err
	}
	v, err := c.API.Get(ctx, p, nil)
	return asObject(v), err
}

// Create creates a resource and returns it.
func (c *Client) Create(ctx context.Context, kind string, s Scope, fields Object) (Object, error) {
	p, err := c.collection(ctx, kind, s)
	if err != nil {
		return nil, err
	}
	v, err := c.API.Post(ctx, p, fields)
	return asObject(v), err
}

// Delete deletes a resource, by id or name.
func (c *Client) Delete(ctx context.Context, kind string, s Scope, ref string) error {
	p, err := c.one(ctx, kind, s, ref)
	if err != nil {
		return err
	}
	_, err = c.API.Do(ctx, &rest.Request{Method: http.MethodDelete, Path: p})
	return err
}

func asObject(v any) Object {
	m, _ := v.(map[string]any)
	return m
}

func isID(s string) bool { _, err := strconv.ParseUint(s, 10, 64); return err == nil }
