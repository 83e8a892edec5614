package server

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/asperalm/aslmcli/internal/sshtest"
)

// checkFiles runs the same operations through any Files and checks what they did on disk.
func checkFiles(t *testing.T, f Files, wantKind string) {
	t.Helper()
	ctx := context.Background()
	if f.Kind() != wantKind {
		t.Fatalf("kind %s, want %s", f.Kind(), wantKind)
	}
	if a, err := f.About(ctx); err != nil || a["access"] != wantKind {
		t.Fatalf("about %v %v", a, err)
	}
	root := filepath.Join(t.TempDir(), "dir é x")
	if err := os.MkdirAll(filepath.Join(root, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "f.txt"), []byte("hello"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "sub", "g.bin"), make([]byte, 1000), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := f.List(ctx, root)
	if err != nil || len(l) != 2 || l[0].Name != "f.txt" || l[0].Type != "file" || l[0].Size != 5 || l[1].Name != "sub" || l[1].Type != "directory" {
		t.Fatalf("list %+v %v", l, err)
	}
	if l[0].Path != filepath.Join(root, "f.txt") {
		t.Fatalf("path %q", l[0].Path)
	}
	if e, err := f.Info(ctx, filepath.Join(root, "sub")); err != nil || e.Type != "directory" || e.Name != "sub" {
		t.Fatalf("info folder %+v %v", e, err)
	}
	if e, err := f.Info(ctx, filepath.Join(root, "f.txt")); err != nil || e.Type != "file" || e.Size != 5 {
		t.Fatalf("info file %+v %v", e, err)
	}
	if sum, err := f.MD5(ctx, filepath.Join(root, "f.txt")); err != nil || sum != "5d41402abc4b2a76b9719d911017c592" {
		t.Fatalf("md5 %s %v", sum, err)
	}
	if u, err := f.Du(ctx, root); err != nil || u.Files != 2 || u.Dirs != 1 || u.Size != 1005 {
		t.Fatalf("du %+v %v", u, err)
	}
	if s, err := f.Df(ctx, root); err != nil || s.Total == 0 || s.Free > s.Total {
		t.Fatalf("df %+v %v", s, err)
	}
	if err := f.Mkdir(ctx, filepath.Join(root, "new", "deep")); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(filepath.Join(root, "new", "deep")); err != nil || !fi.IsDir() {
		t.Fatalf("mkdir: %v", err)
	}
	if err := f.Copy(ctx, filepath.Join(root, "f.txt"), filepath.Join(root, "copy.txt")); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(root, "copy.txt")); err != nil || string(b) != "hello" {
		t.Fatalf("cp: %q %v", b, err)
	}
	if err := f.Rename(ctx, filepath.Join(root, "copy.txt"), filepath.Join(root, "new", `r "q".txt`)); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "new", `r "q".txt`)); err != nil {
		t.Fatalf("rename: %v", err)
	}
	if err := f.Remove(ctx, filepath.Join(root, "new")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "new")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("remove folder: %v", err)
	}
	if err := f.Remove(ctx, filepath.Join(root, "missing")); err == nil {
		t.Fatal("removing a missing file must fail")
	}
	if _, err := f.List(ctx, filepath.Join(root, "missing")); err == nil {
		t.Fatal("listing a missing folder must fail")
	}
}

func TestFilesLocal(t *testing.T) { checkFiles(t, Local{}, "local") }

// openFiles connects to srv with its key and opens its file operations.
func openFiles(t *testing.T, srv *sshtest.Server) Files {
	c, err := Dial(context.Background(), Config{Addr: srv.Addr, User: srv.User, Keys: [][]byte{srv.ClientPEM}, Strict: StrictNo})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	f, err := c.Open(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestFilesOverAscmd(t *testing.T) {
	checkFiles(t, openFiles(t, sshtest.StartWith(t, sshtest.Options{Path: ascmdDouble(t)})), "ascmd")
}

func TestFilesOverSFTP(t *testing.T) {
	f := openFiles(t, sshtest.Start(t))
	checkFiles(t, f, "sftp")
	// a folder copied through the client
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "a", "b"), 0o755)
	os.WriteFile(filepath.Join(root, "a", "b", "x"), []byte("xyz"), 0o600)
	if err := f.Copy(context.Background(), filepath.Join(root, "a"), filepath.Join(root, "c")); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(root, "c", "b", "x")); err != nil || string(b) != "xyz" {
		t.Fatalf("folder copy %q %v", b, err)
	}
}
