package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/asperalm/aslmcli/transfer/ascp"
)

// serveConnectFeed serves the recorded Connect version feed (products/connectfeed/testdata) at
// /connect/connectversions.js, and an installer body for every file under /connect/bin/.
func serveConnectFeed(t *testing.T) string {
	t.Helper()
	feed, err := os.ReadFile(filepath.Join("..", "..", "products", "connectfeed", "testdata", "connectversions.js"))
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/connect/connectversions.js", func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write(feed) })
	mux.HandleFunc("/connect/bin/", func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte("installer " + filepath.Base(r.URL.Path)))
	})
	s := httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s.URL + "/connect/connectversions.js"
}

// TestClientConnectManual runs the manual's `client connect` examples verbatim against the
// recorded feed served locally (the feed URL given by the environment, as a user's preset would).
func TestClientConnectManual(t *testing.T) {
	e := newEnv(t)
	e.setenv("ASLMCLI_CONNECT_INFO_URL=" + serveConnectFeed(t))
	e.runManual([]manualCase{
		{"aslmcli client connect list", []string{"client", "connect", "list"},
			[]string{"urn:uuid:589F9EE5-0489-4F73-9982-A612FAC70C4E", "Aspera Connect for Windows", "4.2.12.780", "Aspera Connect for Linux 64"}},
		{"aslmcli client connect id 'Aspera Connect for Windows' info", []string{"client", "connect", "id", "Aspera Connect for Windows", "info"},
			[]string{"title", "Aspera Connect for Windows", "version", "4.2.12.780"}},
		{"$ aslmcli client connect id 'Aspera Connect for Mac Intel 10.6' links list", []string{"client", "connect", "id", "Aspera Connect for Mac Intel 10.6", "links", "list"},
			[]string{"title", "type", "href", "hreflang", "rel", "Mac Intel Installer", "application/octet-stream", "bin/IBMAsperaConnectInstaller-4.2.12.780.dmg", "en", "enclosure"}},
		{"aslmcli client connect id 'Aspera Connect for Windows' links list", []string{"client", "connect", "id", "Aspera Connect for Windows", "links", "list"},
			[]string{"Windows Installer", "release-notes"}},
		{"$ aslmcli client connect id 'Aspera Connect for Mac Intel 10.6' links id 'Mac Intel Installer' download --to-folder=.",
			[]string{"client", "connect", "id", "Aspera Connect for Mac Intel 10.6", "links", "id", "Mac Intel Installer", "download", "--to-folder=."},
			[]string{"downloaded: IBMAsperaConnectInstaller-4.2.12.780.dmg"}},
		{"aslmcli client connect id 'Aspera Connect for Windows' links id 'Windows Installer' download --to-folder=.",
			[]string{"client", "connect", "id", "Aspera Connect for Windows", "links", "id", "Windows Installer", "download", "--to-folder=."},
			[]string{"downloaded: IBMAsperaConnectSetup-v4.2.12.780.exe"}},
	})
	if got := e.read(filepath.Join(e.dir, "IBMAsperaConnectSetup-v4.2.12.780.exe")); got != "installer IBMAsperaConnectSetup-v4.2.12.780.exe" {
		t.Fatalf("downloaded file: %q", got)
	}
	// the option overrides the environment; unknown names are usage errors naming what was asked
	e.fails(2, `connect entry "nope"`, "client", "connect", "id", "nope", "info")
	e.fails(2, `connect link "nope"`, "client", "connect", "id", "Aspera Connect for Windows", "links", "id", "nope", "download")
	e.fails(1, "404", "client", "connect", "list", "--connect-info-url="+strings.TrimSuffix(serveConnectFeed(t), ".js")+".json")
	e.fails(2, "", "client", "connect", "id", "Aspera Connect for Windows", "links", "id")
}

