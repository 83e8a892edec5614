package node

import (
	"errors"
	"fmt"
	"strings"

	"github.com/asperalm/aslmcli/products/rest"
)

// Options say which node to use and how to log in: the node plugin's options, a preset, the
// settings of the node transfer agent.
type Options struct {
	URL      string // the node's API URL (required)
	Username string // node user, or access key id
	// Password of Username; a value "Bearer ..." is a node bearer token (as Token).
	Password string
	// Token is an Aspera node bearer token ("Bearer ..." or the bare token).
	Token string
	// AccessKey is the access key of the token; default Username, else the access key of the
	// token's scope ("node.<key>:user:all").
	AccessKey string
}

// ErrNoURL is the error of NewFromOptions without a URL.
var ErrNoURL = errors.New("node: url is required")

// NewFromOptions returns the client of the node of o, with the HTTP settings s (nil: the
// defaults). The authentication is a node bearer token when o has a Token or a Password that
// starts with "Bearer " (see Options.AccessKey), else Basic with Username and Password when a
// Username is given, else the user and password of the URL (https://user:pass@host), if any.
func NewFromOptions(o Options, s *rest.Settings) (*Client, error) {
	if o.URL == "" {
		return nil, ErrNoURL
	}
	api, err := rest.New(o.URL, o.Auth(), s)
	if err != nil {
		return nil, fmt.Errorf("node: %w", err)
	}
	return New(api), nil
}

// Auth is the authentication of o (see NewFromOptions): what a client of the same node
// needs to act as another user (nil: the URL's user info, if any).
func (o Options) Auth() rest.Auth {
	token := o.Token
	if token == "" && strings.HasPrefix(o.Password, "Bearer ") {
		token = o.Password
	}
	switch {
	case token != "":
		ak := o.AccessKey
		if ak == "" {
			ak = o.Username
		}
		if ak == "" {
			if payload, _, _, err := ParseBearerToken(token); err == nil {
				scope, _ := payload["scope"].(string)
				ak = AccessKeyOfScope(scope)
			}
		}
		return rest.NodeBearer{Token: token, AccessKey: ak}
	case o.Username != "":
		return rest.Basic{Username: o.Username, Password: o.Password}
	}
	return nil // rest.New: the URL's user info, if any
}
