package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/asperalm/aslmcli/internal/testbuild"
	"github.com/asperalm/aslmcli/products/preview/previewtest"
)

// previewSetup starts `aslmcli node simulator` over a folder of samples made with the real
// tools (in/), an empty folder not to scan (not_here/) and the previews folder, and makes the
// manual's access key my_access_key on it. It returns the served folder and the URL.
func previewSetup(t *testing.T, e *env) (string, string) {
	root := filepath.Join(e.dir, "served")
	previewtest.Samples(t, filepath.Join(root, "in"))
	for _, d := range []string{"previews", "not_here"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Rename(filepath.Join(root, "in", previewtest.JPEG), filepath.Join(root, "not_here", previewtest.JPEG)); err != nil {
		t.Fatal(err)
	}
	url, _ := startSimulator(t, e, "--root="+root, "--username=nu", "--password=np")
	e.ok("node", "access_key", "create", `@json:{"id":"my_access_key","secret":"my_secret","storage":{"type":"local","path":"/"}}`,
		"--url="+url, "--username=nu", "--password=np")
	return root, url
}

// summaryOf decodes the JSON summary of a scan.
func summaryOf(t *testing.T, out string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatalf("summary %q: %v", out, err)
	}
	return m
}

// previewFiles lists the preview files below the previews folder (relative paths).
func previewFiles(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	_ = filepath.Walk(filepath.Join(root, "previews"), func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() && strings.HasPrefix(info.Name(), "preview.") {
			out = append(out, filepath.Base(filepath.Dir(p))+"/"+info.Name())
		}
		return nil
	})
	return out
}

