package server

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/pkg/sftp"

	"github.com/asperalm/aslmcli/internal/sshtest"
)

func sftpFS(t *testing.T) *FS {
	srv := sshtest.Start(t)
	c, err := Dial(context.Background(), Config{Addr: srv.Addr, User: srv.User, Keys: [][]byte{srv.ClientPEM}, Strict: StrictNo})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	f, err := c.SFTP()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// TestSFTPOperations runs every file operation on the real sshd's SFTP, on paths with spaces
// and unicode.
func TestSFTPOperations(t *testing.T) {
	f := sftpFS(t)
	root := filepath.Join(t.TempDir(), "données à transférer")
	if err := f.Mkdir(filepath.Join(root, "sub dir", "deep")); err != nil {
		t.Fatal(err)
	}
	data := []byte(strings.Repeat("aspera ", 1000))
	if err := os.WriteFile(filepath.Join(root, "sub dir", "été.txt"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("sub dir", filepath.Join(root, "link")); err != nil {
		t.Fatal(err)
	}
	list, err := f.List(root)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range list {
		got = append(got, e.Name+":"+e.Type)
	}
	if !reflect.DeepEqual(got, []string{"link:link", "sub dir:directory"}) {
		t.Fatalf("list %v", got)
	}
	file := filepath.Join(root, "sub dir", "été.txt")
	if l, err := f.List(file); err != nil || len(l) != 1 || l[0].Size != int64(len(data)) || l[0].Type != "file" {
		t.Fatalf("list of a file: %+v %v", l, err)
	}
	sum := md5.Sum(data)
	if m, err := f.MD5(file); err != nil || m != hex.EncodeToString(sum[:]) {
		t.Fatalf("md5 %s %v", m, err)
	}
	if u, err := f.Du(root); err != nil || u.Files != 1 || u.Dirs != 2 || u.Size != int64(len(data)) {
		t.Fatalf("du %+v %v", u, err)
	}
	if d, err := f.Df(root); err != nil || d.Total == 0 || d.Free > d.Total {
		t.Fatalf("df %+v %v", d, err)
	}
	renamed := filepath.Join(root, "sub dir", "renamed été.txt")
	if err := f.Rename(file, renamed); err != nil {
		t.Fatal(err)
	}
	if err := f.Rename(renamed, filepath.Join(root, "link")); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Fatalf("rename onto an existing path: %v", err)
	}
	if e, err := f.Info(renamed); err != nil || e.Name != "renamed été.txt" {
		t.Fatalf("info %+v %v", e, err)
	}
	if err := f.Remove(filepath.Join(root, "link")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "sub dir")); err != nil {
		t.Fatal("removing a link removed its target")
	}
	if err := f.Remove(filepath.Join(root, "sub dir")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "sub dir")); !os.IsNotExist(err) {
		t.Fatal("folder not removed")
	}
	if _, err := f.List(filepath.Join(root, "nope")); err == nil || !strings.Contains(err.Error(), "browse ") {
		t.Fatalf("missing: %v", err)
	}
}

// TestSFTPWithoutStatvfs: a server that does not offer statvfs@openssh.com (an in-process
// pkg/sftp server told so) makes df say it is not available; the rest still works.
func TestSFTPWithoutStatvfs(t *testing.T) {
	if err := sftp.SetSFTPExtensions("posix-rename@openssh.com"); err != nil {
		t.Fatal(err)
	}
	defer sftp.SetSFTPExtensions("hardlink@openssh.com", "posix-rename@openssh.com", "statvfs@openssh.com")
	c1, c2 := net.Pipe()
	srv, err := sftp.NewServer(c2)
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve()
	defer srv.Close()
	cl, err := sftp.NewClientPipe(c1, c1)
	if err != nil {
		t.Fatal(err)
	}
	fs := &FS{c: cl}
	defer fs.Close()
	dir := t.TempDir()
	if _, err := fs.Df(dir); !errors.Is(err, ErrNotAvailable) || !strings.Contains(err.Error(), "not available over this server's SFTP") {
		t.Fatalf("df: %v", err)
	}
	if got := fs.Extensions(); len(got) != 1 || got[0] != "posix-rename@openssh.com" {
		t.Fatalf("extensions %v", got)
	}
	if u, err := fs.Du(dir); err != nil || u.Files != 0 {
		t.Fatalf("du: %+v %v", u, err)
	}
}
