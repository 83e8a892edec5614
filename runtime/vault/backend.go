package vault

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Backend is a store of named secrets: the encrypted file ([Vault]) or the OS keychain
// ([Keychain]). Both keep the same contract: entry names are non-empty text, an entry is a
// secret and optional text fields, Set adds or replaces, Delete reports whether the entry
// existed. Errors carry the store's location, never a secret.
type Backend interface {
	// Names returns the entry names, sorted.
	Names() ([]string, error)
	// Get returns the entry NAME; found is false when there is none.
	Get(name string) (e Entry, found bool, err error)
	// Set adds or replaces the entry NAME.
	Set(name string, e Entry) error
	// Delete removes the entry NAME and reports whether it existed.
	Delete(name string) (bool, error)
	// Info describes the store for `config vault info`: its type and location, no secret.
	Info() map[string]any
}

// Types of [Spec].
const (
	TypeFile   = "file"   // the encrypted file HOME/vault
	TypeSystem = "system" // the OS keychain (secret service on Linux); "keychain" is an alias
)

// Spec chooses a backend: the value of the --vault option.
type Spec struct {
	Type    string // TypeFile or TypeSystem
	File    string // TypeFile: path of the file, relative to the tool's home (default FileName)
	Service string // TypeSystem: the service the items are filed under (default DefaultService)
}

// ErrBadSpec is the error of ParseSpec (wrapped with the reason).
var ErrBadSpec = errors.New("bad vault choice")

// specKeys are the keys a --vault mapping may hold, per type.
var specKeys = map[string][]string{TypeFile: {"type", "file"}, TypeSystem: {"type", "service"}}

// ParseSpec reads the --vault option: nil (the file vault), a word (file, system, keychain),
// or a mapping {"type": WORD, "file": PATH} / {"type": WORD, "service": NAME} as ascli writes
// it (type defaults to file). Unknown types and keys are refused.
func ParseSpec(v any) (Spec, error) {
	var m map[string]any
	switch t := v.(type) {
	case nil:
		m = map[string]any{}
	case string:
		m = map[string]any{"type": t}
	case map[string]any:
		m = t
	default:
		return Spec{}, fmt.Errorf("%w: give file, system, or a mapping such as @json:{\"type\":\"system\"}", ErrBadSpec)
	}
	s := Spec{Type: TypeFile, File: FileName, Service: DefaultService}
	if t, ok := m["type"]; ok {
		w, _ := t.(string)
		switch strings.ToLower(w) {
		case "file":
			s.Type = TypeFile
		case "system", "keychain":
			s.Type = TypeSystem
		case "vault":
			return Spec{}, fmt.Errorf("%w: HashiCorp Vault (type vault) is not supported; use file or system", ErrBadSpec)
		default:
			return Spec{}, fmt.Errorf("%w: unknown type %q, use file or system (keychain)", ErrBadSpec, fmt.Sprint(t))
		}
	}
	allowed := specKeys[s.Type]
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		known := false
		for _, a := range allowed {
			known = known || k == a
		}
		if !known {
			return Spec{}, fmt.Errorf("%w: unknown key %q for a %s vault (keys: %s)", ErrBadSpec, k, s.Type, strings.Join(allowed, ", "))
		}
		if k == "type" {
			continue
		}
		text, ok := m[k].(string)
		if !ok || text == "" {
			return Spec{}, fmt.Errorf("%w: %s must be non-empty text", ErrBadSpec, k)
		}
		switch k {
		case "file":
			s.File = text
		case "service":
			s.Service = text
		}
	}
	return s, nil
}
