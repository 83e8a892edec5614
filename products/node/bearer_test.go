package node

import (
	"bytes"
	"compress/zlib"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"
)

var (
	bearerKeyOnce sync.Once
	bearerKey     *rsa.PrivateKey
	bearerKeyErr  error
)

func testBearerKey(t *testing.T) *rsa.PrivateKey {
	t.Helper()
	bearerKeyOnce.Do(func() { bearerKey, bearerKeyErr = rsa.GenerateKey(rand.Reader, 2048) })
	if bearerKeyErr != nil {
		t.Fatal(bearerKeyErr)
	}
	return bearerKey
}

func pkixPEM(t *testing.T, pub *rsa.PublicKey) string {
	t.Helper()
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
}

func pkcs1PEM(pub *rsa.PublicKey) string {
	return string(pem.EncodeToMemory(&pem.Block{Type: "RSA PUBLIC KEY", Bytes: x509.MarshalPKCS1PublicKey(pub)}))
}

var bearerNow = time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)

func inflateToken(t *testing.T, tok string) string {
	t.Helper()
	raw, err := base64.StdEncoding.DecodeString(tok)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zlib.NewReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return string(plain)
}

func deflateB64(t *testing.T, s string) string {
	t.Helper()
	var b bytes.Buffer
	zw := zlib.NewWriter(&b)
	if _, err := zw.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(b.Bytes())
}

func TestBearerRoundTrip(t *testing.T) {
	key := testBearerKey(t)
	p := BearerPayload{UserID: "u1", GroupIDs: []string{"g1", "g2"}, OrganizationID: "org"}
	extra := map[string]any{"custom": "x<y", "user_id": "evil", "scope": "evil"}
	tok, err := NewBearerToken(key, "ak1", p, extra, time.Hour, bearerNow)
	if err != nil {
		t.Fatal(err)
	}
	for name, pemText := range map[string]string{"pkix": pkixPEM(t, &key.PublicKey), "pkcs1": pkcs1PEM(&key.PublicKey)} {
		got, err := VerifyBearerToken(tok, pemText, bearerNow)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got["user_id"] != "u1" || got["scope"] != "node.ak1:user:all" || got["custom"] != "x<y" ||
			got["organization_id"] != "org" || got["expires_at"] != "2024-05-06T08:08:09Z" {
			t.Fatalf("%s: payload %v", name, got)
		}
		g, _ := got["group_ids"].([]any)
		if len(g) != 2 || g[0] != "g1" || g[1] != "g2" {
			t.Fatalf("group_ids %v", got["group_ids"])
		}
	}
	// "Bearer " prefix accepted.
	if _, err := VerifyBearerToken("Bearer "+tok, pkixPEM(t, &key.PublicKey), bearerNow); err != nil {
		t.Fatal(err)
	}
	payload, signed, sig, err := ParseBearerToken("Bearer " + tok)
	if err != nil || payload["user_id"] != "u1" || len(sig) != 256 || !bytes.HasPrefix(signed, []byte("{")) {
		t.Fatalf("parse: %v %v %d %q", err, payload, len(sig), signed)
	}
}

func TestBearerDefaults(t *testing.T) {
	key := testBearerKey(t)
	tok, err := NewBearerToken(key, "myak", BearerPayload{UserID: "u"}, nil, 0, bearerNow)
	if err != nil {
		t.Fatal(err)
	}
	p, _, _, err := ParseBearerToken(tok)
	if err != nil {
		t.Fatal(err)
	}
	if p["scope"] != "node.myak:user:all" || p["auth_type"] != "access_key" || p["expires_at"] != "2024-05-07T07:08:09Z" {
		t.Fatalf("defaults: %v", p)
	}
	// Explicit values are kept; no access key -> no scope.
	tok, err = NewBearerToken(key, "", BearerPayload{UserID: "u", AuthType: "other", ExpiresAt: "2030-01-01T00:00:00Z"}, nil, 0, bearerNow)
	if err != nil {
		t.Fatal(err)
	}
	p, _, _, _ = ParseBearerToken(tok)
	if _, ok := p["scope"]; ok || p["auth_type"] != "other" || p["expires_at"] != "2030-01-01T00:00:00Z" {
		t.Fatalf("explicit: %v", p)
	}
	if _, err := NewBearerToken(key, "ak", BearerPayload{}, nil, 0, bearerNow); err == nil || err.Error() != "user_id is required" {
		t.Fatalf("missing user_id: %v", err)
	}
}

