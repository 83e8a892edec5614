package main

import (
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/asperalm/aslmcli/internal/testbuild"
	"github.com/asperalm/aslmcli/transfer/connect/connecttest"
	"github.com/asperalm/aslmcli/transfer/httpgw/gwtest"
)

// aocSim is a running `aslmcli aoc simulator`: its URL, the credentials it printed and the
// folder of its nodes' storage.
type aocSim struct {
	url   string
	creds map[string]string
	root  string
	cmd   *exec.Cmd
}

// startAOCSimulator runs `aslmcli aoc simulator --root=DIR` and reads what it prints: the URL
// first, then "name: value" lines up to the protected link.
func startAOCSimulator(t *testing.T, e *env, args ...string) *aocSim {
	t.Helper()
	root := filepath.Join(e.dir, "aocsim")
	if err := os.MkdirAll(root, 0o755); err != nil {
		t.Fatal(err)
	}
	p := runSimulator(t, e, "aoc", append([]string{"--root=" + root}, args...)...)
	s := &aocSim{url: p.url, creds: map[string]string{}, root: root, cmd: p.cmd}
	for {
		k, v, _ := strings.Cut(p.line(t), ": ")
		s.creds[k] = v
		if k == "protected_link" {
			break
		}
	}
	go func() { _, _ = io.Copy(io.Discard, p.out) }()
	return s
}

// node returns the URL, secret and storage folder of the simulator's node name.
func (s *aocSim) node(t *testing.T, name string) (url, ak, secret, storage string) {
	t.Helper()
	f := strings.Fields(s.creds["node_"+name])
	if len(f) != 4 {
		t.Fatalf("node_%s: %q", name, s.creds["node_"+name])
	}
	return f[0], strings.TrimPrefix(f[1], "access_key="), strings.TrimPrefix(f[2], "secret="), strings.TrimPrefix(f[3], "storage=")
}

// login returns the options of the administrator's JWT login.
func (s *aocSim) login() []string {
	return []string{"--url=" + s.creds["url"], "--api-url=" + s.creds["api_url"], "--client-id=" + s.creds["client_id"],
		"--username=" + s.creds["username"], "--private-key=" + s.creds["private_key"]}
}

// gen4ascp sets e up for transfers through the direct agent to the simulator's nodes: the
// gen4 double maps the file ids of the specs to the nodes' storage and runs the ascp double,
// which copies the bytes. It returns the --ascp-path to give.
func (s *aocSim) gen4ascp(t *testing.T, e *env) string {
	t.Helper()
	nodes := map[string]map[string]string{}
	for _, n := range []string{"main", "partner"} {
		u, ak, _, storage := s.node(t, n)
		nodes[ak] = map[string]string{"url": u, "root": storage}
	}
	b, _ := json.Marshal(nodes)
	e.setenv("FAKEASCP_SCRIPT=ok", "GEN4ASCP_ASCP="+fakeascp(t), "GEN4ASCP_NODES="+string(b))
	return testbuild.Binary(t, "github.com/asperalm/aslmcli/products/aoc/internal/aoctest/testdata/gen4ascp", "ascp")
}