// TestPreviewManualExamples runs every example of the manual's preview section verbatim
// against the node simulator. Substitutions, each for a reason: the simulator's URL for
// https://localhost:9092; the iteration files and the lock port inside the test's folder and
// a free port (a fixed /tmp path and port 12345 would collide between runs); the shell's
// quoting removed (@json:'["/not_here"]' is the argument @json:["/not_here"]; the scraped
// manual shows it as "[email protected]:"); the crontab's `timeout 30m` and `su` are the
// shell's, not ours. The access key's storage on this machine is set once in the preset
// (storage_root): the simulator's storage path is a path of the node, not of this machine.
func TestPreviewManualExamples(t *testing.T) {
	e := newEnv(t)
	root, url := previewSetup(t, e)
	port := freePort(t)
	restart := filepath.Join(e.dir, "restart.txt")

	// the setup lines of the manual
	e.ok("config", "id", "default", "set", "preview", "my_files_access_key")
	e.ok("config", "id", "my_files_access_key", "update", "--url="+url, "--username=my_access_key", "--password=my_secret")
	e.ok("config", "id", "my_files_access_key", "set", "storage_root", root)
	// aslmcli -Pmy_files_access_key node browse /
	if got := e.ok("-Pmy_files_access_key", "node", "browse", "/"); !strings.Contains(got, "not_here") || !strings.Contains(got, "previews") {
		t.Fatalf("browse as the access key: %q", got)
	}

	// aslmcli preview scan --skip-folders=@json:'["/not_here"]'
	sum := summaryOf(t, e.ok("preview", "scan", `--skip-folders=@json:["/not_here"]`, "--format=json"))
	// logo, scan, paper, letter, notes: a PNG each; clip: PNG and MP4; broken.jpg fails
	if sum["generated"] != 7.0 || sum["failed"] != 1.0 || len(previewFiles(t, root)) != 7 {
		t.Fatalf("scan: %v %v", sum, previewFiles(t, root))
	}

	// aslmcli preview scan --skip-types=office --log-level=info: the JPEG of /not_here is new;
	// the rest is up to date (mtime); the corrupt file fails again with one clear line
	r := e.run("preview", "scan", "--skip-types=office", "--log-level=info")
	if r.code != 0 || !strings.Contains(r.out, "generated") || !strings.Contains(r.err, "/in/"+previewtest.Corrupt+": convert") {
		t.Fatalf("scan --skip-types=office: %v", r)
	}
	if n := len(previewFiles(t, root)); n != 8 {
		t.Fatalf("%d previews after the second scan", n)
	}
	sum = summaryOf(t, e.ok("preview", "scan", "--skip-types=office", "--format=json"))
	if sum["generated"] != 0.0 {
		t.Fatalf("a third scan made previews again: %v", sum)
	}

	// aslmcli preview events --skip-types=office
	e.ok("preview", "events", "--skip-types=office")
	// aslmcli preview event --skip-types=office --file-access=remote --overwrite=always --iteration-file=/tmp/restart.txt --lock-port=12345
	e.ok("preview", "event", "--skip-types=office", "--file-access=remote", "--overwrite=always", "--iteration-file="+restart, "--lock-port="+port)
	if b, err := os.ReadFile(restart); err != nil || !strings.Contains(string(b), `"iteration_token"`) {
		t.Fatalf("iteration file: %q %v", b, err)
	}
	// the crontab's lines; where this machine has no syslog (/dev/log), --logger=syslog fails with
	// a clear line and the line runs again with --logger=stderr
	crontab := func(args ...string) {
		if _, err := os.Stat("/dev/log"); err == nil {
			e.ok(args...)
			return
		}
		e.fails(1, "--logger=syslog", args...)
		for i, a := range args {
			if a == "--logger=syslog" {
				args[i] = "--logger=stderr"
			}
		}
		e.ok(args...)
	}
	// aslmcli preview event --skip-types=office --lock-port=12345 --log-level=info --logger=syslog --iteration-file=/tmp/preview_restart.txt
	crontab("preview", "event", "--skip-types=office", "--lock-port="+port, "--log-level=info", "--logger=syslog",
		"--iteration-file="+filepath.Join(e.dir, "preview_restart.txt"))
	// aslmcli preview scan  --skip-types=office --lock-port=12345 --log-level=info --logger=syslog
	crontab("preview", "scan", "--skip-types=office", "--lock-port="+port, "--log-level=info", "--logger=syslog")

	// aslmcli preview test ~/Documents/Samples/anatomic-2k/TG18-CH/TG18-CH-2k-01.dcm --log-level=debug png --video=clips
	// (a PNG under the manual's DICOM name: no tool here writes DICOM)
	dcm := filepath.Join(e.dir, "Documents/Samples/anatomic-2k/TG18-CH/TG18-CH-2k-01.dcm")
	if err := os.MkdirAll(filepath.Dir(dcm), 0o755); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("convert", "-size", "2048x2560", "gradient:black-white", "-depth", "16", "png:"+dcm).CombinedOutput(); err != nil {
		t.Fatalf("%v %s", err, out)
	}
	out := e.ok("preview", "test", dcm, "--log-level=debug", "png", "--video=clips")
	if strings.TrimSpace(out) != "preview.png" {
		t.Fatalf("test printed %q", out)
	}
	if got := previewtest.Probe(t, filepath.Join(e.dir, "preview.png")); got.Format != "PNG" || got.Width != 640 || got.Height != 800 {
		t.Fatalf("test made %+v", got)
	}
}

