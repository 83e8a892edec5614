package faspex5

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/asperalm/aslmcli/products/oauth"
	"github.com/asperalm/aslmcli/products/rest"
)

// StandardPath is the path of Faspex 5 on its server.
const StandardPath = "/aspera/faspex"

// Paths below the application's URL.
const (
	APIPath    = "/api/v5"
	AuthPath   = "/auth"
	HealthPath = "/health"
)

// The authentication methods (Options.Auth).
const (
	AuthJWT  = "jwt"
	AuthWeb  = "web"
	AuthBoot = "boot"
	AuthLink = "link"
)

// ErrSetup is a wrong or missing option (a usage error for the command line).
var ErrSetup = errors.New("faspex5")

// ErrNotFound is a name that matches nothing (a shared inbox, a contact, a resource).
var ErrNotFound = errors.New("not found")

// Options are the plugin's options that make a client (the command line's names).
type Options struct {
	URL          string // https://HOST/aspera/faspex, or a public link (?context=)
	Auth         string // jwt (default), web, boot, link
	Username     string // jwt: the user impersonated
	Password     string // boot: the Authorization value copied from a browser
	ClientID     string // jwt, web: the API client
	ClientSecret string // web: sent when set
	RedirectURI  string // web: default http://localhost:12345
	PrivateKey   string // jwt: PEM text
	Passphrase   string // jwt: of the private key
	Link         string // a public link (?context=); sets Auth to link
	Scope        string // OAuth scope; none by default
}

// Client is a Faspex 5 client.
type Client struct {
	API  *rest.Client // URL/api/v5, authenticated
	Base string       // the application's URL, https://HOST/aspera/faspex
	// Link is the decoded context of a public link (passcode, package_id, recipient...), nil
	// for a user's client.
	Link map[string]any
	// User names who the client acts for (the username option; "" with boot; a public link's
	// hash), for what is kept per user (the packages --once-only received).
	User string
}

// New returns a client over an authenticated REST client of URL/api/v5; base is the
// application's URL.
func New(api *rest.Client, base string) *Client {
	return &Client{API: api, Base: strings.TrimSuffix(base, "/")}
}

// BaseURL returns the application's URL of a --url value: trimmed, without a trailing slash
// or /api/v5, with /aspera/faspex when it has no path.
func BaseURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("%w: url %q: an absolute https:// URL is expected (https://HOST/aspera/faspex)", ErrSetup, raw)
	}
	u.RawQuery, u.Fragment, u.User = "", "", nil
	p := strings.TrimSuffix(strings.TrimSuffix(u.Path, "/"), APIPath)
	if p == "" {
		p = StandardPath
	}
	u.Path, u.RawPath = p, ""
	return u.String(), nil
}

// IsPublicLink reports whether a URL is a Faspex 5 public link.
func IsPublicLink(s string) bool {
	return strings.Contains(s, "?context=") || strings.Contains(s, "&context=")
}

// NewFromOptions makes a client from the plugin's options: the URL rules, then the
// authentication (o.Auth, or link when the URL or o.Link is a public link). A public link is
// resolved now (ctx): its redirects followed, its context decoded, the web client's id read.
func NewFromOptions(ctx context.Context, o Options, env oauth.Env) (*Client, error) {
	if IsPublicLink(o.URL) && o.Link == "" {
		o.Link = o.URL
	}
	if o.Link != "" {
		return newFromLink(ctx, o, env)
	}
	if o.URL == "" {
		return nil, fmt.Errorf("%w: url is required (https://HOST/aspera/faspex)", ErrSetup)
	}
	base, err := BaseURL(o.URL)
	if err != nil {
		return nil, err
	}
	auth, err := authOf(o, base, env)
	if err != nil {
		return nil, err
	}
	api, err := rest.New(base+APIPath, auth, env.HTTP)
	if err != nil {
		return nil, err
	}
	c := New(api, base)
	c.User = o.Username
	return c, nil
}

