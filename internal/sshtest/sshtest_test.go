package sshtest

import (
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"
)

// TestRealSSHD logs in to the real sshd with the client key and runs a command.
func TestRealSSHD(t *testing.T) {
	s := Start(t)
	signer, err := ssh.ParsePrivateKey(s.ClientPEM)
	if err != nil {
		t.Fatal(err)
	}
	c, err := ssh.Dial("tcp", s.Addr, &ssh.ClientConfig{User: s.User, Auth: []ssh.AuthMethod{ssh.PublicKeys(signer)},
		HostKeyCallback: ssh.FixedHostKey(s.HostKey)})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	out, err := sess.Output("echo hello-from-sshd")
	if err != nil || strings.TrimSpace(string(out)) != "hello-from-sshd" {
		t.Fatalf("%q %v", out, err)
	}
	if !strings.HasPrefix(s.KnownHostsLine(), "[127.0.0.1]:") {
		t.Fatal(s.KnownHostsLine())
	}
}
