// Package server is the client of an IBM Aspera High-Speed Transfer Server over SSH: the
// connection (password, private keys, ssh-agent; host keys checked against known_hosts), the
// file operations (Files) through ascmd or, when the server has none, SFTP, the same operations
// on this machine for local:// URLs, and the transfer spec of a server URL (Target). It knows
// no Lua.
//
// Decisions where the issue was silent:
//   - Host key checking defaults to "accept-new": an unknown host is added to the first
//     known_hosts file (HOME/known_hosts in the CLI) with a log line giving its fingerprint;
//     a changed key is always refused, with the file and line that hold the old one.
//   - Authentication methods are tried in the order keys, agent, password; the ssh-agent is
//     used when neither a password nor a key is given.
//   - An ssh:// URL without a port means 33001, the SSH port of HSTS, for the file operations
//     and for ascp alike (ascli used 22 for the first and 33001 for the second); without a
//     user, xfer (as ascli).
//   - local:// has file operations only (in Go, no ascmd needed); https:// (WSS) transfers only.
//   - Over SFTP, du and md5sum are computed by reading, cp moves the bytes through the client,
//     df needs statvfs@openssh.com (else ErrNotAvailable); rename refuses an existing
//     destination, as ascmd does.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
	"golang.org/x/crypto/ssh/knownhosts"

	"github.com/asperalm/aslmcli/products/oauth"
)

// Host key checking policies.
const (
	StrictYes       = "yes"        // unknown hosts are refused
	StrictAcceptNew = "accept-new" // unknown hosts are added (default)
	StrictNo        = "no"         // no checking at all
)

// StrictOf reads the host key policy of SSH options ({"strict_host_key_checking": ...}: yes,
// accept-new, no, or a boolean); "" when absent (the default, accept-new).
func StrictOf(sshOptions map[string]any) (string, error) {
	strict := ""
	for k, v := range sshOptions {
		if k != "strict_host_key_checking" {
			return "", fmt.Errorf("ssh_options: unknown %q (known: strict_host_key_checking)", k)
		}
		switch b := v.(type) {
		case bool: // YAML/JSON true and false
			strict = map[bool]string{true: StrictYes, false: StrictNo}[b]
		default:
			strict = fmt.Sprint(v)
		}
	}
	switch strict {
	case "", StrictYes, StrictAcceptNew, StrictNo:
		return strict, nil
	}
	return "", fmt.Errorf("ssh_options: strict_host_key_checking: %q is not yes, accept-new or no", strict)
}

// Config says how to connect.
type Config struct {
	Addr       string   // host:port
	User       string   // login user
	Password   string   // password authentication, when not empty
	Keys       [][]byte // private keys (PEM or OpenSSH), tried in order
	Passphrase string   // of encrypted keys
	Agent      bool     // also use the ssh-agent of SSH_AUTH_SOCK
	KnownHosts []string // known_hosts files; new hosts go to the first one
	Strict     string   // StrictYes, StrictAcceptNew (default) or StrictNo
	Timeout    time.Duration
	Keepalive  time.Duration // keepalive requests interval; 0: 30 s, negative: none
	Logger     *slog.Logger
}

// AddKeyFiles appends the private keys of files to c.Keys (~ expanded).
func (c *Config) AddKeyFiles(paths ...string) error {
	for _, p := range paths {
		b, err := os.ReadFile(expandHome(p))
		if err != nil {
			return fmt.Errorf("ssh key: %w", err)
		}
		c.Keys = append(c.Keys, b)
	}
	return nil
}

// DefaultToAgent uses the ssh-agent when neither a password nor a key is given.
func (c *Config) DefaultToAgent() { c.Agent = c.Password == "" && len(c.Keys) == 0 }

// Client is an SSH connection to a server.
type Client struct {
	SSH  *ssh.Client
	stop chan struct{}
}

// Dial connects and authenticates. Errors say what failed: the host key (unknown with
// strict checking, or changed), the authentication, or the connection.
func Dial(ctx context.Context, c Config) (*Client, error) {
	log := c.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	var auth []ssh.AuthMethod
	var signers []ssh.Signer
	for i, k := range c.Keys {
		key, err := oauth.ParsePrivateKey(k, c.Passphrase)
		if err != nil {
			return nil, fmt.Errorf("ssh key %d: %w", i+1, err)
		}
		s, err := ssh.NewSignerFromSigner(key)
		if err != nil {
			return nil, fmt.Errorf("ssh key %d: %w", i+1, err)
		}
		signers = append(signers, s)
	}
	if c.Agent {
		if sock := os.Getenv("SSH_AUTH_SOCK"); sock != "" {
			if conn, err := net.Dial("unix", sock); err == nil {
				if more, err := agent.NewClient(conn).Signers(); err == nil {
					signers = append(signers, more...)
				}
			}
		}
	}
	// the methods the server let us try, in order, for the message of a refused login
	tried := &triedMethods{}
	if len(signers) > 0 {
		auth = append(auth, ssh.PublicKeysCallback(func() ([]ssh.Signer, error) {
			tried.add("publickey")
			return signers, nil
		}))
	}
	if c.Password != "" {
		pw := c.Password
		auth = append(auth, ssh.PasswordCallback(func() (string, error) {
			tried.add("password")
			return pw, nil
		}), ssh.KeyboardInteractive(func(_, _ string, q []string, _ []bool) ([]string, error) {
			tried.add("keyboard-interactive")
			answers := make([]string, len(q))
			for i := range q {
				answers[i] = pw
			}
			return answers, nil
		}))
	}
	if len(auth) == 0 {
		return nil, errors.New("no SSH credentials: give a password, keys (--ssh-keys) or use the ssh-agent")
	}
	checkKey, err := hostKeyCallback(c, log)
	if err != nil {
		return nil, err
	}
	// the host key is checked at the end of the key exchange: an error after it is the login's
	kexDone := false
	hostKey := func(host string, remote net.Addr, key ssh.PublicKey) error {
		err := checkKey(host, remote, key)
		kexDone = err == nil
		return err
	}
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	d := net.Dialer{Timeout: timeout}
	conn, err := d.DialContext(ctx, "tcp", c.Addr)
	if err != nil {
		return nil, fmt.Errorf("ssh %s: %w", c.Addr, err)
	}
	stopWatch := context.AfterFunc(ctx, func() { conn.Close() })
	sc, chans, reqs, err := ssh.NewClientConn(conn, c.Addr, &ssh.ClientConfig{User: c.User, Auth: auth, HostKeyCallback: hostKey, Timeout: timeout})
	stopWatch()
	if err != nil {
		conn.Close()
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		var ke *hostKeyError
		if errors.As(err, &ke) {
			return nil, ke
		}
		if kexDone {
			return nil, authError(c, tried, err)
		}
		return nil, fmt.Errorf("ssh %s: %w", c.Addr, err)
	}
	cl := &Client{SSH: ssh.NewClient(sc, chans, reqs), stop: make(chan struct{})}
	if c.Keepalive >= 0 {
		every := c.Keepalive
		if every == 0 {
			every = 30 * time.Second
		}
		go cl.keepalive(every)
	}
	return cl, nil
}

