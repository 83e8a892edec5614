// Package vault is aslmcli's store of secrets: entries NAME -> a secret value and optional
// text fields (e.g. username, url), read by the `@vault:NAME` extended value and managed by
// `config vault list|show|create|delete|info`. Two backends keep one contract ([Backend]):
// the encrypted file HOME/vault ([Vault], the default) and the OS keychain ([Keychain]); the
// --vault option chooses ([ParseSpec]).
//
// Decisions taken where issue 17 is silent, for the file vault:
//   - Cryptography is golang.org/x/crypto's: the key is derived from the passphrase with
//     scrypt (N=2^15, r=8, p=1, the parameters are stored in the file) and a random 16-byte
//     salt; the entries (JSON) are sealed with nacl/secretbox (XSalsa20-Poly1305) under a
//     random 24-byte nonce. Every save draws a new salt and nonce.
//   - The file is JSON holding only the KDF parameters, salt, nonce, a key check and the
//     sealed box: names are encrypted too. The key check (HMAC-SHA256 of a constant under the
//     key) tells a wrong passphrase ([ErrWrongPassphrase]) from a damaged file ([ErrCorrupt]).
//   - Writes are atomic (internal/atomicfile, mode 0600) and serialized with the configuration
//     file's folder lock; a change re-reads the file under the lock, so concurrent commands lose
//     no entry.
//   - A missing file is an empty vault; it is created by the first change.
//
// For the keychain (see keychain.go for the details):
//   - Items go through github.com/zalando/go-keyring (secret service over D-Bus on Linux and
//     the BSDs, the macOS keychain, the Windows credential manager): one item per entry, filed
//     under the service (default "aslmcli") with the entry name as its user name.
//   - Listing: go-keyring cannot list, so on the secret service the names are read from the
//     keychain itself: Collection.SearchItems on {service: SERVICE} through go-keyring's own
//     secret_service package, then each item's "username" attribute. The keychain stays the
//     only source of truth (an item added or removed with another tool, e.g. seahorse or
//     secret-tool, is listed right), where an index item of our own could drift and would
//     need a lock. On macOS and Windows listing is refused ([ErrListUnsupported]); the other
//     commands work.
//   - An entry without fields is stored as its bare secret, so that other tools read it
//     (`secret-tool lookup service aslmcli username NAME`); an entry with fields is stored as
//     a JSON document marked {"aslmcli_vault":1,...}, keeping its fields as secret as the
//     secret. Any other stored value reads as a bare secret.
//   - The keychain needs no passphrase: the desktop session unlocks it (or prompts). Without
//     a session bus, OpenKeychain fails instead of letting godbus launch one (dbus-launch
//     would leave a daemon behind); a keychain that stays locked fails with what to do.
//
// References ([Lookup]): `@vault:NAME` is the secret; ascli's `@vault:LABEL.FIELD` is read
// when no entry has the whole name, "password" and "secret" meaning the secret.
//
// The passphrase of the file vault is the caller's business (cmd/aslmcli: --vault-password,
// ASLMCLI_VAULT_PASSWORD, else asked on the terminal).
package vault

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"golang.org/x/crypto/nacl/secretbox"
	"golang.org/x/crypto/scrypt"

	"github.com/asperalm/aslmcli/internal/atomicfile"
)

// FileName is the vault's file name in the tool's home folder.
const FileName = "vault"

// Errors of Open and of the changes (wrapped with the path).
var (
	ErrWrongPassphrase = errors.New("wrong vault passphrase")
	ErrCorrupt         = errors.New("damaged vault file")
	ErrNoPassphrase    = errors.New("empty vault passphrase")
)

// Entry is one secret with its optional fields.
type Entry struct {
	Secret string            `json:"secret"`
	Fields map[string]string `json:"fields,omitempty"`
}

// Vault is an opened vault file, a [Backend]. It is not safe for concurrent use.
type Vault struct {
	path    string
	pass    []byte
	entries map[string]Entry
}

// envelope is the file format.
type envelope struct {
	Version int    `json:"version"`
	KDF     string `json:"kdf"`
	N       int    `json:"n"`
	R       int    `json:"r"`
	P       int    `json:"p"`
	Salt    []byte `json:"salt"`
	Nonce   []byte `json:"nonce"`
	Check   []byte `json:"check"`
	Box     []byte `json:"box"`
}

// scryptN is the scrypt cost of new files; tests lower it.
var scryptN = 1 << 15

// Open reads the vault at path with passphrase (an absent file is an empty vault).
func Open(path string, passphrase string) (*Vault, error) {
	if passphrase == "" {
		return nil, fmt.Errorf("vault %s: %w", path, ErrNoPassphrase)
	}
	v := &Vault{path: path, pass: []byte(passphrase)}
	if err := v.load(); err != nil {
		return nil, err
	}
	return v, nil
}

// Path returns the file's path.
func (v *Vault) Path() string { return v.path }

