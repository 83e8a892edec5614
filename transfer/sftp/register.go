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
		return server.Dial(ctx, ConfigOf(s, known, strict))
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
// remote_user, remote_password, ssh_private_key (+ ssh_private_key_passphrase).
func ConfigOf(s spec.Spec, knownHosts []string, strict string) server.Config {
	port := int64(22)
	if p, ok := s.Int("ssh_port"); ok && p > 0 {
		port = p
	}
	c := server.Config{Addr: net.JoinHostPort(s.String("remote_host"), strconv.FormatInt(port, 10)), User: s.String("remote_user"),
		Password: s.String("remote_password"), Passphrase: s.String("ssh_private_key_passphrase"), KnownHosts: knownHosts, Strict: strict}
	if k := s.String("ssh_private_key"); k != "" {
		c.Keys = [][]byte{[]byte(k)}
	}
	return c
}
