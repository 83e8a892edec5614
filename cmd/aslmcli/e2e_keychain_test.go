package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/asperalm/aslmcli/internal/keyringtest"
)

// TestVaultKeychain drives `config vault` and @vault: on the OS keychain: a real secret
// service (gnome-keyring on a private D-Bus session bus) chosen with --vault in every
// spelling, a preset whose password comes from it against the node simulator, no secret in
// outputs or logs unless --show-secrets=yes, bad choices, delete.
func TestVaultKeychain(t *testing.T) {
	s := keyringtest.Start(t)
	e := newEnv(t)
	// no vault passphrase anywhere and no terminal: the keychain needs none
	e.setenv("DBUS_SESSION_BUS_ADDRESS="+s.Address, "OTHER_SECRET=o-Secret-2")
	info := decodeJSON(t, e.ok("config", "vault", "info", "--vault=system", "--format=json")).(map[string]any)
	if info["type"] != "system" || info["service"] != "aslmcli" {
		t.Fatalf("info %v", info)
	}
	if got := e.ok("config", "vault", "list", "--vault=keychain", "--format=json"); got != "[]\n" {
		t.Fatalf("empty list %q", got)
	}
	e.ok("config", "vault", "create", "mynode", "np-Secret-1", `@json:{"username":"nu"}`, "--vault=system")
	created := e.run("config", "vault", "create", "other", "@env:OTHER_SECRET", `--vault=@json:{"type":"system"}`, "--log-level=debug")
	if created.code != 0 || strings.Contains(created.out+created.err, "o-Secret-2") {
		t.Fatalf("create with debug logs: %v", created)
	}
	e.setenv("ASLMCLI_VAULT=system") // the option's variable
	if got := e.ok("config", "vault", "list", "--format=csv"); got != "mynode\nother\n" {
		t.Fatalf("list %q", got)
	}
	if _, err := os.Stat(filepath.Join(e.home, "vault")); !os.IsNotExist(err) {
		t.Fatalf("a vault file was written: %v", err)
	}
	// another service is another set of entries
	if got := e.ok("config", "vault", "list", "--format=csv", `--vault=@json:{"type":"system","service":"elsewhere"}`); got != "" {
		t.Fatalf("other service %q", got)
	}
	checkVaultShow(t, e)
	for ref, want := range map[string]string{"mynode": "np-Secret-1", "mynode.password": "np-Secret-1", "mynode.username": "nu", "other": "o-Secret-2"} {
		if got := e.ok("config", "echo", "@vault:"+ref, "--show-secrets=yes"); got != want+"\n" {
			t.Fatalf("echo @vault:%s %q", ref, got)
		}
	}

	// a preset's password read from the keychain, the preset choosing the vault itself
	root := filepath.Join(e.dir, "served")
	os.MkdirAll(root, 0o755)
	url, _ := startSimulator(t, e, "--root="+root, "--username=nu", "--password=np-Secret-1")
	e.vars = withoutVar(e.vars, "ASLMCLI_VAULT")
	e.ok("config", "preset", "update", "knode", "--url="+url, "--username=nu", "--vault=system")
	e.ok("config", "preset", "set", "knode", "password", "@val:@vault:mynode")
	if cfg := e.read(e.configFile()); !strings.Contains(cfg, "@vault:mynode") || strings.Contains(cfg, "np-Secret-1") {
		t.Fatalf("the preset should keep the reference only:\n%s", cfg)
	}
	r := e.run("node", "mkdir", "/in", "-Pknode", "--log-level=debug", "--rest-debug")
	if r.code != 0 {
		t.Fatalf("mkdir: %v", r)
	}
	if _, err := os.Stat(filepath.Join(root, "in")); err != nil {
		t.Fatalf("the folder was not made: %v", err)
	}
	cfg := e.run("node", "mkdir", "/x", "-Pknode", "--show-config", "--format=json")
	for _, out := range []string{r.out, r.err, cfg.out, cfg.err} {
		if strings.Contains(out, "np-Secret-1") {
			t.Fatalf("a secret reached the output or the logs:\n%s", out)
		}
	}
	if !strings.Contains(cfg.out, `"vault"`) {
		t.Fatalf("show-config: %v", cfg)
	}
	e.fails(1, "401 Unauthorized", "node", "mkdir", "/in2", "-Pknode", "--password=bad")

	// bad choices: exit 2, a clear line; no session bus: exit 1
	e.fails(2, `unknown type "cloud", use file or system`, "config", "vault", "list", "--vault=cloud")
	e.fails(2, "HashiCorp Vault (type vault) is not supported", "config", "vault", "list", `--vault=@json:{"type":"vault"}`)
	e.fails(2, `unknown key "file" for a system vault`, "config", "vault", "list", `--vault=@json:{"type":"system","file":"x"}`)
	e.fails(2, "no vault entry nope", "config", "vault", "show", "nope", "--vault=system")
	e.fails(2, `entry "mynode" has no field "color"`, "config", "echo", "@vault:mynode.color", "--vault=system")
	e.fails(2, "vault entry mynode exists already", "config", "vault", "create", "mynode", "x", "--vault=system")
	noBus := append(withoutVar(e.vars, "DBUS_SESSION_BUS_ADDRESS"), "DBUS_SESSION_BUS_ADDRESS=unix:path="+filepath.Join(e.dir, "no-bus"))
	saved := e.vars
	e.vars = noBus
	e.fails(1, "no D-Bus session bus", "config", "vault", "list", "--vault=system")
	e.vars = saved

	e.ok("config", "vault", "delete", "mynode", "--vault=system")
	if got := e.ok("config", "vault", "list", "--format=csv", "--vault=system"); got != "other\n" {
		t.Fatalf("list after delete %q", got)
	}
	e.fails(2, `no vault entry "mynode"`, "node", "mkdir", "/in3", "-Pknode")
}

