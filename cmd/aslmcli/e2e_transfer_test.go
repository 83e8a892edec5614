package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/asperalm/aslmcli/transfer/ascp/ascptest"
	"github.com/asperalm/aslmcli/transfer/connect/connecttest"
	"github.com/asperalm/aslmcli/transfer/httpgw/gwtest"
)

// fakeascp returns the ascp test double.
func fakeascp(t *testing.T) string { return ascptest.Fake(t) }

// TestNodeUploadDownloadDirect moves files both ways with the direct agent: the simulator
// gives the transfer specs, the ascp double copies the bytes.
func TestNodeUploadDownloadDirect(t *testing.T) {
	e := newEnv(t)
	root := filepath.Join(e.dir, "served")
	if err := os.MkdirAll(filepath.Join(root, "in"), 0o755); err != nil {
		t.Fatal(err)
	}
	url, _ := startSimulator(t, e, "--root="+root)
	e.setenv("FAKEASCP_SCRIPT=ok")
	auth := []string{"--url=" + url, "--username=node_user", "--password=node_pass", "--ascp-path=" + fakeascp(t)}
	a := e.write("up/a.txt", "alpha")
	b := e.write("up/b with space.bin", strings.Repeat("b", 100000))
	out := e.ok(append([]string{"node", "upload", a, b, "--to-folder=/in", "--format=csv", "--fields=status,agent,files,bytes"}, auth...)...)
	if out != "success,direct,2,100005\n" {
		t.Fatalf("upload: %q", out)
	}
	for name, want := range map[string]string{"a.txt": "alpha", "b with space.bin": strings.Repeat("b", 100000)} {
		if got, err := os.ReadFile(filepath.Join(root, "in", name)); err != nil || string(got) != want {
			t.Fatalf("%s on the node: %v", name, err)
		}
	}
	dl := filepath.Join(e.dir, "down")
	out = e.ok(append([]string{"node", "download", "/in/a.txt", "--to-folder=" + dl, "--format=csv", "--fields=status,files"}, auth...)...)
	if out != "success,1\n" {
		t.Fatalf("download: %q", out)
	}
	if got, err := os.ReadFile(filepath.Join(dl, "a.txt")); err != nil || string(got) != "alpha" {
		t.Fatalf("downloaded: %q %v", got, err)
	}
	// --ts is merged over the node's spec: here a rate the double receives as -l
	e.setenv("FAKEASCP_ARGS=" + filepath.Join(e.dir, "argv.txt"))
	e.ok(append([]string{"node", "upload", a, "--to-folder=/in", `--ts=@json:{"target_rate_kbps":1234,"cipher":null}`}, auth...)...)
	argv := e.read(filepath.Join(e.dir, "argv.txt"))
	if !strings.Contains(argv, "-l\n1234\n") || strings.Contains(argv, "-c\n") || !strings.Contains(argv, "env:ASPERA_SCP_TOKEN=ATV7_") || strings.Contains(argv, "\nATV7_") {
		t.Fatalf("argv of ascp:\n%s", argv)
	}
	e.fails(2, `transfer spec: field "target_rate_kbps": integer expected, got a string`,
		append([]string{"node", "upload", a, "--to-folder=/in", `--ts=@json:{"target_rate_kbps":"fast"}`}, auth...)...)
	// --src-type=pair: each source with its own destination (here, a new name)
	e.setenv("FAKEASCP_ARGS=" + filepath.Join(e.dir, "argv.txt"))
	e.ok(append([]string{"node", "upload", a, "renamed.txt", "--to-folder=/in", "--src-type=pair"}, auth...)...)
	if argv := e.read(filepath.Join(e.dir, "argv.txt")); !strings.Contains(argv, "--file-pair-list=") {
		t.Fatalf("pairs: %s", argv)
	}
	e.fails(2, "--src-type=pair: 1 sources, an even number", append([]string{"node", "upload", a, "--to-folder=/in", "--src-type=pair"}, auth...)...)
	// --sources=@ts: the paths of --ts
	out = e.ok(append([]string{"node", "upload", "--sources=@ts", "--to-folder=/in", `--ts=@json:{"paths":[{"source":"` + a + `"}]}`,
		"--format=csv", "--fields=status,files"}, auth...)...)
	if out != "success,1\n" {
		t.Fatalf("--sources=@ts: %q", out)
	}
	// a fatal error of ascp: exit 1, one line
	e.setenv("FAKEASCP_SCRIPT=fatal:4")
	e.fails(1, "ERROR: transfer: direct: error 4: simulated fatal failure", append([]string{"node", "upload", a, "--to-folder=/in"}, auth...)...)
}

