package httpgw_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/asperalm/aslmcli/products/rest"
	"github.com/asperalm/aslmcli/transfer"
	"github.com/asperalm/aslmcli/transfer/agenttest"
	"github.com/asperalm/aslmcli/transfer/httpgw"
	"github.com/asperalm/aslmcli/transfer/httpgw/gwtest"
)

// tree makes the files of an upload: a 1 MiB+ file (not a multiple of 64000), an empty file
// and a nested folder. It returns the root and the names the gateway must get, with their
// local paths.
func tree(t *testing.T) (string, []string, map[string]string) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "big.bin"), 1<<20+12345)
	writeFile(t, filepath.Join(root, "empty.txt"), 0)
	writeFile(t, filepath.Join(root, "dir", "a.txt"), 100)
	writeFile(t, filepath.Join(root, "dir", "sub", "c.bin"), 3*64000)
	writeFile(t, filepath.Join(root, "dir", "sub", "z.bin"), 64001)
	names := []string{"big.bin", "empty.txt", "dir/a.txt", "dir/sub/c.bin", "dir/sub/z.bin"}
	local := map[string]string{}
	for _, n := range names {
		local[n] = filepath.Join(root, filepath.FromSlash(n))
	}
	return root, names, local
}

// TestUpload runs uploads against gateways that ack as the SDK expects: "end upload" for the
// spec and each chunk, never end_slice_upload (the default double), and against noisy ones
// (end_slice_upload, duplicate acks, unknown text frames), stop-and-wait (the default) and
// windowed, behind the usual /aspera/http-gwy and another prefix.
func TestUpload(t *testing.T) {
	for _, c := range []struct {
		name, version string
		window        int
		opts          gwtest.Options
	}{
		{"v1", "2.0.0", 0, gwtest.Options{}},
		{"v1-window", "1.5.0", 8, gwtest.Options{}},
		{"v2", "2.3.0", 0, gwtest.Options{}},
		{"v2-window", "2.4.1", 8, gwtest.Options{}},
		{"v2-noisy", "2.3.0", 0, gwtest.Options{SliceAcks: true, DuplicateAcks: true, Noise: true}},
		{"v1-noisy", "2.2.9", 0, gwtest.Options{DuplicateAcks: true, Noise: true}},
		{"v2-prefix", "10.0", 0, gwtest.Options{Prefix: "/gw/behind/proxy"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			o := c.opts
			o.Version, o.Token = c.version, "Bearer test-token"
			gw := gwtest.Start(t, o)
			root, names, local := tree(t)
			var total int64
			var sent []string // names the gateway gets data of: not the empty file
			for _, n := range names {
				st, _ := os.Stat(local[n])
				total += st.Size()
				if st.Size() > 0 {
					sent = append(sent, n)
				}
			}
			s := ts("send", "big.bin", "empty.txt", "dir")
			for i, d := range []string{"sub/renamed.bin", "empty.txt", "dir"} { // all or none (CheckSpec)
				s["paths"].([]any)[i].(map[string]any)["destination"] = d
			}
			s["source_root"] = root
			s["destination_root"] = "/uploads"
			rec := &agenttest.Recorder{}
			a := &httpgw.Agent{URL: gw.Base + "/", Window: c.window}
			j, err := a.Start(context.Background(), s, rec.Options())
			if err != nil {
				t.Fatal(err)
			}
			res, err := wait(t, j)
			if err != nil || res.Status != transfer.Succeeded {
				t.Fatalf("Wait: %+v, %v", res, err)
			}
			if res.Bytes != total || res.Files != int64(len(names)) || res.Agent != "httpgw" {
				t.Errorf("result %+v, want %d bytes, %d files", res, total, len(names))
			}
			for _, n := range sent {
				if sum(t, filepath.Join(gw.Opts.UploadDir, filepath.FromSlash(n))) != sum(t, local[n]) {
					t.Errorf("%s: the gateway got other bytes", n)
				}
			}
			// the double records the close after the client has sent it: wait for it
			ups := gw.Uploads()
			for deadline := time.Now().Add(2 * time.Second); len(ups) == 1 && ups[0].Closed == -1 && time.Now().Before(deadline); {
				time.Sleep(5 * time.Millisecond)
				ups = gw.Uploads()
			}
			if len(ups) != 1 {
				t.Fatalf("%d uploads", len(ups))
			}
			up := ups[0]
			wantVersion := "v1"
			if strings.HasPrefix(c.name, "v2") {
				wantVersion = "v2"
			}
			if up.Version != wantVersion || up.Closed != 1000 || !reflect.DeepEqual(up.Files, sent) {
				t.Errorf("upload %s closed %d files %v, want %s, 1000, %v", up.Version, up.Closed, up.Files, wantVersion, sent)
			}
			if _, ok := up.Spec["source_root"]; ok || up.Spec["destination_root"] != "/uploads" {
				t.Errorf("spec sent: %v", up.Spec)
			}
			var srcs []string
			for _, p := range up.Spec["paths"].([]any) {
				srcs = append(srcs, p.(map[string]any)["source"].(string))
			}
			if !reflect.DeepEqual(srcs, names) || up.Spec["paths"].([]any)[0].(map[string]any)["destination"] != "sub/renamed.bin" {
				t.Errorf("paths sent: %v", up.Spec["paths"])
			}
			checkEvents(t, rec.Events(), total, names)
		})
	}
}

