package copytree

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func write(t *testing.T, p, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestPlanAndCopy(t *testing.T) {
	src, dst := t.TempDir(), t.TempDir()
	write(t, filepath.Join(src, "dir é", "b.txt"), "bbbb")
	write(t, filepath.Join(src, "dir é", "a", "c.txt"), "cc")
	write(t, filepath.Join(src, "one.txt"), "0123456789")
	files, total, err := Plan([]string{filepath.Join(src, "dir é"), filepath.Join(src, "one.txt")}, dst)
	want := []File{
		{filepath.Join(src, "dir é", "a", "c.txt"), filepath.Join(dst, "dir é", "a", "c.txt"), 2},
		{filepath.Join(src, "dir é", "b.txt"), filepath.Join(dst, "dir é", "b.txt"), 4},
		{filepath.Join(src, "one.txt"), filepath.Join(dst, "one.txt"), 10},
	}
	if err != nil || total != 16 || !reflect.DeepEqual(files, want) {
		t.Fatalf("Plan = %+v, %d, %v", files, total, err)
	}
	// a partial destination is resumed; each can stop the copy
	write(t, want[2].Dst, "0123")
	var seen []int64
	n, err := want[2].Copy(3, func(done int64) bool { seen = append(seen, done); return done < 7 })
	if !errors.Is(err, ErrStopped) || n != 7 || !reflect.DeepEqual(seen, []int64{7}) {
		t.Fatalf("stopped copy: %d %v %v", n, err, seen)
	}
	n, err = want[2].Copy(3, func(int64) bool { return true })
	if b, _ := os.ReadFile(want[2].Dst); err != nil || n != 10 || string(b) != "0123456789" {
		t.Fatalf("resumed copy: %d %v %q", n, err, b)
	}
	// a whole destination is kept
	write(t, want[1].Dst, "XXXX")
	if n, err := want[1].Copy(3, func(int64) bool { return true }); err != nil || n != 4 {
		t.Fatalf("whole: %d %v", n, err)
	}
	if b, _ := os.ReadFile(want[1].Dst); string(b) != "XXXX" {
		t.Fatalf("a whole destination was rewritten: %q", b)
	}
	if _, _, err := Plan([]string{filepath.Join(src, "nope")}, dst); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("missing source: %v", err)
	}
}
