package oauth

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/asperalm/aslmcli/products/rest"
)

// Options describe an authentication in the words of the command line, of presets and of Lua
// option tables (auth, username, password, token, access_key, client_id, private_key...).
// Every product and aspera.rest build their authenticator from Options with Authenticator, so
// that each word means the same everywhere. A product sets its own defaults (token path,
// claims, scope) in the Options before the user's values are applied over them.
type Options struct {
	// Type is none, basic, bearer, node_bearer (alias aspera) or oauth. Empty: oauth when
	// Grant is set, node_bearer when Token and AccessKey are, bearer when Token is, basic when
	// Username is, else none.
	Type string
	// Grant is jwt, client_credentials, password, web (aliases code, authorization_code),
	// iam (alias apikey) or generic (the form is Params, grant_type included).
	Grant string

	Username, Password string
	Token, AccessKey   string // bearer and node_bearer; AccessKey is also sent with OAuth tokens

	TokenURL, AuthURL      string // default: BASE/token and BASE/authorize
	ClientID, ClientSecret string
	Scope                  string
	AuthStyle              string     // params (default) or header (alias basic)
	Params                 url.Values // extra token request parameters, applied last
	PrivateKey, Passphrase string     // jwt: PEM text of the key and its passphrase
	Algorithm              string     // jwt: RS256 (default) or PS256
	Claims, Header         map[string]any
	Lifetime               time.Duration // jwt: assertion lifetime (default 1 h)
	RedirectURI            string        // web: default http://localhost:12345
	WebAuthParams          url.Values    // web: more authorization URL parameters
	APIKey                 string        // iam: the API key
	NoCache                bool          // keep tokens in memory only
}

// grantNames maps the accepted grant words to grant names.
var grantNames = map[string]string{
	"jwt": "jwt", "client_credentials": "client_credentials", "password": "password",
	"web": "web", "code": "web", "authorization_code": "web", "iam": "iam", "apikey": "iam",
	"generic": "generic",
}

// IsGrant reports whether word names a grant (the "auth" option of a preset may name either a
// type or a grant).
func IsGrant(word string) bool { _, ok := grantNames[word]; return ok }

// Keys are the names FromMap accepts.
var Keys = []string{
	"type", "auth", "grant", "username", "password", "token", "access_key",
	"token_url", "auth_url", "client_id", "client_secret", "scope", "auth_style", "params",
	"private_key", "passphrase", "algorithm", "claims", "header", "lifetime",
	"redirect_uri", "apikey", "cache",
}

// FromMap reads Options from decoded values (a Lua table, a preset): the keys of Keys, where
// "auth" names a type or a grant (the preset spelling: auth: jwt). Unknown keys are an error
// when strict, ignored otherwise (a preset holds other options too).
func FromMap(m map[string]any, strict bool) (Options, error) {
	var o Options
	if strict {
		var bad []string
		for k := range m {
			if !slices.Contains(Keys, k) {
				bad = append(bad, k)
			}
		}
		if len(bad) > 0 {
			sort.Strings(bad)
			return o, fmt.Errorf("auth: unknown option %s (known: %s)", strings.Join(bad, ", "), strings.Join(slices.Sorted(slices.Values(Keys)), ", "))
		}
	}
	str := func(k string) string {
		switch v := m[k].(type) {
		case nil:
			return ""
		case string:
			return v
		default:
			return fmt.Sprint(v)
		}
	}
	o.Type, o.Grant = str("type"), str("grant")
	if a := str("auth"); a != "" {
		if IsGrant(a) {
			o.Grant = a
		} else if o.Type == "" {
			o.Type = a
		}
	}
	o.Username, o.Password, o.Token, o.AccessKey = str("username"), str("password"), str("token"), str("access_key")
	o.TokenURL, o.AuthURL, o.ClientID, o.ClientSecret = str("token_url"), str("auth_url"), str("client_id"), str("client_secret")
	o.Scope, o.AuthStyle, o.PrivateKey, o.Passphrase = str("scope"), str("auth_style"), str("private_key"), str("passphrase")
	o.Algorithm, o.RedirectURI, o.APIKey = str("algorithm"), str("redirect_uri"), str("apikey")
	var err error
	if o.Claims, err = table(m, "claims"); err != nil {
		return o, err
	}
	if o.Header, err = table(m, "header"); err != nil {
		return o, err
	}
	if p, err := table(m, "params"); err != nil {
		return o, err
	} else if len(p) > 0 {
		o.Params = url.Values{}
		for k, v := range p {
			o.Params.Set(k, fmt.Sprint(v))
		}
	}
	switch v := m["lifetime"].(type) {
	case nil:
	case int64:
		o.Lifetime = time.Duration(v) * time.Second
	case float64:
		o.Lifetime = time.Duration(v * float64(time.Second))
	default:
		return o, fmt.Errorf("auth: lifetime: seconds expected, got %v", v)
	}
	switch v := m["cache"].(type) {
	case nil:
	case bool:
		o.NoCache = !v
	case string:
		switch strings.ToLower(v) {
		case "yes", "true":
		case "no", "false":
			o.NoCache = true
		default:
			return o, fmt.Errorf("auth: cache: yes or no expected, got %q", v)
		}
	default:
		return o, fmt.Errorf("auth: cache: boolean expected, got %v", v)
	}
	return o, nil
}

