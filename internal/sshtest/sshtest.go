// Package sshtest runs a real OpenSSH sshd for tests: on 127.0.0.1, a free port, a host key and
// an authorized client key made for the test, its own configuration file, never a system
// service. The SSH user is the user running the tests (root in CI); it logs in with the
// client key. Password logins use an account made by .ci/run (see PasswordLogin). When sshd is not installed the tests skip, except under CI (ASLMCLI_CI=1), where
// .ci/run installs openssh-server and they fail.
package sshtest

import (
	"bufio"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
)

// Server is a running sshd.
type Server struct {
	Addr      string        // 127.0.0.1:port
	Port      int           // its port
	User      string        // the login user
	HostKey   ssh.PublicKey // the server's host key
	ClientKey string        // path of the authorized private key (OpenSSH PEM, no passphrase)
	ClientPEM []byte        // its contents
	Dir       string        // the folder of its files
	cmd       *exec.Cmd
}

// Binary returns the path of sshd, or skips the test (fails it under CI).
func Binary(t testing.TB) string {
	t.Helper()
	for _, p := range []string{"/usr/sbin/sshd", "/usr/local/sbin/sshd"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if p, err := exec.LookPath("sshd"); err == nil {
		return p
	}
	if os.Getenv("ASLMCLI_CI") != "" {
		t.Fatal("sshd is not installed, and CI must run the SSH tests (.ci/run installs openssh-server)")
	}
	t.Skip("sshd is not installed (Debian package openssh-server): SSH test skipped")
	return ""
}

func writeKey(path string, priv ed25519.PrivateKey) ([]byte, error) {
	block, err := ssh.MarshalPrivateKey(priv, "")
	if err != nil {
		return nil, err
	}
	data := pem.EncodeToMemory(block)
	return data, os.WriteFile(path, data, 0o600)
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// Options change the sshd of StartWith.
type Options struct {
	// Path, when set, is put first in the PATH of the sessions (SetEnv): test doubles of
	// server commands (ascmd) go there.
	Path string
	// KbdInteractive offers keyboard-interactive authentication, as many servers do; without
	// PAM, sshd then refuses it at once, before asking anything.
	KbdInteractive bool
}

// Start runs an sshd for the test; it stops when the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	return StartWith(t, Options{})
}

// StartWith runs an sshd with options.
func StartWith(t testing.TB, o Options) *Server {
	t.Helper()
	bin := Binary(t)
	dir := t.TempDir()
	u, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	_, hostPriv, _ := ed25519.GenerateKey(rand.Reader)
	_, clientPriv, _ := ed25519.GenerateKey(rand.Reader)
	hostFile, clientFile := filepath.Join(dir, "host_ed25519"), filepath.Join(dir, "client_ed25519")
	if _, err := writeKey(hostFile, hostPriv); err != nil {
		t.Fatal(err)
	}
	clientPEM, err := writeKey(clientFile, clientPriv)
	if err != nil {
		t.Fatal(err)
	}
	clientPub, _ := ssh.NewPublicKey(clientPriv.Public())
	hostPub, _ := ssh.NewPublicKey(hostPriv.Public())
	if err := os.WriteFile(filepath.Join(dir, "authorized_keys"), ssh.MarshalAuthorizedKey(clientPub), 0o600); err != nil {
		t.Fatal(err)
	}
	// sshd run as root wants its privilege separation folder
	if os.Geteuid() == 0 {
		_ = os.MkdirAll("/run/sshd", 0o755)
	}
	s := &Server{User: u.Username, HostKey: hostPub, ClientKey: clientFile, ClientPEM: clientPEM, Dir: dir}
	for attempt := 0; attempt < 5; attempt++ {
		port, err := freePort()
		if err != nil {
			t.Fatal(err)
		}
		conf := filepath.Join(dir, "sshd_config")
		cfg := strings.Join([]string{
			"Port " + strconv.Itoa(port), "ListenAddress 127.0.0.1", "HostKey " + hostFile,
			"AuthorizedKeysFile " + filepath.Join(dir, "authorized_keys"), "PidFile " + filepath.Join(dir, "sshd.pid"),
			"StrictModes no", "UsePAM no", "PasswordAuthentication yes", "PermitEmptyPasswords no", "KbdInteractiveAuthentication no",
			"PubkeyAuthentication yes", "PermitRootLogin prohibit-password", "Subsystem sftp internal-sftp",
			"LogLevel ERROR", "PrintMotd no", "AcceptEnv LANG",
		}, "\n") + "\n"
		if o.Path != "" {
			cfg += "SetEnv PATH=" + o.Path + ":/usr/local/bin:/usr/bin:/bin\n"
		}
		if o.KbdInteractive {
			cfg = strings.Replace(cfg, "KbdInteractiveAuthentication no", "KbdInteractiveAuthentication yes", 1)
		}
		if err := os.WriteFile(conf, []byte(cfg), 0o600); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(bin, "-D", "-e", "-f", conf)
		stderr, _ := cmd.StderrPipe()
		if err := cmd.Start(); err != nil {
			t.Fatalf("start sshd: %v", err)
		}
		go func() {
			sc := bufio.NewScanner(stderr)
			for sc.Scan() {
				if !strings.Contains(sc.Text(), "kex_exchange_identification") { // the start-up probe
					t.Logf("sshd: %s", sc.Text())
				}
			}
		}()
		addr := "127.0.0.1:" + strconv.Itoa(port)
		if waitListening(addr, 5*time.Second) {
			s.Addr, s.Port, s.cmd = addr, port, cmd
			t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
			return s
		}
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}
	t.Fatal("sshd did not start")
	return nil
}

func waitListening(addr string, d time.Duration) bool {
	for deadline := time.Now().Add(d); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond); err == nil {
			c.Close()
			return true
		}
	}
	return false
}

// PasswordEnv names the variable giving a local account that logs in with a password:
// "user:password". sshd checks passwords against the system's accounts, so a test cannot make
// one of its own; .ci/run creates that account (it runs as root in a throwaway machine).
const PasswordEnv = "ASLMCLI_TEST_SSH_PASSWORD"

// PasswordLogin returns the account of PasswordEnv, or skips the test (fails it under CI).
// The sshds of this package accept password authentication for it (never for root).
func PasswordLogin(t testing.TB) (user, password string) {
	t.Helper()
	v := os.Getenv(PasswordEnv)
	user, password, ok := strings.Cut(v, ":")
	if ok && user != "" && password != "" {
		return user, password
	}
	if os.Getenv("ASLMCLI_CI") != "" {
		t.Fatalf("%s is not set: .ci/run creates a local account for the SSH password tests", PasswordEnv)
	}
	t.Skipf("%s=user:password is not set: SSH password test skipped", PasswordEnv)
	return "", ""
}

// KnownHostsLine returns the known_hosts line of the server ("[127.0.0.1]:port ssh-ed25519 ...").
func (s *Server) KnownHostsLine() string {
	return fmt.Sprintf("[127.0.0.1]:%d %s", s.Port, strings.TrimSpace(string(ssh.MarshalAuthorizedKey(s.HostKey))))
}
