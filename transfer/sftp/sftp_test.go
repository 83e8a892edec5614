package sftp

import (
	"bytes"
	"context"
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/asperalm/aslmcli/internal/sshtest"
	"github.com/asperalm/aslmcli/transfer"
	"github.com/asperalm/aslmcli/transfer/agenttest"
	"github.com/asperalm/aslmcli/transfer/spec"
)

var _ transfer.Job = (*job)(nil)

func agentFor(t *testing.T) (transfer.Agent, spec.Spec) {
	srv := sshtest.Start(t)
	a, err := transfer.New("sftp", map[string]any{"strict_host_key_checking": "no"})
	if err != nil {
		t.Fatal(err)
	}
	host, _, _ := strings.Cut(srv.Addr, ":")
	return a, spec.Spec{"remote_host": host, "ssh_port": float64(srv.Port), "remote_user": srv.User, "ssh_private_key": string(srv.ClientPEM)}
}

func randomFile(t *testing.T, p string, n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return b
}

func wait(t *testing.T, a transfer.Agent, s spec.Spec, r *agenttest.Recorder) transfer.Result {
	t.Helper()
	job, err := a.Start(context.Background(), s, r.Options())
	if err != nil {
		t.Fatal(err)
	}
	res, err := job.Wait(context.Background())
	if err != nil {
		t.Fatalf("%+v %v", res, err)
	}
	return res
}

// TestUploadDownloadResume moves a folder both ways on the real sshd's SFTP, then resumes a
// partial download.
func TestUploadDownloadResume(t *testing.T) {
	a, base := agentFor(t)
	local := filepath.Join(t.TempDir(), "dossier à envoyer")
	big := randomFile(t, filepath.Join(local, "sub dir", "big file.bin"), 5<<20+7)
	small := randomFile(t, filepath.Join(local, "é.txt"), 100)
	old := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	_ = os.Chtimes(filepath.Join(local, "é.txt"), old, old)
	remote := filepath.Join(t.TempDir(), "remote")
	up := spec.Merge(base, map[string]any{"direction": "send", "paths": []any{map[string]any{"source": local}},
		"destination_root": remote, "preserve_times": true})
	r := &agenttest.Recorder{}
	res := wait(t, a, up, r)
	if res.Files != 2 || res.Bytes != int64(len(big)+len(small)) || r.Count(transfer.FileDone) != 2 || r.Count(transfer.Sizes) != 1 {
		t.Fatalf("upload %+v", res)
	}
	got, _ := os.ReadFile(filepath.Join(remote, "dossier à envoyer", "sub dir", "big file.bin"))
	if !bytes.Equal(got, big) {
		t.Fatal("uploaded bytes differ")
	}
	if fi, _ := os.Stat(filepath.Join(remote, "dossier à envoyer", "é.txt")); !fi.ModTime().Equal(old) {
		t.Fatalf("times not preserved: %v", fi.ModTime())
	}
	// download, with a partial file already there: resumed
	down := filepath.Join(t.TempDir(), "down")
	partial := filepath.Join(down, "big file.bin")
	_ = os.MkdirAll(down, 0o755)
	_ = os.WriteFile(partial, big[:1<<20], 0o644)
	dl := spec.Merge(base, map[string]any{"direction": "receive", "destination_root": down,
		"paths": []any{map[string]any{"source": filepath.Join(remote, "dossier à envoyer", "sub dir", "big file.bin")}}})
	res = wait(t, a, dl, &agenttest.Recorder{})
	if got, _ := os.ReadFile(partial); !bytes.Equal(got, big) || res.Bytes != int64(len(big)) {
		t.Fatalf("resumed download: equal %v, %+v", bytes.Equal(got, big), res)
	}
	// overwrite=never leaves an existing file alone
	_ = os.WriteFile(partial, []byte("keep"), 0o644)
	wait(t, a, spec.Merge(dl, map[string]any{"overwrite": "never"}), &agenttest.Recorder{})
	if got, _ := os.ReadFile(partial); string(got) != "keep" {
		t.Fatal("overwrite=never replaced the file")
	}
}

func TestSFTPErrors(t *testing.T) {
	a, base := agentFor(t)
	job, err := a.Start(context.Background(), spec.Merge(base, map[string]any{"direction": "send", "destination_root": t.TempDir(),
		"paths": []any{map[string]any{"source": "/no/such/file"}}}), transfer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := job.Wait(context.Background()); err == nil || !strings.Contains(err.Error(), "/no/such/file") {
		t.Fatalf("missing source: %v", err)
	}
	bad := spec.Merge(base, map[string]any{"ssh_private_key": nil, "remote_password": "wrong", "direction": "send",
		"paths": []any{map[string]any{"source": "a"}}})
	if _, err := a.Start(context.Background(), bad, transfer.Options{}); err == nil || !strings.Contains(err.Error(), "authentication failed") {
		t.Fatalf("wrong password: %v", err)
	}
}
