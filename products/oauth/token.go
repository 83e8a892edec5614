package oauth

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/asperalm/aslmcli/products/rest"
)

// Token is an access token and what came with it.
type Token struct {
	AccessToken  string         `json:"access_token"`
	TokenType    string         `json:"token_type,omitempty"`
	RefreshToken string         `json:"refresh_token,omitempty"`
	Scope        string         `json:"scope,omitempty"`
	Expiry       time.Time      `json:"expiry,omitzero"` // zero: unknown (treated as valid)
	Extra        map[string]any `json:"extra,omitempty"` // the other fields of the answer
}

// valid tells whether t can still be used at now with margin to spare.
func (t *Token) valid(now time.Time, margin time.Duration) bool {
	return t != nil && t.AccessToken != "" && (t.Expiry.IsZero() || t.Expiry.Sub(now) > margin)
}

// AuthStyle says how the client authenticates to the token endpoint.
type AuthStyle int

const (
	// AuthInParams sends client_id and client_secret in the form.
	AuthInParams AuthStyle = iota
	// AuthInHeader sends them as HTTP Basic authentication.
	AuthInHeader
)

// Endpoint is what every grant shares.
type Endpoint struct {
	TokenURL     string
	ClientID     string
	ClientSecret string // sent only when not empty
	Scope        string // space separated
	AuthStyle    AuthStyle
	Params       url.Values // more form parameters of the token request
}

// Key identifies a cached token.
type Key struct {
	Grant    string `json:"grant"`
	URL      string `json:"url"`
	ClientID string `json:"client_id,omitempty"`
	User     string `json:"user,omitempty"`
	Scope    string `json:"scope,omitempty"`
}

// ID returns the stable name of the key: "token_" and 16 hex digits of a hash of its fields.
func (k Key) ID() string {
	h := sha256.Sum256([]byte(strings.Join([]string{k.Grant, k.URL, k.ClientID, k.User, k.Scope}, "\n")))
	return "token_" + hex.EncodeToString(h[:8])
}

// Grant obtains new tokens.
type Grant interface {
	// Name is the grant's name: jwt, client_credentials, password, web or iam_apikey.
	Name() string
	// Key identifies the grant's tokens in the cache.
	Key() Key
	// Fetch obtains a new token.
	Fetch(ctx context.Context, hc *http.Client) (*Token, error)
	// TokenEndpoint is the token endpoint and client (used to refresh tokens).
	TokenEndpoint() Endpoint
}

func (ep Endpoint) key(grant, user string) Key {
	return Key{Grant: grant, URL: ep.TokenURL, ClientID: ep.ClientID, User: user, Scope: ep.Scope}
}

// postToken sends a token request with form (plus the endpoint's client and parameters) and
// decodes the answer.
func postToken(ctx context.Context, hc *http.Client, ep Endpoint, form url.Values) (*Token, error) {
	if ep.TokenURL == "" {
		return nil, fmt.Errorf("no token URL")
	}
	if hc == nil {
		hc = http.DefaultClient
	}
	for k, v := range ep.Params {
		form[k] = v
	}
	if ep.Scope != "" && form.Get("scope") == "" {
		form.Set("scope", ep.Scope)
	}
	basic := ep.AuthStyle == AuthInHeader && ep.ClientID != ""
	if !basic {
		if ep.ClientID != "" {
			form.Set("client_id", ep.ClientID)
		}
		if ep.ClientSecret != "" {
			form.Set("client_secret", ep.ClientSecret)
		}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, ep.TokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, fmt.Errorf("token request: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	if basic {
		req.SetBasicAuth(url.QueryEscape(ep.ClientID), url.QueryEscape(ep.ClientSecret))
	}
	resp, err := hc.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, rest.TransportError(req, ctx.Err())
		}
		return nil, rest.TransportError(req, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, rest.TransportError(req, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, rest.ResponseError(req, resp.StatusCode, resp.Header, body)
	}
	return parseToken(body, time.Now())
}

// parseToken decodes a token endpoint's JSON answer.
func parseToken(body []byte, now time.Time) (*Token, error) {
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("the token answer is not JSON")
	}
	t := &Token{Extra: map[string]any{}}
	for k, v := range m {
		s, _ := v.(string)
		switch k {
		case "access_token":
			t.AccessToken = s
		case "token_type":
			t.TokenType = s
		case "refresh_token":
			t.RefreshToken = s
		case "scope":
			t.Scope = s
		case "expires_in":
			if n, err := strconv.ParseFloat(fmt.Sprint(v), 64); err == nil && n > 0 {
				t.Expiry = now.Add(time.Duration(n * float64(time.Second)))
			}
		default:
			t.Extra[k] = v
		}
	}
	if t.AccessToken == "" {
		if msg := rest.EmbeddedError(toAny(m)); msg != "" {
			return nil, fmt.Errorf("the token answer has no access_token: %s", msg)
		}
		return nil, fmt.Errorf("the token answer has no access_token")
	}
	if len(t.Extra) == 0 {
		t.Extra = nil
	}
	if t.Expiry.IsZero() {
		t.Expiry = jwtExpiry(t.AccessToken)
	}
	return t, nil
}

func toAny(m map[string]any) any { return m }

// jwtExpiry returns the "exp" of a token that is a JWT (read without verification), or zero.
func jwtExpiry(tok string) time.Time {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return time.Time{}
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return time.Time{}
	}
	var claims struct {
		Exp json.Number `json:"exp"`
	}
	if json.Unmarshal(payload, &claims) != nil {
		return time.Time{}
	}
	if f, err := claims.Exp.Float64(); err == nil && f > 0 {
		return time.Unix(int64(f), 0)
	}
	return time.Time{}
}

// Refresh obtains a new token with a refresh token (grant_type=refresh_token).
func Refresh(ctx context.Context, hc *http.Client, ep Endpoint, refreshToken string) (*Token, error) {
	t, err := postToken(ctx, hc, ep, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refreshToken}})
	if err != nil {
		return nil, fmt.Errorf("refresh token: %w", err)
	}
	if t.RefreshToken == "" {
		t.RefreshToken = refreshToken
	}
	return t, nil
}