func table(m map[string]any, k string) (map[string]any, error) {
	switch v := m[k].(type) {
	case nil:
		return nil, nil
	case map[string]any:
		return v, nil
	case []any:
		if len(v) == 0 {
			return map[string]any{}, nil
		}
	}
	return nil, fmt.Errorf("auth: %s: table expected", k)
}

// Env is what Authenticator needs from the run: the HTTP settings (client and logger of the
// token requests), the token cache (nil: tokens in memory), and how to show an authorization
// URL to the user (web grant).
type Env struct {
	HTTP  *rest.Settings
	Cache *Cache
	Open  func(ctx context.Context, url string) error
}

// ResolvedType returns the authentication type: Type, else inferred from the fields.
func (o Options) ResolvedType() string {
	switch {
	case o.Type != "":
		if o.Type == "aspera" {
			return "node_bearer"
		}
		return o.Type
	case o.Grant != "":
		return "oauth"
	case o.Token != "" && o.AccessKey != "":
		return "node_bearer"
	case o.Token != "":
		return "bearer"
	case o.Username != "":
		return "basic"
	}
	return "none"
}

// Authenticator returns the rest.Auth of o for the API at base (the default token and
// authorize URLs are under it). OAuth tokens come from a Source on env's cache.
func Authenticator(o Options, base string, env Env) (rest.Auth, error) {
	switch t := o.ResolvedType(); t {
	case "none":
		return rest.None{}, nil
	case "basic":
		return rest.Basic{Username: o.Username, Password: o.Password}, nil
	case "bearer":
		if o.Token == "" {
			return nil, fmt.Errorf("auth: bearer needs a token")
		}
		return rest.Bearer{Token: o.Token}, nil
	case "node_bearer":
		if o.Token == "" || o.AccessKey == "" {
			return nil, fmt.Errorf("auth: node_bearer needs a token and an access_key")
		}
		return rest.NodeBearer{Token: o.Token, AccessKey: o.AccessKey}, nil
	case "oauth":
		g, err := o.NewGrant(base, env.Open)
		if err != nil {
			return nil, err
		}
		var cache *Cache
		if !o.NoCache {
			cache = env.Cache
		}
		s := env.HTTP
		if s == nil {
			s = &rest.Settings{}
		}
		src := NewSource(g, s.HTTPClient(), cache)
		src.Logger = s.Logger
		var headers map[string][]string
		if o.AccessKey != "" {
			headers = map[string][]string{"X-Aspera-Accesskey": {o.AccessKey}}
		}
		return rest.OAuth{Source: src, Headers: headers}, nil
	default:
		return nil, fmt.Errorf("auth: unknown type %q (use none, basic, bearer, node_bearer or oauth)", t)
	}
}

