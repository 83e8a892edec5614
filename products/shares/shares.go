// Package shares is the client of IBM Aspera Shares (version 1) with Basic authentication: the
// files of the shares through Shares' Node API at <url>/node_api (a products/node client, so
// that browse, upload, download... and the transfer agents work as on a node), the
// administration API at <url>/api/v1 (users, local, LDAP and SAML users, groups, shares and
// their user and group permissions, nodes, transfer settings), and a health check. It speaks
// through products/rest and knows no Lua.
//
// Decisions where the issue and the document (api/openapi/shares.yaml) were silent:
//   - Users are listed, shown and deleted as "authorizable users" (data/users, every kind of
//     user), created as local users (data/local_users: only local users can be created), and
//     modified as local users too: Modify resolves the local user of an authorizable user
//     (directory_user.local_user_id), and says so when the user is not a local one.
//   - A resource is named by its id (digits) or its name (a user's username): Lookup lists
//     the resource and takes the one exact match; none or several is ErrNotFound.
//   - Share permissions are data/shares/{id}/user_permissions and group_permissions, as the
//     IBM aspera-cli sources use them (the document lists only a user's share_permissions).
//   - The admin API answers whole lists: listings are iterators of one request.
//   - Health: the version from Shares' login page (no credentials), the node API's /ping (no
//     credentials), and /info with the credentials.
package shares

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/asperalm/aslmcli/products/node"
	"github.com/asperalm/aslmcli/products/oauth"
	"github.com/asperalm/aslmcli/products/rest"
)

// Object is a decoded JSON object.
type Object = map[string]any

// Client is a Shares client.
type Client struct {
	Web   *rest.Client // Shares' URL: the login page (no credentials)
	Admin *rest.Client // <url>/api/v1
	Node  *node.Client // <url>/node_api: the files of the shares
}

// ErrUsage marks a bad argument of the caller (the binding maps it to a usage error).
var ErrUsage = errors.New("invalid argument")

// ErrNotFound is returned when a name matches no resource, or several.
var ErrNotFound = errors.New("not found")

// Paths of the two APIs below Shares' URL.
const (
	NodeAPIPath  = "node_api"
	AdminAPIPath = "api/v1"
)

// New returns the client of the Shares at api's base URL, with api's credentials and settings.
func New(api *rest.Client) *Client {
	below := func(p string) *rest.Client {
		c := *api
		u := *api.BaseURL
		u.Path = strings.TrimSuffix(u.Path, "/") + "/" + p
		u.RawPath = ""
		c.BaseURL = &u
		return &c
	}
	web := *api
	web.Auth = nil
	return &Client{Web: &web, Admin: below(AdminAPIPath), Node: node.New(below(NodeAPIPath))}
}

// NewFromOptions returns the client of the Shares at sharesURL; authentication is Basic with
// o's username and password unless o says otherwise.
func NewFromOptions(sharesURL string, o oauth.Options, env oauth.Env) (*Client, error) {
	base := strings.TrimSuffix(strings.TrimSpace(sharesURL), "/")
	if base == "" {
		return nil, fmt.Errorf("%w: the Shares URL is required", ErrUsage)
	}
	if o.Type == "" && o.Grant == "" {
		o.Type = "basic"
	}
	auth, err := oauth.Authenticator(o, base, env)
	if err != nil {
		return nil, err
	}
	api, err := rest.New(base, auth, env.HTTP)
	if err != nil {
		return nil, err
	}
	return New(api), nil
}

// Info returns the node API's /info (application, version, capabilities).
func (c *Client) Info(ctx context.Context) (Object, error) { return c.Node.Info(ctx) }

var version = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\(v([0-9][0-9a-f.]*)\)`) })

// Health checks Shares: one line per component, {component, status ("ok" or "critical"),
// message}: version (the login page), ping (the node API without credentials), api (/info
// with them).
func (c *Client) Health(ctx context.Context) []any {
	line := func(component string, err error, ok string) any {
		if err != nil {
			return Object{"component": component, "status": "critical", "message": err.Error()}
		}
		return Object{"component": component, "status": "ok", "message": ok}
	}
	var out []any
	resp, err := c.Web.Do(ctx, &rest.Request{Header: http.Header{"Accept": {"text/html"}}})
	v := ""
	if err == nil {
		page := string(resp.Body)
		if !strings.Contains(page, "aspera-Shares") {
			err = errors.New("the page at this URL is not Shares' login page")
		} else if m := version().FindStringSubmatch(page); m != nil {
			v = m[1]
		} else {
			v = "no version"
		}
	}
	out = append(out, line("version", err, v))
	_, err = c.Node.API.Do(ctx, &rest.Request{Path: "ping", NoAuth: true})
	out = append(out, line("ping", err, "ping ok"))
	info, err := c.Node.Info(ctx)
	out = append(out, line("api", err, fmt.Sprintf("available (%v %v)", info["application"], info["version"])))
	return out
}

func asObject(v any) Object {
	m, _ := v.(map[string]any)
	return m
}

func isID(s string) bool { _, err := strconv.ParseUint(s, 10, 64); return err == nil }

func escape(s string) string { return url.PathEscape(s) }
