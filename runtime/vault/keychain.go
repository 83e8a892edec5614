package vault

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	keyring "github.com/zalando/go-keyring"
)

// DefaultService is the service the keychain's items are filed under.
const DefaultService = "aslmcli"

// ErrListUnsupported is the error of Keychain.Names where the OS keychain cannot be searched
// (macOS, Windows: go-keyring offers no listing there).
var ErrListUnsupported = errors.New("this keychain cannot list its entries; show, create and delete work")

// Keychain is the OS keychain seen as a [Backend]: one item per entry, under a service.
// Every call goes to the keychain (nothing is cached), so it is safe for concurrent use as
// far as the keychain is.
type Keychain struct {
	service string
}

// OpenKeychain returns the keychain backend for service ("" is DefaultService). On the
// secret service it checks that a D-Bus session bus can be found, without starting one:
// a headless machine gets a clear error instead of a stray bus daemon.
func OpenKeychain(service string) (*Keychain, error) {
	if service == "" {
		service = DefaultService
	}
	k := &Keychain{service: service}
	if err := sessionReady(); err != nil {
		return nil, k.wrap(err)
	}
	return k, nil
}

// Info describes the keychain: {type = "system", service = SERVICE, keychain = what it is}.
func (k *Keychain) Info() map[string]any {
	return map[string]any{"type": TypeSystem, "service": k.service, "keychain": keychainKind}
}

// Names returns the names of the items filed under the service, sorted.
func (k *Keychain) Names() ([]string, error) {
	names, err := listNames(k.service)
	if err != nil {
		return nil, k.wrap(err)
	}
	return names, nil
}

// Get returns the entry NAME.
func (k *Keychain) Get(name string) (Entry, bool, error) {
	if name == "" {
		return Entry{}, false, nil
	}
	value, err := keyring.Get(k.service, name)
	if errors.Is(err, keyring.ErrNotFound) {
		return Entry{}, false, nil
	}
	if err != nil {
		return Entry{}, false, k.wrap(err)
	}
	e, err := decodeItem(value)
	if err != nil {
		return Entry{}, false, k.wrap(fmt.Errorf("entry %q: %w", name, err))
	}
	return e, true, nil
}

// Set adds or replaces the entry NAME.
func (k *Keychain) Set(name string, e Entry) error {
	if name == "" {
		return k.wrap(errors.New("empty entry name"))
	}
	value, err := encodeItem(e)
	if err != nil {
		return k.wrap(err)
	}
	if err := keyring.Set(k.service, name, value); err != nil {
		return k.wrap(fmt.Errorf("entry %q: %w", name, err))
	}
	return nil
}

// Delete removes the entry NAME and reports whether it existed.
func (k *Keychain) Delete(name string) (bool, error) {
	if name == "" {
		return false, nil
	}
	err := keyring.Delete(k.service, name)
	if errors.Is(err, keyring.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, k.wrap(fmt.Errorf("entry %q: %w", name, err))
	}
	return true, nil
}

// lockedHint is added to go-keyring's error for a keychain that stayed locked (no prompt
// could be shown: no desktop session), which only names a D-Bus path.
const lockedHint = "the keychain is locked and could not be unlocked here: a desktop login unlocks it, " +
	"or gnome-keyring-daemon --unlock reading its password on stdin; --vault=file is the encrypted file"

func (k *Keychain) wrap(err error) error {
	if strings.Contains(err.Error(), "failed to unlock") {
		err = fmt.Errorf("%w (%s)", err, lockedHint)
	}
	return fmt.Errorf("%s (service %s): %w", keychainKind, k.service, err)
}

// itemMarker starts the stored value of an entry with fields.
const itemMarker = `{"aslmcli_vault":`

// item is the stored form of an entry with fields (its field order makes itemMarker first).
type item struct {
	Version int               `json:"aslmcli_vault"`
	Secret  string            `json:"secret"`
	Fields  map[string]string `json:"fields,omitempty"`
}

// encodeItem returns the stored value of e: the bare secret when it has no fields (and does
// not itself look like a stored document), else the marked JSON document.
func encodeItem(e Entry) (string, error) {
	if len(e.Fields) == 0 && !strings.HasPrefix(e.Secret, itemMarker) {
		return e.Secret, nil
	}
	b, err := json.Marshal(item{Version: 1, Secret: e.Secret, Fields: e.Fields})
	return string(b), err
}

// decodeItem reads a stored value: a marked document, or any other text as a bare secret.
func decodeItem(value string) (Entry, error) {
	if !strings.HasPrefix(value, itemMarker) {
		return Entry{Secret: value}, nil
	}
	var it item
	if err := json.Unmarshal([]byte(value), &it); err != nil || it.Version != 1 {
		return Entry{}, fmt.Errorf("%w: unreadable stored entry", ErrCorrupt)
	}
	if len(it.Fields) == 0 {
		it.Fields = nil
	}
	return Entry{Secret: it.Secret, Fields: it.Fields}, nil
}
