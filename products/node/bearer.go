package node

// Aspera node Bearer tokens.
//
// A node bearer token is not a JWT. It is built as follows:
//
//	token = base64std( zlib_deflate( JSON + "\n==SIGNATURE==\n" + SIG + "\n" ) )
//
// where JSON is the payload (an object with user_id, scope
// "node.<access_key>:user:all" or "node.<access_key>:admin:all",
// auth_type "access_key", expires_at "YYYY-MM-DDTHH:MM:SSZ" in UTC, and
// optionally group_ids and organization_id), and SIG is the standard base64
// of the RSA PKCS#1 v1.5 SHA-512 signature of the JSON bytes, wrapped at 60
// columns with lines joined by "\n". Decoding reverses this: base64, inflate,
// then split on "\n==SIGNATURE==\n" into the signed JSON and the signature.

import (
	"bytes"
	"compress/zlib"
	"crypto"
	"crypto/rsa"
	"crypto/sha512"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

const (
	bearerSignatureSeparator = "\n==SIGNATURE==\n"
	bearerSignatureColumns   = 60
	bearerTimeLayout         = "2006-01-02T15:04:05Z"
	bearerMaxInflated        = 1 << 20
)

// ErrNotBearerToken is returned (possibly wrapped) by ParseBearerToken and
// VerifyBearerToken when the input is not a well formed node bearer token.
var ErrNotBearerToken = errors.New("not an Aspera node bearer token")

// BearerPayload is what a node bearer token says (other fields kept in Extra).
type BearerPayload struct {
	UserID         string   `json:"user_id"`
	Scope          string   `json:"scope,omitempty"`
	AuthType       string   `json:"auth_type,omitempty"`
	ExpiresAt      string   `json:"expires_at,omitempty"`
	GroupIDs       []string `json:"group_ids,omitempty"`
	OrganizationID string   `json:"organization_id,omitempty"`
}

// BearerPayloadOf splits a decoded payload ({"user_id":..., "group_ids":[...], ...}) into its
// typed fields and the others (kept as they are in the token).
func BearerPayloadOf(m map[string]any) (BearerPayload, map[string]any) {
	var p BearerPayload
	extra := map[string]any{}
	for k, v := range m {
		s, _ := v.(string)
		switch k {
		case "user_id":
			p.UserID = s
		case "scope":
			p.Scope = s
		case "auth_type":
			p.AuthType = s
		case "expires_at":
			p.ExpiresAt = s
		case "organization_id":
			p.OrganizationID = s
		case "group_ids":
			l, _ := v.([]any)
			for _, g := range l {
				p.GroupIDs = append(p.GroupIDs, fmt.Sprint(g))
			}
		default:
			extra[k] = v
		}
	}
	return p, extra
}

// bearerTypedFields are the JSON names of BearerPayload fields; extra fields
// with these names are ignored by NewBearerToken.
var bearerTypedFields = map[string]bool{
	"user_id": true, "scope": true, "auth_type": true,
	"expires_at": true, "group_ids": true, "organization_id": true,
}

// NewBearerToken signs p with key. Defaults when empty: AuthType
// "access_key", ExpiresAt now+validity (validity 0 -> 24h), Scope
// "node."+accessKey+":user:all" when accessKey != "". UserID empty -> error
// "user_id is required". Extra fields in extra (may be nil) are merged into
// the JSON (they never override the typed ones).
func NewBearerToken(key *rsa.PrivateKey, accessKey string, p BearerPayload, extra map[string]any, validity time.Duration, now time.Time) (string, error) {
	if key == nil {
		return "", errors.New("private key is required")
	}
	if p.UserID == "" {
		return "", errors.New("user_id is required")
	}
	if p.AuthType == "" {
		p.AuthType = "access_key"
	}
	if p.ExpiresAt == "" {
		if validity == 0 {
			validity = 24 * time.Hour
		}
		p.ExpiresAt = now.Add(validity).UTC().Format(bearerTimeLayout)
	}
	if p.Scope == "" && accessKey != "" {
		p.Scope = "node." + accessKey + ":user:all"
	}
	typed, err := json.Marshal(p)
	if err != nil {
		return "", err
	}
	fields := map[string]any{}
	for k, v := range extra {
		if !bearerTypedFields[k] {
			fields[k] = v
		}
	}
	var typedMap map[string]json.RawMessage
	if err := json.Unmarshal(typed, &typedMap); err != nil {
		return "", err
	}
	for k, v := range typedMap {
		fields[k] = v
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(fields); err != nil {
		return "", fmt.Errorf("bearer payload: %w", err)
	}
	signed := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	digest := sha512.Sum512(signed)
	sig, err := rsa.SignPKCS1v15(nil, key, crypto.SHA512, digest[:])
	if err != nil {
		return "", fmt.Errorf("bearer signature: %w", err)
	}
	var plain bytes.Buffer
	plain.Write(signed)
	plain.WriteString(bearerSignatureSeparator)
	plain.WriteString(wrapColumns(base64.StdEncoding.EncodeToString(sig), bearerSignatureColumns))
	plain.WriteString("\n")
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	if _, err := zw.Write(plain.Bytes()); err != nil {
		return "", err
	}
	if err := zw.Close(); err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(z.Bytes()), nil
}

// wrapColumns splits s into lines of at most n characters joined by "\n".
func wrapColumns(s string, n int) string {
	var lines []string
	for len(s) > n {
		lines = append(lines, s[:n])
		s = s[n:]
	}
	lines = append(lines, s)
	return strings.Join(lines, "\n")
}

// ParseBearerToken decodes a token (optionally prefixed "Bearer ") without
// verifying it: payload as a map, the signed JSON bytes, the signature.
// Errors: "not an Aspera node bearer token" for anything malformed.
func ParseBearerToken(tok string) (payload map[string]any, signed []byte, sig []byte, err error) {
	bad := func(why string) (map[string]any, []byte, []byte, error) {
		return nil, nil, nil, fmt.Errorf("%w: %s", ErrNotBearerToken, why)
	}
	tok = strings.TrimSpace(tok)
	if len(tok) >= 7 && strings.EqualFold(tok[:7], "Bearer ") {
		tok = strings.TrimSpace(tok[7:])
	}
	if tok == "" {
		return bad("empty")
	}
	raw, err := base64.StdEncoding.DecodeString(tok)
	if err != nil {
		return bad("invalid base64")
	}
	zr, err := zlib.NewReader(bytes.NewReader(raw))
	if err != nil {
		return bad("not zlib data")
	}
	defer zr.Close()
	plain, err := io.ReadAll(io.LimitReader(zr, bearerMaxInflated+1))
	if err != nil {
		return bad("corrupt zlib data")
	}
	if len(plain) > bearerMaxInflated {
		return bad("too large")
	}
	body, sigText, found := bytes.Cut(plain, []byte(bearerSignatureSeparator))
	if !found {
		return bad("no signature")
	}
	sigB64 := strings.Join(strings.Fields(string(sigText)), "")
	sig, err = base64.StdEncoding.DecodeString(sigB64)
	if err != nil || len(sig) == 0 {
		return bad("invalid signature encoding")
	}
	if err := json.Unmarshal(body, &payload); err != nil || payload == nil {
		return bad("payload is not a JSON object")
	}
	return payload, body, sig, nil
}

// VerifyBearerToken checks the signature with the PEM public key (PKIX
// "PUBLIC KEY" or PKCS#1 "RSA PUBLIC KEY") and the expiry (expires_at
// before now -> error "bearer token expired at ..."); returns the payload.
func VerifyBearerToken(tok string, publicPEM string, now time.Time) (map[string]any, error) {
	pub, err := parseRSAPublicPEM(publicPEM)
	if err != nil {
		return nil, err
	}
	payload, signed, sig, err := ParseBearerToken(tok)
	if err != nil {
		return nil, err
	}
	digest := sha512.Sum512(signed)
	if err := rsa.VerifyPKCS1v15(pub, crypto.SHA512, digest[:], sig); err != nil {
		return nil, fmt.Errorf("bearer token signature: %w", err)
	}
	if v, ok := payload["expires_at"]; ok {
		s, _ := v.(string)
		exp, err := time.Parse(bearerTimeLayout, s)
		if err != nil {
			exp, err = time.Parse(time.RFC3339, s)
		}
		if err != nil {
			return nil, fmt.Errorf("bearer token: invalid expires_at %q", s)
		}
		if exp.Before(now) {
			return nil, fmt.Errorf("bearer token expired at %s", s)
		}
	}
	return payload, nil
}

// parseRSAPublicPEM reads an RSA public key from PEM ("PUBLIC KEY",
// "RSA PUBLIC KEY" or "CERTIFICATE").
func parseRSAPublicPEM(s string) (*rsa.PublicKey, error) {
	block, _ := pem.Decode([]byte(s))
	if block == nil {
		return nil, errors.New("public key: no PEM data")
	}
	var key any
	var err error
	switch block.Type {
	case "PUBLIC KEY":
		key, err = x509.ParsePKIXPublicKey(block.Bytes)
	case "RSA PUBLIC KEY":
		key, err = x509.ParsePKCS1PublicKey(block.Bytes)
	case "CERTIFICATE":
		var cert *x509.Certificate
		if cert, err = x509.ParseCertificate(block.Bytes); err == nil {
			key = cert.PublicKey
		}
	default:
		return nil, fmt.Errorf("public key: unsupported PEM type %q", block.Type)
	}
	if err != nil {
		return nil, fmt.Errorf("public key: %w", err)
	}
	pub, ok := key.(*rsa.PublicKey)
	if !ok {
		return nil, errors.New("public key: not an RSA key")
	}
	return pub, nil
}

// AccessKeyOfScope returns "ak" from a scope "node.ak:user:all", "" otherwise.
func AccessKeyOfScope(scope string) string {
	rest, ok := strings.CutPrefix(scope, "node.")
	if !ok {
		return ""
	}
	ak, role, ok := strings.Cut(rest, ":")
	if !ok || ak == "" || role == "" {
		return ""
	}
	return ak
}