// NewGrant returns the grant of o for the API at base: the token URL is TokenURL, else
// base/token; the web grant's authorize URL is AuthURL, else base/authorize, and its redirect
// RedirectURI, else http://localhost:12345; open shows the authorization URL. The JWT claims
// iss, sub and aud default to ClientID, Username and the token URL when Claims lacks them
// (products set the claims their server expects).
func (o Options) NewGrant(base string, open func(ctx context.Context, url string) error) (Grant, error) {
	name, ok := grantNames[o.Grant]
	if !ok {
		return nil, fmt.Errorf("auth: unknown grant %q (use jwt, client_credentials, password, web, iam or generic)", o.Grant)
	}
	base = strings.TrimSuffix(base, "/")
	ep := Endpoint{TokenURL: o.TokenURL, ClientID: o.ClientID, ClientSecret: o.ClientSecret, Scope: o.Scope, Params: o.Params}
	if ep.TokenURL == "" && name != "iam" {
		ep.TokenURL = base + "/token"
	}
	switch o.AuthStyle {
	case "", "params":
		ep.AuthStyle = AuthInParams
	case "header", "basic":
		ep.AuthStyle = AuthInHeader
	default:
		return nil, fmt.Errorf("auth: auth_style must be params or header")
	}
	switch name {
	case "jwt":
		return o.jwt(ep)
	case "client_credentials":
		return &ClientCredentials{Endpoint: ep}, nil
	case "generic":
		// the form is Params (grant_type included): not applied a second time by postToken
		if o.Params.Get("grant_type") == "" {
			return nil, fmt.Errorf("auth: the generic grant needs params with grant_type")
		}
		ep.Params = nil
		return &Generic{Endpoint: ep, Fields: o.Params}, nil
	case "password":
		if o.Username == "" {
			return nil, fmt.Errorf("auth: the password grant needs a username")
		}
		return &Password{Endpoint: ep, Username: o.Username, Password: o.Password}, nil
	case "web":
		authURL := o.AuthURL
		if authURL == "" {
			authURL = base + "/authorize"
		}
		redirect := orDefault(o.RedirectURI, "http://localhost:12345")
		if open == nil {
			open = func(context.Context, string) error {
				return fmt.Errorf("no way to show the authorization URL in this context")
			}
		}
		return &Web{Endpoint: ep, AuthURL: authURL, RedirectURL: redirect, Open: open, User: o.Username, AuthParams: o.WebAuthParams}, nil
	default: // iam
		if o.APIKey == "" {
			return nil, fmt.Errorf("auth: the iam grant needs an apikey")
		}
		return &IAM{Endpoint: ep, APIKey: o.APIKey}, nil
	}
}

// jwt builds the JWT grant (claim defaults: see NewGrant).
func (o Options) jwt(ep Endpoint) (Grant, error) {
	if !strings.Contains(o.PrivateKey, "PRIVATE KEY") {
		return nil, fmt.Errorf("auth: the jwt grant needs private_key, a PEM private key (e.g. @file:~/.aspera/key.pem)")
	}
	claims := map[string]any{}
	for k, v := range o.Claims {
		claims[k] = v
	}
	if _, ok := claims["iss"]; !ok && ep.ClientID != "" {
		claims["iss"] = ep.ClientID
	}
	if _, ok := claims["sub"]; !ok && o.Username != "" {
		claims["sub"] = o.Username
	}
	if _, ok := claims["aud"]; !ok {
		claims["aud"] = ep.TokenURL
	}
	alg := strings.ToUpper(o.Algorithm)
	if alg != "" && alg != "RS256" && alg != "PS256" {
		return nil, fmt.Errorf("auth: algorithm must be RS256 or PS256")
	}
	return &JWT{Endpoint: ep, PrivateKey: []byte(o.PrivateKey), Passphrase: o.Passphrase, Algorithm: alg,
		Claims: claims, Header: o.Header, Lifetime: o.Lifetime}, nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
