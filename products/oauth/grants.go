package oauth

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// JWT is the JWT bearer grant (urn:ietf:params:oauth:grant-type:jwt-bearer): an assertion
// signed with the client's private key. The caller gives the claims (AoC and Faspex 5 differ).
type JWT struct {
	Endpoint
	PrivateKey []byte           // PEM: PKCS#1, PKCS#8, encrypted PKCS#8, legacy encrypted PEM, OpenSSH
	Passphrase string           // of an encrypted key
	Algorithm  string           // RS256 (default) or PS256
	Claims     map[string]any   // iss, sub, aud, ...; iat, nbf, exp and jti are added unless given
	Header     map[string]any   // more JOSE header fields (typ, kid)
	Lifetime   time.Duration    // exp = now + Lifetime; default 1 h
	Skew       time.Duration    // iat = nbf = now - Skew; default 60 s
	Now        func() time.Time // nil = time.Now
}

// GrantJWT is the grant_type of the JWT bearer grant.
const GrantJWT = "urn:ietf:params:oauth:grant-type:jwt-bearer"

// Name returns "jwt".
func (j *JWT) Name() string { return "jwt" }

// TokenEndpoint returns the token endpoint.
func (j *JWT) TokenEndpoint() Endpoint { return j.Endpoint }

// Key identifies the token by endpoint, client, subject and scope.
func (j *JWT) Key() Key {
	sub, _ := j.Claims["sub"].(string)
	return j.Endpoint.key(j.Name(), sub)
}

// Assertion returns a signed assertion.
func (j *JWT) Assertion() (string, error) {
	key, err := ParsePrivateKey(j.PrivateKey, j.Passphrase)
	if err != nil {
		return "", err
	}
	rsaKey, ok := key.(*rsa.PrivateKey)
	if !ok {
		return "", fmt.Errorf("an RSA private key is needed, not %T", key)
	}
	var method jwt.SigningMethod
	switch j.Algorithm {
	case "", "RS256":
		method = jwt.SigningMethodRS256
	case "PS256":
		method = jwt.SigningMethodPS256
	default:
		return "", fmt.Errorf("unsupported algorithm %q (use RS256 or PS256)", j.Algorithm)
	}
	now := time.Now()
	if j.Now != nil {
		now = j.Now()
	}
	skew, life := j.Skew, j.Lifetime
	if skew <= 0 {
		skew = time.Minute
	}
	if life <= 0 {
		life = time.Hour
	}
	claims := jwt.MapClaims{}
	for k, v := range j.Claims {
		claims[k] = v
	}
	setDefault(claims, "iat", now.Add(-skew).Unix())
	setDefault(claims, "nbf", now.Add(-skew).Unix())
	setDefault(claims, "exp", now.Add(life).Unix())
	setDefault(claims, "jti", randomHex(16))
	tok := jwt.NewWithClaims(method, claims)
	for k, v := range j.Header {
		tok.Header[k] = v
	}
	s, err := tok.SignedString(rsaKey)
	if err != nil {
		return "", fmt.Errorf("sign the assertion: %w", err)
	}
	return s, nil
}

func setDefault(m jwt.MapClaims, k string, v any) {
	if _, ok := m[k]; !ok {
		m[k] = v
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Fetch posts the assertion to the token endpoint.
func (j *JWT) Fetch(ctx context.Context, hc *http.Client) (*Token, error) {
	a, err := j.Assertion()
	if err != nil {
		return nil, fmt.Errorf("jwt grant: %w", err)
	}
	form := url.Values{"grant_type": {GrantJWT}, "assertion": {a}}
	ep := j.Endpoint
	if ep.AuthStyle == AuthInHeader && ep.ClientID != "" {
		form.Set("client_id", ep.ClientID)
	}
	return postToken(ctx, hc, ep, form)
}

// ClientCredentials is the client credentials grant.
type ClientCredentials struct{ Endpoint }

// Name returns "client_credentials".
func (c *ClientCredentials) Name() string { return "client_credentials" }

// TokenEndpoint returns the token endpoint.
func (c *ClientCredentials) TokenEndpoint() Endpoint { return c.Endpoint }

// Key identifies the token by endpoint, client and scope.
func (c *ClientCredentials) Key() Key { return c.Endpoint.key(c.Name(), "") }

// Fetch asks for a token with the client's credentials.
func (c *ClientCredentials) Fetch(ctx context.Context, hc *http.Client) (*Token, error) {
	return postToken(ctx, hc, c.Endpoint, url.Values{"grant_type": {"client_credentials"}})
}

// Password is the resource-owner password grant.
type Password struct {
	Endpoint
	Username, Password string
}

// Name returns "password".
func (p *Password) Name() string { return "password" }

// TokenEndpoint returns the token endpoint.
func (p *Password) TokenEndpoint() Endpoint { return p.Endpoint }

// Key identifies the token by endpoint, client, user and scope.
func (p *Password) Key() Key { return p.Endpoint.key(p.Name(), p.Username) }

// Fetch asks for a token with the user's name and password.
func (p *Password) Fetch(ctx context.Context, hc *http.Client) (*Token, error) {
	return postToken(ctx, hc, p.Endpoint, url.Values{"grant_type": {"password"}, "username": {p.Username}, "password": {p.Password}})
}

// IAMTokenURL is IBM Cloud IAM's token endpoint.
const IAMTokenURL = "https://iam.cloud.ibm.com/identity/token"

// GrantIAM is the grant_type of IBM Cloud API keys.
const GrantIAM = "urn:ibm:params:oauth:grant-type:apikey"

// IAM is the IBM Cloud IAM API key grant.
type IAM struct {
	Endpoint // TokenURL default IAMTokenURL
	APIKey   string
}

// Name returns "iam_apikey".
func (i *IAM) Name() string { return "iam_apikey" }

// TokenEndpoint returns the token endpoint (IBM Cloud's by default).
func (i *IAM) TokenEndpoint() Endpoint {
	ep := i.Endpoint
	if ep.TokenURL == "" {
		ep.TokenURL = IAMTokenURL
	}
	return ep
}

// Key identifies the token by a hash of the API key (never the key itself).
func (i *IAM) Key() Key {
	h := sha256.Sum256([]byte(i.APIKey))
	return i.TokenEndpoint().key(i.Name(), "apikey:"+hex.EncodeToString(h[:4]))
}

// Fetch exchanges the API key for a token.
func (i *IAM) Fetch(ctx context.Context, hc *http.Client) (*Token, error) {
	form := url.Values{"grant_type": {GrantIAM}, "apikey": {i.APIKey}}
	if i.Params.Get("response_type") == "" {
		form.Set("response_type", "cloud_iam")
	}
	return postToken(ctx, hc, i.TokenEndpoint(), form)
}
