package httpgw_test

import (
	"archive/zip"
	"context"
	"encoding/json"
	"fmt"
	"mime"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/asperalm/aslmcli/internal/sdktest"
	"github.com/asperalm/aslmcli/transfer"
	"github.com/asperalm/aslmcli/transfer/httpgw"
	"github.com/asperalm/aslmcli/transfer/httpgw/gwtest"
	"github.com/asperalm/aslmcli/transfer/spec"
)

// frames returns the frames of the one upload of gw once the double is done with it.
func frames(t *testing.T, gw *gwtest.Server) []gwtest.Frame {
	t.Helper()
	ups := gw.Uploads()
	for deadline := time.Now().Add(5 * time.Second); len(ups) == 1 && !ups[0].Ended && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
		ups = gw.Uploads()
	}
	if len(ups) != 1 {
		t.Fatalf("%d uploads", len(ups))
	}
	return ups[0].Frames
}

// frameValue is a recorded frame as compared.
func frameValue(f gwtest.Frame) map[string]any {
	if f.Binary {
		return map[string]any{"binary": fmt.Sprint(f.Size)}
	}
	if f.JSON == nil {
		return map[string]any{"text": f.Text}
	}
	return map[string]any{"json": f.JSON}
}

// TestRecordedUpload runs the SDK and the agent with the same upload (a 1 MiB+ file, an empty
// one, one into a sub-folder) against recording doubles, v1 and v2, and compares their
// WebSocket messages one by one, field by field.
func TestRecordedUpload(t *testing.T) {
	dir, node := sdkDir(t, "@ibm-aspera/http-gateway-sdk-js")
	local := t.TempDir()
	sizes := map[string]int{"big.bin": 1<<20 + 12345, "empty.txt": 0, "x.txt": 100}
	names := []string{"big.bin", "empty.txt", "x.txt"}
	var files, paths []any
	for _, n := range names {
		writeFile(t, filepath.Join(local, n), sizes[n])
		// File.type as a browser gives it: from the extension
		typ, _, _ := mime.ParseMediaType(mime.TypeByExtension(filepath.Ext(n)))
		files = append(files, map[string]any{"name": n, "type": typ, "path": filepath.Join(local, n)})
		dst := n
		if n == "x.txt" {
			dst = "sub/x.txt"
		}
		paths = append(paths, map[string]any{"source": n, "destination": dst})
	}
	common := func() map[string]any {
		return map[string]any{"direction": "send", "remote_host": "gw.example.com", "token": "Bearer test-token",
			"destination_root": "/uploads", "paths": paths}
	}
	for _, version := range []string{"2.0.0", "2.3.0"} {
		t.Run(version, func(t *testing.T) {
			opts := gwtest.Options{Version: version, Token: "Bearer test-token", Record: true}
			sdkGW := gwtest.Start(t, opts)
			job, _ := json.Marshal(map[string]any{"files": files, "spec": common()})
			ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
			defer cancel()
			out, err := exec.CommandContext(ctx, node, filepath.Join("testdata", "sdk_upload.js"), dir, sdkGW.Base, string(job)).CombinedOutput()
			if err != nil || !strings.Contains(string(out), `"status":"completed"`) {
				t.Fatalf("SDK upload: %v\n%s", err, out)
			}

			agGW := gwtest.Start(t, opts)
			s := spec.Spec(common())
			s["source_root"] = local
			j, err := (&httpgw.Agent{URL: agGW.Base}).Start(context.Background(), s, transfer.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := wait(t, j); err != nil {
				t.Fatal(err)
			}

			sf, af := frames(t, sdkGW), frames(t, agGW)
			if len(sf) != len(af) {
				t.Errorf("the SDK sent %d messages, the agent %d", len(sf), len(af))
			}
			for i := range min(len(sf), len(af)) {
				intended := map[string]string{}
				if i == 0 {
					intended["json.transfer_spec.authentication"] = "the agent adds authentication \"token\" to a spec without (ascli does); the SDK sends its caller's spec, here without"
				}
				sdktest.Compare(t, fmt.Sprintf("message %d", i), frameValue(sf[i]), frameValue(af[i]), nil, intended)
			}
		})
	}
}

// zipNames returns the entries of a zip file.
func zipNames(t *testing.T, p string) []string {
	t.Helper()
	zr, err := zip.OpenReader(p)
	if err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	defer zr.Close()
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	sort.Strings(names)
	return names
}

// TestRecordedDownload runs the SDK's and the agent's downloads with the same spec (one file;
// two files without zip, which the gateway zips anyway; two zipped) against recording
// doubles, compares the specs they posted field by field and what they got.
func TestRecordedDownload(t *testing.T) {
	dir, node := sdkDir(t, "@ibm-aspera/http-gateway-sdk-js")
	// what the agent adds to every download spec, as ascli does
	agentAdds := map[string]string{
		"authentication": "the agent adds authentication \"token\" to a spec without (ascli does)",
		"source_root":    "the agent sends source_root \"/\" when absent (ascli does)",
		"download_name":  "the agent names the download as ascli does (the first source, plus \" N Files\")",
	}
	for name, c := range map[string]struct {
		zip      any // the SDK's zipRequire option: nil (not given), true, false
		sources  []string
		zipped   bool
		intended map[string]string
	}{
		"single": {nil, []string{"d/a.bin"}, false, map[string]string{
			"zip_required": "the agent states zip_required false; the SDK leaves it out without zipRequire"}},
		"several-no-zip": {false, []string{"d/a.bin", "d/b.txt"}, true, map[string]string{
			"zip_required": "the agent asks for the zip a gateway sends for several files anyway (ascli does); the SDK passes its caller's false"}},
		"several-zip": {true, []string{"d/a.bin", "d/b.txt"}, true, nil},
	} {
		t.Run(name, func(t *testing.T) {
			paths := []any{}
			for _, s := range c.sources {
				paths = append(paths, map[string]any{"source": s})
			}
			dest := t.TempDir()
			common := func() map[string]any {
				return map[string]any{"direction": "receive", "remote_host": "gw.example.com", "token": "Bearer test-token",
					"destination_root": dest, "paths": paths}
			}
			start := func() *gwtest.Server {
				gw := gwtest.Start(t, gwtest.Options{Token: "Bearer test-token", Record: true})
				writeFile(t, filepath.Join(gw.Opts.DownloadDir, "d", "a.bin"), 200000)
				writeFile(t, filepath.Join(gw.Opts.DownloadDir, "d", "b.txt"), 10)
				return gw
			}
			sdkGW := start()
			job, _ := json.Marshal(map[string]any{"zip": c.zip, "spec": common()})
			out := filepath.Join(t.TempDir(), "sdk.out")
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			b, err := exec.CommandContext(ctx, node, filepath.Join("testdata", "sdk_download.js"), dir, sdkGW.Base, string(job), out).CombinedOutput()
			if err != nil || !strings.Contains(string(b), `"status":"completed"`) {
				t.Fatalf("SDK download: %v\n%s", err, b)
			}

			agGW := start()
			j, err := (&httpgw.Agent{URL: agGW.Base}).Start(context.Background(), spec.Spec(common()), transfer.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := wait(t, j); err != nil {
				t.Fatal(err)
			}

			intended := map[string]string{}
			for k, v := range agentAdds {
				intended["transfer_spec."+k] = v
			}
			for k, v := range c.intended {
				intended["transfer_spec."+k] = v
			}
			sdktest.Compare(t, "POST v1/download", map[string]any{"transfer_spec": sdkGW.Downloads()[0]},
				map[string]any{"transfer_spec": agGW.Downloads()[0]}, nil, intended)

			if !c.zipped {
				if sum(t, out) != sum(t, filepath.Join(sdkGW.Opts.DownloadDir, "d", "a.bin")) {
					t.Error("the SDK got other bytes")
				}
				if sum(t, filepath.Join(dest, "a.bin")) != sum(t, filepath.Join(agGW.Opts.DownloadDir, "d", "a.bin")) {
					t.Error("the agent got other bytes")
				}
				return
			}
			agentZip := filepath.Join(dest, "a 2 Files.zip")
			want := []string{"a.bin", "b.txt"}
			if got := zipNames(t, out); !reflect.DeepEqual(got, want) {
				t.Errorf("the SDK's zip holds %v", got)
			}
			if got := zipNames(t, agentZip); !reflect.DeepEqual(got, want) {
				t.Errorf("the agent's zip holds %v", got)
			}
		})
	}
}
