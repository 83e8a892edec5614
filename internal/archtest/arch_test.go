package archtest

import (
	"encoding/json"
	"io"
	"os/exec"
	"strings"
	"testing"
)

// TestLayers fails when an import breaks the layer table of DESIGN.md.
func TestLayers(t *testing.T) {
	cmd := exec.Command("go", "list", "-json=ImportPath,Imports,Deps", Module+"/...")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	var pkgs []Package
	for {
		var p struct {
			ImportPath    string
			Imports, Deps []string
		}
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, Package{Path: p.ImportPath, Imports: p.Imports, Deps: p.Deps})
	}
	if len(pkgs) < 10 {
		t.Fatalf("go list found only %d packages", len(pkgs))
	}
	for _, v := range Check(pkgs) {
		t.Error(v)
	}
}

// TestCheckFindsViolations proves the check can fail.
func TestCheckFindsViolations(t *testing.T) {
	m := Module + "/"
	got := Check([]Package{
		{Path: m + "products/node", Imports: []string{m + "runtime", "net/http"}, Deps: []string{m + "runtime", lua}},
		{Path: m + "runtime/config", Imports: []string{"go.yaml.in/yaml/v3"}, Deps: []string{lua + "/parse"}},
		{Path: m + "bindings", Imports: []string{m + "cmd/aslmcli"}, Deps: []string{m + "cmd/aslmcli"}},
		{Path: m + "stdlib/json", Imports: []string{m + "runtime"}, Deps: []string{m + "runtime", lua}},
		{Path: m + "newlayer", Imports: nil},
		// the standard library's runtime is not the module's runtime/
		{Path: m + "products/rest", Imports: []string{"net/http"}, Deps: []string{"runtime", "runtime/cgo", "net/http"}},
	})
	want := []string{
		"bindings depends on cmd/aslmcli, which its layer must never import",
		"bindings imports cmd/aslmcli, which its layer may not import",
		"newlayer: no rule in the layer table",
		"products/node depends on " + lua + ", which its layer must never import",
		"products/node depends on runtime, which its layer must never import",
		"products/node imports runtime, which its layer may not import",
		"runtime/config depends on " + lua + "/parse, which its layer must never import",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestMatchPatterns(t *testing.T) {
	for _, c := range []struct {
		p, pattern string
		want       bool
	}{
		{"products/aoc/aocsim", "products/*/*sim", true},
		{"products/aoc", "products/*/*sim", false},
		{"products/aoc/aocsim/x", "products/*/*sim", false},
		{"products/faspex5/internal/f5test", "products/*/internal/...", true},
		{"products/faspex5/internal", "products/*/internal/...", true},
		{"products/faspex5/other", "products/*/internal/...", false},
		{"bindings", "bindings/...", true},
		{"bindingsx", "bindings/...", false},
		{"transfer/spec", "transfer/spec", true},
	} {
		if got := match(c.p, c.pattern); got != c.want {
			t.Errorf("match(%q, %q) = %v", c.p, c.pattern, got)
		}
	}
	// the simulator rule comes before the products rule
	if r := rule("products/aoc/aocsim"); r == nil || r.Pkg != "products/*/*sim" {
		t.Fatalf("rule of a simulator: %+v", r)
	}
}
