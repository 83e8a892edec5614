package vault

import (
	"errors"
	"fmt"
	"strings"
)

// ErrNotFound is the error of Lookup for a reference that names no entry or field.
var ErrNotFound = errors.New("no vault entry")

// Lookup answers a `@vault:REF` reference from b. REF is an entry name, whose secret is the
// answer, or ascli's LABEL.FIELD: the entry LABEL (split at the last dot) and its FIELD, where
// "secret" is the secret and "password" the secret unless the entry has a field of that name.
// A name that exists whole wins over the split, so entry names may hold dots.
func Lookup(b Backend, ref string) (string, error) {
	e, found, err := b.Get(ref)
	if err != nil || found {
		return e.Secret, err
	}
	label, field, split := cutLast(ref)
	if !split {
		return "", fmt.Errorf("%w %q (aslmcli config vault list)", ErrNotFound, ref)
	}
	if e, found, err = b.Get(label); err != nil {
		return "", err
	}
	if !found {
		return "", fmt.Errorf("%w %q nor %q (aslmcli config vault list)", ErrNotFound, ref, label)
	}
	if v, ok := e.Fields[field]; ok {
		return v, nil
	}
	if field == "secret" || field == "password" {
		return e.Secret, nil
	}
	return "", fmt.Errorf("%w: entry %q has no field %q (aslmcli config vault show %s)", ErrNotFound, label, field, label)
}

// cutLast splits ref at its last dot, when both sides are non-empty.
func cutLast(ref string) (label, field string, ok bool) {
	i := strings.LastIndexByte(ref, '.')
	if i <= 0 || i == len(ref)-1 {
		return "", "", false
	}
	return ref[:i], ref[i+1:], true
}