// checkEvents checks the sequence: SessionStart, Sizes, Progress (growing) and FileDone in
// file order, SessionDone last.
func checkEvents(t *testing.T, ev []transfer.Event, total int64, names []string) {
	t.Helper()
	if len(ev) < 3 || ev[0].Type != transfer.SessionStart || ev[1].Type != transfer.Sizes || ev[len(ev)-1].Type != transfer.SessionDone {
		t.Fatalf("events: %v", types(ev))
	}
	if ev[1].Total != total || ev[1].Files != int64(len(names)) {
		t.Errorf("sizes %+v", ev[1])
	}
	var last int64
	var done []string
	for _, e := range ev[2 : len(ev)-1] {
		if e.Session != ev[0].Session || e.Agent != "httpgw" {
			t.Errorf("event %+v of another session", e)
		}
		switch e.Type {
		case transfer.Progress:
			if e.Bytes <= last || e.Total != total {
				t.Errorf("progress %d after %d (total %d)", e.Bytes, last, e.Total)
			}
			last = e.Bytes
		case transfer.FileDone:
			done = append(done, e.File)
			if e.Files != int64(len(done)) {
				t.Errorf("file_done %+v: files %d", e, len(done))
			}
		default:
			t.Errorf("unexpected event %+v", e)
		}
	}
	if last != total || !reflect.DeepEqual(done, names) {
		t.Errorf("last progress %d of %d; files done %v", last, total, done)
	}
	if end := ev[len(ev)-1]; end.Bytes != total || end.Files != int64(len(names)) {
		t.Errorf("done %+v", end)
	}
}

func types(ev []transfer.Event) []transfer.EventType {
	out := make([]transfer.EventType, len(ev))
	for i, e := range ev {
		out[i] = e.Type
	}
	return out
}

func TestUploadServerError(t *testing.T) {
	for _, version := range []string{"2.0.0", "2.3.0"} {
		for _, b64 := range []bool{false, true} {
			t.Run(version+map[bool]string{false: "-json", true: "-base64"}[b64], func(t *testing.T) {
				const msg = "destination disk full (test)"
				gw := gwtest.Start(t, gwtest.Options{Version: version, FailAfter: 3, FailMessage: msg, FailBase64: b64})
				dir := t.TempDir()
				writeFile(t, filepath.Join(dir, "f.bin"), 2<<20)
				rec := &agenttest.Recorder{}
				j, err := (&httpgw.Agent{URL: gw.Base}).Start(context.Background(), ts("send", filepath.Join(dir, "f.bin")), rec.Options())
				if err != nil {
					t.Fatal(err)
				}
				res, err := wait(t, j)
				var te *transfer.Error
				if !errors.As(err, &te) || te.Message != msg || te.Agent != "httpgw" {
					t.Fatalf("Wait error %#v, want the gateway's message", err)
				}
				if res.Status != transfer.Failed || len(res.Errors) != 1 {
					t.Errorf("result %+v", res)
				}
				ev := rec.Events()
				if end := ev[len(ev)-1]; end.Type != transfer.SessionError || end.Message != msg {
					t.Errorf("last event %+v", end)
				}
			})
		}
	}
}

func TestUploadCancel(t *testing.T) {
	gw := gwtest.Start(t, gwtest.Options{AckDelay: 100 * time.Millisecond})
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "slow.bin"), 64<<20)
	rec := &agenttest.Recorder{}
	j, err := (&httpgw.Agent{URL: gw.Base}).Start(context.Background(), ts("send", filepath.Join(dir, "slow.bin")), rec.Options())
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-rec.Reached(transfer.Progress):
	case <-time.After(10 * time.Second):
		t.Fatal("no progress")
	}
	start := time.Now()
	j.Cancel()
	res, err := wait(t, j)
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("the job took %s to stop", d)
	}
	var te *transfer.Error
	if res.Status != transfer.Canceled || !errors.As(err, &te) {
		t.Errorf("Wait: %+v, %v", res, err)
	}
	if res.Bytes >= 64<<20 {
		t.Errorf("everything was sent: %d", res.Bytes)
	}
	for deadline := time.Now().Add(5 * time.Second); !gw.Uploads()[0].Ended; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the gateway still runs the upload")
		}
	}
	if up := gw.Uploads()[0]; up.Closed == 1000 || len(up.Files) != 0 {
		t.Errorf("the gateway saw a normal end: %+v", up)
	}
	if err := transfer.SetRate(j, 1000); !errors.Is(err, transfer.ErrNoRate) {
		t.Errorf("SetRate: %v", err)
	}
}

func TestStartErrors(t *testing.T) {
	gw := gwtest.Start(t, gwtest.Options{})
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "f"), 10)
	a := &httpgw.Agent{URL: gw.Base}
	noToken := ts("send", filepath.Join(dir, "f"))
	delete(noToken, "token")
	for name, s := range map[string]map[string]any{
		"no token":     noToken,
		"missing file": ts("send", filepath.Join(dir, "nope")),
		"no paths":     {"direction": "send", "token": "x"},
		"direction":    ts("both", filepath.Join(dir, "f")),
	} {
		if _, err := a.Start(context.Background(), s, transfer.Options{}); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := (&httpgw.Agent{URL: "http://127.0.0.1:1", Settings: &rest.Settings{RetryMax: -1}}).Start(context.Background(), ts("send", filepath.Join(dir, "f")), transfer.Options{}); err == nil {
		t.Error("unreachable gateway: no error")
	}
}

func TestUploadAckTimeout(t *testing.T) {
	gw := gwtest.Start(t, gwtest.Options{AckDelay: 800 * time.Millisecond})
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "f.bin"), 100)
	a := &httpgw.Agent{URL: gw.Base, Settings: &rest.Settings{ReadTimeout: 200 * time.Millisecond}}
	j, err := a.Start(context.Background(), ts("send", filepath.Join(dir, "f.bin")), transfer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = wait(t, j)
	var te *transfer.Error
	if !errors.As(err, &te) || !strings.Contains(te.Message, "no acknowledgement") {
		t.Errorf("Wait: %v", err)
	}
}
