package connectfeed

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
)

// serveFeed serves the recorded feed at /connect/connectversions.js and installers under /connect/bin/.
func serveFeed(t *testing.T) *httptest.Server {
	t.Helper()
	feed, err := os.ReadFile("testdata/connectversions.js")
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/connect/connectversions.js", func(w http.ResponseWriter, r *http.Request) { w.Write(feed) })
	mux.HandleFunc("/connect/bin/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/connect/bin/" {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte("installer of " + r.URL.Path))
	})
	s := httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

func TestFetchFindDownload(t *testing.T) {
	s := serveFeed(t)
	f, err := Fetch(context.Background(), nil, s.URL+"/connect/connectversions.js")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Entries) != 4 {
		t.Fatalf("entries: %d", len(f.Entries))
	}
	// ids repeat: by id, the first; by title, that one
	e, err := f.Entry("urn:uuid:589F9EE5-0489-4F73-9982-A612FAC70C4E")
	if err != nil || e["title"] != "Aspera Connect for Windows" {
		t.Fatalf("by id: %v %v", e["title"], err)
	}
	e, err = f.Entry("Aspera Connect for Mac Intel 10.6")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := Info(e)["links"]; ok || Info(e)["version"] != "4.2.12.780" {
		t.Fatalf("info: %v", Info(e))
	}
	if len(Links(e)) != 2 {
		t.Fatalf("links: %v", Links(e))
	}
	l, err := Link(e, "Mac Intel Installer")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	p, err := f.Download(context.Background(), l, dir)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(p)
	if p != filepath.Join(dir, "IBMAsperaConnectInstaller-4.2.12.780.dmg") || string(b) != "installer of /connect/bin/IBMAsperaConnectInstaller-4.2.12.780.dmg" {
		t.Fatalf("downloaded %s: %q", p, b)
	}
	if _, err := f.Entry("nope"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing entry: %v", err)
	}
	if _, err := Link(e, "nope"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing link: %v", err)
	}
}

func TestDownloadFailureLeavesNothing(t *testing.T) {
	s := serveFeed(t)
	f, err := Fetch(context.Background(), nil, s.URL+"/connect/connectversions.js")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, l := range []map[string]any{
		{"title": "t", "href": "bin/"},          // no file name
		{"title": "t", "href": "missing/x.exe"}, // 404
		{"title": "t"},                          // no href
	} {
		if _, err := f.Download(context.Background(), l, dir); err == nil {
			t.Errorf("%v: no error", l)
		}
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Fatalf("left behind: %v", ents)
	}
}

func TestParse(t *testing.T) {
	for _, bad := range []string{"", "var x;", "AW4.connectVersions = {};", "x = [1];"} {
		if _, err := Parse([]byte(bad)); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
	if e, err := Parse([]byte(`{"entries":[{"id":"a"}]}`)); err != nil || len(e) != 1 {
		t.Fatalf("plain JSON: %v %v", e, err)
	}
}
