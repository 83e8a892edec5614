package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Default values of a server URL.
const (
	// DefaultSSHPort is the SSH port of an ssh:// URL without one: the port of an HSTS's
	// Aspera SSH server, the one ascp uses by default too.
	DefaultSSHPort = 33001
	// DefaultUser is the login of an ssh:// target without a username: the transfer user of
	// HSTS installations (as in ascli).
	DefaultUser = "xfer"
)

// Target is a server to reach: its URL and the credentials of the CLI options.
type Target struct {
	Scheme     string   // ssh, local or https (WSS transfers with a token only)
	Host       string   // host name or address
	Port       int      // SSH port (ssh), WSS port (https)
	User       string   // SSH login
	Password   string   // SSH password
	KeyPaths   []string // private key files (--ssh-keys), ~ expanded
	Passphrase string   // of the keys
}

// ParseTarget reads a server URL: ssh://host[:port] (port 33001 by default), local:// (this
// machine), or https://host:port (WSS transfers when the transfer spec has a token). The user
// of the URL (ssh://user@host) is used when user is empty, then DefaultUser.
func ParseTarget(raw, user, password string, keyPaths []string, passphrase string) (Target, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" {
		return Target{}, fmt.Errorf("server url %q: expected ssh://host[:port], local:// or https://host:port", raw)
	}
	t := Target{Scheme: strings.ToLower(u.Scheme), Host: u.Hostname(), User: user, Password: password, Passphrase: passphrase}
	for _, k := range keyPaths {
		t.KeyPaths = append(t.KeyPaths, expandHome(k))
	}
	switch t.Scheme {
	case "local":
		t.Host = "localhost"
		return t, nil
	case "ssh":
		t.Port = DefaultSSHPort
	case "https":
		t.Port = 443
	default:
		return Target{}, fmt.Errorf("server url %q: scheme %q is not ssh, local or https", raw, u.Scheme)
	}
	if t.Host == "" {
		return Target{}, fmt.Errorf("server url %q: no host", raw)
	}
	if p := u.Port(); p != "" {
		if t.Port, err = strconv.Atoi(p); err != nil || t.Port <= 0 || t.Port > 65535 {
			return Target{}, fmt.Errorf("server url %q: bad port %q", raw, p)
		}
	}
	if t.User == "" && u.User != nil {
		t.User = u.User.Username()
	}
	if t.User == "" {
		t.User = DefaultUser
	}
	return t, nil
}

func expandHome(p string) string {
	if p == "~" || strings.HasPrefix(p, "~/") {
		if h, err := os.UserHomeDir(); err == nil {
			return filepath.Join(h, p[1:])
		}
	}
	return p
}

// Addr is host:port of the SSH server.
func (t Target) Addr() string { return net.JoinHostPort(t.Host, strconv.Itoa(t.Port)) }

// Local tells whether the target is this machine (local://).
func (t Target) Local() bool { return t.Scheme == "local" }

// TransferSpec is the base transfer spec of the target (no direction nor paths):
// remote_host, ssh_port, remote_user, remote_password, EX_ssh_key_paths and the passphrase;
// for https, wss_enabled, wss_port and remote_user (the token comes from --ts).
func (t Target) TransferSpec() map[string]any {
	s := map[string]any{"remote_host": t.Host}
	switch t.Scheme {
	case "local":
		return s
	case "https":
		s["wss_enabled"] = true
		s["wss_port"] = int64(t.Port)
		s["remote_user"] = t.User // the transfer user of the token (xfer by default)
		return s
	}
	s["ssh_port"] = int64(t.Port)
	s["remote_user"] = t.User
	if t.Password != "" {
		s["remote_password"] = t.Password
	}
	if len(t.KeyPaths) > 0 {
		l := make([]any, len(t.KeyPaths))
		for i, k := range t.KeyPaths {
			l[i] = k
		}
		s["EX_ssh_key_paths"] = l
	}
	if t.Passphrase != "" {
		s["ssh_private_key_passphrase"] = t.Passphrase
	}
	return s
}

// SSHConfig is the connection of the file operations: the target's credentials, the
// ssh-agent when no password nor key is given, and the host key checking.
func (t Target) SSHConfig(knownHosts []string, strict string, log *slog.Logger) (Config, error) {
	c := Config{Addr: t.Addr(), User: t.User, Password: t.Password, Passphrase: t.Passphrase,
		KnownHosts: knownHosts, Strict: strict, Logger: log}
	if err := c.AddKeyFiles(t.KeyPaths...); err != nil {
		return c, err
	}
	c.DefaultToAgent()
	return c, nil
}

// ErrNoFileOps is returned for file operations on an https (WSS) target.
var ErrNoFileOps = errors.New("an https:// server URL allows transfers only (WSS with a token): use ssh://host:port for file operations")

// OpenFiles connects to the target and returns its file operations: Local for local://,
// ascmd or SFTP over SSH otherwise (the connection closes with the Files).
func OpenFiles(ctx context.Context, t Target, knownHosts []string, strict string, log *slog.Logger) (Files, error) {
	switch t.Scheme {
	case "local":
		return Local{}, nil
	case "https":
		return nil, ErrNoFileOps
	}
	cfg, err := t.SSHConfig(knownHosts, strict, log)
	if err != nil {
		return nil, err
	}
	c, err := Dial(ctx, cfg)
	if err != nil {
		return nil, err
	}
	f, err := c.Open(ctx)
	if err != nil {
		c.Close()
		return nil, err
	}
	return &owned{Files: f, c: c}, nil
}

// owned closes the connection with the Files.
type owned struct {
	Files
	c *Client
}

func (o *owned) Close() error {
	err := o.Files.Close()
	if cerr := o.c.Close(); err == nil {
		err = cerr
	}
	return err
}
