package oauth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
)

// ClientCredentials is the client_credentials grant: the client acts on its own behalf.
type ClientCredentials struct{ Endpoint }

// Name returns "client_credentials".
func (g ClientCredentials) Name() string { return "client_credentials" }

// Key identifies the token: no user.
func (g ClientCredentials) Key() Key { return g.Endpoint.key(g.Name(), "") }

// TokenEndpoint returns the token endpoint.
func (g ClientCredentials) TokenEndpoint() Endpoint { return g.Endpoint }

// Fetch posts grant_type=client_credentials.
func (g ClientCredentials) Fetch(ctx context.Context, hc *http.Client) (*Token, error) {
	form := url.Values{"grant_type": {"client_credentials"}}
	return postToken(ctx, hc, g.Endpoint, g.Name(), form, false)
}

// Password is the resource owner password grant (Faspex 4 v4 API).
type Password struct {
	Endpoint
	Username, Password string
}

// Name returns "password".
func (g Password) Name() string { return "password" }

// Key identifies the token by user name.
func (g Password) Key() Key { return g.Endpoint.key(g.Name(), g.Username) }

// TokenEndpoint returns the token endpoint.
func (g Password) TokenEndpoint() Endpoint { return g.Endpoint }

// Fetch posts grant_type=password with username and password.
func (g Password) Fetch(ctx context.Context, hc *http.Client) (*Token, error) {
	form := url.Values{"grant_type": {"password"}, "username": {g.Username}, "password": {g.Password}}
	return postToken(ctx, hc, g.Endpoint, g.Name(), form, false)
}

// IAMTokenURL is IBM Cloud IAM's token endpoint, the default of IAM.TokenURL.
const IAMTokenURL = "https://iam.cloud.ibm.com/identity/token"

// IAMGrantType is the grant_type of IBM Cloud IAM's API key grant.
const IAMGrantType = "urn:ibm:params:oauth:grant-type:apikey"

// IAM is IBM Cloud IAM's API key grant (ATS, IBM Cloud Object Storage).
type IAM struct {
	Endpoint // TokenURL defaults to IAMTokenURL
	APIKey   string
}

// Name returns "iam_apikey".
func (g IAM) Name() string { return "iam_apikey" }

// Key identifies the token by a short hash of the API key, never the key itself.
func (g IAM) Key() Key {
	sum := sha256.Sum256([]byte(g.APIKey))
	return g.TokenEndpoint().key(g.Name(), "apikey:"+hex.EncodeToString(sum[:])[:8])
}

// TokenEndpoint returns the token endpoint, with the default URL when none is set.
func (g IAM) TokenEndpoint() Endpoint {
	ep := g.Endpoint
	if ep.TokenURL == "" {
		ep.TokenURL = IAMTokenURL
	}
	return ep
}

// Fetch posts grant_type=urn:ibm:params:oauth:grant-type:apikey with the API key and
// response_type=cloud_iam (Params may override it, e.g. delegated_refresh_token).
func (g IAM) Fetch(ctx context.Context, hc *http.Client) (*Token, error) {
	form := url.Values{
		"grant_type":    {IAMGrantType},
		"apikey":        {g.APIKey},
		"response_type": {"cloud_iam"},
	}
	return postToken(ctx, hc, g.TokenEndpoint(), g.Name(), form, false)
}

// RefreshToken is a grant that only has a refresh token (e.g. one taken from a browser
// session): Fetch exchanges it for a new token.
type RefreshToken struct {
	Endpoint
	Token string // the refresh token
	User  string // for Key only, may be empty
}

// Name returns "refresh_token".
func (g RefreshToken) Name() string { return "refresh_token" }

// Key identifies the token by User.
func (g RefreshToken) Key() Key { return g.Endpoint.key(g.Name(), g.User) }

// TokenEndpoint returns the token endpoint.
func (g RefreshToken) TokenEndpoint() Endpoint { return g.Endpoint }

// Fetch calls Refresh with the grant's refresh token.
func (g RefreshToken) Fetch(ctx context.Context, hc *http.Client) (*Token, error) {
	return Refresh(ctx, hc, g.Endpoint, g.Token)
}

// Refresh exchanges a refresh token for a new token (grant_type=refresh_token, with the
// client's credentials). When the answer has no refresh token, the given one is kept.
func Refresh(ctx context.Context, hc *http.Client, ep Endpoint, refreshToken string) (*Token, error) {
	form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refreshToken}}
	tok, err := postToken(ctx, hc, ep, "refresh_token", form, false)
	if err != nil {
		return nil, err
	}
	if tok.RefreshToken == "" {
		tok.RefreshToken = refreshToken
	}
	return tok, nil
}
