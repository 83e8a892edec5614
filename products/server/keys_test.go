package server

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/asperalm/aslmcli/internal/sshtest"
)

// sshKeygen makes a key with OpenSSH's ssh-keygen (the format users have) and authorizes it
// on srv; it returns the private key file.
func sshKeygen(t *testing.T, srv *sshtest.Server, typ, passphrase string) string {
	t.Helper()
	bin, err := exec.LookPath("ssh-keygen")
	if err != nil {
		if os.Getenv("ASLMCLI_CI") != "" {
			t.Fatal("ssh-keygen is missing (openssh-client)")
		}
		t.Skip("ssh-keygen is not installed")
	}
	key := filepath.Join(t.TempDir(), "id_"+typ)
	if out, err := exec.Command(bin, "-q", "-t", typ, "-N", passphrase, "-f", key, "-C", "test").CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v %s", err, out)
	}
	pub, err := os.ReadFile(key + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(filepath.Join(srv.Dir, "authorized_keys"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.Write(pub)
	f.Close()
	return key
}

// TestKeyTypes logs in to the real sshd with RSA, ECDSA and ed25519 keys written by ssh-keygen,
// encrypted ones with their passphrase, through Target (the CLI's path: key files).
func TestKeyTypes(t *testing.T) {
	srv := sshtest.Start(t)
	for _, c := range []struct{ typ, pass string }{{"rsa", ""}, {"ecdsa", ""}, {"ed25519", ""}, {"ed25519", "secret phrase"}, {"rsa", "rsa-pass"}} {
		key := sshKeygen(t, srv, c.typ, c.pass)
		tg, err := ParseTarget("ssh://"+srv.Addr, srv.User, "", []string{key}, c.pass)
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := tg.SSHConfig(nil, StrictNo, nil)
		if err != nil {
			t.Fatal(err)
		}
		cl, err := Dial(context.Background(), cfg)
		if err != nil {
			t.Fatalf("%s (passphrase %v): %v", c.typ, c.pass != "", err)
		}
		if got := run(t, cl, "echo ok"); got != "ok" {
			t.Fatalf("%s: %q", c.typ, got)
		}
		cl.Close()
		if c.pass != "" {
			cfg.Passphrase = "wrong"
			if _, err := Dial(context.Background(), cfg); err == nil || !strings.Contains(err.Error(), "ssh key 1") {
				t.Fatalf("%s with a wrong passphrase: %v", c.typ, err)
			}
		}
	}
}

// TestSSHAgent logs in with a key held by a real ssh-agent (no password, no key given).
func TestSSHAgent(t *testing.T) {
	srv := sshtest.Start(t)
	key := sshKeygen(t, srv, "ed25519", "")
	agentBin, err := exec.LookPath("ssh-agent")
	if err != nil {
		t.Skip("ssh-agent is not installed")
	}
	sock := filepath.Join(t.TempDir(), "agent.sock")
	agent := exec.Command(agentBin, "-D", "-a", sock)
	if err := agent.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { agent.Process.Kill(); agent.Wait() })
	t.Setenv("SSH_AUTH_SOCK", sock)
	var out []byte
	for i := 0; i < 100; i++ {
		if out, err = exec.Command("ssh-add", key).CombinedOutput(); err == nil {
			break
		}
		sshtestSleep()
	}
	if err != nil {
		t.Fatalf("ssh-add: %v %s", err, out)
	}
	tg, _ := ParseTarget("ssh://"+srv.Addr, srv.User, "", nil, "")
	cfg, err := tg.SSHConfig(nil, StrictNo, nil)
	if err != nil || !cfg.Agent {
		t.Fatalf("config %+v %v", cfg, err)
	}
	cl, err := Dial(context.Background(), cfg)
	if err != nil {
		t.Fatalf("agent login: %v", err)
	}
	defer cl.Close()
	if got := run(t, cl, "echo agent"); got != "agent" {
		t.Fatalf("%q", got)
	}
}

func sshtestSleep() { time.Sleep(20 * time.Millisecond) }
