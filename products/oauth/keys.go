package oauth

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"

	"github.com/youmark/pkcs8"
	"golang.org/x/crypto/ssh"
)

// ErrPassphraseMissing is returned by ParsePrivateKey for an encrypted key given no passphrase.
var ErrPassphraseMissing = errors.New("private key is encrypted: give its passphrase")

// ErrWrongPassphrase is returned by ParsePrivateKey when the passphrase does not decrypt the key.
var ErrWrongPassphrase = errors.New("wrong passphrase for private key")

// MinKeyBits and MaxKeyBits bound the size of the RSA keys GenerateKey makes; DefaultKeyBits
// is the size of bits 0.
const (
	MinKeyBits     = 2048
	MaxKeyBits     = 16384
	DefaultKeyBits = 4096
)

// GenerateKey returns a new RSA private key in PEM "PRIVATE KEY" (PKCS#8). bits 0 means
// DefaultKeyBits (4096); fewer than 2048 or more than 16384 bits is refused.
func GenerateKey(bits int) ([]byte, error) {
	if bits == 0 {
		bits = DefaultKeyBits
	}
	if bits < MinKeyBits {
		return nil, fmt.Errorf("%d-bit RSA keys are too weak: use %d bits or more", bits, MinKeyBits)
	}
	if bits > MaxKeyBits {
		return nil, fmt.Errorf("%d-bit RSA keys are too slow to make and use: use %d bits at most", bits, MaxKeyBits)
	}
	key, err := rsa.GenerateKey(rand.Reader, bits)
	if err != nil {
		return nil, fmt.Errorf("generating an RSA key: %w", err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, fmt.Errorf("encoding the RSA key: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
}

// ParsePrivateKey reads a PEM private key: PKCS#1 ("RSA PRIVATE KEY", also legacy encrypted
// with Proc-Type/DEK-Info), PKCS#8 ("PRIVATE KEY"), encrypted PKCS#8 ("ENCRYPTED PRIVATE KEY",
// PBES2) and OpenSSH ("OPENSSH PRIVATE KEY", also with a passphrase). It returns
// ErrPassphraseMissing or ErrWrongPassphrase (possibly wrapped) when the passphrase is the
// problem. The key may be of another type than RSA (ECDSA, Ed25519): the JWT grant checks
// that it is RSA.
func ParsePrivateKey(pemData []byte, passphrase string) (crypto.Signer, error) {
	block := privateKeyBlock(pemData)
	if block == nil {
		return nil, errors.New("no PEM private key found (expected -----BEGIN ... PRIVATE KEY-----)")
	}
	var (
		key any
		err error
	)
	if block.Type == "ENCRYPTED PRIVATE KEY" {
		key, err = parseEncryptedPKCS8(block.Bytes, passphrase)
	} else {
		key, err = parseWithSSH(pem.EncodeToMemory(block), passphrase)
	}
	if err != nil {
		return nil, err
	}
	switch k := key.(type) {
	case *rsa.PrivateKey:
		if err := k.Validate(); err != nil {
			return nil, fmt.Errorf("invalid RSA private key: %w", err)
		}
		return k, nil
	case *ecdsa.PrivateKey:
		return k, nil
	case ed25519.PrivateKey:
		return k, nil
	case *ed25519.PrivateKey:
		return *k, nil
	case crypto.Signer:
		return k, nil
	}
	return nil, fmt.Errorf("unsupported private key type %T", key)
}

// privateKeyBlock returns the first PEM block whose type ends with "PRIVATE KEY".
func privateKeyBlock(data []byte) *pem.Block {
	for {
		block, rest := pem.Decode(data)
		if block == nil {
			return nil
		}
		if strings.HasSuffix(block.Type, "PRIVATE KEY") {
			return block
		}
		data = rest
	}
}

func parseEncryptedPKCS8(der []byte, passphrase string) (any, error) {
	if passphrase == "" {
		return nil, ErrPassphraseMissing
	}
	key, _, err := pkcs8.ParsePrivateKey(der, []byte(passphrase))
	if err == nil {
		return key, nil
	}
	msg := err.Error()
	if strings.Contains(msg, "only") || strings.Contains(msg, "invalid") || strings.Contains(msg, "unsupported") {
		// a format pkcs8 does not read (e.g. PBES1 from openssl -v1): say so, it is no secret
		return nil, fmt.Errorf("encrypted PKCS#8 private key: %w", err)
	}
	return nil, ErrWrongPassphrase
}

func parseWithSSH(pemData []byte, passphrase string) (any, error) {
	key, err := ssh.ParseRawPrivateKey(pemData)
	var missing *ssh.PassphraseMissingError
	if !errors.As(err, &missing) {
		if err != nil {
			return nil, fmt.Errorf("private key: %w", err)
		}
		return key, nil
	}
	if passphrase == "" {
		return nil, ErrPassphraseMissing
	}
	key, err = ssh.ParseRawPrivateKeyWithPassphrase(pemData, []byte(passphrase))
	switch {
	case errors.Is(err, x509.IncorrectPasswordError):
		return nil, ErrWrongPassphrase
	case err != nil:
		return nil, fmt.Errorf("private key: %w", err)
	}
	return key, nil
}

// PublicKeyPEM encodes a public key as PKIX PEM ("-----BEGIN PUBLIC KEY-----"), the form the
// products ask for when a client or user key is registered. A private key (anything with a
// Public method, such as the crypto.Signer of ParsePrivateKey) is accepted for convenience.
func PublicKeyPEM(pub crypto.PublicKey) (string, error) {
	if p, ok := pub.(interface{ Public() crypto.PublicKey }); ok {
		pub = p.Public()
	}
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return "", fmt.Errorf("encoding the public key: %w", err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})), nil
}

// PublicKeyOf returns the PKIX PEM public key of a PEM private key.
func PublicKeyOf(pemData []byte, passphrase string) (string, error) {
	key, err := ParsePrivateKey(pemData, passphrase)
	if err != nil {
		return "", err
	}
	return PublicKeyPEM(key.Public())
}

// keyKind names a key's algorithm for messages.
func keyKind(k any) string {
	switch k.(type) {
	case *ecdsa.PrivateKey:
		return "an ECDSA key"
	case ed25519.PrivateKey, *ed25519.PrivateKey:
		return "an Ed25519 key"
	case *rsa.PrivateKey:
		return "an RSA key"
	}
	return fmt.Sprintf("a %T", k)
}
