package server

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/asperalm/aslmcli/internal/sshtest"
)

var (
	doubleOnce sync.Once
	doubleDir  string
	doubleErr  error
)

// ascmdDouble builds the ascmd test double into a folder to put on the sshd's PATH.
func ascmdDouble(t *testing.T) string {
	doubleOnce.Do(func() {
		doubleDir, doubleErr = os.MkdirTemp("", "ascmd-double-")
		if doubleErr == nil {
			out, err := exec.Command("go", "build", "-o", filepath.Join(doubleDir, "ascmd"), "./testdata/ascmd").CombinedOutput()
			if err != nil {
				doubleErr = errors.New(string(out))
			}
		}
	})
	if doubleErr != nil {
		t.Fatal(doubleErr)
	}
	return doubleDir
}

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