// TestPreviewCommands: check, test and show on local files, the video methods, and bad input.
func TestPreviewCommands(t *testing.T) {
	e := newEnv(t)
	src := previewtest.Samples(t, filepath.Join(e.dir, "samples"))
	out := e.ok("preview", "check", "--format=csv", "--fields=tool,status")
	for _, tool := range []string{"convert,ok", "ffmpeg,ok", "ffprobe,ok", "soffice,ok", "gs,ok"} {
		if !strings.Contains(out, tool+"\n") {
			t.Fatalf("check lacks %s: %s", tool, out)
		}
	}
	out = e.ok("preview", "test", filepath.Join(src, previewtest.Video), "mp4", "--video=preview", "--vid-framecount=3",
		"--vid-framepause=1", "--vid-blendframes=1", "--output-folder=out", "--base=clip")
	if got := previewtest.Probe(t, filepath.Join(e.dir, strings.TrimSpace(out))); got.Codec != "h264" || got.Width != 320 {
		t.Fatalf("blend: %q %+v", out, got)
	}
	out = e.ok("preview", "show", filepath.Join(src, previewtest.Text), "--thumb-img-size=200")
	if got := previewtest.Probe(t, filepath.Join(e.dir, strings.TrimSpace(out))); got.Format != "PNG" || got.Width > 200 {
		t.Fatalf("show: %+v", got)
	}
	e.fails(2, "\"gif\" (use one of: mp4, png)", "preview", "test", filepath.Join(src, previewtest.JPEG), "gif")
	e.fails(2, "no such file", "preview", "test", filepath.Join(src, "missing.jpg"))
	e.fails(2, "--overwrite", "preview", "scan", "--overwrite=sometimes", "--url=http://127.0.0.1:1", "--username=a", "--password=b")
	e.fails(2, "skip_types: unknown file type \"sound\"", "preview", "scan", "--skip-types=sound", "--url=http://127.0.0.1:1", "--username=a", "--password=b")
	r := e.fails(1, "convert", "preview", "test", filepath.Join(src, previewtest.Corrupt), "--base=broken")
	if strings.Count(strings.TrimSpace(r.err), "\n") != 0 {
		t.Fatalf("corrupt input: more than one line: %q", r.err)
	}
	if _, err := os.Stat(filepath.Join(e.dir, "broken.png")); !os.IsNotExist(err) {
		t.Fatal("a failed test left a preview")
	}
}

// TestPreviewWatchExample runs scripts/examples/preview_watch.lua for one look at a folder:
// every preview is made, the corrupt file is reported and the watch goes on.
func TestPreviewWatchExample(t *testing.T) {
	e := newEnv(t)
	src := previewtest.Samples(t, filepath.Join(e.dir, "watched"))
	for _, f := range []string{previewtest.DOCX, previewtest.TIFF16, previewtest.PDF} { // fewer files: a quicker test
		os.Remove(filepath.Join(src, f))
	}
	script, _ := filepath.Abs("../../scripts/examples/preview_watch.lua")
	out := e.ok("run", script, src, filepath.Join(e.dir, "previews"), "1", "0")
	for _, want := range []string{"made " + filepath.Join(e.dir, "previews", previewtest.JPEG+".png"),
		"made " + filepath.Join(e.dir, "previews", previewtest.Video+".mp4"), "failed " + previewtest.Corrupt + ": "} {
		if !strings.Contains(out, want) {
			t.Fatalf("the watch lacks %q:\n%s", want, out)
		}
	}
	if got := previewtest.Probe(t, filepath.Join(e.dir, "previews", previewtest.PNGA+".png")); got.Format != "PNG" || got.Width != 400 {
		t.Fatalf("%+v", got)
	}
}