func TestConfigAscp(t *testing.T) {
	e := newEnv(t)
	fake := fakeascp(t)
	if out := e.ok("config", "ascp", "show", "--ascp-path="+fake); strings.TrimSpace(out) != fake {
		t.Fatalf("show: %q", out)
	}
	out := e.ok("config", "ascp", "info", "--ascp-path="+fake, "--format=json")
	if !strings.Contains(out, `"version":"4.4.2.0"`) || !strings.Contains(out, `"product":"ascp_path"`) {
		t.Fatalf("info: %s", out)
	}
	// the SDK folder
	sdk := filepath.Join(e.dir, "sdk")
	if err := os.MkdirAll(sdk, 0o755); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(fake)
	if err := os.WriteFile(filepath.Join(sdk, "ascp"), data, 0o755); err != nil {
		t.Fatal(err)
	}
	if out := e.ok("config", "ascp", "info", "--sdk-folder="+sdk, "--format=csv", "--fields=product"); out != "sdk\n" {
		t.Fatalf("sdk: %q", out)
	}
	e.fails(1, "ERROR: config: ascp not found (looked in: ", "config", "ascp", "show")
}

// TestSimulatorRunsTransfersWithAscp: a simulator started with an ascp runs the jobs of
// /ops/transfers through the direct agent, so the node agent moves bytes too.
func TestSimulatorRunsTransfersWithAscp(t *testing.T) {
	e := newEnv(t)
	root := filepath.Join(e.dir, "served")
	if err := os.MkdirAll(filepath.Join(root, "in"), 0o755); err != nil {
		t.Fatal(err)
	}
	e.setenv("FAKEASCP_SCRIPT=ok")
	url, _ := startSimulator(t, e, "--root="+root, "--ascp-path="+fakeascp(t))
	a := e.write("up/n.txt", "via the node")
	out := e.ok("node", "upload", a, "--to-folder=/in", "--transfer=node", `--transfer-info=@json:{"poll":0.05}`,
		"--url="+url, "--username=node_user", "--password=node_pass", "--format=csv", "--fields=status,agent")
	if out != "success,node\n" {
		t.Fatalf("upload: %q", out)
	}
	if got, err := os.ReadFile(filepath.Join(root, "in", "n.txt")); err != nil || string(got) != "via the node" {
		t.Fatalf("on the node: %q %v", got, err)
	}
}

func TestHTTPGWCommands(t *testing.T) {
	gw := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/aspera/http-gwy/v1/info" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"name":"IBM Aspera HTTP Gateway","version":"2.3.0","endpoints":["/aspera/http-gwy/v2/upload"]}`))
	}))
	defer gw.Close()
	e := newEnv(t)
	if out := e.ok("httpgw", "info", "--url="+gw.URL+"/aspera/http-gwy", "--format=csv", "--fields=version"); out != "2.3.0\n" {
		t.Fatalf("info: %q", out)
	}
	if out := e.ok("httpgw", "health", "--url="+gw.URL+"/aspera/http-gwy/"); !strings.Contains(out, "ok") {
		t.Fatalf("health: %q", out)
	}
	e.fails(1, "404 Not Found", "httpgw", "health", "--url="+gw.URL+"/elsewhere/")
}

// TestUploadThroughGatewayAndConnect: node upload with --transfer=httpgw (the gateway double
// checks every frame and writes the files) and --transfer=connect (Connect's double plays a
// completed transfer).
func TestUploadThroughGatewayAndConnect(t *testing.T) {
	e := newEnv(t)
	root := filepath.Join(e.dir, "served")
	if err := os.MkdirAll(filepath.Join(root, "in"), 0o755); err != nil {
		t.Fatal(err)
	}
	url, _ := startSimulator(t, e, "--root="+root)
	auth := []string{"--url=" + url, "--username=node_user", "--password=node_pass"}
	a := e.write("gw/a.bin", strings.Repeat("g", 150000))
	gw := gwtest.Start(t, gwtest.Options{})
	out := e.ok(append([]string{"node", "upload", a, "--to-folder=/in", "--transfer=httpgw",
		`--transfer-info=@json:{"url":"` + gw.Base + `"}`, "--format=csv", "--fields=status,agent,bytes"}, auth...)...)
	if out != "success,httpgw,150000\n" {
		t.Fatalf("httpgw: %q", out)
	}
	if got, err := os.ReadFile(filepath.Join(gw.Opts.UploadDir, "a.bin")); err != nil || len(got) != 150000 {
		t.Fatalf("gateway got %d bytes, %v", len(got), err)
	}
	c := connecttest.Start(t, connecttest.Script{Steps: []connecttest.Step{
		{Status: "running", Written: 10, Expected: 100}, {Status: "completed", Written: 100, Expected: 100, FilesCompleted: 1}}})
	out = e.ok(append([]string{"node", "upload", a, "--to-folder=/in", "--transfer=connect",
		`--transfer-info=@json:{"url":"` + c.URL + `"}`, "--format=csv", "--fields=status,agent"}, auth...)...)
	if out != "success,connect\n" {
		t.Fatalf("connect: %q", out)
	}
	if len(c.Starts()) != 1 {
		t.Fatalf("connect starts: %d", len(c.Starts()))
	}
}

