package bindings

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/products/oauth"
	"github.com/asperalm/aslmcli/products/rest"
)

// authKeys lists the fields of an auth table, for every type.
var authKeys = []string{
	"type", "username", "password", "token", "access_key",
	"grant", "token_url", "auth_url", "client_id", "client_secret", "scope", "auth_style", "params",
	"private_key", "passphrase", "algorithm", "claims", "header", "lifetime",
	"redirect_uri", "apikey", "cache",
}

// grants maps the names accepted in auth.grant (and a preset's "auth") to grant names.
var grants = map[string]string{
	"jwt": "jwt", "client_credentials": "client_credentials", "password": "password",
	"web": "web", "code": "web", "authorization_code": "web", "iam": "iam", "apikey": "iam",
}

// buildAuth turns an auth table into an authenticator. Types: none, basic {username,
// password}, bearer {token}, node_bearer {token, access_key}, oauth {grant, ...}. Without a
// type: oauth when grant is set, bearer when token is, basic when username is, else none.
func buildAuth(L *lua.LState, h *HTTPContext, s *rest.Settings, base string, a map[string]any) (rest.Auth, error) {
	if a == nil {
		return nil, nil
	}
	o := options(a)
	if err := checkKeys("auth", a, authKeys); err != nil {
		return nil, err
	}
	typ := o.str("type")
	if typ == "" {
		switch {
		case o.str("grant") != "":
			typ = "oauth"
		case o.str("token") != "" && o.str("access_key") != "":
			typ = "node_bearer"
		case o.str("token") != "":
			typ = "bearer"
		case o.str("username") != "":
			typ = "basic"
		default:
			typ = "none"
		}
	}
	switch typ {
	case "none":
		return rest.None{}, nil
	case "basic":
		return rest.Basic{Username: o.str("username"), Password: o.str("password")}, nil
	case "bearer":
		if o.str("token") == "" {
			return nil, fmt.Errorf("auth: bearer needs a token")
		}
		return rest.Bearer{Token: o.str("token")}, nil
	case "node_bearer", "aspera":
		if o.str("token") == "" || o.str("access_key") == "" {
			return nil, fmt.Errorf("auth: node_bearer needs a token and an access_key")
		}
		return rest.NodeBearer{Token: o.str("token"), AccessKey: o.str("access_key")}, nil
	case "oauth":
		g, err := grantOf(L, h, base, o)
		if err != nil {
			return nil, err
		}
		cache := true
		if cache, err = o.boolean("cache", true); err != nil {
			return nil, fmt.Errorf("auth: %w", err)
		}
		var tokens *oauth.Cache
		if cache {
			tokens = h.tokens()
		}
		src := oauth.NewSource(g, s.HTTPClient(), tokens)
		src.Logger = s.Logger
		var headers http.Header
		if ak := o.str("access_key"); ak != "" {
			headers = http.Header{"X-Aspera-Accesskey": {ak}}
		}
		return rest.OAuth{Source: src, Headers: headers}, nil
	}
	return nil, fmt.Errorf("auth: unknown type %q (use none, basic, bearer, node_bearer or oauth)", typ)
}

func grantOf(L *lua.LState, h *HTTPContext, base string, o options) (oauth.Grant, error) {
	name, ok := grants[o.str("grant")]
	if !ok {
		return nil, fmt.Errorf("auth: unknown grant %q (use jwt, client_credentials, password, web or iam)", o.str("grant"))
	}
	base = strings.TrimSuffix(base, "/")
	ep := oauth.Endpoint{
		TokenURL: o.str("token_url"), ClientID: o.str("client_id"), ClientSecret: o.str("client_secret"),
		Scope: o.str("scope"),
	}
	if ep.TokenURL == "" && name != "iam" {
		ep.TokenURL = base + "/token"
	}
	switch o.str("auth_style") {
	case "", "params":
		ep.AuthStyle = oauth.AuthInParams
	case "header", "basic":
		ep.AuthStyle = oauth.AuthInHeader
	default:
		return nil, fmt.Errorf("auth: auth_style must be params or header")
	}
	params, err := o.table("params")
	if err != nil {
		return nil, fmt.Errorf("auth: %w", err)
	}
	if len(params) > 0 {
		if ep.Params, err = queryOf(params); err != nil {
			return nil, fmt.Errorf("auth: params: %w", err)
		}
	}
	switch name {
	case "jwt":
		return jwtGrant(ep, o)
	case "client_credentials":
		return &oauth.ClientCredentials{Endpoint: ep}, nil
	case "password":
		if o.str("username") == "" {
			return nil, fmt.Errorf("auth: the password grant needs a username")
		}
		return &oauth.Password{Endpoint: ep, Username: o.str("username"), Password: o.str("password")}, nil
	case "web":
		authURL := o.str("auth_url")
		if authURL == "" {
			authURL = base + "/authorize"
		}
		redirect := o.str("redirect_uri")
		if redirect == "" {
			redirect = "http://localhost:12345"
		}
		open := h.OpenURL
		if open == nil {
			open = func(context.Context, string) error {
				return fmt.Errorf("no way to show the authorization URL in this context")
			}
		}
		return &oauth.Web{Endpoint: ep, AuthURL: authURL, RedirectURL: redirect, Open: open, User: o.str("username")}, nil
	case "iam":
		if o.str("apikey") == "" {
			return nil, fmt.Errorf("auth: the iam grant needs an apikey")
		}
		return &oauth.IAM{Endpoint: ep, APIKey: o.str("apikey")}, nil
	}
	return nil, fmt.Errorf("auth: grant %q is not supported", name)
}

