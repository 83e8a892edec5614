package oauth

import (
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/youmark/pkcs8"
	"golang.org/x/crypto/ssh"
)

const ecKeyPEM = `-----BEGIN EC PRIVATE KEY-----
MHcCAQEEIE1LQF1lc7/cuMsyiSFe9wiWHppGFeohxnsFv0/s/2aYoAoGCCqGSM49
AwEHoUQDQgAEzIIe2ufHXu7QaWxGWi3Q0M3Ibjhoh9I+UOAeqp8bZ80Hc31Ol4iH
ZCrC9XbGMYGMVDMzf7bLr+4KRzDH1TTMgQ==
-----END EC PRIVATE KEY-----
`

func TestGenerateKey(t *testing.T) {
	key, _ := testKey(t)
	if !strings.HasPrefix(string(key), "-----BEGIN PRIVATE KEY-----") {
		t.Fatalf("not PKCS#8 PEM: %.40s", key)
	}
	k, err := ParsePrivateKey(key, "")
	if err != nil || k.(*rsa.PrivateKey).N.BitLen() != 2048 {
		t.Fatalf("parse: %v", err)
	}
	pub, err := PublicKeyOf(key, "")
	if err != nil || !strings.HasPrefix(pub, "-----BEGIN PUBLIC KEY-----") {
		t.Fatalf("public: %v %q", err, pub)
	}
	block, _ := pem.Decode([]byte(pub))
	p, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil || !p.(*rsa.PublicKey).Equal(k.Public()) {
		t.Fatalf("the public key is not the private key's: %v", err)
	}
	if _, err := GenerateKey(1024); err == nil || err.Error() != "1024-bit RSA keys are too weak: use 2048 bits or more" {
		t.Fatalf("1024 bits: %v", err)
	}
	if _, err := GenerateKey(32768); err == nil {
		t.Fatal("32768 bits accepted")
	}
}

// TestKeyFormats parses keys in every usual format, made in Go and by openssl and ssh-keygen.
func TestKeyFormats(t *testing.T) {
	rk, _ := rsa.GenerateKey(rand.Reader, 2048)
	want, _ := PublicKeyPEM(rk.Public())
	pkcs1 := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(rk)})
	der8, _ := x509.MarshalPKCS8PrivateKey(rk)
	clear8 := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der8})
	//nolint:staticcheck // legacy encrypted PEM still exists in the field
	legacyBlock, _ := x509.EncryptPEMBlock(rand.Reader, "RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(rk), []byte("pass"), x509.PEMCipherAES256)
	legacy := pem.EncodeToMemory(legacyBlock)
	for name, data := range map[string][]byte{"pkcs1": pkcs1, "pkcs8": clear8} {
		if got, err := PublicKeyOf(data, ""); err != nil || got != want {
			t.Errorf("%s: %v", name, err)
		}
	}
	encDER, err := pkcs8.MarshalPrivateKey(rk, []byte("pass"), nil) // PBES2, AES-256-CBC
	if err != nil {
		t.Fatal(err)
	}
	enc8 := pem.EncodeToMemory(&pem.Block{Type: "ENCRYPTED PRIVATE KEY", Bytes: encDER})
	sshBlock, err := ssh.MarshalPrivateKeyWithPassphrase(rk, "", []byte("pass"))
	if err != nil {
		t.Fatal(err)
	}
	sshEnc := pem.EncodeToMemory(sshBlock)
	sshBlock, _ = ssh.MarshalPrivateKey(rk, "")
	sshPlain := pem.EncodeToMemory(sshBlock)
	if got, err := PublicKeyOf(sshPlain, ""); err != nil || got != want {
		t.Errorf("openssh: %v", err)
	}
	if got, err := PublicKeyOf(pkcs1, "ignored"); err != nil || got != want {
		t.Errorf("a passphrase for a clear key is ignored: %v", err)
	}
	for name, data := range map[string][]byte{"legacy": legacy, "pkcs8": enc8, "openssh": sshEnc} {
		if got, err := PublicKeyOf(data, "pass"); err != nil || got != want {
			t.Errorf("%s encrypted: %v", name, err)
		}
		_, err := ParsePrivateKey(data, "")
		if !errors.Is(err, ErrPassphraseMissing) || err.Error() != "private key is encrypted: give its passphrase" {
			t.Errorf("%s without passphrase: %v", name, err)
		}
		_, err = ParsePrivateKey(data, "wrong")
		if !errors.Is(err, ErrWrongPassphrase) || err.Error() != "wrong passphrase for private key" {
			t.Errorf("%s wrong passphrase: %v", name, err)
		}
	}
	// with a header before it (openssl ecparam -genkey writes EC PARAMETERS first)
	if k, err := ParsePrivateKey(append([]byte("-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"), ecKeyPEM...), ""); err != nil {
		t.Errorf("ec with parameters: %v", err)
	} else if _, ok := k.(*ecdsa.PrivateKey); !ok {
		t.Errorf("ec with parameters: %T", k)
	}
	if k, err := ParsePrivateKey([]byte(ecKeyPEM), ""); err != nil {
		t.Errorf("ec: %v", err)
	} else if _, ok := k.(*ecdsa.PrivateKey); !ok {
		t.Errorf("ec: %T", k)
	}
	if _, err := ParsePrivateKey([]byte("not a key"), ""); err == nil || !strings.Contains(err.Error(), "no PEM private key") {
		t.Errorf("garbage: %v", err)
	}
	if _, err := ParsePrivateKey([]byte("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"), ""); err == nil || strings.Contains(err.Error(), "AAAA") {
		t.Errorf("corrupt key: %v", err)
	}
}

func TestKeysFromTools(t *testing.T) {
	dir := t.TempDir()
	run := func(name string, args ...string) bool {
		if _, err := exec.LookPath(name); err != nil {
			if os.Getenv("ASLMCLI_CI") != "" {
				t.Fatalf("%s is not installed, and CI must run this test (.ci/run installs it)", name)
			}
			t.Logf("%s is not installed: skipped", name)
			return false
		}
		if out, err := exec.Command(name, args...).CombinedOutput(); err != nil {
			t.Fatalf("%s %v: %v\n%s", name, args, err, out)
		}
		return true
	}
	check := func(path, pass string) {
		t.Helper()
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := PublicKeyOf(data, pass); err != nil {
			t.Errorf("%s: %v", filepath.Base(path), err)
		}
		if pass != "" {
			if _, err := ParsePrivateKey(data, ""); !errors.Is(err, ErrPassphraseMissing) {
				t.Errorf("%s without passphrase: %v", filepath.Base(path), err)
			}
			if _, err := ParsePrivateKey(data, "bad-"+pass); !errors.Is(err, ErrWrongPassphrase) {
				t.Errorf("%s with a wrong passphrase: %v", filepath.Base(path), err)
			}
		}
	}
	enc := filepath.Join(dir, "enc8.pem")
	if run("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-aes256", "-pass", "pass:x1", "-out", enc) {
		check(enc, "x1")
		plain := filepath.Join(dir, "plain.pem")
		run("openssl", "genrsa", "-traditional", "-out", plain, "2048")
		check(plain, "")
		trad := filepath.Join(dir, "trad.pem")
		run("openssl", "genrsa", "-traditional", "-aes256", "-passout", "pass:x2", "-out", trad, "2048")
		check(trad, "x2")
	}
	sshKey := filepath.Join(dir, "id_rsa")
	if run("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-N", "x3", "-f", sshKey) {
		check(sshKey, "x3")
		sshPlain := filepath.Join(dir, "id_rsa_plain")
		run("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", sshPlain)
		check(sshPlain, "")
	}
}
