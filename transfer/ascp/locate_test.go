package ascp

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o755); err != nil {
		t.Fatal(err)
	}
}

func TestLocateOrder(t *testing.T) {
	home := t.TempDir()
	bin := t.TempDir()
	env := map[string]string{"PATH": bin}
	getenv := func(k string) string { return env[k] }
	o := LocateOptions{Home: home, Getenv: getenv, GOOS: "linux"}
	_, err := Locate(o)
	if err == nil || !strings.Contains(err.Error(), filepath.Join(home, ".aspera", "sdk", "ascp")) ||
		!strings.Contains(err.Error(), "/opt/aspera/bin/ascp") || !strings.Contains(err.Error(), "--ascp-path") {
		t.Fatalf("no ascp: %v", err)
	}
	write(t, filepath.Join(home, ".aspera/connect/bin/ascp"), "")
	if l, err := Locate(o); err != nil || l.Product != "Aspera Connect" {
		t.Fatalf("connect: %+v %v", l, err)
	}
	write(t, filepath.Join(bin, "ascp"), "")
	if l, err := Locate(o); err != nil || l.Product != "PATH" {
		t.Fatalf("PATH: %+v %v", l, err)
	}
	write(t, filepath.Join(home, ".aspera/sdk/ascp"), "")
	if l, err := Locate(o); err != nil || l.Product != "sdk" || l.Path != filepath.Join(home, ".aspera/sdk/ascp") {
		t.Fatalf("sdk: %+v %v", l, err)
	}
	o.AscpPath = filepath.Join(bin, "ascp")
	if l, err := Locate(o); err != nil || l.Product != "ascp_path" {
		t.Fatalf("ascp_path: %+v %v", l, err)
	}
	o.AscpPath = filepath.Join(bin, "nope")
	if _, err := Locate(o); err == nil || !strings.Contains(err.Error(), "is not a file") {
		t.Fatalf("bad ascp_path: %v", err)
	}
	if p := products("darwin", home, getenv)[0]; p.sub != "Contents/Resources/transferd/bin" {
		t.Fatalf("darwin: %+v", p)
	}
}

func TestVersion(t *testing.T) {
	dir := t.TempDir()
	fake := filepath.Join(dir, "ascp")
	write(t, fake, "#!/bin/sh\necho 'ascp version 4.4.2.572 7fd3699'\necho 'Copyright ...'\n")
	if v, err := Version(context.Background(), fake); err != nil || v != "4.4.2.572" {
		t.Fatalf("version %q %v", v, err)
	}
	write(t, fake, "#!/bin/sh\nexit 3\n")
	if _, err := Version(context.Background(), fake); err == nil {
		t.Fatal("a failing ascp -A gave a version")
	}
}

