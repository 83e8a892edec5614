package faspex

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/asperalm/aslmcli/products/rest"
)

// ErrSetup is a wrong or missing option (a usage error for the command line).
var ErrSetup = errors.New("faspex")

// ErrNotFound is a name or id that matches nothing (a package, a source).
var ErrNotFound = errors.New("not found")

// StandardPath is the application's path on a Faspex 4 server.
const StandardPath = "/aspera/faspex"

// Object is a decoded JSON object, or a feed entry.
type Object = map[string]any

// Options are the faspex plugin's options that make a client.
type Options struct {
	URL, Username, Password string
	// Recipient is the name the inbox's packages are matched with (a dropbox "*name"); default
	// Username.
	Recipient string
}

// Client is a Faspex 4 client of one user.
type Client struct {
	API       *rest.Client // the application's URL, basic authentication
	Base      string       // the application's URL
	Username  string
	Recipient string // see Options.Recipient
	password  string // for the v4 API's token
}

// BaseURL returns the application's URL of a --url value: trimmed, without a trailing slash,
// query or credentials, with /aspera/faspex when it has no path.
func BaseURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("%w: url %q: an absolute https:// URL is expected (https://HOST/aspera/faspex)", ErrSetup, raw)
	}
	u.RawQuery, u.Fragment, u.User, u.RawPath = "", "", nil, ""
	if u.Path = strings.TrimSuffix(u.Path, "/"); u.Path == "" {
		u.Path = StandardPath
	}
	return u.String(), nil
}

// NewFromOptions makes a client from the plugin's options (basic authentication).
func NewFromOptions(o Options, s *rest.Settings) (*Client, error) {
	if o.URL == "" || o.Username == "" || o.Password == "" {
		return nil, fmt.Errorf("%w: url, username and password are required", ErrSetup)
	}
	base, err := BaseURL(o.URL)
	if err != nil {
		return nil, err
	}
	api, err := rest.New(base, rest.Basic{Username: o.Username, Password: o.Password}, s)
	if err != nil {
		return nil, err
	}
	c := &Client{API: api, Base: base, Username: o.Username, Recipient: o.Recipient, password: o.Password}
	if c.Recipient == "" {
		c.Recipient = o.Username
	}
	return c, nil
}

// getJSON is a GET of a v3 resource in JSON.
func (c *Client) getJSON(ctx context.Context, path string, q url.Values) (Object, error) {
	resp, err := c.API.Do(ctx, &rest.Request{Method: "GET", Path: path, Query: q, Header: accept("application/json")})
	if err != nil {
		return nil, err
	}
	var o Object
	if err := resp.Decode(&o); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return o, nil
}

func accept(t string) map[string][]string { return map[string][]string{"Accept": {t}} }

// Me returns the user's information.
func (c *Client) Me(ctx context.Context) (Object, error) { return c.getJSON(ctx, "me", nil) }

// items returns the items of a v3 JSON listing ({"items": [...]}).
func (c *Client) items(ctx context.Context, path string) ([]any, error) {
	o, err := c.getJSON(ctx, path, nil)
	if err != nil {
		return nil, err
	}
	l, _ := o["items"].([]any)
	if l == nil {
		l = []any{}
	}
	return l, nil
}

// Dropboxes returns the dropboxes the user may send to.
func (c *Client) Dropboxes(ctx context.Context) ([]any, error) { return c.items(ctx, "dropboxes") }

// Sources returns the remote sources (source_shares) packages may be sent from.
func (c *Client) Sources(ctx context.Context) ([]any, error) { return c.items(ctx, "source_shares") }

// SourceID returns the id of the remote source named name.
func (c *Client) SourceID(ctx context.Context, name string) (string, error) {
	l, err := c.Sources(ctx)
	if err != nil {
		return "", err
	}
	var names []string
	for _, x := range l {
		m, _ := x.(map[string]any)
		if fmt.Sprint(m["name"]) == name {
			return fmt.Sprint(m["id"]), nil
		}
		names = append(names, fmt.Sprintf("%q", m["name"]))
	}
	return "", fmt.Errorf("%w: no source named %q (sources: %s)", ErrNotFound, name, strings.Join(names, ", "))
}