// triedMethods records the authentication methods tried, in order.
type triedMethods struct{ names []string }

func (t *triedMethods) add(name string) {
	for _, n := range t.names {
		if n == name {
			return
		}
	}
	t.names = append(t.names, name)
}

// authError explains a login that failed after the key exchange. x/crypto's own messages do
// not say it well: "unable to authenticate, attempted methods [none password]", or, when a
// server offers keyboard-interactive and refuses it at once, "unexpected message type 51
// (expected 60)". The methods are those the server let us try: recorded by our callbacks, and
// keyboard-interactive when the server refused it before asking anything.
func authError(c Config, tried *triedMethods, err error) error {
	msg := err.Error()
	if strings.Contains(msg, "unexpected message type 51 (expected 60)") {
		tried.add("keyboard-interactive")
	}
	if _, rest, ok := strings.Cut(msg, "attempted methods ["); ok {
		if m, _, ok := strings.Cut(rest, "]"); ok {
			for _, name := range strings.Fields(m) {
				if name != "none" {
					tried.add(name)
				}
			}
		}
	}
	methods := "none the server accepts"
	if len(tried.names) > 0 {
		methods = strings.Join(tried.names, ", ")
	}
	return fmt.Errorf("authentication failed for %s@%s (methods tried: %s)", c.User, c.Addr, methods)
}

func (c *Client) keepalive(every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-c.stop:
			return
		case <-t.C:
			if _, _, err := c.SSH.SendRequest("keepalive@openssh.com", true, nil); err != nil {
				return
			}
		}
	}
}

// Close ends the connection.
func (c *Client) Close() error {
	select {
	case <-c.stop:
	default:
		close(c.stop)
	}
	return c.SSH.Close()
}

// hostKeyError is a refused host key.
type hostKeyError struct{ msg string }

func (e *hostKeyError) Error() string { return e.msg }

// hostKeyCallback checks host keys against the known_hosts files per the policy.
func hostKeyCallback(c Config, log *slog.Logger) (ssh.HostKeyCallback, error) {
	strict := c.Strict
	if strict == "" {
		strict = StrictAcceptNew
	}
	switch strict {
	case StrictNo:
		return ssh.InsecureIgnoreHostKey(), nil //nolint:gosec // asked for explicitly
	case StrictYes, StrictAcceptNew:
	default:
		return nil, fmt.Errorf("strict_host_key_checking: %q is not yes, accept-new or no", strict)
	}
	var files []string
	for _, f := range c.KnownHosts {
		if _, err := os.Stat(f); err == nil {
			files = append(files, f)
		}
	}
	check := func(string, net.Addr, ssh.PublicKey) error { return &knownhosts.KeyError{} }
	if len(files) > 0 {
		cb, err := knownhosts.New(files...)
		if err != nil {
			return nil, fmt.Errorf("known_hosts: %w", err)
		}
		check = cb
	}
	return func(host string, remote net.Addr, key ssh.PublicKey) error {
		err := check(host, remote, key)
		var ke *knownhosts.KeyError
		if err == nil || !errors.As(err, &ke) {
			return err
		}
		fp := ssh.FingerprintSHA256(key)
		if len(ke.Want) > 0 {
			w := ke.Want[0]
			return &hostKeyError{fmt.Sprintf("ssh %s: the host key CHANGED (now %s %s; %s:%d has another): refusing to connect; if the server was reinstalled, remove that line",
				host, key.Type(), fp, w.Filename, w.Line)}
		}
		if strict == StrictYes || len(c.KnownHosts) == 0 {
			return &hostKeyError{fmt.Sprintf("ssh %s: unknown host key %s %s (strict_host_key_checking=yes)", host, key.Type(), fp)}
		}
		line := knownhosts.Line([]string{knownhosts.Normalize(host)}, key)
		if err := appendLine(c.KnownHosts[0], line); err != nil {
			return fmt.Errorf("known_hosts: %w", err)
		}
		log.Warn("new SSH host added to known_hosts", "host", host, "key", key.Type(), "fingerprint", fp, "file", c.KnownHosts[0])
		return nil
	}, nil
}

func appendLine(file, line string) error {
	if err := os.MkdirAll(filepath.Dir(file), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(file, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	_, err = f.WriteString(line + "\n")
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
