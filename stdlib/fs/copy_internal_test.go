package fs

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestCopyCancelled(t *testing.T) {
	dir := t.TempDir()
	src, dst := filepath.Join(dir, "big"), filepath.Join(dir, "dst")
	if err := os.WriteFile(src, make([]byte, 1<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := copyFile(ctx, src, dst); !errors.Is(err, context.Canceled) {
		t.Fatalf("want context.Canceled, got %v", err)
	}
	if _, err := os.Stat(dst); !os.IsNotExist(err) {
		t.Errorf("partial copy left behind: %v", err)
	}
}
