// Package keyringtest runs a real secret service for tests: a private D-Bus session bus
// (dbus-daemon --session on a socket in the test's folder) and gnome-keyring-daemon with only
// its secrets component, its login keyring made and unlocked with a password fed on stdin,
// its files in the test's folder (HOME, XDG_DATA_HOME, XDG_RUNTIME_DIR), so that the user's
// own keyrings are never touched. Both daemons are stopped with the test.
//
// When dbus-daemon or gnome-keyring-daemon is missing (Debian packages dbus-daemon and
// gnome-keyring) the tests skip, except under CI (ASLMCLI_CI set), where .ci/run installs
// them and the tests fail.
package keyringtest

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	dbus "github.com/godbus/dbus/v5"
)

// Session is a running session bus with a secret service on it.
type Session struct {
	Address string   // the bus address (DBUS_SESSION_BUS_ADDRESS)
	Env     []string // DBUS_SESSION_BUS_ADDRESS=... and the XDG folders: for child processes
}

// Binaries returns the paths of dbus-daemon and gnome-keyring-daemon, or skips the test
// (fails it under CI).
func Binaries(t testing.TB) (dbusDaemon, keyring string) {
	t.Helper()
	var missing []string
	find := func(name, pkg string) string {
		p, err := exec.LookPath(name)
		if err != nil {
			missing = append(missing, name+" (Debian package "+pkg+")")
		}
		return p
	}
	dbusDaemon, keyring = find("dbus-daemon", "dbus-daemon"), find("gnome-keyring-daemon", "gnome-keyring")
	if len(missing) > 0 {
		if os.Getenv("ASLMCLI_CI") != "" {
			t.Fatalf("%s missing, and CI must run the keychain tests (.ci/run installs them)", strings.Join(missing, ", "))
		}
		t.Skipf("%s missing: keychain test skipped", strings.Join(missing, ", "))
	}
	return dbusDaemon, keyring
}

// Start starts a session bus and gnome-keyring-daemon on it, and waits until the login
// collection is served. The process environment is not changed: callers pass Env to child
// processes, or set it themselves for in-process clients.
func Start(t testing.TB) *Session {
	t.Helper()
	return start(t, true)
}

// StartLocked is Start without unlocking: the daemon has no login keyring, and no prompt can
// make one (there is no desktop), as on a server reached over SSH with a session bus.
func StartLocked(t testing.TB) *Session {
	t.Helper()
	return start(t, false)
}

func start(t testing.TB, unlock bool) *Session {
	t.Helper()
	dbusDaemon, keyring := Binaries(t)
	dir, err := os.MkdirTemp("", "kr") // short: a unix socket path holds 108 bytes
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	env := []string{"HOME=" + dir, "XDG_DATA_HOME=" + filepath.Join(dir, "data"),
		"XDG_CONFIG_HOME=" + filepath.Join(dir, "config"), "XDG_RUNTIME_DIR=" + filepath.Join(dir, "run")}
	for _, d := range []string{"data", "config", "run"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	base := append(withoutXDG(os.Environ()), env...)

	bus := exec.Command(dbusDaemon, "--session", "--nofork", "--print-address=1", "--address=unix:path="+filepath.Join(dir, "bus"))
	bus.Env = base // a service it would activate gets the test's folders too
	out, err := bus.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	logs, err := os.Create(filepath.Join(dir, "daemons.log")) // shown when the start fails
	if err != nil {
		t.Fatal(err)
	}
	defer logs.Close()
	bus.Stderr = logs
	if err := bus.Start(); err != nil {
		t.Fatalf("dbus-daemon: %v", err)
	}
	t.Cleanup(func() { stop(bus) })
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("dbus-daemon printed no address: %v", err)
	}
	s := &Session{Address: strings.TrimSpace(line)}
	s.Env = append([]string{"DBUS_SESSION_BUS_ADDRESS=" + s.Address}, env...)

	args := []string{"--foreground", "--components=secrets"}
	if unlock {
		args = append(args, "--unlock")
	}
	kr := exec.Command(keyring, args...)
	kr.Env = append(base, "DBUS_SESSION_BUS_ADDRESS="+s.Address)
	kr.Stdin = strings.NewReader("keyring-test-password") // --unlock reads it up to EOF
	kr.Stdout, kr.Stderr = logs, logs
	if err := kr.Start(); err != nil {
		t.Fatalf("gnome-keyring-daemon: %v", err)
	}
	t.Cleanup(func() { stop(kr) })
	if err := waitServed(s.Address, unlock, 15*time.Second); err != nil {
		text, _ := os.ReadFile(logs.Name())
		t.Fatalf("secret service: %v\n%s", err, text)
	}
	return s
}

// withoutXDG drops the variables the session sets itself.
func withoutXDG(environ []string) []string {
	var out []string
	for _, kv := range environ {
		k, _, _ := strings.Cut(kv, "=")
		if k == "HOME" || strings.HasPrefix(k, "XDG_") || strings.HasPrefix(k, "DBUS_") {
			continue
		}
		out = append(out, kv)
	}
	return out
}

// waitServed polls the bus until the secret service answers (and lists its login collection
// when login is set). It asks whether the name has an owner first and calls without
// auto-start, so that the bus never activates a second keyring daemon of its own.
func waitServed(address string, login bool, limit time.Duration) error {
	conn, err := dbus.Connect(address)
	if err != nil {
		return err
	}
	defer conn.Close()
	deadline := time.Now().Add(limit)
	for {
		err = served(conn, login)
		if err == nil || time.Now().After(deadline) {
			return err
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func served(conn *dbus.Conn, login bool) error {
	var owned bool
	if err := conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, "org.freedesktop.secrets").Store(&owned); err != nil {
		return err
	}
	if !owned {
		return fmt.Errorf("org.freedesktop.secrets has no owner")
	}
	var v dbus.Variant
	err := conn.Object("org.freedesktop.secrets", "/org/freedesktop/secrets").Call("org.freedesktop.DBus.Properties.Get",
		dbus.FlagNoAutoStart, "org.freedesktop.Secret.Service", "Collections").Store(&v)
	if err != nil {
		return err
	}
	paths, _ := v.Value().([]dbus.ObjectPath)
	if !login {
		return nil
	}
	for _, p := range paths {
		if p == "/org/freedesktop/secrets/collection/login" {
			return nil
		}
	}
	return fmt.Errorf("no login collection in %v", paths)
}

func stop(c *exec.Cmd) {
	if c.Process != nil {
		c.Process.Kill()
		c.Wait()
	}
}
