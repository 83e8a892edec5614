package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestVault drives `config vault` and @vault: end to end: create, list, show hidden and shown,
// a preset password from the vault against the node simulator, bad input, delete.
func TestVault(t *testing.T) {
	e := newEnv(t)
	e.setenv("ASLMCLI_VAULT_PASSWORD=vault-pass", "OTHER_SECRET=o-secret")
	file := filepath.Join(e.home, "vault")
	if got := e.ok("config", "vault", "list", "--format=json"); got != "[]\n" {
		t.Fatalf("empty list %q", got)
	}
	e.ok("config", "vault", "create", "mynode", "np-Secret-1", `@json:{"username":"nu"}`)
	e.ok("config", "vault", "create", "other", "@env:OTHER_SECRET")
	if got := e.ok("config", "vault", "list", "--format=csv"); got != "mynode\nother\n" {
		t.Fatalf("list %q", got)
	}
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(raw), "np-Secret-1") || strings.Contains(string(raw), "mynode") {
		t.Fatalf("plaintext in the vault file: %s", raw)
	}
	checkVaultShow(t, e)
	if got := e.ok("config", "echo", "@vault:mynode", "--show-secrets=yes"); got != "np-Secret-1\n" {
		t.Fatalf("echo %q", got)
	}

	// a preset's password read from the vault, against the node simulator
	root := filepath.Join(e.dir, "served")
	os.MkdirAll(root, 0o755)
	url, _ := startSimulator(t, e, "--root="+root, "--username=nu", "--password=np-Secret-1")
	e.ok("config", "preset", "update", "vnode", "--url="+url, "--username=nu")
	e.ok("config", "preset", "set", "vnode", "password", "@val:@vault:mynode") // @val: stores the reference
	if !strings.Contains(e.read(e.configFile()), "@vault:mynode") {
		t.Fatal("the preset does not keep the reference")
	}
	e.ok("node", "mkdir", "/in", "-Pvnode")
	e.fails(1, "401 Unauthorized", "node", "mkdir", "/in2", "-Pvnode", "--password=bad")

	// bad input: exit 2, nothing written
	before, _ := os.ReadFile(file)
	e.fails(2, "vault entry mynode exists already", "config", "vault", "create", "mynode", "x")
	e.fails(2, "NAME and VALUE must be non-empty", "config", "vault", "create", "empty", "")
	e.fails(2, "FIELDS must be a table", "config", "vault", "create", "f", "v", "notatable")
	e.fails(2, "no vault entry nope", "config", "vault", "show", "nope")
	e.fails(2, "no vault entry nope", "config", "vault", "delete", "nope")
	e.fails(2, `@vault: no vault entry "nope"`, "config", "echo", "@vault:nope")
	e.setenv("ASLMCLI_VAULT_PASSWORD=wrong")
	e.fails(1, "wrong vault passphrase", "config", "vault", "create", "y", "v")
	e.fails(2, "wrong vault passphrase", "config", "echo", "@vault:mynode")
	e.setenv("ASLMCLI_VAULT_PASSWORD=")
	e.fails(2, "empty vault passphrase", "config", "vault", "list")
	e.vars = withoutVar(e.vars, "ASLMCLI_VAULT_PASSWORD") // no passphrase at all, no terminal
	e.fails(2, "no passphrase for the vault: neither --vault-password nor ASLMCLI_VAULT_PASSWORD is set", "config", "vault", "list")
	if after, _ := os.ReadFile(file); string(after) != string(before) {
		t.Fatal("a refused command changed the vault")
	}

	e.setenv("ASLMCLI_VAULT_PASSWORD=vault-pass")
	if got := e.ok("config", "echo", "@vault:other", "--show-secrets=yes"); got != "o-secret\n" {
		t.Fatalf("echo other %q", got)
	}
	e.ok("config", "vault", "delete", "mynode")
	if got := e.ok("config", "vault", "list", "--format=csv"); got != "other\n" {
		t.Fatalf("list after delete %q", got)
	}
}

// withoutVar returns vars without the variable name.
func withoutVar(vars []string, name string) []string {
	var out []string
	for _, v := range vars {
		if !strings.HasPrefix(v, name+"=") {
			out = append(out, v)
		}
	}
	return out
}

// TestVaultPassphraseOnTerminal: without ASLMCLI_VAULT_PASSWORD the passphrase is asked on
// the terminal, without echo, once per run.
func TestVaultPassphraseOnTerminal(t *testing.T) {
	e := newEnv(t)
	tm := e.onTerminal("config", "vault", "create", "tty", "tty-Secret-9")
	tm.expect("vault passphrase: ")
	tm.typ("typed-pass\n")
	if code, screen := tm.wait(); code != 0 || strings.Contains(screen, "typed-pass") {
		t.Fatalf("exit %d:\n%s", code, screen)
	}
	e.setenv("ASLMCLI_VAULT_PASSWORD=typed-pass")
	if got := e.ok("config", "echo", "@vault:tty", "--show-secrets=yes"); got != "tty-Secret-9\n" {
		t.Fatalf("echo %q", got)
	}
}

// checkVaultShow checks `config vault show mynode` (username nu, secret np-Secret-1): the
// secret hidden, then shown with --show-secrets=yes.
func checkVaultShow(t *testing.T, e *env) {
	t.Helper()
	shown := decodeJSON(t, e.ok("config", "vault", "show", "mynode", "--format=json")).(map[string]any)
	if shown["secret"] != "***" || shown["username"] != "nu" || shown["name"] != "mynode" {
		t.Fatalf("show: %v", shown)
	}
	shown = decodeJSON(t, e.ok("config", "vault", "show", "mynode", "--format=json", "--show-secrets=yes")).(map[string]any)
	if shown["secret"] != "np-Secret-1" {
		t.Fatalf("show --show-secrets=yes: %v", shown)
	}
}