// TestClientLocation lists the products installed in the test's HOME: an "IBM Aspera Connect"
// holding the ascp double, which --use-product then picks.
func TestClientLocation(t *testing.T) {
	e := newEnv(t)
	e.ok("client", "location") // nothing installed: an empty list, no error
	root := filepath.Join(e.dir, ".aspera", "connect")
	fake, err := os.ReadFile(fakeascp(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(e.write(".aspera/connect/bin/ascp", string(fake)), 0o755); err != nil {
		t.Fatal(err)
	}
	e.write(".aspera/connect/etc/asperaweb_id_dsa.openssh", "key")
	e.write(".aspera/connect/product-info.mf", "<product><name>IBM Aspera Connect</name></product>")
	e.setenv("FAKEASCP_SCRIPT=ok")
	e.runManual([]manualCase{
		{"aslmcli client location", []string{"client", "location"}, []string{"IBM Aspera Connect", root, filepath.Join(root, "bin", "ascp")}},
		{"client installation", []string{"client", "installation", "--format=json"}, []string{`"keys":["` + filepath.Join(root, "etc", "asperaweb_id_dsa.openssh") + `"]`}},
		{"the same ascp through --use-product", []string{"config", "ascp", "show", "--use-product=IBM Aspera Connect"}, []string{filepath.Join(root, "bin", "ascp")}},
		// the original plugin's words
		{"client available", []string{"client", "available", "--format=csv", "--fields=name"}, []string{"IBM Aspera Connect"}},
		{"client current", []string{"client", "current", "--format=csv"}, []string{"ascp," + filepath.Join(root, "bin", "ascp"), "ssh key," + filepath.Join(root, "etc", "asperaweb_id_dsa.openssh")}},
	})
}

// TestConfigAscpProductsAndDoc: `config ascp products use` and `config ascp use` save the
// ascp_path that later commands use; `config ascp spec` lists the schema; `config doc` prints
// the manual's URL, or gives it to the browser with --ui=graphical.
func TestConfigAscpProductsAndDoc(t *testing.T) {
	e := newEnv(t)
	fake, err := os.ReadFile(fakeascp(t))
	if err != nil {
		t.Fatal(err)
	}
	connect := e.write(".aspera/connect/bin/ascp", string(fake))
	other := e.write("elsewhere/ascp", string(fake))
	for _, p := range []string{connect, other} {
		if err := os.Chmod(p, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	e.setenv("FAKEASCP_SCRIPT=ok")
	e.runManual([]manualCase{
		{"config ascp products list", []string{"config", "ascp", "products", "list"}, []string{"Aspera Connect", connect}},
		{"config ascp products use", []string{"config", "ascp", "products", "use", "Aspera Connect"}, []string{connect}},
		{"config ascp show", []string{"config", "ascp", "show"}, []string{connect}},
		{"config ascp use PATH", []string{"config", "ascp", "use", other}, []string{other}},
		{"config ascp info", []string{"config", "ascp", "info"}, []string{other, "ascp_path"}},
		{"config ascp spec", []string{"config", "ascp", "spec"}, []string{"cipher", "-c", "target_rate_kbps"}},
		{"config doc", []string{"config", "doc"}, []string{"https://github.com/asperalm/aslmcli"}},
	})
	e.fails(2, "no file", "config", "ascp", "use", filepath.Join(e.dir, "nope"))
	e.fails(1, "no installed Aspera product", "config", "ascp", "products", "use", "Nope")
	// the browser double records the URL it was given
	opened := filepath.Join(e.dir, "opened")
	browser := e.write("browser.sh", "#!/bin/sh\necho \"$1\" > "+opened+"\n")
	if err := os.Chmod(browser, 0o755); err != nil {
		t.Fatal(err)
	}
	e.setenv("BROWSER=" + browser)
	if out := e.ok("config", "documentation", "--ui=graphical"); strings.Contains(out, "https://") {
		t.Fatalf("opened and printed: %q", out)
	}
	for i := 0; i < 100 && !strings.Contains(readOrEmpty(opened), "https://github.com/asperalm/aslmcli"); i++ {
		time.Sleep(20 * time.Millisecond)
	}
	if got := readOrEmpty(opened); !strings.Contains(got, "https://github.com/asperalm/aslmcli") {
		t.Fatalf("browser was given %q", got)
	}
}

func readOrEmpty(p string) string { b, _ := os.ReadFile(p); return string(b) }

// TestConfigAscpInstall installs a small Transfer SDK archive (the ascp double) served locally,
// through the locations list and through --sdk-url; the direct agent then finds it.
func TestConfigAscpInstall(t *testing.T) {
	e := newEnv(t)
	fake, err := os.ReadFile(fakeascp(t))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	gz := gzip.NewWriter(&b)
	tw := tar.NewWriter(gz)
	for _, f := range []struct {
		name string
		body []byte
	}{{"ibm-aspera-transfer-sdk/bin/ascp", fake}, {"ibm-aspera-transfer-sdk/etc/aspera_tokenauth_id_rsa", []byte("key")}} {
		if err := tw.WriteHeader(&tar.Header{Name: f.name, Mode: 0o755, Size: int64(len(f.body)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		_, _ = tw.Write(f.body)
	}
	_ = tw.Close()
	_ = gz.Close()
	mux := http.NewServeMux()
	mux.HandleFunc("/sdk.tar.gz", func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write(b.Bytes()) })
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	mux.HandleFunc("/locations.yaml", func(w http.ResponseWriter, r *http.Request) {
		_, _ = fmt.Fprintf(w, "- platform: %s\n  version: 1.1.6\n  url: %s/sdk.tar.gz\n", ascp.SDKPlatform(), srv.URL)
	})
	e.setenv("FAKEASCP_SCRIPT=ok")
	sdk := filepath.Join(e.dir, ".aspera", "sdk", "ascp")
	e.runManual([]manualCase{
		{"config ascp install (the locations list)", []string{"config", "ascp", "install", "--locations-url=" + srv.URL + "/locations.yaml"}, []string{sdk}},
		{"config ascp show", []string{"config", "ascp", "show"}, []string{sdk}},
		{"config ascp install --sdk-url=URL", []string{"config", "ascp", "install", "--sdk-url=" + srv.URL + "/sdk.tar.gz", "--sdk-folder=" + filepath.Join(e.dir, "other")},
			[]string{filepath.Join(e.dir, "other", "ascp")}},
	})
	e.fails(1, "404", "config", "ascp", "install", "--sdk-url="+srv.URL+"/nope.tar.gz")
}
