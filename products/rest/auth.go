package rest

import (
	"context"
	"net/http"
	"strings"
)

// Auth adds credentials to a request before it is sent.
type Auth interface {
	// Apply sets the request's credentials (usually its Authorization header).
	Apply(ctx context.Context, req *http.Request) error
}

// Refresher is an Auth whose credentials can be renewed: after an HTTP 401 the client calls
// Refresh once and retries the request once.
type Refresher interface {
	Auth
	// Refresh discards the current credentials so that the next Apply gets new ones.
	Refresh()
}

// TokenSource gives OAuth access tokens (products/oauth implements it).
type TokenSource interface {
	// Token returns a valid access token, obtaining or refreshing one when needed.
	Token(ctx context.Context) (string, error)
	// Invalidate marks the current token as refused, so that the next Token call refreshes
	// or regenerates it.
	Invalidate()
}

// None sends no credentials.
type None struct{}

// Apply does nothing.
func (None) Apply(context.Context, *http.Request) error { return nil }

// Basic is HTTP Basic authentication (a node user, or an access key id and secret).
type Basic struct{ Username, Password string }

// Apply sets the Basic Authorization header.
func (b Basic) Apply(_ context.Context, req *http.Request) error {
	req.SetBasicAuth(b.Username, b.Password)
	return nil
}

// Bearer sends a static token: "Authorization: Bearer <Token>" (a token that already starts
// with "Bearer " or "Basic " is sent as is).
type Bearer struct{ Token string }

// Apply sets the Authorization header.
func (b Bearer) Apply(_ context.Context, req *http.Request) error {
	req.Header.Set("Authorization", authorization(b.Token))
	return nil
}

// NodeBearer is an Aspera node Bearer token for an access key: "Authorization: Bearer <Token>"
// and "X-Aspera-AccessKey: <AccessKey>".
type NodeBearer struct{ Token, AccessKey string }

// Apply sets both headers.
func (b NodeBearer) Apply(_ context.Context, req *http.Request) error {
	req.Header.Set("Authorization", authorization(b.Token))
	if b.AccessKey != "" {
		req.Header.Set("X-Aspera-AccessKey", b.AccessKey)
	}
	return nil
}

// OAuth sends "Authorization: Bearer <token>" from a TokenSource, and extra headers (e.g.
// X-Aspera-AccessKey for node scopes). It is a Refresher: a 401 invalidates the token once.
type OAuth struct {
	Source  TokenSource
	Headers http.Header
}

// Apply gets a token and sets the headers.
func (o OAuth) Apply(ctx context.Context, req *http.Request) error {
	tok, err := o.Source.Token(ctx)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", authorization(tok))
	for k, v := range o.Headers {
		req.Header[k] = v
	}
	return nil
}

// Refresh invalidates the source's token.
func (o OAuth) Refresh() { o.Source.Invalidate() }

func authorization(tok string) string {
	if strings.HasPrefix(tok, "Bearer ") || strings.HasPrefix(tok, "Basic ") {
		return tok
	}
	return "Bearer " + tok
}

// isSecretParam tells whether a query parameter carries a secret (masked in URLs): a name
// holding a secret word (passcode: Faspex 4 public links), or context (the token of Faspex 5
// public links).
func isSecretParam(name string) bool {
	n := strings.ToLower(name)
	if n == "context" {
		return true
	}
	for _, w := range []string{"password", "passcode", "secret", "token", "key", "assertion", "code", "signature"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}
