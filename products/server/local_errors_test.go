package server

import (
	"context"
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// TestLocalErrors: the errors of local:// operations match ErrLocal (they are this machine's,
// not an SSH server's) and keep their message and cause.
func TestLocalErrors(t *testing.T) {
	ctx := context.Background()
	missing := filepath.Join(t.TempDir(), "missing")
	var l Local
	_, infoErr := l.Info(ctx, missing)
	_, listErr := l.List(ctx, missing)
	_, md5Err := l.MD5(ctx, missing)
	for name, err := range map[string]error{
		"remove": l.Remove(ctx, missing), "info": infoErr, "list": listErr, "md5": md5Err,
		"rename": l.Rename(ctx, missing, missing+"2"),
	} {
		if !errors.Is(err, ErrLocal) || !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), missing) || strings.Contains(err.Error(), ErrLocal.Error()) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if err := l.Mkdir(ctx, filepath.Join(t.TempDir(), "a", "b")); err != nil {
		t.Fatalf("mkdir: %v", err)
	}
}
