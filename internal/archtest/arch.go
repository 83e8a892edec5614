// Package archtest keeps the layers of ../shared/DESIGN.md true: a test lists every package
// of the module with `go list` and checks its imports against the table below.
//
// Additions to the design's table, all leaves that hold no Lua and no product logic:
// internal/secret (the one redactor) may be imported by every layer; internal/atomicfile
// (atomic file replacement, folder lock) by runtime/config, runtime/vault, stdlib and products (token caches);
// internal/statefile (the state kept between runs: the --once-only ids) by products and bindings;
// internal/yamlerr (true line numbers of YAML errors) by runtime/config, runtime/extval and
// stdlib; internal/plain (decoded JSON/YAML to plain values) by runtime/config and
// runtime/extval; stdlib/internal/* (helpers of the stdlib modules) by stdlib; and
// internal/openapitest (OpenAPI contract checks of the product fakes) by tests and the
// test helpers of products (products/*/internal/...); a product's simulator
// (products/*/*sim) may import the other products, their simulators included, and
// internal/simhttp (listen, serve, shut down); internal/sshtest (a real sshd for
// tests) and internal/keyringtest (a real secret service on a private D-Bus) by tests; api (the official documents, embedded) by internal/openapitest only, so
// that they never reach the binary; internal/copytree (a far end's file copy) by the test
// doubles of the agents (connecttest, and fakeascp, a testdata command go list does not see);
// internal/sdktest (Node and IBM's npm SDKs for the tests) by tests.
// bindings may use stdlib/out, so that cli:show and out.show print through the same code.
// Transfer agents may use products/server too: the sftp agent moves bytes over its SSH
// connection.
package archtest

import (
	"fmt"
	"path"
	"sort"
	"strings"
)

// Module is the module path.
const Module = "github.com/asperalm/aslmcli"

const lua = "github.com/yuin/gopher-lua"

// Rule constrains the packages matching Pkg: their direct imports inside the module must
// match one of Allow, and none of their dependencies (direct or not) may match Deny.
type Rule struct {
	Pkg   string
	Allow []string
	Deny  []string
}

// Rules is the import table of DESIGN.md. Patterns are module-relative; "x/..." means x and
// everything below it; a full path (gopher-lua) is matched as is. The first matching rule
// applies, so specific rules come first.
var Rules = []Rule{
	{Pkg: "internal/secret", Allow: nil, Deny: []string{lua}},
	{Pkg: "internal/atomicfile", Allow: nil, Deny: []string{lua}},
	{Pkg: "internal/statefile", Allow: []string{"internal/atomicfile"}, Deny: []string{lua}},
	{Pkg: "internal/yamlerr", Allow: nil, Deny: []string{lua}},
	{Pkg: "internal/plain", Allow: nil, Deny: []string{lua}},
	{Pkg: "internal/archtest", Allow: nil},
	{Pkg: "api", Allow: nil, Deny: []string{lua}},
	{Pkg: "internal/openapitest", Allow: []string{"api"}, Deny: []string{lua}},
	{Pkg: "internal/sshtest", Allow: nil, Deny: []string{lua}},
	{Pkg: "internal/keyringtest", Allow: nil, Deny: []string{lua}},
	{Pkg: "internal/testbuild", Allow: nil, Deny: []string{lua}},
	{Pkg: "internal/sdktest", Allow: nil, Deny: []string{lua}},
	{Pkg: "internal/copytree", Allow: nil, Deny: []string{lua}},
	{Pkg: "internal/simhttp", Allow: nil, Deny: []string{lua}},
	{Pkg: "products/server/servertest", Allow: []string{"internal/testbuild"}, Deny: []string{lua, "runtime/...", "bindings/..."}},
	{Pkg: "transfer/ascp/ascptest", Allow: []string{"internal/testbuild"}, Deny: []string{lua, "runtime/...", "bindings/..."}},
	{Pkg: "transfer/connect/connecttest", Allow: []string{"internal/copytree"}, Deny: []string{lua, "runtime/...", "bindings/..."}},
	{Pkg: "runtime/cli", Allow: []string{"runtime", "runtime/config", "runtime/extval", "runtime/format", "internal/secret"},
		Deny: []string{"products/...", "transfer/...", "bindings/..."}},
	{Pkg: "runtime/vault", Allow: []string{"internal/atomicfile"}, Deny: []string{lua, "products/...", "transfer/..."}},
	{Pkg: "runtime/config", Allow: []string{"internal/atomicfile", "internal/yamlerr", "internal/plain"}, Deny: []string{lua, "products/...", "transfer/..."}},
	{Pkg: "runtime/extval", Allow: []string{"internal/yamlerr", "internal/plain"}, Deny: []string{lua, "products/...", "transfer/..."}},
	{Pkg: "runtime/format", Allow: []string{"internal/secret"}, Deny: []string{lua, "products/...", "transfer/..."}},
	{Pkg: "runtime/luatest", Allow: []string{"runtime"}},
	{Pkg: "runtime", Allow: []string{"internal/secret"}},
	{Pkg: "stdlib/...", Allow: []string{"runtime", "runtime/format", "runtime/extval", "stdlib/...", "internal/secret", "internal/atomicfile", "internal/yamlerr"},
		Deny: []string{"products/...", "transfer/...", "bindings/..."}},
	// test helpers of the product simulators (contract errata) may use the OpenAPI checks
	{Pkg: "products/*/internal/...", Allow: []string{"products/...", "internal/openapitest", "internal/secret"},
		Deny: []string{lua, "runtime/...", "bindings/..."}},
	// a product's simulator may embed the others' (an AoC or Faspex package's files live on a
	// node simulator)
	{Pkg: "products/*/*sim", Allow: []string{"products/...", "transfer/spec", "internal/secret", "internal/atomicfile", "internal/simhttp"},
		Deny: []string{lua, "runtime/...", "bindings/...", "transfer/ascp", "transfer/node", "transfer/connect", "transfer/httpgw", "transfer/sftp"}},
	{Pkg: "products/...", Allow: []string{"products/rest", "products/oauth", "products/node", "transfer/spec", "internal/secret", "internal/atomicfile", "internal/statefile"},
		Deny: []string{lua, "runtime/...", "bindings/...", "transfer/ascp", "transfer/node", "transfer/connect", "transfer/httpgw", "transfer/sftp"}},
	{Pkg: "transfer/spec", Allow: []string{"internal/secret"}, Deny: []string{lua, "products/...", "bindings/..."}},
	{Pkg: "transfer", Allow: []string{"transfer/spec", "internal/secret"}, Deny: []string{lua, "products/...", "bindings/..."}},
	{Pkg: "transfer/...", Allow: []string{"transfer", "transfer/spec", "products/rest", "products/node", "products/server", "internal/secret"},
		Deny: []string{lua, "runtime/...", "bindings/..."}},
	{Pkg: "bindings/...", Allow: []string{"bindings/...", "runtime/...", "products/...", "transfer/...", "stdlib/out", "internal/secret", "internal/statefile"},
		Deny: []string{"repl/...", "cmd/...", "scripts/..."}},
	{Pkg: "repl/...", Allow: []string{"runtime/...", "stdlib/...", "internal/secret"},
		Deny: []string{"products/...", "transfer/...", "bindings/..."}},
	{Pkg: "scripts", Allow: nil, Deny: []string{lua}},
	{Pkg: "cmd/asession", Allow: []string{"transfer/...", "runtime/config", "runtime/extval", "internal/secret"}, Deny: []string{lua}},
	{Pkg: "cmd/...", Allow: []string{"..."}},
}

