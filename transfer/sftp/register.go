package sftp

import (
	"context"
	"net"
	"strconv"

	"github.com/asperalm/aslmcli/products/server"
	"github.com/asperalm/aslmcli/transfer"
	"github.com/asperalm/aslmcli/transfer/spec"
)

func init() {
	transfer.Register(transfer.Info{
		Name:    "sftp",
		Help:    "moves files over SFTP (an SSH server: no ascp needed)",
		Options: transfer.OptionsOf[Settings](),
		Inputs:  []transfer.Input{transfer.InputSSH},
		New:     transfer.Typed(New),
	})
}

// Settings are the sftp agent's settings.
type Settings struct {
	KnownHosts []string `setting:"known_hosts" help:"known_hosts files (new hosts are added to the first)"`
	Strict     string   `setting:"strict_host_key_checking" enum:"yes,accept-new,no" help:"unknown hosts: refused (yes), added (accept-new, default), or no checking (no)"`
	Parallel   int      `setting:"parallel" help:"files moved at once (default 4)"`
}

// New makes the sftp agent from its settings: it connects with the spec's credentials.
func New(s Settings) (transfer.Agent, error) {
	return &Agent{Parallel: s.Parallel, Connect: func(ctx context.Context, sp spec.Spec) (*server.Client, error) {
		c, err := ConfigOf(sp, s.KnownHosts, s.Strict)
		if err != nil {
			return nil, err
		}
		return server.Dial(ctx, c)
	}}, nil
}

// ConfigOf is the SSH connection of a transfer spec: remote_host, ssh_port (default 22),
// remote_user, remote_password, the private keys ssh_private_key, EX_ssh_key_value and the
// files of EX_ssh_key_paths / transfer_info.ssh_key_paths and ssh_private_key_path (with
// ssh_private_key_passphrase); the ssh-agent when none of those is given.
func ConfigOf(s spec.Spec, knownHosts []string, strict string) (server.Config, error) {
	port := int64(22)
	if p, ok := s.Int("ssh_port"); ok && p > 0 {
		port = p
	}
	c := server.Config{Addr: net.JoinHostPort(s.String("remote_host"), strconv.FormatInt(port, 10)), User: s.String("remote_user"),
		Password: s.String("remote_password"), Passphrase: s.String("ssh_private_key_passphrase"), KnownHosts: knownHosts, Strict: strict}
	ext, err := s.Extensions()
	if err != nil {
		return c, err
	}
	for _, k := range []string{s.String("ssh_private_key"), ext.SSHKeyValue} {
		if k != "" {
			c.Keys = append(c.Keys, []byte(k))
		}
	}
	paths := ext.SSHKeyPaths
	if p := s.String("ssh_private_key_path"); p != "" {
		paths = append(paths, p)
	}
	if err := c.AddKeyFiles(paths...); err != nil {
		return c, err
	}
	c.DefaultToAgent()
	return c, nil
}