// TestAscpPlacesAndProxy: --fasp-folder and --use-product (the original manual's options) say
// where ascp is, for config ascp and for transfers; --fasp-proxy becomes the spec's proxy,
// its password in ascp's environment only.
func TestAscpPlacesAndProxy(t *testing.T) {
	e := newEnv(t)
	data, err := os.ReadFile(fakeascp(t))
	if err != nil {
		t.Fatal(err)
	}
	install := func(dir string) string {
		p := filepath.Join(dir, "bin", "ascp")
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o755); err != nil {
			t.Fatal(err)
		}
		return p
	}
	folder := filepath.Join(e.dir, "my aspera")
	inFolder := install(folder)
	if out := e.ok("config", "ascp", "info", "--fasp-folder="+folder, "--format=csv", "--fields=path,product"); out != "path,"+inFolder+"\nproduct,fasp_folder\n" {
		t.Fatalf("--fasp-folder: %q", out)
	}
	connect := filepath.Join(e.dir, ".aspera", "connect") // HOME is e.dir
	inConnect := install(connect)
	e.write(".aspera/connect/product-info.mf", "<product-info><name>Aspera Connect</name></product-info>")
	if out := e.ok("config", "ascp", "show", "--use-product=aspera connect"); strings.TrimSpace(out) != inConnect {
		t.Fatalf("--use-product: %q", out)
	}
	e.fails(1, `ERROR: config: ascp not found: no installed Aspera product is named "IBM Aspera CLI" (installed with an ascp: "Aspera Connect"`,
		"config", "ascp", "show", "--use-product=IBM Aspera CLI")

	root := filepath.Join(e.dir, "served")
	if err := os.MkdirAll(filepath.Join(root, "in"), 0o755); err != nil {
		t.Fatal(err)
	}
	url, _ := startSimulator(t, e, "--root="+root)
	argv := filepath.Join(e.dir, "argv.txt")
	e.setenv("FAKEASCP_SCRIPT=ok", "FAKEASCP_ARGS="+argv)
	a := e.write("up/p.txt", "through the proxy")
	out := e.ok("node", "upload", a, "--to-folder=/in", "--url="+url, "--username=node_user", "--password=node_pass",
		"--use-product=Aspera Connect", "--fasp-proxy=dnats://pu:pxsecret@proxy.example.com:9092", "--format=csv", "--fields=status")
	if out != "success\n" {
		t.Fatalf("upload: %q", out)
	}
	got := e.read(argv)
	if !strings.Contains(got, "--proxy\ndnats://pu@proxy.example.com:9092\n") || !strings.Contains(got, "env:ASPERA_PROXY_PASS=pxsecret") ||
		strings.Count(got, "pxsecret") != 1 {
		t.Fatalf("argv of ascp:\n%s", got)
	}
	if b, err := os.ReadFile(filepath.Join(root, "in", "p.txt")); err != nil || string(b) != "through the proxy" {
		t.Fatalf("on the node: %q %v", b, err)
	}
}

// TestConnectUploadDialog: an upload command without files and --transfer=connect lets the
// user choose them in Connect's file dialog (the double answers with two files) when the UI
// is graphical (the default on a desktop); under --ui=text (the default without one) there is
// no dialog and the files are missing (usage, nothing started).
func TestConnectUploadDialog(t *testing.T) {
	e := newEnv(t)
	root := filepath.Join(e.dir, "served")
	if err := os.MkdirAll(filepath.Join(root, "in"), 0o755); err != nil {
		t.Fatal(err)
	}
	url, _ := startSimulator(t, e, "--root="+root)
	a, b := e.write("pick/a.bin", "a"), e.write("pick/b.bin", "bb")
	c := connecttest.Start(t, connecttest.Script{Selection: []string{a, b},
		Steps: []connecttest.Step{{Status: "completed", Written: 3, Expected: 3, FilesCompleted: 2}}})
	args := []string{"--to-folder=/in", "--transfer=connect", `--transfer-info=@json:{"url":"` + c.URL + `"}`,
		"--url=" + url, "--username=node_user", "--password=node_pass"}
	e.fails(2, "HINT: give the files, or --ui=graphical for Connect's file dialog", append([]string{"node", "upload", "--ui=text"}, args...)...)
	if len(c.Starts()) != 0 {
		t.Fatalf("--ui=text started %d transfers", len(c.Starts()))
	}
	if out := e.ok(append([]string{"node", "upload", "--ui=graphical", "--format=csv", "--fields=status,agent"}, args...)...); out != "success,connect\n" {
		t.Fatalf("dialog upload: %q", out)
	}
	starts := c.Starts()
	if len(starts) != 1 {
		t.Fatalf("starts: %d", len(starts))
	}
	var got []string
	for _, p := range starts[0]["paths"].([]any) {
		got = append(got, p.(map[string]any)["source"].(string))
	}
	if strings.Join(got, ",") != a+","+b || starts[0]["direction"] != "send" {
		t.Fatalf("the dialog's files were not sent: %v", starts[0])
	}
}
