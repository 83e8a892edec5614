package server

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/asperalm/aslmcli/internal/sshtest"
	"github.com/asperalm/aslmcli/products/server/servertest"
)

// ascmdDouble is the folder of the ascmd test double.
func ascmdDouble(t *testing.T) string { return servertest.AscmdDouble(t) }

func TestAscmdOverRealSSH(t *testing.T) {
	srv := sshtest.StartWith(t, sshtest.Options{Path: ascmdDouble(t)})
	c, err := Dial(context.Background(), Config{Addr: srv.Addr, User: srv.User, Keys: [][]byte{srv.ClientPEM}, Strict: StrictNo})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	root := filepath.Join(t.TempDir(), "a dir é")
	if err := os.MkdirAll(root, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "f.txt"), []byte("hello"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := c.Ascmd(context.Background(),
		Command("ls", root), Command("mkdir", filepath.Join(root, "new")), Command("md5sum", filepath.Join(root, "f.txt")),
		Command("du", root), Command("mv", filepath.Join(root, "f.txt"), filepath.Join(root, `g "q".txt`)),
		Command("rm", filepath.Join(root, "missing")), Command("df"))
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 7 || len(res[0].Dir) != 1 || res[0].Dir[0].Name != "f.txt" || res[1].Type != ResultSuccess ||
		res[2].MD5 != "5d41402abc4b2a76b9719d911017c592" || res[3].DU.Files != 1 || res[3].DU.Dirs != 1 ||
		res[4].Type != ResultSuccess || res[5].Err == nil || len(res[6].Mounts) != 1 {
		t.Fatalf("results %+v", res)
	}
	if _, err := os.Stat(filepath.Join(root, `g "q".txt`)); err != nil {
		t.Fatalf("mv with quotes: %v", err)
	}
	if !strings.Contains(res[5].Err.Error(), "No such file or directory") {
		t.Fatalf("rm error: %v", res[5].Err)
	}
	// a server without ascmd: ErrNoAscmd, so that callers use SFTP
	bare := sshtest.Start(t)
	c2, err := Dial(context.Background(), Config{Addr: bare.Addr, User: bare.User, Keys: [][]byte{bare.ClientPEM}, Strict: StrictNo})
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	if _, err := c2.Ascmd(context.Background(), Command("df")); !errors.Is(err, ErrNoAscmd) {
		t.Fatalf("no ascmd: %v", err)
	}
}
