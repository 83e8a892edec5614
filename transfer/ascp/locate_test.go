package ascp

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o755); err != nil {
		t.Fatal(err)
	}
}

func TestLocateOrder(t *testing.T) {
	home := t.TempDir()
	bin := t.TempDir()
	env := map[string]string{"PATH": bin}
	getenv := func(k string) string { return env[k] }
	o := LocateOptions{Home: home, Getenv: getenv, GOOS: "linux"}
	_, err := Locate(o)
	if err == nil || !strings.Contains(err.Error(), filepath.Join(home, ".aspera", "sdk", "ascp")) ||
		!strings.Contains(err.Error(), "/opt/aspera/bin/ascp") || !strings.Contains(err.Error(), "--ascp-path") {
		t.Fatalf("no ascp: %v", err)
	}
	write(t, filepath.Join(home, ".aspera/connect/bin/ascp"), "")
	if l, err := Locate(o); err != nil || l.Product != "Aspera Connect" {
		t.Fatalf("connect: %+v %v", l, err)
	}
	write(t, filepath.Join(bin, "ascp"), "")
	if l, err := Locate(o); err != nil || l.Product != "PATH" {
		t.Fatalf("PATH: %+v %v", l, err)
	}
	write(t, filepath.Join(home, ".aspera/sdk/ascp"), "")
	if l, err := Locate(o); err != nil || l.Product != "sdk" || l.Path != filepath.Join(home, ".aspera/sdk/ascp") {
		t.Fatalf("sdk: %+v %v", l, err)
	}
	o.AscpPath = filepath.Join(bin, "ascp")
	if l, err := Locate(o); err != nil || l.Product != "ascp_path" {
		t.Fatalf("ascp_path: %+v %v", l, err)
	}
	o.AscpPath = filepath.Join(bin, "nope")
	if _, err := Locate(o); err == nil || !strings.Contains(err.Error(), "is not a file") {
		t.Fatalf("bad ascp_path: %v", err)
	}
	if p := products("darwin", home, getenv)[0]; p.sub != "Contents/Resources/transferd/bin" {
		t.Fatalf("darwin: %+v", p)
	}
}

func TestVersion(t *testing.T) {
	dir := t.TempDir()
	fake := filepath.Join(dir, "ascp")
	write(t, fake, "#!/bin/sh\necho 'ascp version 4.4.2.572 7fd3699'\necho 'Copyright ...'\n")
	if v, err := Version(context.Background(), fake); err != nil || v != "4.4.2.572" {
		t.Fatalf("version %q %v", v, err)
	}
	write(t, fake, "#!/bin/sh\nexit 3\n")
	if _, err := Version(context.Background(), fake); err == nil {
		t.Fatal("a failing ascp -A gave a version")
	}
}
