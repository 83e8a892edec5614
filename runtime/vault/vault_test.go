package vault

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func init() { scryptN = 1 << 10 } // fast tests; files record their own cost

func TestRoundTrip(t *testing.T) {
	p := filepath.Join(t.TempDir(), "new-home", FileName) // the folder is made on the first change
	v, err := Open(p, "pass phrase")
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := v.Names(); len(n) != 0 {
		t.Fatalf("new vault has %v", n)
	}
	e := Entry{Secret: "s3cr3t-value", Fields: map[string]string{"username": "admin"}}
	if err := v.Set("node1", e); err != nil {
		t.Fatal(err)
	}
	if err := v.Set("node2", Entry{Secret: "other"}); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(p)
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", st.Mode())
	}
	w, err := Open(p, "pass phrase")
	if err != nil {
		t.Fatal(err)
	}
	got, ok, _ := w.Get("node1")
	if !ok || got.Secret != e.Secret || got.Fields["username"] != "admin" {
		t.Fatalf("got %+v %v", got, ok)
	}
	if n, _ := w.Names(); len(n) != 2 || n[0] != "node1" || n[1] != "node2" {
		t.Fatalf("names %v", n)
	}
	if found, err := w.Delete("node1"); err != nil || !found {
		t.Fatalf("delete: %v %v", found, err)
	}
	if found, err := w.Delete("node1"); err != nil || found {
		t.Fatalf("second delete: %v %v", found, err)
	}
	x, _ := Open(p, "pass phrase")
	if _, ok, _ := x.Get("node1"); ok {
		t.Fatal("node1 after delete")
	}
	if n, _ := x.Names(); len(n) != 1 {
		t.Fatalf("after delete: %v", n)
	}
}

func TestNoPlaintextOnDisk(t *testing.T) {
	p := filepath.Join(t.TempDir(), FileName)
	v, _ := Open(p, "pw")
	if err := v.Set("entry-name-xyz", Entry{Secret: "PlainSecret42", Fields: map[string]string{"user": "FieldValue77"}}); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(p)
	for _, s := range []string{"PlainSecret42", "FieldValue77", "entry-name-xyz"} {
		if bytes.Contains(data, []byte(s)) {
			t.Fatalf("%q in the file", s)
		}
	}
	// each save draws a new salt and nonce
	if err := v.Set("entry-name-xyz", Entry{Secret: "PlainSecret42"}); err != nil {
		t.Fatal(err)
	}
	again, _ := os.ReadFile(p)
	if bytes.Equal(data, again) {
		t.Fatal("two saves wrote the same bytes")
	}
}

func TestWrongPassphraseAndCorrupt(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, FileName)
	v, _ := Open(p, "right")
	if err := v.Set("a", Entry{Secret: "b"}); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(p)
	if _, err := Open(p, "wrong"); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("wrong passphrase: %v", err)
	}
	if _, err := Open(p, ""); !errors.Is(err, ErrNoPassphrase) {
		t.Fatalf("empty passphrase: %v", err)
	}
	// a change with a wrong passphrase writes nothing
	w := &Vault{path: p, pass: []byte("wrong"), entries: map[string]Entry{}}
	if err := w.Set("c", Entry{Secret: "d"}); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("set with a wrong passphrase: %v", err)
	}
	if after, _ := os.ReadFile(p); !bytes.Equal(before, after) {
		t.Fatal("the file changed")
	}
	// flip one byte of the sealed box: the key check passes, authentication fails
	damaged := append([]byte(nil), before...)
	i := bytes.Index(damaged, []byte(`"box": "`)) + len(`"box": "`)
	if damaged[i] == 'A' {
		damaged[i] = 'B'
	} else {
		damaged[i] = 'A'
	}
	os.WriteFile(p, damaged, 0o600)
	if _, err := Open(p, "right"); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("damaged box: %v", err)
	}
	for _, text := range []string{"not json", `{"version":2,"kdf":"scrypt"}`, `{"version":1,"kdf":"scrypt","salt":"AA=="}`} {
		os.WriteFile(p, []byte(text), 0o600)
		if _, err := Open(p, "right"); !errors.Is(err, ErrCorrupt) {
			t.Fatalf("%s: %v", text, err)
		}
	}
}
