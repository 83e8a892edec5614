package ascp

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type entry struct {
	name, body, link string
	mode             int64
}

func tgz(t *testing.T, entries []entry) []byte {
	t.Helper()
	var b bytes.Buffer
	gz := gzip.NewWriter(&b)
	tw := tar.NewWriter(gz)
	for _, e := range entries {
		h := &tar.Header{Name: e.name, Mode: e.mode, Size: int64(len(e.body)), Typeflag: tar.TypeReg}
		if e.link != "" {
			h.Typeflag, h.Linkname, h.Size = tar.TypeSymlink, e.link, 0
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(e.body)); err != nil {
			t.Fatal(err)
		}
	}
	tw.Close()
	gz.Close()
	return b.Bytes()
}

func TestInstallSDK(t *testing.T) {
	ascpScript := "#!/bin/sh\necho 'ascp version 4.4.5.1 x'\n"
	archives := map[string][]byte{
		"/good.tar.gz": tgz(t, []entry{{name: "linux-x86_64/bin/ascp", body: ascpScript, mode: 0o755},
			{name: "linux-x86_64/etc/aspera_tokenauth_id_rsa", body: "key", mode: 0o600}}),
		"/evil.tar.gz":   tgz(t, []entry{{name: "../../escape", body: "x", mode: 0o644}, {name: "bin/ascp", body: ascpScript, mode: 0o755}}),
		"/link.tar.gz":   tgz(t, []entry{{name: "bin/ascp", link: "/bin/sh"}}),
		"/noascp.tar.gz": tgz(t, []entry{{name: "README", body: "x", mode: 0o644}}),
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/locations.yaml" {
			w.Write([]byte("- {platform: linux-x86_64, version: 1.1.9, url: old}\n- {platform: linux-x86_64, version: 1.1.10, url: new}\n- {platform: osx-arm64, version: 2.0.0, url: mac}\n"))
			return
		}
		if a, ok := archives[r.URL.Path]; ok {
			w.Write(a)
			return
		}
		http.NotFound(w, r)
	}))
	defer srv.Close()
	ctx := context.Background()
	if u, err := SDKArchiveURL(ctx, nil, srv.URL+"/locations.yaml", "linux-x86_64"); err != nil || u != "new" {
		t.Fatalf("latest: %q %v", u, err)
	}
	if _, err := SDKArchiveURL(ctx, nil, srv.URL+"/locations.yaml", "aix-ppc"); err == nil || !strings.Contains(err.Error(), "aix-ppc") {
		t.Fatalf("unknown platform: %v", err)
	}
	dir := filepath.Join(t.TempDir(), "sdk")
	loc, err := InstallSDK(ctx, nil, srv.URL+"/good.tar.gz", dir)
	if err != nil || loc.Path != filepath.Join(dir, "ascp") || loc.Version != "4.4.5.1" {
		t.Fatalf("install: %+v %v", loc, err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "aspera_tokenauth_id_rsa")); string(b) != "key" {
		t.Fatalf("key: %q", b)
	}
	// entries never leave the folder: "../../escape" lands as dir/escape
	evil := filepath.Join(t.TempDir(), "a", "b", "sdk")
	if _, err := InstallSDK(ctx, nil, srv.URL+"/evil.tar.gz", evil); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(evil, "..", "..", "escape")); !os.IsNotExist(err) {
		t.Fatalf("escaped the folder: %v", err)
	}
	for _, bad := range []string{"/link.tar.gz", "/noascp.tar.gz", "/missing.tar.gz"} {
		d := t.TempDir()
		if _, err := InstallSDK(ctx, nil, srv.URL+bad, d); err == nil {
			t.Errorf("%s: no error", bad)
		}
		ents, _ := os.ReadDir(d)
		for _, e := range ents {
			if strings.HasSuffix(e.Name(), ".part") || e.Name() == sdkArchive {
				t.Errorf("%s: left %s", bad, e.Name())
			}
		}
	}
}