// TestVaultFileOptions: --vault chooses another file, --vault-password gives its passphrase
// and beats ASLMCLI_VAULT_PASSWORD; the vault's options cannot come from the vault.
func TestVaultFileOptions(t *testing.T) {
	e := newEnv(t)
	e.setenv("ASLMCLI_VAULT_PASSWORD=env-pass")
	alt := `--vault=@json:{"type":"file","file":"alt.vault"}`
	e.ok("config", "vault", "create", "a", "a-Secret-3", alt, "--vault-password=opt-pass")
	if _, err := os.Stat(filepath.Join(e.home, "alt.vault")); err != nil {
		t.Fatalf("alt.vault: %v", err)
	}
	if _, err := os.Stat(filepath.Join(e.home, "vault")); !os.IsNotExist(err) {
		t.Fatalf("the default file was written: %v", err)
	}
	info := decodeJSON(t, e.ok("config", "vault", "info", alt, "--vault-password=opt-pass", "--format=json")).(map[string]any)
	if info["type"] != "file" || info["file"] != filepath.Join(e.home, "alt.vault") {
		t.Fatalf("info %v", info)
	}
	e.fails(2, "wrong vault passphrase", "config", "echo", "@vault:a", alt) // env-pass is not its passphrase
	if got := e.ok("config", "echo", "@vault:a.secret", alt, "--vault-password=opt-pass", "--show-secrets=yes"); got != "a-Secret-3\n" {
		t.Fatalf("echo %q", got)
	}
	if got := e.ok("config", "vault", "list", "--format=csv", "--vault=file"); got != "" { // HOME/vault, env-pass
		t.Fatalf("default file %q", got)
	}
	e.fails(2, "cannot come from the vault itself", "config", "vault", "list", "--vault-password=@vault:a")
}

// TestVaultKeychainLocked: a keychain that stays locked (no login keyring, no desktop to
// prompt) fails at once with exit 1 and says what to do.
func TestVaultKeychainLocked(t *testing.T) {
	s := keyringtest.StartLocked(t)
	e := newEnv(t)
	e.setenv("DBUS_SESSION_BUS_ADDRESS=" + s.Address)
	e.fails(1, "the keychain is locked and could not be unlocked here", "config", "vault", "list", "--vault=system")
	e.fails(1, "--vault=file is the encrypted file", "config", "vault", "create", "x", "x-Secret", "--vault=system")
	e.fails(2, "the keychain is locked", "config", "echo", "@vault:x", "--vault=system")
}
