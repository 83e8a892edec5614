package oauth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/asperalm/aslmcli/products/rest"
)

// AuthStyle tells how the client authenticates to the token endpoint.
type AuthStyle int

const (
	// AuthInParams sends client_id and client_secret in the form (the default).
	AuthInParams AuthStyle = iota
	// AuthInHeader sends them as HTTP Basic credentials (when ClientSecret is set).
	AuthInHeader
)

// Endpoint is what every grant shares: where and how to ask for a token.
type Endpoint struct {
	TokenURL     string
	ClientID     string
	ClientSecret string     // sent only when non-empty
	Scope        string     // space separated
	AuthStyle    AuthStyle  // AuthInParams (default) or AuthInHeader
	Params       url.Values // extra form parameters for the token request, applied last
}

// Key identifies a cached token.
type Key struct {
	Grant    string `json:"grant"`
	URL      string `json:"url"`
	ClientID string `json:"client_id"`
	User     string `json:"user,omitempty"`
	Scope    string `json:"scope,omitempty"`
}

// ID returns "token_" and the first 16 hex digits of the SHA-256 of the fields joined with
// newlines: stable across runs, and usable as a file name.
func (k Key) ID() string {
	sum := sha256.Sum256([]byte(strings.Join([]string{k.Grant, k.URL, k.ClientID, k.User, k.Scope}, "\n")))
	return "token_" + hex.EncodeToString(sum[:])[:16]
}

// Grant is a way of obtaining a new token.
type Grant interface {
	// Name is the grant's short name: "jwt", "client_credentials", "password", "web",
	// "iam_apikey", "refresh_token" or "generic".
	Name() string
	// Key identifies the grant's token in the cache.
	Key() Key
	// Fetch obtains a new token from the authorization server.
	Fetch(ctx context.Context, hc *http.Client) (*Token, error)
	// TokenEndpoint is the token endpoint, also used to refresh the token. (It cannot be
	// named Endpoint: the grants embed the Endpoint struct, and Go forbids a field and a
	// method of the same name.)
	TokenEndpoint() Endpoint
}

func (ep Endpoint) key(grant, user string) Key {
	return Key{Grant: grant, URL: ep.TokenURL, ClientID: ep.ClientID, User: user, Scope: ep.Scope}
}

// maxAnswer bounds the size of a token answer read in memory.
const maxAnswer = 1 << 20

// postToken posts form to ep.TokenURL with the client's credentials, scope and Params, and
// decodes the answer. grant names the grant in errors. When clientIDInForm is true, client_id
// is sent in the form whatever the AuthStyle.
func postToken(ctx context.Context, hc *http.Client, ep Endpoint, grant string, form url.Values, clientIDInForm bool) (*Token, error) {
	if ep.TokenURL == "" {
		return nil, fmt.Errorf("%s grant: no token URL", grant)
	}
	if hc == nil {
		hc = http.DefaultClient
	}
	if ep.Scope != "" && form.Get("scope") == "" {
		form.Set("scope", ep.Scope)
	}
	basic := ep.AuthStyle == AuthInHeader && ep.ClientSecret != ""
	if ep.ClientID != "" && (!basic || clientIDInForm) {
		form.Set("client_id", ep.ClientID)
	}
	if !basic && ep.ClientSecret != "" {
		form.Set("client_secret", ep.ClientSecret)
	}
	for k, v := range ep.Params {
		form[k] = append([]string(nil), v...)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, ep.TokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, fmt.Errorf("%s grant: bad token URL: %w", grant, err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	if basic {
		req.SetBasicAuth(url.QueryEscape(ep.ClientID), url.QueryEscape(ep.ClientSecret))
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s grant: %w", grant, rest.TransportError(req, err))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return nil, fmt.Errorf("%s grant: %w", grant, rest.TransportError(req, err))
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, fmt.Errorf("%s grant: %w", grant, rest.ResponseError(req, resp.StatusCode, resp.Header, body))
	}
	fields, err := decodeAnswer(resp.Header.Get("Content-Type"), body)
	if err != nil {
		return nil, fmt.Errorf("%s grant: %s %s: %w", grant, req.Method, rest.CleanURL(req.URL), err)
	}
	tok := tokenFromFields(fields, time.Now())
	if tok.AccessToken == "" {
		if msg := rest.EmbeddedError(map[string]any(fields)); msg != "" {
			return nil, fmt.Errorf("%s grant: %w", grant, rest.ResponseError(req, resp.StatusCode, resp.Header, body))
		}
		return nil, fmt.Errorf("%s grant: %s %s: the answer has no access_token", grant, req.Method, rest.CleanURL(req.URL))
	}
	return tok, nil
}

// decodeAnswer reads a token answer in JSON or in form encoding.
func decodeAnswer(contentType string, body []byte) (map[string]any, error) {
	mt, _, _ := mime.ParseMediaType(contentType)
	if mt == "application/x-www-form-urlencoded" || mt == "text/plain" {
		if vals, err := url.ParseQuery(strings.TrimSpace(string(body))); err == nil && vals.Get("access_token") != "" {
			m := make(map[string]any, len(vals))
			for k := range vals {
				m[k] = vals.Get(k)
			}
			return m, nil
		}
	}
	var m map[string]any
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil || m == nil {
		return nil, errors.New("the answer is not a JSON object")
	}
	return m, nil
}