// TestLocateFolderAndProduct: --fasp-folder takes FOLDER/bin/ascp, else FOLDER/ascp, and
// nothing else; --use-product takes the installed product of that name (its product-info.mf
// name, or its folder's default name, in any case; FIRST: the first), and nothing else.
func TestLocateFolderAndProduct(t *testing.T) {
	home, bin := t.TempDir(), t.TempDir()
	write(t, filepath.Join(bin, "ascp"), "") // on PATH: never taken when a place is named
	o := LocateOptions{Home: home, Getenv: func(k string) string { return map[string]string{"PATH": bin}[k] }, GOOS: "linux"}

	dir := t.TempDir()
	o.Folder = dir
	if _, err := Locate(o); err == nil || !strings.Contains(err.Error(), "--fasp-folder "+dir+" holds no ascp (looked in: "+filepath.Join(dir, "bin", "ascp")) {
		t.Fatalf("empty folder: %v", err)
	}
	write(t, filepath.Join(dir, "ascp"), "")
	if l, err := Locate(o); err != nil || l.Path != filepath.Join(dir, "ascp") || l.Product != "fasp_folder" {
		t.Fatalf("sdk layout: %+v %v", l, err)
	}
	write(t, filepath.Join(dir, "bin", "ascp"), "")
	if l, err := Locate(o); err != nil || l.Path != filepath.Join(dir, "bin", "ascp") {
		t.Fatalf("product layout: %+v %v", l, err)
	}
	o.Folder = "~/inst"
	write(t, filepath.Join(home, "inst", "bin", "ascp"), "")
	if l, err := Locate(o); err != nil || l.Path != filepath.Join(home, "inst", "bin", "ascp") {
		t.Fatalf("~/: %+v %v", l, err)
	}

	o.Folder, o.Product = "", "IBM Aspera CLI"
	if _, err := Locate(o); err == nil || err.Error() != `ascp not found: no installed Aspera product is named "IBM Aspera CLI" (installed with an ascp: none)` {
		t.Fatalf("none installed: %v", err)
	}
	write(t, filepath.Join(home, ".aspera/connect/bin/ascp"), "")
	write(t, filepath.Join(home, ".aspera/cli/bin/ascp"), "")
	write(t, filepath.Join(home, ".aspera/cli/product-info.mf"), "<product-info><name> IBM Aspera CLI </name><version>3.9</version></product-info>")
	for want, path := range map[string]string{"ibm aspera cli": ".aspera/cli", "Aspera CLI": ".aspera/cli", "ASPERA CONNECT": ".aspera/connect", "FIRST": ".aspera/connect"} {
		o.Product = want
		if l, err := Locate(o); err != nil || l.Path != filepath.Join(home, path, "bin", "ascp") {
			t.Errorf("%s: %+v %v", want, l, err)
		}
	}
	o.Product = "Aspera Desktop Client"
	if _, err := Locate(o); err == nil || !strings.Contains(err.Error(), `installed with an ascp: "Aspera Connect" (`+filepath.Join(home, ".aspera/connect")+`), "IBM Aspera CLI" (`) {
		t.Fatalf("not installed: %v", err)
	}
	// without a named place, a product's name is its product-info.mf's
	o.Product = ""
	_ = os.Remove(filepath.Join(bin, "ascp"))
	_ = os.Remove(filepath.Join(home, ".aspera/connect/bin/ascp"))
	if l, err := Locate(o); err != nil || l.Product != "IBM Aspera CLI" {
		t.Fatalf("scan: %+v %v", l, err)
	}
}

func TestInstalled(t *testing.T) {
	home := t.TempDir()
	o := LocateOptions{Home: home, Getenv: func(string) string { return "" }, GOOS: "linux"}
	if got := Installed(o); len(got) != 0 {
		t.Fatalf("nothing installed: %+v", got)
	}
	root := filepath.Join(home, ".aspera/connect")
	write(t, filepath.Join(root, "bin/ascp"), "")
	write(t, filepath.Join(root, "etc/asperaweb_id_dsa.openssh"), "key")
	write(t, filepath.Join(root, "etc/asperaweb_id_dsa.openssh.pub"), "pub")
	write(t, filepath.Join(root, "product-info.mf"), "<product><name>IBM Aspera Connect</name></product>")
	write(t, filepath.Join(home, ".aspera/cli/README"), "") // no ascp: not listed
	got := Installed(o)
	if len(got) != 1 || got[0].Name != "IBM Aspera Connect" || got[0].Root != root || got[0].Ascp != filepath.Join(root, "bin/ascp") ||
		len(got[0].Keys) != 1 || got[0].Keys[0] != filepath.Join(root, "etc/asperaweb_id_dsa.openssh") {
		t.Fatalf("installed: %+v", got)
	}
	// --use-product picks from the same list: by manifest name and by folder name
	for _, name := range []string{"ibm aspera connect", "Aspera Connect", "FIRST"} {
		o.Product = name
		if l, err := Locate(o); err != nil || l.Path != got[0].Ascp {
			t.Fatalf("use-product %s: %+v %v", name, l, err)
		}
	}
}
