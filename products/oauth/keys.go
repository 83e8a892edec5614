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

	"github.com/youmark/pkcs8"
	"golang.org/x/crypto/ssh"
)

// DefaultKeyBits is the size of keys made by GenerateKey(0).
const DefaultKeyBits = 4096

// GenerateKey returns a new RSA private key as PEM ("PRIVATE KEY", PKCS#8). bits 0 means
// DefaultKeyBits; fewer than 2048 bits are refused.
func GenerateKey(bits int) ([]byte, error) {
	if bits == 0 {
		bits = DefaultKeyBits
	}
	if bits < 2048 {
		return nil, fmt.Errorf("%d-bit RSA keys are too weak: use 2048 bits or more", bits)
	}
	if bits > 16384 {
		return nil, fmt.Errorf("%d bits: use at most 16384", bits)
	}
	k, err := rsa.GenerateKey(rand.Reader, bits)
	if err != nil {
		return nil, fmt.Errorf("generate an RSA key: %w", err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
}

// Errors of ParsePrivateKey about passphrases.
var (
	ErrPassphraseNeeded = errors.New("private key is encrypted: give its passphrase")
	ErrWrongPassphrase  = errors.New("wrong passphrase for private key")
)

// ParsePrivateKey decodes a PEM private key: PKCS#1, PKCS#8, encrypted PKCS#8 (OpenSSL 3),
// legacy encrypted PEM (Proc-Type), SEC 1 EC keys, and OpenSSH keys (ssh-keygen), encrypted
// ones with passphrase. Error messages never contain key material.
func ParsePrivateKey(pemData []byte, passphrase string) (crypto.Signer, error) {
	block, _ := pem.Decode(pemData)
	if block == nil {
		return nil, errors.New("no PEM private key found (expected -----BEGIN ... PRIVATE KEY-----)")
	}
	var key any
	var err error
	switch {
	case block.Type == "ENCRYPTED PRIVATE KEY":
		if passphrase == "" {
			return nil, ErrPassphraseNeeded
		}
		key, err = pkcs8.ParsePKCS8PrivateKey(block.Bytes, []byte(passphrase))
		if err != nil {
			return nil, ErrWrongPassphrase
		}
	case block.Type == "OPENSSH PRIVATE KEY" || x509.IsEncryptedPEMBlock(block): //nolint:staticcheck // legacy keys exist
		key, err = parseSSH(pemData, passphrase)
		if err != nil {
			return nil, err
		}
	case block.Type == "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
	case block.Type == "PRIVATE KEY":
		key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	case block.Type == "EC PRIVATE KEY":
		key, err = x509.ParseECPrivateKey(block.Bytes)
	default:
		return nil, fmt.Errorf("unsupported PEM block %q (expected a private key)", block.Type)
	}
	if err != nil {
		return nil, fmt.Errorf("invalid %s", block.Type)
	}
	return signer(key)
}

func parseSSH(data []byte, passphrase string) (any, error) {
	if passphrase == "" {
		key, err := ssh.ParseRawPrivateKey(data)
		var missing *ssh.PassphraseMissingError
		if errors.As(err, &missing) {
			return nil, ErrPassphraseNeeded
		}
		if err != nil {
			return nil, errors.New("invalid private key")
		}
		return key, nil
	}
	key, err := ssh.ParseRawPrivateKeyWithPassphrase(data, []byte(passphrase))
	if errors.Is(err, x509.IncorrectPasswordError) {
		return nil, ErrWrongPassphrase
	}
	if err != nil {
		if err.Error() == "ssh: key is not password protected" {
			return ParsePrivateKeyNoPass(data)
		}
		return nil, ErrWrongPassphrase
	}
	return key, nil
}

// ParsePrivateKeyNoPass parses an unencrypted OpenSSH or PEM key.
func ParsePrivateKeyNoPass(data []byte) (any, error) {
	key, err := ssh.ParseRawPrivateKey(data)
	if err != nil {
		return nil, errors.New("invalid private key")
	}
	return key, nil
}

func signer(key any) (crypto.Signer, error) {
	switch k := key.(type) {
	case *rsa.PrivateKey:
		return k, nil
	case *ecdsa.PrivateKey:
		return k, nil
	case ed25519.PrivateKey:
		return k, nil
	case *ed25519.PrivateKey:
		return *k, nil
	}
	return nil, fmt.Errorf("unsupported private key type %T", key)
}

// PublicKeyPEM returns a public key as PEM ("PUBLIC KEY", PKIX).
func PublicKeyPEM(pub crypto.PublicKey) (string, error) {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return "", fmt.Errorf("encode the public key: %w", err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})), nil
}

// PublicKeyOf returns the PEM public key of a PEM private key.
func PublicKeyOf(pemData []byte, passphrase string) (string, error) {
	k, err := ParsePrivateKey(pemData, passphrase)
	if err != nil {
		return "", err
	}
	return PublicKeyPEM(k.Public())
}