// TestAOCManualExamples runs every `files` example of the original manual, typed as it is
// there (the ids, e-mails and secrets of the manual replaced by the simulator's), after the
// manual's own setup of a `files` preset (config id ... set ...).
func TestAOCManualExamples(t *testing.T) {
	e := newEnv(t)
	s := startAOCSimulator(t, e)
	ascp := s.gen4ascp(t, e)
	_, _, mainSecret, mainStorage := s.node(t, "main")
	keyFile := strings.TrimPrefix(s.creds["private_key"], "@file:")
	// the manual's "Configuration for Aspera Files" (plus the API URL of the simulator and
	// the ascp to use)
	for _, kv := range [][2]string{{"url", s.creds["url"]}, {"client_id", s.creds["client_id"]},
		{"client_secret", s.creds["client_secret"]}, {"username", s.creds["username"]},
		{"private_key", "@val:@file:" + keyFile}, {"api_url", s.creds["api_url"]}, {"ascp_path", ascp}} {
		e.ok("config", "id", "files_myorg", "set", kv[0], kv[1])
	}
	e.ok("config", "id", "default", "set", "files", "files_myorg")
	if cfg := e.read(e.configFile()); !strings.Contains(cfg, "@file:"+keyFile) || strings.Contains(cfg, "PRIVATE KEY") {
		t.Fatalf("the preset keeps @file: (the @val: prefix):\n%s", cfg)
	}
	sample := strings.Repeat("sample ", 1000)
	e.write("sample_file.bin", sample)
	big := strings.Repeat("0123456789", 20000)
	e.write("200KB.1", big)
	home := filepath.Join(mainStorage, "workspaces", "1", "home")
	connect := connecttest.Start(t, connecttest.Script{Steps: []connecttest.Step{
		{Status: "completed", Written: 200000, Expected: 200000, FilesCompleted: 1}}})
	csv := []string{"--format=csv"}
	var pkgID string
	steps := []struct {
		manual string
		args   []string
		want   string           // stdout, "" not checked
		check  func(out string) // more checks
	}{
		{manual: "aslmcli files repo browse /", args: []string{"files", "repo", "browse", "/", "--fields=name,type"},
			want: "partner_shared,link\n"},
		{manual: "aslmcli files repo upload sample_file.bin --to-folder=/",
			args: []string{"files", "repo", "upload", "sample_file.bin", "--to-folder=/", "--fields=status,agent,files"},
			want: "success,direct,1\n", check: func(string) {
				if got := e.read(filepath.Join(home, "sample_file.bin")); got != sample {
					t.Fatalf("uploaded: %d bytes", len(got))
				}
			}},
		// (not in the manual: the file its download examples name)
		{manual: "", args: []string{"files", "repo", "upload", "200KB.1", "--to-folder=/", "--fields=status"}, want: "success\n"},
		{manual: "aslmcli files repo download /200KB.1 --to-folder=sample_dest_folder --download=node",
			args: []string{"files", "repo", "download", "/200KB.1", "--to-folder=sample_dest_folder", "--download=node", "--fields=status,agent,files,bytes"},
			want: "success,node_http,1,200000\n", check: func(string) {
				if got := e.read(filepath.Join(e.dir, "sample_dest_folder", "200KB.1")); got != big {
					t.Fatalf("downloaded through the node API: %d bytes", len(got))
				}
			}},
		{manual: "aslmcli files repo download /200KB.1 --to-folder=sample_dest_folder --transfer=connect",
			args: []string{"files", "repo", "download", "/200KB.1", "--to-folder=sample_dest_folder", "--transfer=connect",
				`--transfer-info=@json:{"url":"` + connect.URL + `"}`, "--fields=status,agent"},
			want: "success,connect\n", check: func(string) {
				if st := connect.Starts(); len(st) != 1 || !strings.Contains(jsonOf(t, st), `"file_id"`) {
					t.Fatalf("Connect started %s", jsonOf(t, st))
				}
			}},
		{manual: `aslmcli files package send sample_file.bin --note="my note" --title="my title" --recipient="[email protected]"`,
			args: []string{"files", "package", "send", "sample_file.bin", "--note=my note", "--title=my title", "--recipient=" + s.creds["username"],
				"--fields=package_id,package_name,status,files"},
			check: func(out string) {
				f := strings.Split(strings.TrimSpace(out), ",")
				if len(f) != 4 || f[1] != "my title" || f[2] != "success" || f[3] != "1" {
					t.Fatalf("send: %q", out)
				}
				pkgID = f[0]
			}},
		{manual: "aslmcli files package list", args: []string{"files", "package", "list", "--fields=name"}, want: "my title\n"},
		{manual: "aslmcli files package recv VleoMSrlA", args: nil, check: func(string) {
			if err := os.Remove(filepath.Join(e.dir, "sample_file.bin")); err != nil {
				t.Fatal(err)
			}
			out := e.ok(append([]string{"files", "package", "recv", pkgID, "--fields=package_id,status,files"}, csv...)...)
			if out != pkgID+",success,1\n" {
				t.Fatalf("recv: %q", out)
			}
			if got := e.read(filepath.Join(e.dir, "sample_file.bin")); got != sample {
				t.Fatalf("received: %d bytes", len(got))
			}
		}},
		{manual: "aslmcli files admin resource workspace list", args: []string{"files", "admin", "resource", "workspace", "list", "--fields=name"},
			want: "Default\nSecond\n"},
		{manual: "aslmcli files admin resource node id 5560 do browse / --secret=my_secret_here",
			args: []string{"files", "admin", "resource", "node", "id", "1", "do", "browse", "/", "--secret=" + mainSecret, "--fields=name"},
			want: "packages\nworkspaces\n"},
		{manual: "aslmcli files admin set_client_key ERuzXGuPA @file:$(APIKEY)",
			args: []string{"files", "admin", "set_client_key", s.creds["client_id"], "@file:" + keyFile}, want: "modified\n"},
		{manual: "aslmcli files admin events", args: []string{"files", "admin", "events", "--fields=event_type"}, check: func(out string) {
			if !strings.Contains(out, "package.sent\n") {
				t.Fatalf("events: %q", out)
			}
		}},
	}
	for _, st := range steps {
		if st.args == nil {
			st.check("")
			continue
		}
		out := e.ok(append(st.args, csv...)...)
		if st.want != "" && out != st.want {
			t.Fatalf("%s\n%v: %q, want %q", st.manual, st.args, out, st.want)
		}
		if st.check != nil {
			st.check(out)
		}
	}
}