func jwtGrant(ep oauth.Endpoint, o options) (oauth.Grant, error) {
	key := o.str("private_key")
	if !strings.Contains(key, "PRIVATE KEY") {
		return nil, fmt.Errorf("auth: the jwt grant needs private_key, a PEM private key (e.g. @file:~/.aspera/key.pem)")
	}
	claims, err := o.table("claims")
	if err != nil {
		return nil, fmt.Errorf("auth: %w", err)
	}
	header, err := o.table("header")
	if err != nil {
		return nil, fmt.Errorf("auth: %w", err)
	}
	if claims == nil {
		claims = map[string]any{}
	}
	if _, ok := claims["iss"]; !ok && ep.ClientID != "" {
		claims["iss"] = ep.ClientID
	}
	if _, ok := claims["sub"]; !ok && o.str("username") != "" {
		claims["sub"] = o.str("username")
	}
	if _, ok := claims["aud"]; !ok {
		claims["aud"] = ep.TokenURL
	}
	life, err := o.integer("lifetime")
	if err != nil {
		return nil, fmt.Errorf("auth: %w", err)
	}
	alg := strings.ToUpper(o.str("algorithm"))
	if alg != "" && alg != "RS256" && alg != "PS256" {
		return nil, fmt.Errorf("auth: algorithm must be RS256 or PS256")
	}
	return &oauth.JWT{
		Endpoint: ep, PrivateKey: []byte(key), Passphrase: o.str("passphrase"), Algorithm: alg,
		Claims: claims, Header: header, Lifetime: time.Duration(life) * time.Second,
	}, nil
}

// authFromPreset maps the options of a preset to an auth table: "auth" (basic, bearer, jwt,
// web, client_credentials, password, iam...) chooses the type or grant; the other fields keep
// their names (username, password, token, access_key, client_id, client_secret, scope,
// private_key, passphrase, token_url, auth_url, redirect_uri, apikey).
func authFromPreset(p map[string]any) map[string]any {
	a := map[string]any{}
	for _, k := range authKeys {
		if v, ok := p[k]; ok && k != "type" && k != "grant" {
			a[k] = v
		}
	}
	if kind, ok := p["auth"].(string); ok && kind != "" {
		if _, isGrant := grants[kind]; isGrant {
			a["type"], a["grant"] = "oauth", kind
		} else {
			a["type"] = kind
		}
	}
	return a
}

// mergeAuth returns base overridden by over (nil when both are empty).
func mergeAuth(base, over map[string]any) map[string]any {
	if len(base) == 0 {
		return over
	}
	for k, v := range over {
		base[k] = v
	}
	return base
}

// presetValues returns the options of a preset, includes resolved and extended values decoded.
func presetValues(L *lua.LState, name string) (map[string]any, error) {
	c := configOf(L)
	values, err := c.File.Resolve(c.File.GlobalName(name))
	if err != nil {
		return nil, err
	}
	if c.Decoder == nil {
		return values, nil
	}
	out := make(map[string]any, len(values))
	for k, v := range values {
		d, err := c.Decoder.DecodeValue(v)
		if err != nil {
			return nil, fmt.Errorf("preset %s: %s: %w", name, k, err)
		}
		out[k] = d
	}
	return out, nil
}