// Info describes the vault: {type = "file", file = PATH}.
func (v *Vault) Info() map[string]any { return map[string]any{"type": TypeFile, "file": v.path} }

// Names returns the entry names, sorted (as read when the vault was opened or last changed).
func (v *Vault) Names() ([]string, error) {
	names := make([]string, 0, len(v.entries))
	for n := range v.entries {
		names = append(names, n)
	}
	sort.Strings(names)
	return names, nil
}

// Get returns the entry NAME.
func (v *Vault) Get(name string) (Entry, bool, error) {
	e, ok := v.entries[name]
	return e, ok, nil
}

// Set adds or replaces the entry NAME and saves the vault.
func (v *Vault) Set(name string, e Entry) error {
	if name == "" {
		return fmt.Errorf("vault %s: empty entry name", v.path)
	}
	return v.change(func(m map[string]Entry) { m[name] = e })
}

// Delete removes the entry NAME and saves the vault; it reports whether it existed.
func (v *Vault) Delete(name string) (bool, error) {
	found := false
	err := v.change(func(m map[string]Entry) {
		if _, found = m[name]; found {
			delete(m, name)
		}
	})
	return found, err
}

// change applies fn to the entries read again under the folder lock, then writes them.
func (v *Vault) change(fn func(map[string]Entry)) error {
	if err := os.MkdirAll(filepath.Dir(v.path), 0o700); err != nil {
		return fmt.Errorf("vault %s: %w", v.path, err)
	}
	unlock, err := atomicfile.LockFolder(filepath.Dir(v.path))
	if err != nil {
		return fmt.Errorf("vault %s: lock: %w", v.path, err)
	}
	defer unlock()
	if err := v.load(); err != nil {
		return err
	}
	fn(v.entries)
	data, err := seal(v.pass, v.entries)
	if err != nil {
		return fmt.Errorf("vault %s: %w", v.path, err)
	}
	if err := atomicfile.Write(v.path, data, 0o600); err != nil {
		return fmt.Errorf("vault %s: write: %w", v.path, err)
	}
	return nil
}

func (v *Vault) load() error {
	data, err := os.ReadFile(v.path)
	if errors.Is(err, os.ErrNotExist) {
		v.entries = map[string]Entry{}
		return nil
	}
	if err != nil {
		return fmt.Errorf("vault %s: %w", v.path, err)
	}
	m, err := unseal(v.pass, data)
	if err != nil {
		return fmt.Errorf("vault %s: %w", v.path, err)
	}
	v.entries = m
	return nil
}

func deriveKey(pass, salt []byte, n, r, p int) (*[32]byte, error) {
	k, err := scrypt.Key(pass, salt, n, r, p, 32)
	if err != nil {
		return nil, err
	}
	var key [32]byte
	copy(key[:], k)
	return &key, nil
}

func keyCheck(key *[32]byte) []byte {
	h := hmac.New(sha256.New, key[:])
	h.Write([]byte("aslmcli vault key check"))
	return h.Sum(nil)
}

// seal encrypts the entries under a fresh salt and nonce.
func seal(pass []byte, m map[string]Entry) ([]byte, error) {
	plain, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	env := envelope{Version: 1, KDF: "scrypt", N: scryptN, R: 8, P: 1, Salt: make([]byte, 16), Nonce: make([]byte, 24)}
	if _, err := rand.Read(env.Salt); err != nil {
		return nil, err
	}
	if _, err := rand.Read(env.Nonce); err != nil {
		return nil, err
	}
	key, err := deriveKey(pass, env.Salt, env.N, env.R, env.P)
	if err != nil {
		return nil, err
	}
	var nonce [24]byte
	copy(nonce[:], env.Nonce)
	env.Check = keyCheck(key)
	env.Box = secretbox.Seal(nil, plain, &nonce, key)
	return json.MarshalIndent(env, "", "  ")
}

// unseal decrypts a vault file.
func unseal(pass, data []byte) (map[string]Entry, error) {
	var env envelope
	if err := json.Unmarshal(data, &env); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	if env.Version != 1 || env.KDF != "scrypt" {
		return nil, fmt.Errorf("%w: unknown format version %d (%q)", ErrCorrupt, env.Version, env.KDF)
	}
	if len(env.Salt) < 16 || len(env.Nonce) != 24 || len(env.Check) != sha256.Size || env.N > 1<<20 || env.R > 32 || env.P > 16 {
		return nil, fmt.Errorf("%w: bad header", ErrCorrupt)
	}
	key, err := deriveKey(pass, env.Salt, env.N, env.R, env.P)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	if !hmac.Equal(keyCheck(key), env.Check) {
		return nil, ErrWrongPassphrase
	}
	var nonce [24]byte
	copy(nonce[:], env.Nonce)
	plain, ok := secretbox.Open(nil, env.Box, &nonce, key)
	if !ok {
		return nil, fmt.Errorf("%w: the entries fail authentication", ErrCorrupt)
	}
	m := map[string]Entry{}
	if err := json.Unmarshal(plain, &m); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	return m, nil
}