func jsonOf(t *testing.T, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestAOCCommands: ascli's spellings of the aoc plugin against the simulator: the user,
// files (mkdir, rename, find with a glob and a Lua predicate, delete), a package round trip,
// receive ALL --once-only twice, admin CRUD on users, secrets hidden, bad input.
func TestAOCCommands(t *testing.T) {
	e := newEnv(t)
	s := startAOCSimulator(t, e)
	ascp := s.gen4ascp(t, e)
	login := append(s.login(), "--ascp-path="+ascp)
	run := func(args ...string) string { return e.ok(append(append(args, login...), "--format=csv")...) }
	if got := run("aoc", "user", "workspaces", "list", "--fields=name"); got != "Default\nSecond\n" {
		t.Fatalf("workspaces: %q", got)
	}
	if got := run("aoc", "user", "workspaces", "current", "--fields=name"); got != "Default\n" {
		t.Fatalf("current workspace: %q", got)
	}
	if got := run("aoc", "user", "workspaces", "current", "--fields=name", "--workspace=Second"); got != "Second\n" {
		t.Fatalf("--workspace: %q", got)
	}
	if got := run("aoc", "user", "profile", "show", "--fields=email"); got != s.creds["username"]+"\n" {
		t.Fatalf("profile: %q", got)
	}
	// files
	run("aoc", "files", "mkdir", "/docs")
	run("aoc", "files", "mkdir", "/docs/old")
	run("aoc", "files", "rename", "/docs/old", "archive")
	e.write("up/a.txt", "alpha")
	e.write("up/b.png", "png")
	run("aoc", "files", "upload", "up/a.txt", "up/b.png", "--to-folder=/docs/archive")
	if got := run("aoc", "files", "browse", "/docs/archive", "--fields=name,size"); got != "a.txt,5\nb.png,3\n" {
		t.Fatalf("browse: %q", got)
	}
	if got := run("aoc", "files", "find", "/", "*.txt", "--fields=path"); got != "/docs/archive/a.txt\n/partner_shared/welcome.txt\n" &&
		got != "/partner_shared/welcome.txt\n/docs/archive/a.txt\n" {
		t.Fatalf("find glob: %q", got)
	}
	if got := run("aoc", "files", "find", "/", `@lua:function(e) return e.type == "file" and e.size == 3 end`, "--fields=path"); got != "/docs/archive/b.png\n" {
		t.Fatalf("find predicate: %q", got)
	}
	// the HTTP Gateway agent takes the same AoC spec (its double writes what it receives)
	gw := gwtest.Start(t, gwtest.Options{})
	if got := run("aoc", "files", "upload", "up/a.txt", "--to-folder=/docs", "--transfer=httpgw", `--transfer-info=@json:{"url":"`+gw.Base+`"}`,
		"--fields=status,agent"); got != "success,httpgw\n" {
		t.Fatalf("upload through httpgw: %q", got)
	}
	if got, err := os.ReadFile(filepath.Join(gw.Opts.UploadDir, "a.txt")); err != nil || string(got) != "alpha" {
		t.Fatalf("the gateway got %q, %v", got, err)
	}
	dl := filepath.Join(e.dir, "dl")
	run("aoc", "files", "download", "/docs/archive/a.txt", "/docs/archive/b.png", "--to-folder="+dl)
	if e.read(filepath.Join(dl, "a.txt")) != "alpha" || e.read(filepath.Join(dl, "b.png")) != "png" {
		t.Fatal("download")
	}
	// a private short link to a folder
	created := run("aoc", "files", "short_link", "/docs/archive", "private", "create", "--fields=id,short_url")
	f := strings.Fields(strings.ReplaceAll(created, ",", " ")) // id ID short_url URL
	if len(f) != 4 || f[0] != "id" || !strings.HasPrefix(f[3], "https://") {
		t.Fatalf("short_link create: %q", created)
	}
	if got := run("aoc", "files", "short_link", "/docs/archive", "private", "list", "--fields=id,short_url"); got != f[1]+","+f[3]+"\n" {
		t.Fatalf("short_link list: %q, want the link %s", got, f[3])
	}
	run("aoc", "files", "short_link", "/docs/archive", "private", "delete", f[1])
	if got := run("aoc", "files", "short_link", "/docs/archive", "private", "list"); got != "" {
		t.Fatalf("short_link list after delete: %q", got)
	}
	// a permission on the shared folder (kept by its node, partner)
	perm := run("aoc", "files", "permission", "/partner_shared", "create", `@json:{"access_type":"user","access_id":"2","access_levels":["list","read"]}`, "--fields=id")
	permID := strings.TrimSpace(strings.TrimPrefix(perm, "id,"))
	if got := run("aoc", "files", "permission", "/partner_shared", "list", "--fields=id,access_type,access_id"); got != permID+",user,2\n" {
		t.Fatalf("permission list: %q (created %q)", got, perm)
	}
	run("aoc", "files", "permission", "/partner_shared", "delete", permID)
	if got := run("aoc", "files", "permission", "/partner_shared", "list"); got != "" {
		t.Fatalf("permission list after delete: %q", got)
	}
	// a public one: its link opens the folder without a login
	created = run("aoc", "files", "short_link", "/docs/archive", "public", "create", "--fields=id,token_value", "--show-secrets=yes")
	f = strings.Fields(strings.ReplaceAll(created, ",", " ")) // id ID token_value TOKEN
	if len(f) != 4 {
		t.Fatalf("public short_link create: %q", created)
	}
	pub := []string{"aoc", "files", "browse", "/", "--url=" + s.creds["url"] + "/public/files?token=" + f[3], "--api-url=" + s.creds["api_url"],
		"--client-id=" + s.creds["client_id"], "--client-secret=" + s.creds["client_secret"], "--format=csv", "--fields=name"}
	if got := e.ok(pub...); got != "a.txt\nb.png\n" {
		t.Fatalf("browse through the public link: %q", got)
	}
	if got := run("aoc", "files", "short_link", "/docs/archive", "public", "list", "--fields=id"); got != f[1]+"\n" {
		t.Fatalf("public short_link list: %q", got)
	}
	run("aoc", "files", "short_link", "/docs/archive", "public", "delete", f[1])
	e.fails(1, "", pub...)
	run("aoc", "files", "delete", "/docs")
	if got := run("aoc", "files", "browse", "/", "--fields=name"); got != "partner_shared\n" {
		t.Fatalf("after delete: %q", got)
	}
	e.fails(1, "/docs: not found", append([]string{"aoc", "files", "browse", "/docs"}, login...)...)
	// packages: two sent to oneself, received once each
	for _, title := range []string{"one", "two"} {
		run("aoc", "packages", "send", "up/a.txt", "--title="+title, "--recipient="+s.creds["username"])
	}
	in := filepath.Join(e.dir, "in")
	got := run("aoc", "packages", "receive", "ALL", "--once-only=yes", "--to-folder="+in, "--package-folder=yes", "--fields=status,files")
	if got != "success,1\nsuccess,1\n" {
		t.Fatalf("receive ALL: %q", got)
	}
	for _, f := range []string{"one/a.txt", "two/a.txt"} {
		if e.read(filepath.Join(in, f)) != "alpha" {
			t.Fatalf("%s", f)
		}
	}
	if got := run("aoc", "packages", "receive", "ALL", "--once-only=yes", "--to-folder="+in); got != "" {
		t.Fatalf("second receive ALL: %q", got)
	}
	if got := run("aoc", "packages", "list", "--once-only=yes"); got != "" {
		t.Fatalf("list --once-only: %q", got)
	}
	// admin CRUD on users (singular and plural names)
	run("aoc", "admin", "user", "create", `@json:{"email":"new@example.com","name":"New User"}`)
	if got := run("aoc", "admin", "users", "list", "--fields=email", `--query=@json:{"q":"new"}`); !strings.Contains(got, "new@example.com") {
		t.Fatalf("users: %q", got)
	}
	run("aoc", "admin", "user", "modify", "%name:New User", `@json:{"name":"Renamed"}`)
	if got := run("aoc", "admin", "user", "show", "%name:Renamed", "--fields=email"); got != "new@example.com\n" {
		t.Fatalf("user show: %q", got)
	}
	run("aoc", "admin", "user", "delete", "%name:Renamed")
	e.fails(1, "Renamed", append([]string{"aoc", "admin", "user", "show", "%name:Renamed"}, login...)...)
	// secrets stay hidden
	if got := run("aoc", "bearer_token"); got != "***\n" {
		t.Fatalf("bearer_token: %q", got)
	}
	if got := run("aoc", "bearer_token", "--show-secrets=yes"); !strings.HasPrefix(got, "Bearer ") && len(got) < 20 {
		t.Fatalf("bearer_token shown: %q", got)
	}
	// bad input: exit 2, one line, nothing done
	e.fails(2, "missing --url", "aoc", "user", "profile", "show")
	e.fails(2, "", append([]string{"aoc", "admin", "user", "frobnicate"}, login...)...)
	e.fails(2, "", append([]string{"aoc", "packages", "receive"}, login...)...)
	e.fails(2, "--auth", append([]string{"aoc", "user", "profile", "show", "--auth=telepathy"}, login...)...)
	e.fails(2, "unknown product nosuch", "config", "wizard", s.creds["url"], "nosuch")
}

// TestAOCWizard: config wizard URL aoc makes a key and a preset, the key registered with
// aoc admin set_client_key, and the preset logs in.
func TestAOCWizard(t *testing.T) {
	e := newEnv(t)
	s := startAOCSimulator(t, e)
	r := e.run("config", "wizard", s.creds["url"], "aoc", "--username="+s.creds["username"], "--client-id="+s.creds["client_id"],
		"--api-url="+s.creds["api_url"])
	if r.code != 0 || !strings.HasPrefix(r.out, "-----BEGIN PUBLIC KEY-----") || !strings.Contains(r.err, "set_client_key "+s.creds["client_id"]) {
		t.Fatalf("wizard: %v", r)
	}
	key := filepath.Join(e.home, "aoc_sim_key.pem")
	if st, err := os.Stat(key); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v", err)
	}
	// not registered yet: the login fails
	e.fails(1, "", "aoc", "user", "profile", "show")
	e.ok(append([]string{"aoc", "admin", "set_client_key", s.creds["client_id"], "@file:" + key}, s.login()...)...)
	if got := e.ok("aoc", "user", "profile", "show", "--fields=email", "--format=csv"); got != s.creds["username"]+"\n" {
		t.Fatalf("login with the wizard's preset: %q", got)
	}
	// the original spelling uses the same preset
	if got := e.ok("files", "user", "profile", "show", "--fields=email", "--format=csv"); got != s.creds["username"]+"\n" {
		t.Fatalf("files: %q", got)
	}
}