// TestPreviewEventsFindUploads: `preview events` with an access key whose storage is /store
// finds the files uploaded below it whoever uploaded them: the node user with ascp (the
// direct agent and the ascp double) and through the node agent (the simulator's node runs
// the ascp double), the key itself with a spec by file id (the gen4 double maps it to the
// storage). Their previews are made where AoC reads them, a file outside the key's storage is
// not looked at, and a second run with the same iteration file finds nothing. `preview
// trevents` finds the node agent's uploads by their transfer events, once.
func TestPreviewEventsFindUploads(t *testing.T) {
	e := newEnv(t)
	root := filepath.Join(e.dir, "served")
	store := filepath.Join(root, "store")
	for _, d := range []string{"previews", "in", "up"} {
		if err := os.MkdirAll(filepath.Join(store, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	samples := previewtest.Samples(t, filepath.Join(e.dir, "samples"))
	fake := fakeascp(t)
	e.setenv("FAKEASCP_SCRIPT=ok")
	url, _ := startSimulator(t, e, "--root="+root, "--username=nu", "--password=np", "--ascp-path="+fake)
	user := []string{"--url=" + url, "--username=nu", "--password=np", "--ascp-path=" + fake}
	e.ok(append([]string{"node", "access_key", "create", `@json:{"id":"ak","secret":"aks","storage":{"type":"local","path":"/store"}}`}, user...)...)
	e.ok("config", "id", "pk", "update", "--url="+url, "--username=ak", "--password=aks")
	e.ok("config", "id", "pk", "set", "storage_root", store)
	nodes, _ := json.Marshal(map[string]any{"ak": map[string]string{"url": url, "root": store}})
	e.setenv("GEN4ASCP_ASCP="+fake, "GEN4ASCP_NODES="+string(nodes))
	gen4 := testbuild.Binary(t, "github.com/asperalm/aslmcli/products/aoc/internal/aoctest/testdata/gen4ascp", "ascp")

	iteration := filepath.Join(e.dir, "events.txt")
	events := func() map[string]any {
		return summaryOf(t, e.ok("-Ppk", "preview", "events", "--iteration-file="+iteration, "--format=json"))
	}
	if sum := events(); sum["files"] != 0.0 {
		t.Fatalf("events before the uploads: %v", sum)
	}
	sample := func(name string) string { return filepath.Join(samples, name) }
	nodeAgent := []string{"--transfer=node", `--transfer-info=@json:{"poll":0.05}`}
	e.ok(append([]string{"node", "upload", sample(previewtest.JPEG), "--to-folder=/store/in"}, user...)...)
	e.ok(append(append([]string{"node", "upload", sample(previewtest.PNGA), "--to-folder=/store/in"}, nodeAgent...), user...)...)
	e.ok(append([]string{"node", "upload", sample(previewtest.Text), "--to-folder=/elsewhere"}, user...)...)
	e.ok("-Ppk", "node", "access_key", "do", "self", "upload", sample(previewtest.Text), "--to-folder=/in", "--ascp-path="+gen4)
	for _, f := range []string{previewtest.JPEG, previewtest.PNGA, previewtest.Text} {
		if _, err := os.Stat(filepath.Join(store, "in", f)); err != nil {
			t.Fatalf("upload of %s: %v", f, err)
		}
	}

	// the three of /in (the file of /elsewhere is outside the key's storage)
	if sum := events(); sum["files"] != 3.0 || sum["generated"] != 3.0 || sum["failed"] != 0.0 {
		t.Fatalf("events: %v", sum)
	}
	made := previewFiles(t, store)
	if len(made) != 3 {
		t.Fatalf("previews %v", made)
	}
	for _, m := range made {
		if !strings.HasSuffix(m, ".asp-preview/preview.png") {
			t.Fatalf("preview %s is not where AoC reads it", m)
		}
		if got := previewtest.Probe(t, filepath.Join(store, "previews", m)); got.Format != "PNG" || got.Width == 0 {
			t.Fatalf("%s: %+v", m, got)
		}
	}
	if sum := events(); sum["files"] != 0.0 {
		t.Fatalf("events, second run: %v", sum)
	}

	// trevents: the node agent's uploads (into /in before, into /up now), once
	e.ok(append(append([]string{"node", "upload", sample(previewtest.PNGA), "--to-folder=/store/up"}, nodeAgent...), user...)...)
	trevents := func() map[string]any {
		return summaryOf(t, e.ok("-Ppk", "preview", "trevents", "--iteration-file="+filepath.Join(e.dir, "trevents.txt"), "--format=json"))
	}
	if sum := trevents(); sum["generated"] != 1.0 || sum["failed"] != 0.0 {
		t.Fatalf("trevents: %v", sum)
	}
	if sum := trevents(); sum["files"] != 0.0 {
		t.Fatalf("trevents, second run: %v", sum)
	}
	if n := len(previewFiles(t, store)); n != 4 {
		t.Fatalf("%d previews after trevents", n)
	}
}