// Package is what the check needs to know of one package.
type Package struct {
	Path    string   // import path
	Imports []string // direct imports
	Deps    []string // all dependencies
}

// Check returns one message per violation, sorted.
func Check(pkgs []Package) []string {
	var bad []string
	for _, p := range pkgs {
		rel, ok := relative(p.Path)
		if !ok {
			continue
		}
		r := rule(rel)
		if r == nil {
			bad = append(bad, fmt.Sprintf("%s: no rule in the layer table", rel))
			continue
		}
		for _, imp := range p.Imports {
			ir, inModule := relative(imp)
			if inModule && ir != rel && !matchAny(ir, r.Allow) {
				bad = append(bad, fmt.Sprintf("%s imports %s, which its layer may not import", rel, ir))
			}
		}
		for _, d := range p.Deps {
			dr, inModule := relative(d)
			denied := external(d, r.Deny)
			if inModule {
				denied = matchAny(dr, r.Deny)
			}
			if denied {
				bad = append(bad, fmt.Sprintf("%s depends on %s, which its layer must never import", rel, dr))
			}
		}
	}
	sort.Strings(bad)
	return bad
}

func relative(path string) (string, bool) {
	if path == Module {
		return ".", true
	}
	rel, ok := strings.CutPrefix(path, Module+"/")
	return rel, ok
}

func rule(rel string) *Rule {
	for i := range Rules {
		if match(rel, Rules[i].Pkg) {
			return &Rules[i]
		}
	}
	return nil
}

// external reports whether a dependency outside the module (a full import path) is denied:
// only full-path patterns (gopher-lua) apply to it, so that the standard library's "runtime"
// is not mistaken for the module's runtime/.
func external(d string, deny []string) bool {
	for _, pat := range deny {
		if strings.Contains(strings.SplitN(pat, "/", 2)[0], ".") && match(d, pat) {
			return true
		}
	}
	return false
}

func matchAny(p string, patterns []string) bool {
	for _, pat := range patterns {
		if match(p, pat) {
			return true
		}
	}
	return false
}

// match reports whether the module-relative path p matches pattern: "..." matches all,
// "x/..." x and below, a segment with * matches one segment (path.Match: "products/*/*sim").
func match(p, pattern string) bool {
	if pattern == "..." {
		return true
	}
	if base, ok := strings.CutSuffix(pattern, "/..."); ok {
		return segments(p, base, true)
	}
	return segments(p, pattern, false) || strings.HasPrefix(p, pattern+"/") && pattern == lua
}

// segments matches p against pattern segment by segment; below lets p be deeper.
func segments(p, pattern string, below bool) bool {
	ps, pats := strings.Split(p, "/"), strings.Split(pattern, "/")
	if len(ps) < len(pats) || (!below && len(ps) != len(pats)) {
		return false
	}
	for i, pat := range pats {
		if ok, _ := path.Match(pat, ps[i]); !ok {
			return false
		}
	}
	return true
}