func TestBearerExpiry(t *testing.T) {
	key := testBearerKey(t)
	tok, err := NewBearerToken(key, "ak", BearerPayload{UserID: "u"}, nil, time.Minute, bearerNow)
	if err != nil {
		t.Fatal(err)
	}
	pub := pkixPEM(t, &key.PublicKey)
	if _, err := VerifyBearerToken(tok, pub, bearerNow.Add(59*time.Second)); err != nil {
		t.Fatal(err)
	}
	_, err = VerifyBearerToken(tok, pub, bearerNow.Add(2*time.Minute))
	if err == nil || !strings.HasPrefix(err.Error(), "bearer token expired at 2024-05-06T07:09:09Z") {
		t.Fatalf("expiry: %v", err)
	}
}

func TestBearerTampered(t *testing.T) {
	key := testBearerKey(t)
	tok, err := NewBearerToken(key, "ak", BearerPayload{UserID: "u1"}, nil, 0, bearerNow)
	if err != nil {
		t.Fatal(err)
	}
	plain := inflateToken(t, tok)
	forged := strings.Replace(plain, `"user_id":"u1"`, `"user_id":"admin"`, 1)
	if forged == plain {
		t.Fatalf("replacement failed: %q", plain)
	}
	ftok := deflateB64(t, forged)
	if p, _, _, err := ParseBearerToken(ftok); err != nil || p["user_id"] != "admin" {
		t.Fatalf("forged parse: %v %v", p, err)
	}
	if _, err := VerifyBearerToken(ftok, pkixPEM(t, &key.PublicKey), bearerNow); err == nil {
		t.Fatal("tampered token verified")
	}
}

func TestBearerWrongKey(t *testing.T) {
	key := testBearerKey(t)
	other, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := NewBearerToken(key, "ak", BearerPayload{UserID: "u"}, nil, 0, bearerNow)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := VerifyBearerToken(tok, pkixPEM(t, &other.PublicKey), bearerNow); err == nil {
		t.Fatal("verified with wrong key")
	}
	if _, err := VerifyBearerToken(tok, "not a pem", bearerNow); err == nil {
		t.Fatal("verified with garbage key")
	}
}

func TestBearerGarbage(t *testing.T) {
	cases := map[string]string{
		"empty":        "",
		"bearer x":     "Bearer x",
		"bearer only":  "Bearer ",
		"not base64":   "!!!",
		"not zlib":     base64.StdEncoding.EncodeToString([]byte("hello world, not zlib")),
		"no signature": deflateB64(t, `{"user_id":"u"}`),
		"bad sig b64":  deflateB64(t, `{"user_id":"u"}`+"\n==SIGNATURE==\n@@@\n"),
		"not json":     deflateB64(t, "nope\n==SIGNATURE==\nAAAA\n"),
		"json array":   deflateB64(t, "[1]\n==SIGNATURE==\nAAAA\n"),
	}
	key := testBearerKey(t)
	pub := pkixPEM(t, &key.PublicKey)
	for name, tok := range cases {
		if _, _, _, err := ParseBearerToken(tok); !errors.Is(err, ErrNotBearerToken) ||
			!strings.HasPrefix(err.Error(), "not an Aspera node bearer token") {
			t.Errorf("%s: parse err %v", name, err)
		}
		if _, err := VerifyBearerToken(tok, pub, bearerNow); !errors.Is(err, ErrNotBearerToken) {
			t.Errorf("%s: verify err %v", name, err)
		}
	}
}

func TestBearerSignatureWrapping(t *testing.T) {
	key := testBearerKey(t)
	tok, err := NewBearerToken(key, "ak", BearerPayload{UserID: "u"}, nil, 0, bearerNow)
	if err != nil {
		t.Fatal(err)
	}
	plain := inflateToken(t, tok)
	_, sigText, ok := strings.Cut(plain, "\n==SIGNATURE==\n")
	if !ok || !strings.HasSuffix(sigText, "\n") {
		t.Fatalf("layout: %q", plain)
	}
	lines := strings.Split(strings.TrimSuffix(sigText, "\n"), "\n")
	if len(lines) < 2 {
		t.Fatalf("signature not wrapped: %q", sigText)
	}
	for i, l := range lines {
		if len(l) > 60 || l == "" {
			t.Errorf("line %d has %d chars", i, len(l))
		}
		if i < len(lines)-1 && len(l) != 60 {
			t.Errorf("inner line %d has %d chars", i, len(l))
		}
	}
	if _, err := base64.StdEncoding.DecodeString(strings.Join(lines, "")); err != nil {
		t.Fatal(err)
	}
}

func TestAccessKeyOfScope(t *testing.T) {
	for scope, want := range map[string]string{
		"node.ak:user:all":      "ak",
		"node.AbC-12:admin:all": "AbC-12",
		"node.ak":               "",
		"node.:user:all":        "",
		"user:all":              "",
		"":                      "",
		"other.ak:user:all":     "",
		"node.ak:":              "",
	} {
		if got := AccessKeyOfScope(scope); got != want {
			t.Errorf("AccessKeyOfScope(%q) = %q, want %q", scope, got, want)
		}
	}
}
