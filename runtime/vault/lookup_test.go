package vault

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

func TestLookup(t *testing.T) {
	v, _ := Open(filepath.Join(t.TempDir(), FileName), "pw")
	v.Set("node", Entry{Secret: "n-Secret", Fields: map[string]string{"username": "nu", "url": "https://n"}})
	v.Set("with.dot", Entry{Secret: "dot-Secret"})
	v.Set("own", Entry{Secret: "own-Secret", Fields: map[string]string{"password": "field-pw"}})
	good := map[string]string{
		"node": "n-Secret", "node.secret": "n-Secret", "node.password": "n-Secret", "node.username": "nu",
		"node.url": "https://n", "with.dot": "dot-Secret", "with.dot.secret": "dot-Secret",
		"own.password": "field-pw", "own.secret": "own-Secret",
	}
	for ref, want := range good {
		if got, err := Lookup(v, ref); err != nil || got != want {
			t.Errorf("%s: %q %v", ref, got, err)
		}
	}
	bad := map[string]string{
		"nope":          `no vault entry "nope" (`,
		"nope.password": `no vault entry "nope.password" nor "nope"`,
		"node.color":    `entry "node" has no field "color"`,
		"node.":         `no vault entry "node."`,
		".x":            `no vault entry ".x"`,
	}
	for ref, want := range bad {
		if _, err := Lookup(v, ref); !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v (want %q)", ref, err, want)
		}
	}
}
