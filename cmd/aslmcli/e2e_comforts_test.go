package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/asperalm/aslmcli/products/shares/sharessim"
)

// TestConfigDetect runs `config detect URL` against the simulators the binary embeds, and the
// errors: a URL nothing known answers (exit 1), a scheme that cannot be probed (exit 2).
func TestConfigDetect(t *testing.T) {
	e := newEnv(t)
	for _, c := range []struct{ product, url, version string }{
		{"node", "", "requires authentication"},
		{"shares", "", sharessim.Version},
		{"console", "", "3.4.2"},
	} {
		url, _ := startProductSimulator(t, e, c.product)
		arg := url
		if c.product == "console" { // its standard path is found from the host alone
			arg = strings.TrimSuffix(url, "/aspera/console")
		}
		var got map[string]any
		if err := json.Unmarshal([]byte(e.ok("config", "detect", arg, "--format=json")), &got); err != nil {
			t.Fatal(err)
		}
		if got["product"] != c.product || got["version"] != c.version || got["url"] != url {
			t.Fatalf("detect %s: got %v, want %s %s %s", arg, got, c.product, c.version, url)
		}
	}
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte("<html>hello</html>"))
	}))
	defer plain.Close()
	e.fails(1, "no Aspera product detected at "+plain.URL, "config", "detect", plain.URL)
	r := e.fails(2, "scheme ftp", "config", "detect", "ftp://me:s3cret@host/")
	if strings.Contains(r.err, "s3cret") {
		t.Fatalf("password shown: %v", r)
	}
	e.fails(2, "", "config", "detect")
}

// TestConfigWizardDetects: `config wizard URL` without a product detects it, writes a preset
// of the URL found and the credentials given, made the plugin's default, which then works;
// an unknown product, and a wizard's missing option, are usage errors that write nothing.
func TestConfigWizardDetects(t *testing.T) {
	e := newEnv(t)
	url, _ := startProductSimulator(t, e, "node")
	e.fails(2, "unknown product nosuch", "config", "wizard", url, "nosuch")
	e.fails(2, "username", "config", "wizard", url, "faspex5", "--client-id=c")
	if out := e.ok("config", "preset", "list"); strings.Contains(out, "node") {
		t.Fatalf("a refused wizard wrote a preset: %s", out)
	}
	r := e.run("config", "wizard", url, "--username=node_user", "--password=node_pass")
	if r.code != 0 || !strings.Contains(r.err, "Detected node") || !strings.Contains(r.err, "Preset node written, the default of node") {
		t.Fatalf("wizard: %v", r)
	}
	if got := e.ok("config", "preset", "get", "node", "url"); strings.TrimSpace(got) != url {
		t.Fatalf("preset url %q, want %s", got, url)
	}
	if v := e.ok("node", "info", "--fields=version"); !strings.Contains(v, "simulator") {
		t.Fatalf("node info with the default preset: %q", v)
	}
}