// TestAOCProtectedLink: a public link opens without a login; a protected one asks for its
// password on a terminal (not echoed), and fails with exit 2 when it cannot ask.
func TestAOCProtectedLink(t *testing.T) {
	e := newEnv(t)
	s := startAOCSimulator(t, e)
	client := []string{"--api-url=" + s.creds["api_url"], "--client-id=" + s.creds["client_id"], "--client-secret=" + s.creds["client_secret"],
		"--format=csv", "--fields=name"}
	public := s.creds["public_link"]
	if got := e.ok(append([]string{"aoc", "files", "browse", "/", "--url=" + public}, client...)...); got != "partner_shared\n" {
		t.Fatalf("public link: %q", got)
	}
	link, password, _ := strings.Cut(s.creds["protected_link"], " (password: ")
	password = strings.TrimSuffix(password, ")")
	e.fails(2, "cannot ask for password of the public link", append([]string{"aoc", "files", "browse", "/", "--url=" + link}, client...)...)
	tm := e.onTerminal(append([]string{"aoc", "files", "browse", "/", "--url=" + link}, client...)...)
	tm.expect("password of the public link: ")
	tm.typ(password + "\n")
	code, screen := tm.wait()
	if code != 0 || !strings.Contains(screen, "partner_shared") || strings.Contains(screen, password) {
		t.Fatalf("exit %d:\n%s", code, screen)
	}
}

// TestAOCTourExample runs scripts/examples/aoc_tour.lua (the Lua API against an in-process
// simulator).
func TestAOCTourExample(t *testing.T) {
	e := newEnv(t)
	script, _ := filepath.Abs("../../scripts/examples/aoc_tour.lua")
	out := e.ok("run", script)
	for _, want := range []string{"simulator: http://127.0.0.1:", "user: admin@example.com", "2   Second", "link   partner_shared",
		"found file: /partner_shared/welcome.txt", "browse /nowhere: http 404", "gen4 entry ", "user tour@example.com", "done"} {
		if !strings.Contains(out, want) {
			t.Errorf("the tour lacks %q:\n%s", want, out)
		}
	}
}
