package httpgw_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/asperalm/aslmcli/transfer"
	"github.com/asperalm/aslmcli/transfer/agenttest"
	"github.com/asperalm/aslmcli/transfer/httpgw"
	"github.com/asperalm/aslmcli/transfer/httpgw/gwtest"
)

func TestDownloadOne(t *testing.T) {
	gw := gwtest.Start(t, gwtest.Options{DownloadAnswer: "url"})
	writeFile(t, filepath.Join(gw.Opts.DownloadDir, "data", "report.bin"), 300001)
	dest := t.TempDir()
	s := ts("receive", "/data/report.bin")
	s["destination_root"] = dest
	rec := &agenttest.Recorder{}
	j, err := (&httpgw.Agent{URL: gw.Base}).Start(context.Background(), s, rec.Options())
	if err != nil {
		t.Fatal(err)
	}
	res, err := wait(t, j)
	if err != nil || res.Status != transfer.Succeeded || res.Bytes != 300001 || res.Files != 1 {
		t.Fatalf("Wait: %+v, %v", res, err)
	}
	if sum(t, filepath.Join(dest, "report.bin")) != sum(t, filepath.Join(gw.Opts.DownloadDir, "data", "report.bin")) {
		t.Error("other bytes")
	}
	if _, err := os.Stat(filepath.Join(dest, "report.bin.partial")); err == nil {
		t.Error("the partial file stayed")
	}
	got := gw.Downloads()[0]
	if got["zip_required"] != false || got["source_root"] != "/" || got["download_name"] != "report" || got["authentication"] != "token" {
		t.Errorf("spec posted: %v", got)
	}
	ev := rec.Events()
	if ev[0].Type != transfer.SessionStart || ev[1].Type != transfer.Sizes || ev[1].Total != 300001 ||
		ev[len(ev)-2].Type != transfer.FileDone || ev[len(ev)-1].Type != transfer.SessionDone {
		t.Errorf("events %v", types(ev))
	}
	for _, e := range ev[2 : len(ev)-2] {
		if e.Type != transfer.Progress {
			t.Errorf("event %+v", e)
		}
	}
	if e := ev[len(ev)-3]; e.Bytes != 300001 {
		t.Errorf("last progress %+v", e)
	}
}

func TestDownloadSeveral(t *testing.T) {
	gw := gwtest.Start(t, gwtest.Options{DownloadAnswer: "transfer_spec_id"})
	src := gw.Opts.DownloadDir
	writeFile(t, filepath.Join(src, "a.txt"), 1000)
	writeFile(t, filepath.Join(src, "folder", "x.bin"), 70000)
	writeFile(t, filepath.Join(src, "folder", "deep", "y.bin"), 5)
	dest := t.TempDir()
	s := ts("receive", "a.txt", "folder")
	s["destination_root"] = dest
	j, err := (&httpgw.Agent{URL: gw.URL + "/aspera/http-gwy/v1/"}).Start(context.Background(), s, transfer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res, err := wait(t, j); err != nil || res.Status != transfer.Succeeded {
		t.Fatalf("Wait: %+v, %v", res, err)
	}
	if got := gw.Downloads()[0]; got["zip_required"] != true || got["download_name"] != "a 2 Files" {
		t.Errorf("spec posted: %v", got)
	}
	zr, err := zip.OpenReader(filepath.Join(dest, "a 2 Files.zip"))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	want := map[string]string{"a.txt": "a.txt", "folder/x.bin": "folder/x.bin", "folder/deep/y.bin": "folder/deep/y.bin"}
	for _, f := range zr.File {
		p, ok := want[f.Name]
		if !ok {
			t.Errorf("unexpected entry %s", f.Name)
			continue
		}
		delete(want, f.Name)
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		orig, _ := os.ReadFile(filepath.Join(src, filepath.FromSlash(p)))
		if !bytes.Equal(b, orig) {
			t.Errorf("%s: other bytes", f.Name)
		}
	}
	if len(want) != 0 {
		t.Errorf("missing entries %v", want)
	}
}

func TestDownloadError(t *testing.T) {
	gw := gwtest.Start(t, gwtest.Options{})
	s := ts("receive", "nope.bin")
	s["destination_root"] = t.TempDir()
	j, err := (&httpgw.Agent{URL: gw.Base}).Start(context.Background(), s, transfer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var te *transfer.Error
	if res, err := wait(t, j); res.Status != transfer.Failed || err == nil || !errorsAs(err, &te) {
		t.Errorf("Wait: %+v, %v", res, err)
	}
}
