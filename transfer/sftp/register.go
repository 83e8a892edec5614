package sftp

import (
	"context"
	"fmt"
	"net"
	"strconv"

	"github.com/asperalm/aslmcli/products/server"
	"github.com/asperalm/aslmcli/transfer"
	"github.com/asperalm/aslmcli/transfer/spec"
)

func init() { transfer.Register("sftp", factory) }

// factory makes the sftp agent; settings: known_hosts (list of files, the first gets new
// hosts), strict_host_key_checking (yes, accept-new, no), parallel.
func factory(settings map[string]any) (transfer.Agent, error) {
	var known []string
	if l, ok := settings["known_hosts"].([]any); ok {
		for _, f := range l {
			known = append(known, fmt.Sprint(f))
		}
	}
	strict, _ := settings["strict_host_key_checking"].(string)
	a := &Agent{Connect: func(ctx context.Context, s spec.Spec) (*server.Client, error) {
		c, err := ConfigOf(s, known, strict)
		if err != nil {
			return nil, err
		}
		return server.Dial(ctx, c)
	}}
	switch p := settings["parallel"].(type) {
	case int64:
		a.Parallel = int(p)
	case float64:
		a.Parallel = int(p)
	}
	return a, nil
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
