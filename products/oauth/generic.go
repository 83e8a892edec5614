package oauth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"sort"
	"strings"
)

// Generic is a grant whose whole form is given: Fields holds grant_type and the grant's own
// parameters (AoC public links post grant_type=url_token with url_token and, for a protected
// link, password). The client authenticates per AuthStyle, as in every grant.
type Generic struct {
	Endpoint
	Fields url.Values
}

// Name returns "generic".
func (g Generic) Name() string { return "generic" }

// Key identifies the token by the grant type and a short hash of the fields: never the values
// themselves, which may be secrets (a link token, its password).
func (g Generic) Key() Key {
	keys := make([]string, 0, len(g.Fields))
	for k := range g.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	h := sha256.New()
	for _, k := range keys {
		h.Write([]byte(k + "=" + strings.Join(g.Fields[k], ",") + "\n"))
	}
	return g.Endpoint.key(g.Name(), g.Fields.Get("grant_type")+":"+hex.EncodeToString(h.Sum(nil))[:8])
}

// TokenEndpoint returns the token endpoint.
func (g Generic) TokenEndpoint() Endpoint { return g.Endpoint }

// Fetch posts the fields (with the scope and the client's credentials); grant_type is required.
func (g Generic) Fetch(ctx context.Context, hc *http.Client) (*Token, error) {
	if g.Fields.Get("grant_type") == "" {
		return nil, errors.New("generic grant: no grant_type")
	}
	form := url.Values{}
	for k, v := range g.Fields {
		form[k] = append([]string(nil), v...)
	}
	return postToken(ctx, hc, g.Endpoint, g.Name(), form, false)
}
