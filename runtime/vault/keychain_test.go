package vault

import (
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	keyring "github.com/zalando/go-keyring"

	"github.com/asperalm/aslmcli/internal/keyringtest"
)

// contract drives a backend through the contract both backends keep.
func contract(t *testing.T, b Backend) {
	t.Helper()
	if n, err := b.Names(); err != nil || len(n) != 0 {
		t.Fatalf("new store: %v %v", n, err)
	}
	if _, found, err := b.Get("nope"); found || err != nil {
		t.Fatalf("get missing: %v %v", found, err)
	}
	withFields := Entry{Secret: "s3cr3t-Value", Fields: map[string]string{"username": "admin", "url": "https://h:9092"}}
	marked := Entry{Secret: itemMarker + `1,"secret":"x"}`} // a secret that looks like a stored document
	for name, e := range map[string]Entry{"node1": withFields, "bare": {Secret: "only-secret"}, "marked": marked} {
		if err := b.Set(name, e); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Set("", Entry{Secret: "x"}); err == nil {
		t.Fatal("an empty name was accepted")
	}
	if n, err := b.Names(); err != nil || !reflect.DeepEqual(n, []string{"bare", "marked", "node1"}) {
		t.Fatalf("names %v %v", n, err)
	}
	for name, want := range map[string]Entry{"node1": withFields, "bare": {Secret: "only-secret"}, "marked": marked} {
		if got, found, err := b.Get(name); err != nil || !found || !reflect.DeepEqual(got, want) {
			t.Fatalf("get %s: %+v %v %v", name, got, found, err)
		}
	}
	if err := b.Set("bare", Entry{Secret: "replaced"}); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := b.Get("bare"); got.Secret != "replaced" {
		t.Fatalf("replace: %+v", got)
	}
	if found, err := b.Delete("bare"); err != nil || !found {
		t.Fatalf("delete: %v %v", found, err)
	}
	if found, err := b.Delete("bare"); err != nil || found {
		t.Fatalf("second delete: %v %v", found, err)
	}
	if n, _ := b.Names(); !reflect.DeepEqual(n, []string{"marked", "node1"}) {
		t.Fatalf("names after delete %v", n)
	}
}

func TestFileContract(t *testing.T) {
	v, err := Open(filepath.Join(t.TempDir(), FileName), "pw")
	if err != nil {
		t.Fatal(err)
	}
	contract(t, v)
	if info := v.Info(); info["type"] != TypeFile || info["file"] != v.Path() {
		t.Fatalf("info %v", info)
	}
}

// TestKeychain runs the contract on a real secret service (gnome-keyring on a private session
// bus), then checks the stored forms and the items of other tools and services.
func TestKeychain(t *testing.T) {
	s := keyringtest.Start(t)
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", s.Address) // go-keyring uses the process's session bus
	k, err := OpenKeychain("aslmcli-test")
	if err != nil {
		t.Fatal(err)
	}
	contract(t, k)
	if info := k.Info(); info["type"] != TypeSystem || info["service"] != "aslmcli-test" {
		t.Fatalf("info %v", info)
	}

	// stored forms: a bare secret for entries without fields (other tools read it as is)
	if err := k.Set("plain", Entry{Secret: "pl-Secret"}); err != nil {
		t.Fatal(err)
	}
	if raw, err := keyring.Get("aslmcli-test", "plain"); err != nil || raw != "pl-Secret" {
		t.Fatalf("stored bare %q %v", raw, err)
	}
	if raw, _ := keyring.Get("aslmcli-test", "node1"); !strings.HasPrefix(raw, itemMarker) || !strings.Contains(raw, `"username":"admin"`) {
		t.Fatalf("stored with fields %q", raw)
	}
	// an item written by another tool is listed and read; another service's items are not
	if err := keyring.Set("aslmcli-test", "other-tool", "ot-Secret"); err != nil {
		t.Fatal(err)
	}
	if err := keyring.Set("someone-else", "foreign", "x"); err != nil {
		t.Fatal(err)
	}
	if n, _ := k.Names(); !reflect.DeepEqual(n, []string{"marked", "node1", "other-tool", "plain"}) {
		t.Fatalf("names %v", n)
	}
	if e, found, _ := k.Get("other-tool"); !found || e.Secret != "ot-Secret" || e.Fields != nil {
		t.Fatalf("other tool's item %+v", e)
	}
	if _, found, _ := k.Get("foreign"); found {
		t.Fatal("another service's item was read")
	}
	// a damaged stored document is an error that names the entry, not its value
	if err := keyring.Set("aslmcli-test", "bad", itemMarker+`"oops"`); err != nil {
		t.Fatal(err)
	}
	if _, _, err := k.Get("bad"); !errors.Is(err, ErrCorrupt) || strings.Contains(err.Error(), "oops") {
		t.Fatalf("damaged: %v", err)
	}
	// a second backend on the default service sees none of this
	d, err := OpenKeychain("")
	if err != nil {
		t.Fatal(err)
	}
	if n, err := d.Names(); err != nil || len(n) != 0 {
		t.Fatalf("default service %v %v", n, err)
	}
}

func TestKeychainWithoutBus(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+filepath.Join(t.TempDir(), "no-bus"))
	if _, err := OpenKeychain(""); err == nil || !strings.Contains(err.Error(), "no D-Bus session bus") {
		t.Fatalf("without a bus: %v", err)
	}
}

func TestParseSpec(t *testing.T) {
	def := Spec{Type: TypeFile, File: FileName, Service: DefaultService}
	sys := Spec{Type: TypeSystem, File: FileName, Service: DefaultService}
	good := []struct {
		in   any
		want Spec
	}{
		{nil, def},
		{"file", def},
		{"system", sys},
		{"Keychain", sys},
		{map[string]any{}, def},
		{map[string]any{"type": "file", "file": "/x/v"}, Spec{Type: TypeFile, File: "/x/v", Service: DefaultService}},
		{map[string]any{"type": "system", "service": "svc"}, Spec{Type: TypeSystem, File: FileName, Service: "svc"}},
	}
	for _, c := range good {
		if got, err := ParseSpec(c.in); err != nil || got != c.want {
			t.Errorf("%v: %+v %v", c.in, got, err)
		}
	}
	bad := map[string]any{
		"unknown type":        "cloud",
		"HashiCorp":           map[string]any{"type": "vault"},
		`unknown key "file"`:  map[string]any{"type": "system", "file": "x"},
		`unknown key "name"`:  map[string]any{"type": "file", "name": "x"},
		"must be non-empty":   map[string]any{"type": "system", "service": ""},
		"give file, system":   42,
		"service must be non": map[string]any{"type": "keychain", "service": 3},
	}
	for want, in := range bad {
		if _, err := ParseSpec(in); !errors.Is(err, ErrBadSpec) || !strings.Contains(err.Error(), want) {
			t.Errorf("%v: %v (want %q)", in, err, want)
		}
	}
}
