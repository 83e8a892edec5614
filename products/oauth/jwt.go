package oauth

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// JWTBearerGrantType is the grant_type of the JWT bearer assertion grant (RFC 7523).
const JWTBearerGrantType = "urn:ietf:params:oauth:grant-type:jwt-bearer"

// JWT is the JWT bearer assertion grant (RFC 7523), the default of Aspera on Cloud and
// Faspex 5: the client signs claims with its RSA private key and trades them for a token.
type JWT struct {
	Endpoint
	PrivateKey []byte           // PEM (PKCS#1, PKCS#8, encrypted PKCS#8, legacy encrypted PEM, OpenSSH)
	Passphrase string           // for an encrypted key
	Algorithm  string           // "RS256" (default) or "PS256"
	Claims     map[string]any   // set by the caller (iss, sub, aud, org...); iat/nbf/exp/jti are added unless set
	Header     map[string]any   // extra JOSE header fields (e.g. typ: "JWT", kid)
	Lifetime   time.Duration    // exp = now + Lifetime; default 1h
	Skew       time.Duration    // iat and nbf = now - Skew; default 60s, negative = none
	Now        func() time.Time // for tests; nil = time.Now
}

// Name returns "jwt".
func (g JWT) Name() string { return "jwt" }

// Key identifies the token by the subject claim (Claims["sub"]).
func (g JWT) Key() Key {
	user := ""
	if sub, ok := g.Claims["sub"]; ok && sub != nil {
		user = fmt.Sprint(sub)
	}
	return g.Endpoint.key(g.Name(), user)
}

// TokenEndpoint returns the token endpoint.
func (g JWT) TokenEndpoint() Endpoint { return g.Endpoint }

// Assertion returns the signed JWT that Fetch sends.
func (g JWT) Assertion() (string, error) {
	method, err := signingMethod(g.Algorithm)
	if err != nil {
		return "", err
	}
	signer, err := ParsePrivateKey(g.PrivateKey, g.Passphrase)
	if err != nil {
		return "", err
	}
	key, ok := signer.(*rsa.PrivateKey)
	if !ok {
		return "", fmt.Errorf("the private key is %s, %s needs an RSA key", keyKind(signer), method.Alg())
	}
	now := time.Now()
	if g.Now != nil {
		now = g.Now()
	}
	lifetime, skew := g.Lifetime, g.Skew
	if lifetime <= 0 {
		lifetime = time.Hour
	}
	switch {
	case skew == 0:
		skew = 60 * time.Second
	case skew < 0:
		skew = 0
	}
	claims := jwt.MapClaims{}
	for k, v := range g.Claims {
		claims[k] = v
	}
	setDefault := func(k string, v any) {
		if _, ok := claims[k]; !ok {
			claims[k] = v
		}
	}
	setDefault("iat", now.Add(-skew).Unix())
	setDefault("nbf", now.Add(-skew).Unix())
	setDefault("exp", now.Add(lifetime).Unix())
	jti, err := uuid4()
	if err != nil {
		return "", err
	}
	setDefault("jti", jti)
	tok := jwt.NewWithClaims(method, claims)
	tok.Header = map[string]any{}
	for k, v := range g.Header {
		tok.Header[k] = v
	}
	tok.Header["alg"] = method.Alg()
	s, err := tok.SignedString(key)
	if err != nil {
		return "", fmt.Errorf("signing the assertion: %w", err)
	}
	return s, nil
}

// Fetch posts grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer with the assertion,
// the scope and client_id (always; client_secret per AuthStyle when set).
func (g JWT) Fetch(ctx context.Context, hc *http.Client) (*Token, error) {
	assertion, err := g.Assertion()
	if err != nil {
		return nil, fmt.Errorf("jwt grant: %w", err)
	}
	form := url.Values{"grant_type": {JWTBearerGrantType}, "assertion": {assertion}}
	return postToken(ctx, hc, g.Endpoint, g.Name(), form, true)
}

func signingMethod(alg string) (jwt.SigningMethod, error) {
	switch alg {
	case "", "RS256":
		return jwt.SigningMethodRS256, nil
	case "PS256":
		return jwt.SigningMethodPS256, nil
	}
	return nil, fmt.Errorf("unsupported JWT algorithm %q: use RS256 or PS256", alg)
}

// uuid4 returns a random UUID (version 4).
func uuid4() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16]), nil
}
