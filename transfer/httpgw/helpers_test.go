package httpgw_test

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/asperalm/aslmcli/transfer"
	"github.com/asperalm/aslmcli/transfer/spec"
)

// writeFile creates a file of n random bytes (or the given content).
func writeFile(t testing.TB, p string, n int) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	b := make([]byte, n)
	_, _ = rand.Read(b)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func sum(t testing.TB, p string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

func ts(direction string, sources ...string) spec.Spec {
	paths := make([]any, len(sources))
	for i, s := range sources {
		paths[i] = map[string]any{"source": s}
	}
	return spec.Spec{"direction": direction, "remote_host": "gateway.example.com", "token": "Bearer test-token", "paths": paths}
}

func wait(t testing.TB, j transfer.Job) (transfer.Result, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	return j.Wait(ctx)
}
