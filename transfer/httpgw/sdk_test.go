package httpgw_test

import (
	"archive/zip"
	"context"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/asperalm/aslmcli/internal/sdktest"
	"github.com/asperalm/aslmcli/transfer/httpgw/gwtest"
)

// sdkDir returns the node_modules folder holding IBM's gateway SDK (and ws, a WebSocket for
// Node < 22) and the node command (see internal/sdktest: skipped without them, failed under CI).
func sdkDir(t *testing.T, pkg string) (string, string) {
	t.Helper()
	return sdktest.Dir(t, pkg, "ws")
}

// TestSDKUpload runs IBM's HTTP Gateway SDK (software mode, in Node) against the double: v1
// and v2, several files, one empty, one with a sub-folder destination. The double fails the
// test on any frame it does not accept.
func TestSDKUpload(t *testing.T) {
	dir, node := sdkDir(t, "@ibm-aspera/http-gateway-sdk-js")
	for _, version := range []string{"2.0.0", "2.3.0"} {
		t.Run(version, func(t *testing.T) {
			gw := gwtest.Start(t, gwtest.Options{Version: version, Token: "Bearer test-token"})
			local := t.TempDir()
			sizes := map[string]int{"big.bin": 1<<20 + 12345, "empty.txt": 0, "x.txt": 100}
			var files []map[string]any
			var paths []any
			for _, n := range []string{"big.bin", "empty.txt", "x.txt"} {
				writeFile(t, filepath.Join(local, n), sizes[n])
				files = append(files, map[string]any{"name": n, "type": "application/octet-stream", "path": filepath.Join(local, n)})
				dst := n
				if n == "x.txt" {
					dst = "sub/x.txt"
				}
				paths = append(paths, map[string]any{"source": n, "destination": dst})
			}
			job, _ := json.Marshal(map[string]any{"files": files, "spec": map[string]any{
				"direction": "send", "remote_host": "gw.example.com", "token": "Bearer test-token",
				"destination_root": "/uploads", "paths": paths}})
			ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, node, filepath.Join("testdata", "sdk_upload.js"), dir, gw.Base, string(job))
			out, err := cmd.CombinedOutput()
			if err != nil || !strings.Contains(string(out), `"status":"completed"`) {
				t.Fatalf("SDK upload: %v\n%s", err, out)
			}
			ups := gw.Uploads()
			for deadline := time.Now().Add(5 * time.Second); len(ups) == 1 && !ups[0].Ended && time.Now().Before(deadline); {
				time.Sleep(10 * time.Millisecond)
				ups = gw.Uploads()
			}
			want := map[string]string{"2.0.0": "v1", "2.3.0": "v2"}[version]
			if len(ups) != 1 || ups[0].Version != want || !reflect.DeepEqual(ups[0].Files, []string{"big.bin", "x.txt"}) {
				t.Fatalf("uploads %+v", ups)
			}
			for n := range sizes {
				if sum(t, filepath.Join(gw.Opts.UploadDir, n)) != sum(t, filepath.Join(local, n)) {
					t.Errorf("%s: the double got other bytes", n)
				}
			}
		})
	}
}

// TestSDKDownload runs the SDK's download (one file; two files zipped) against the double and
// compares the bytes.
func TestSDKDownload(t *testing.T) {
	dir, node := sdkDir(t, "@ibm-aspera/http-gateway-sdk-js")
	gw := gwtest.Start(t, gwtest.Options{Token: "Bearer test-token"})
	writeFile(t, filepath.Join(gw.Opts.DownloadDir, "d", "a.bin"), 200000)
	writeFile(t, filepath.Join(gw.Opts.DownloadDir, "d", "b.txt"), 10)
	for name, c := range map[string]struct {
		sources []string
		zip     any
	}{
		"single": {[]string{"d/a.bin"}, nil},
		"zip":    {[]string{"d/a.bin", "d/b.txt"}, true},
	} {
		t.Run(name, func(t *testing.T) {
			var paths []any
			for _, s := range c.sources {
				paths = append(paths, map[string]any{"source": s})
			}
			job, _ := json.Marshal(map[string]any{"zip": c.zip, "spec": map[string]any{
				"direction": "receive", "remote_host": "gw.example.com", "token": "Bearer test-token", "paths": paths}})
			out := filepath.Join(t.TempDir(), "out")
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			b, err := exec.CommandContext(ctx, node, filepath.Join("testdata", "sdk_download.js"), dir, gw.Base, string(job), out).CombinedOutput()
			if err != nil || !strings.Contains(string(b), `"status":"completed"`) {
				t.Fatalf("SDK download: %v\n%s", err, b)
			}
			if c.zip == nil {
				if sum(t, out) != sum(t, filepath.Join(gw.Opts.DownloadDir, "d", "a.bin")) {
					t.Error("the SDK got other bytes")
				}
				return
			}
			zr, err := zip.OpenReader(out)
			if err != nil {
				t.Fatal(err)
			}
			defer zr.Close()
			var names []string
			for _, f := range zr.File {
				names = append(names, f.Name)
			}
			if len(names) != 2 {
				t.Errorf("zip holds %v", names)
			}
		})
	}
}
