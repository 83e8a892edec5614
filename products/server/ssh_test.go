package server

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/asperalm/aslmcli/internal/sshtest"
)

func run(t *testing.T, c *Client, cmd string) string {
	t.Helper()
	s, err := c.SSH.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	out, err := s.Output(cmd)
	if err != nil {
		t.Fatalf("%s: %v", cmd, err)
	}
	return strings.TrimSpace(string(out))
}

func TestDialKnownHosts(t *testing.T) {
	srv := sshtest.Start(t)
	known := filepath.Join(t.TempDir(), "home", "known_hosts")
	var logs bytes.Buffer
	cfg := Config{Addr: srv.Addr, User: srv.User, Keys: [][]byte{srv.ClientPEM}, KnownHosts: []string{known},
		Logger: slog.New(slog.NewTextHandler(&logs, nil))}
	ctx := context.Background()
	// first use: the host is added, with a log line giving its fingerprint
	c, err := Dial(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if got := run(t, c, "echo ok"); got != "ok" {
		t.Fatalf("command: %q", got)
	}
	c.Close()
	b, _ := os.ReadFile(known)
	st, _ := os.Stat(known)
	if !strings.Contains(string(b), srv.KnownHostsLine()) || st.Mode().Perm() != 0o600 || !strings.Contains(logs.String(), "fingerprint=SHA256:") {
		t.Fatalf("known_hosts %q mode %v, logs %s", b, st.Mode(), logs.String())
	}
	// then it is known
	logs.Reset()
	cfg.Strict = StrictYes
	if c, err = Dial(ctx, cfg); err != nil {
		t.Fatalf("known host: %v", err)
	}
	c.Close()
	if logs.Len() != 0 {
		t.Fatalf("logs for a known host: %s", logs.String())
	}
	// a changed key is refused, saying where the old one is
	other := sshtest.Start(t)
	line := strings.Replace(other.KnownHostsLine(), "]:"+strconv.Itoa(other.Port)+" ", "]:"+strconv.Itoa(srv.Port)+" ", 1)
	if err := os.WriteFile(known, []byte(line+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg.Strict = StrictAcceptNew
	if _, err := Dial(ctx, cfg); err == nil || !strings.Contains(err.Error(), "the host key CHANGED") || !strings.Contains(err.Error(), known+":1") {
		t.Fatalf("changed key: %v", err)
	}
	// strict checking refuses an unknown host; "no" accepts anything
	cfg.KnownHosts = []string{filepath.Join(t.TempDir(), "empty")}
	cfg.Strict = StrictYes
	if _, err := Dial(ctx, cfg); err == nil || !strings.Contains(err.Error(), "unknown host key") {
		t.Fatalf("strict: %v", err)
	}
	cfg.Strict = StrictNo
	if c, err = Dial(ctx, cfg); err != nil {
		t.Fatalf("no checking: %v", err)
	}
	c.Close()
}

func TestDialAuthErrors(t *testing.T) {
	srv := sshtest.Start(t)
	other := sshtest.Start(t)
	ctx := context.Background()
	cfg := Config{Addr: srv.Addr, User: srv.User, Keys: [][]byte{other.ClientPEM}, Strict: StrictNo}
	if _, err := Dial(ctx, cfg); err == nil || !strings.Contains(err.Error(), "authentication failed for "+srv.User+"@") {
		t.Fatalf("wrong key: %v", err)
	}
	cfg.Keys = nil
	if _, err := Dial(ctx, cfg); err == nil || !strings.Contains(err.Error(), "no SSH credentials") {
		t.Fatalf("no credentials: %v", err)
	}
	cfg.Password = "not-accepted-here"
	want := "authentication failed for " + srv.User + "@" + srv.Addr + " (methods tried: password)"
	if _, err := Dial(ctx, cfg); err == nil || err.Error() != want {
		t.Fatalf("password refused: %v, want %q", err, want)
	}
	// a server that offers keyboard-interactive and refuses it at once (x/crypto says
	// "unexpected message type 51 (expected 60)")
	kbd := sshtest.StartWith(t, sshtest.Options{KbdInteractive: true})
	kcfg := Config{Addr: kbd.Addr, User: kbd.User, Password: "wrong", Strict: StrictNo}
	want = "authentication failed for " + kbd.User + "@" + kbd.Addr + " (methods tried: password, keyboard-interactive)"
	if _, err := Dial(ctx, kcfg); err == nil || err.Error() != want {
		t.Fatalf("keyboard-interactive refused: %v, want %q", err, want)
	}
	kcfg.Keys, kcfg.Password = [][]byte{other.ClientPEM}, ""
	want = "authentication failed for " + kbd.User + "@" + kbd.Addr + " (methods tried: publickey)"
	if _, err := Dial(ctx, kcfg); err == nil || err.Error() != want {
		t.Fatalf("key refused: %v, want %q", err, want)
	}
	// cancellation stops a dial at once
	cctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	cfg.Addr = "10.255.255.1:22" // unroutable: the dial hangs until the context ends
	start := time.Now()
	if _, err := Dial(cctx, cfg); err == nil || time.Since(start) > 5*time.Second {
		t.Fatalf("cancel: %v after %s", err, time.Since(start))
	}
}