// authOf returns the authenticator of a user's client.
func authOf(o Options, base string, env oauth.Env) (rest.Auth, error) {
	switch o.Auth {
	case "", AuthJWT:
		if o.ClientID == "" || o.Username == "" {
			return nil, fmt.Errorf("%w: --auth=jwt needs client_id and username (and private_key)", ErrSetup)
		}
		a, err := oauth.Authenticator(JWTOptions(o, base), base+AuthPath, env)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrSetup, err)
		}
		return a, nil
	case AuthWeb:
		if o.ClientID == "" {
			return nil, fmt.Errorf("%w: --auth=web needs client_id", ErrSetup)
		}
		a, err := oauth.Authenticator(oauth.Options{Grant: "web", ClientID: o.ClientID, ClientSecret: o.ClientSecret,
			Username: o.Username, RedirectURI: o.RedirectURI, Scope: o.Scope}, base+AuthPath, env)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrSetup, err)
		}
		return a, nil
	case AuthBoot:
		if o.Password == "" {
			return nil, fmt.Errorf("%w: --auth=boot needs password, the Authorization value copied from a browser", ErrSetup)
		}
		return rest.Bearer{Token: o.Password}, nil
	case AuthLink:
		return nil, fmt.Errorf("%w: --auth=link needs link, a public link (https://HOST/aspera/faspex/public/...?context=...)", ErrSetup)
	}
	return nil, fmt.Errorf("%w: unknown auth %q (use jwt, web, boot or link)", ErrSetup, o.Auth)
}

// JWTOptions returns the OAuth options of Faspex 5's JWT grant for the user of o at base:
// token URL base/auth/token, claims iss=aud=client_id and sub=user:<username>, header typ JWT.
func JWTOptions(o Options, base string) oauth.Options {
	return oauth.Options{Grant: "jwt", ClientID: o.ClientID, Username: o.Username, Scope: o.Scope,
		PrivateKey: o.PrivateKey, Passphrase: o.Passphrase, TokenURL: base + AuthPath + "/token",
		Claims: map[string]any{"iss": o.ClientID, "aud": o.ClientID, "sub": "user:" + o.Username},
		Header: map[string]any{"typ": "JWT"}}
}

// Object is a decoded JSON object.
type Object = map[string]any

func asObject(v any) Object {
	m, _ := v.(map[string]any)
	return m
}

// get and send are the client's JSON calls.
func (c *Client) get(ctx context.Context, path string, q url.Values) (Object, error) {
	v, err := c.API.Get(ctx, path, q)
	return asObject(v), err
}

func (c *Client) call(ctx context.Context, method, path string, q url.Values, body any) (Object, error) {
	return c.callOn(ctx, c.API, method, path, q, body)
}

// callOn is call on another server of the application (URL/auth).
func (c *Client) callOn(ctx context.Context, api *rest.Client, method, path string, q url.Values, body any) (Object, error) {
	resp, err := api.Do(ctx, &rest.Request{Method: method, Path: path, Query: q, JSON: body})
	if err != nil {
		return nil, err
	}
	v, err := resp.Data()
	return asObject(v), err
}

// Version returns GET /version.
func (c *Client) Version(ctx context.Context) (Object, error) { return c.get(ctx, "version", nil) }

// Account returns the user's account (GET /account).
func (c *Client) Account(ctx context.Context) (Object, error) { return c.get(ctx, "account", nil) }

// Profile returns the user's preferences (GET /account/preferences).
func (c *Client) Profile(ctx context.Context) (Object, error) {
	return c.get(ctx, "account/preferences", nil)
}

// ModifyProfile changes the user's preferences (PUT /account/preferences).
func (c *Client) ModifyProfile(ctx context.Context, change Object) (Object, error) {
	return c.call(ctx, http.MethodPut, "account/preferences", nil, change)
}

// Health returns GET URL/health of the application at url (no authentication needed) and
// the version header X-IBM-Aspera as "version".
func Health(ctx context.Context, rawURL string, s *rest.Settings) (Object, error) {
	base, err := BaseURL(rawURL)
	if err != nil {
		return nil, err
	}
	api, err := rest.New(base, nil, s)
	if err != nil {
		return nil, err
	}
	resp, err := api.Do(ctx, &rest.Request{Path: HealthPath})
	if err != nil {
		return nil, err
	}
	v, err := resp.Data()
	o := asObject(v)
	if o == nil {
		o = Object{}
	}
	if h := resp.Header.Get("X-IBM-Aspera"); h != "" {
		o["version"] = h
	}
	return o, err
}
