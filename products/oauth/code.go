package oauth

import (
	"context"
	"net/http"
	"net/url"
)

// Code exchanges an authorization code already obtained (grant_type=authorization_code) for a
// token. Web obtains its code from a browser; a product whose code comes another way (a
// Faspex 5 public link's passcode) obtains it, then calls Code.Fetch. A code is good for one
// exchange only, so a Code value is not kept as a Source's grant.
type Code struct {
	Endpoint
	Code        string
	RedirectURI string // the redirect_uri of the authorization request, when it had one
	Verifier    string // the PKCE code_verifier, when the authorization request had a challenge
	User        string // for Key only, may be empty
}

// Name returns "authorization_code".
func (g Code) Name() string { return "authorization_code" }

// Key identifies the token by User.
func (g Code) Key() Key { return g.Endpoint.key(g.Name(), g.User) }

// TokenEndpoint returns the token endpoint.
func (g Code) TokenEndpoint() Endpoint { return g.Endpoint }

// Fetch posts grant_type=authorization_code with the code, redirect_uri and code_verifier
// (those set) and the client's credentials.
func (g Code) Fetch(ctx context.Context, hc *http.Client) (*Token, error) {
	form := url.Values{"grant_type": {"authorization_code"}, "code": {g.Code}}
	if g.RedirectURI != "" {
		form.Set("redirect_uri", g.RedirectURI)
	}
	if g.Verifier != "" {
		form.Set("code_verifier", g.Verifier)
	}
	return postToken(ctx, hc, g.Endpoint, g.Name(), form, false)
}
