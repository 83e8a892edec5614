package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// productSim runs `aslmcli <product> simulator ARGS...` and returns the lines it prints before
// serving: the URL first, then "name: value" lines (credentials, links), as a map whose "url"
// is the first line. n is the number of lines to read.
func productSim(t *testing.T, e *env, product string, n int, args ...string) map[string]string {
	t.Helper()
	p := runSimulator(t, e, product, args...)
	out := map[string]string{"url": p.url}
	for i := 1; i < n; i++ {
		line := p.line(t)
		k, v, ok := strings.Cut(line, ": ")
		if !ok {
			t.Fatalf("%s simulator: line %q", product, line)
		}
		out[k] = v
	}
	return out
}

// faspex5Env starts a Faspex 5 simulator, makes the preset "f5" (admin, JWT) the faspex5
// plugin's default, and returns the simulator's lines and the options of user1.
func faspex5Env(t *testing.T, e *env) (map[string]string, []string) {
	t.Helper()
	key := filepath.Join(e.dir, "f5user.pem")
	sim := productSim(t, e, "faspex5", 6, "--key-file="+key)
	if sim["private_key"] != key || sim["client_id"] == "" || sim["username"] != "admin" {
		t.Fatalf("simulator credentials: %v", sim)
	}
	e.setenv("FAKEASCP_SCRIPT=ok")
	e.ok("config", "preset", "update", "f5", "--url="+sim["url"], "--client-id="+sim["client_id"], "--username=admin",
		"--private-key=@file:"+key, "--ascp-path="+fakeascp(t))
	e.ok("config", "preset", "set", "default", "faspex5", "f5")
	user1 := []string{"--username=user1"}
	return sim, user1
}

// TestFaspex5Commands runs ascli's faspex5 spellings against the simulator: a table of
// command line -> expected output.
func TestFaspex5Commands(t *testing.T) {
	e := newEnv(t)
	sim, _ := faspex5Env(t, e)
	file := e.write("test_file.bin", "faspex five bytes")
	// ascli's manual: send to a shared inbox, with metadata
	out := e.ok("faspex5", "packages", "send", `@json:{"title":"test title","recipients":["Uploads"],"metadata":{"Options":"Opt1"}}`, file,
		"--format=csv", "--fields=upload_status,bytes_written")
	if out != "upload_status,completed\nbytes_written,17\n" {
		t.Fatalf("send: %q", out)
	}
	id := strings.TrimSpace(e.ok("faspex5", "packages", "list", "--box=outbox", "--format=csv", "--fields=id"))
	for _, c := range []struct {
		line string // the manual's (or ascli's) command line, for the failure message
		args []string
		want string
	}{
		{"faspex5 health", []string{"faspex5", "health", "--url=" + sim["url"], "--format=csv", "--fields=version"}, "5.0.9\n"},
		{"faspex5 version", []string{"faspex5", "version", "--format=csv", "--fields=version"}, "5.0.9\n"},
		{"faspex5 packages list --box=outbox --fields=DEF,sender.email,recipients.0.recipient_type",
			[]string{"faspex5", "packages", "list", "--box=outbox", "--fields=DEF,sender.email,recipients.0.recipient_type", "--format=csv"},
			id + ",test title,completed,Uploads,,17,1,admin@example.com,shared_inbox\n"},
		{"faspex5 packages list --shared-inbox=Uploads", []string{"faspex5", "packages", "list", "--shared-inbox=Uploads", "--format=csv", "--fields=title,sender.name"},
			"test title,admin\n"},
		{"faspex5 packages list --box=Uploads (a shared inbox's name)", []string{"faspex5", "packages", "list", "--box=Uploads", "--format=csv", "--fields=title"},
			"test title\n"},
		{"faspex5 packages browse 1 --box=outbox", []string{"faspex5", "packages", "browse", id, "--box=outbox", "--format=csv", "--fields=basename,size"},
			"test_file.bin,17\n"},
		{"faspex5 packages status 1", []string{"faspex5", "packages", "status", id, "--format=csv", "--fields=upload_status"}, "completed\n"},
		{"faspex5 admin accounts show %name:user1", []string{"faspex5", "admin", "accounts", "show", "%name:user1", "--format=csv", "--fields=name"}, "user1\n"},
		{"faspex5 admin shared_inboxes list", []string{"faspex5", "admin", "shared_inboxes", "list", "--format=csv", "--fields=name"}, "Uploads\n"},
		{"faspex5 admin workgroups list", []string{"faspex5", "admin", "workgroups", "list", "--format=csv", "--fields=name"}, "Team\n"},
		{"faspex5 shared_folders list", []string{"faspex5", "shared_folders", "list", "--format=csv", "--fields=name"}, "Shared\n"},
		{"faspex5 user profile modify", []string{"faspex5", "user", "profile", "modify", `@json:{"locale":"fr"}`}, "modified\n"},
		{"faspex5 user profile show", []string{"faspex5", "user", "profile", "show", "--format=csv", "--fields=locale"}, "fr\n"},
	} {
		if got := e.ok(c.args...); got != c.want {
			t.Errorf("%s: got %q, want %q", c.line, got, c.want)
		}
	}
	// admin create, modify, delete of a distribution list
	e.ok("faspex5", "admin", "distribution_lists", "create", `@json:{"name":"dl1","contacts":[]}`)
	e.ok("faspex5", "admin", "distribution_lists", "modify", "%name:dl1", `@json:{"name":"dl2"}`)
	if got := e.ok("faspex5", "admin", "distribution_lists", "list", "--format=csv", "--fields=name"); got != "dl2\n" {
		t.Fatalf("distribution lists: %q", got)
	}
	e.ok("faspex5", "admin", "distribution_lists", "delete", "%name:dl2")
	// a public link to the shared inbox: a package sent without an account
	e.ok("faspex5", "packages", "send", `@json:{"title":"by link"}`, file, "--link="+sim["public_link"], "--preset=f5", "--url=")
	if got := e.ok("faspex5", "packages", "list", "--shared-inbox=Uploads", "--format=csv", "--fields=title"); got != "by link\ntest title\n" {
		t.Fatalf("after the public link: %q", got)
	}
	// bad input: exit 2, one line, nothing sent
	before := e.ok("faspex5", "packages", "list", "--box=outbox", "--format=csv", "--fields=id")
	e.fails(2, `no shared inbox named "nobody"`, "faspex5", "packages", "list", "--box=nobody")
	e.fails(2, "missing argument FILE", "faspex5", "packages", "send", file)
	e.fails(2, "missing argument FILE", "faspex5", "packages", "send", `@json:{"title":"t","recipients":["user1"]}`)
	e.fails(2, "the package must be a table", "faspex5", "packages", "send", "title", file)
	e.fails(2, `no contact named "ghost"`, "faspex5", "packages", "send", `@json:{"title":"t","recipients":["ghost"]}`, file)
	e.fails(1, "404", "faspex5", "packages", "show", "999")
	if got := e.ok("faspex5", "packages", "list", "--box=outbox", "--format=csv", "--fields=id"); got != before {
		t.Fatalf("a failed send left a package: %q, was %q", got, before)
	}
	e.fails(1, "auth/token: invalid assertion", "faspex5", "version", "--username=nobody")
}

// TestFaspex5RoundTrip: admin sends, user1 receives (all files, then chosen ones, then every
// package once only), the bytes compared.
func TestFaspex5RoundTrip(t *testing.T) {
	e := newEnv(t)
	_, user1 := faspex5Env(t, e)
	a := e.write("send/a.txt", "alpha bytes")
	b := e.write("send/b.bin", strings.Repeat("0123456789", 5000))
	e.ok("faspex5", "packages", "send", `@json:{"title":"two files","recipients":["user1"],"note":"hello"}`, a, b)
	list := e.ok(append([]string{"faspex5", "packages", "list", "--format=csv", "--fields=id,title,sender.name"}, user1...)...)
	id1, rest, _ := strings.Cut(list, ",")
	if rest != "two files,admin\n" {
		t.Fatalf("user1's inbox: %q", list)
	}
	dl := filepath.Join(e.dir, "dl")
	out := e.ok(append([]string{"faspex5", "packages", "receive", id1, "--to-folder=" + dl, "--format=csv", "--fields=status,files"}, user1...)...)
	if out != "success,2\n" {
		t.Fatalf("receive: %q", out)
	}
	for _, f := range []string{a, b} {
		if got, want := e.read(filepath.Join(dl, filepath.Base(f))), e.read(f); got != want {
			t.Fatalf("%s: %d bytes received, %d sent", filepath.Base(f), len(got), len(want))
		}
	}
	// chosen files only (ascli's spelling recv)
	part := filepath.Join(e.dir, "part")
	e.ok(append([]string{"faspex5", "packages", "recv", id1, "b.bin", "--to-folder=" + part}, user1...)...)
	if entries, _ := os.ReadDir(part); len(entries) != 1 || entries[0].Name() != "b.bin" {
		t.Fatalf("partial receive: %v", entries)
	}
	// receive ALL --once-only twice: the second time receives nothing
	e.ok("faspex5", "packages", "send", `@json:{"title":"second","recipients":["user1"]}`, a)
	id2 := strings.TrimSpace(e.ok("faspex5", "packages", "list", "--box=outbox", "--format=csv", "--fields=id", `--query=@json:{"max":1}`))
	all := filepath.Join(e.dir, "all")
	out = e.ok(append([]string{"faspex5", "packages", "receive", "ALL", "--once-only=yes", "--package-folder=yes", "--to-folder=" + all,
		"--format=csv", "--fields=status"}, user1...)...)
	if out != "success\nsuccess\n" {
		t.Fatalf("receive ALL: %q", out)
	}
	if e.read(filepath.Join(all, id2, "a.txt")) != "alpha bytes" {
		t.Fatal("receive ALL: package 2 not in its folder")
	}
	r := e.run(append([]string{"faspex5", "packages", "receive", "ALL", "--once-only=yes", "--to-folder=" + all}, user1...)...)
	if r.code != 0 || !strings.Contains(r.out+r.err, "no new package") {
		t.Fatalf("second receive ALL: %v", r)
	}
	// INIT marks what is there as received
	e.ok("faspex5", "packages", "send", `@json:{"title":"third","recipients":["user1"]}`, a)
	out = e.ok(append([]string{"faspex5", "packages", "receive", "INIT", "--once-only=yes"}, user1...)...)
	if !strings.Contains(out, "marked 3 package(s)") {
		t.Fatalf("INIT: %q", out)
	}
	r = e.run(append([]string{"faspex5", "packages", "receive", "ALL", "--once-only=yes", "--to-folder=" + all}, user1...)...)
	if r.code != 0 || !strings.Contains(r.out+r.err, "no new package") {
		t.Fatalf("receive ALL after INIT: %v", r)
	}
	e.fails(2, "only with --once-only=yes", append([]string{"faspex5", "packages", "receive", "INIT"}, user1...)...)
	// delete
	e.ok("faspex5", "packages", "delete", id2)
	e.fails(1, "404", "faspex5", "packages", "show", id2)
}

// TestFaspex5InboxCheckExample runs scripts/examples/faspex5_inbox_check.lua: on its own
// simulator, then on a preset with a file that fails the check, twice (nothing new the
// second time).
func TestFaspex5InboxCheckExample(t *testing.T) {
	e := newEnv(t)
	e.setenv("FAKEASCP_SCRIPT=ok")
	script, _ := filepath.Abs("../../scripts/examples/faspex5_inbox_check.lua")
	out := e.ok("run", "--ascp-path="+fakeascp(t), script)
	for _, want := range []string{"simulator: http://127.0.0.1:", ": report.csv: ok", ": notes.txt: ok"} {
		if !strings.Contains(out, want) {
			t.Fatalf("example lacks %q:\n%s", want, out)
		}
	}
	faspex5Env(t, e)
	empty := e.write("empty.txt", "")
	e.ok("faspex5", "packages", "send", `@json:{"title":"empty","recipients":["Uploads"]}`, empty)
	to := filepath.Join(e.dir, "checked")
	r := e.fails(1, "1 problem(s)", "run", "--ascp-path="+fakeascp(t), script, "f5", "Uploads", to)
	if !strings.Contains(r.out, ": empty.txt: empty") {
		t.Fatalf("the check did not flag the empty file: %v", r)
	}
	if out := e.ok("run", "--ascp-path="+fakeascp(t), script, "f5", "Uploads", to); !strings.Contains(out, "no new package in Uploads") {
		t.Fatalf("second run: %q", out)
	}
}

// manualLine turns a line of the original manual into arguments: the words after
// "aslmcli", quotes removed, the manual's placeholders replaced (its obfuscated e-mail
// address "[email protected]" is a user of the test server).
func manualLine(t *testing.T, line string, values map[string]string) []string {
	t.Helper()
	line = strings.TrimPrefix(line, "aslmcli ")
	for k, v := range values {
		line = strings.ReplaceAll(line, k, v)
	}
	var out []string
	var cur strings.Builder
	quote, in := rune(0), false
	for _, r := range line {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote == 0 && (r == '"' || r == '\''):
			quote, in = r, true
		case quote == 0 && r == ' ':
			if in {
				out = append(out, cur.String())
				cur.Reset()
				in = false
			}
		default:
			cur.WriteRune(r)
			in = true
		}
	}
	if in {
		out = append(out, cur.String())
	}
	return out
}

// TestFaspexManualExamples runs the original manual's faspex examples (seed-README.txt)
// against `aslmcli faspex simulator`, then receives what they sent and compares the bytes.
func TestFaspexManualExamples(t *testing.T) {
	e := newEnv(t)
	sim := productSim(t, e, "faspex", 5)
	e.setenv("FAKEASCP_SCRIPT=ok")
	e.write("200KB.1", strings.Repeat("K", 200*1024))
	e.write("sample_file.bin", "sample file bytes\n")
	values := map[string]string{"my_url_here": sim["url"], "my_username_here": "admin", "my_password_here": "admin_pass",
		"[email protected]": "user1@example.com", "~/": e.dir + "/"}
	e.ok("config", "preset", "update", "f4", "--url="+sim["url"], "--username=admin", "--password=admin_pass", "--ascp-path="+fakeascp(t))
	e.ok("config", "preset", "set", "default", "faspex", "f4")
	ascp := "--ascp-path=" + fakeascp(t)
	for _, c := range []struct {
		line string // the manual's line, verbatim
		want string // in the output
	}{
		{`aslmcli faspex package send --load-params=reset --url=my_url_here --username=my_username_here --password=my_password_here --insecure=yes --note="my note" --title="my title" --recipient="[email protected]" ~/200KB.1`, "success"},
		{`aslmcli faspex package send sample_file.bin --insecure=yes --note="my note" --title="my title" --recipient="[email protected]"`, "success"},
		{`aslmcli faspex package list --insecure=yes`, "my title"},
	} {
		// user1 is the recipient: the list is run as user1 (the sends as the preset's admin)
		args := manualLine(t, c.line, values)
		if strings.Contains(c.line, "list") {
			args = append(args, "--username=user1", "--password=user1_pass")
		}
		out := e.ok(append(args, ascp)...)
		if !strings.Contains(out, c.want) {
			t.Errorf("%s: %q lacks %q", c.line, out, c.want)
		}
	}
	// the manual's pipeline: the last delivery id of the sent box, received from the sent box
	ids := lines(e.ok(manualLine(t, `aslmcli faspex package list --fields=delivery_id --format=csv --box=sent`, values)...))
	if len(ids) != 3 { // the two sent above, and the test server's first package (Welcome, from admin)
		t.Fatalf("sent: %v", ids)
	}
	out := e.ok(append(manualLine(t, `aslmcli faspex package recv `+ids[len(ids)-1]+` --box=sent`, values), "--to-folder=sent_back",
		"--format=csv", "--fields=status,files", ascp)...)
	if out != "success,1\n" || !strings.HasPrefix(e.read(filepath.Join(e.dir, "sent_back", ids[len(ids)-1], "welcome.txt")), "Welcome") {
		t.Fatalf("recv from sent: %q", out)
	}
	// recv_publink: the manual's '' is the link Faspex mailed (the test server's first package)
	out = e.ok(append(manualLine(t, `aslmcli faspex recv_publink '`+sim["public_link"]+`' --insecure=yes`, values), "--to-folder=publink",
		"--format=csv", "--fields=status,files", ascp)...)
	if out != "success,1\n" || !strings.HasPrefix(e.read(filepath.Join(e.dir, "publink", "1", "welcome.txt")), "Welcome") {
		t.Fatalf("recv_publink: %q", out)
	}
	// user1's inbox: the welcome package and the two sent ones; the round trip compares bytes
	user1 := []string{"--username=user1", "--password=user1_pass"}
	list := lines(e.ok(append([]string{"faspex", "package", "list", "--format=csv", "--fields=package_id,title,author.name"}, user1...)...))
	if len(list) != 3 || !strings.HasSuffix(list[0], ",my title,admin") || !strings.HasSuffix(list[2], ",Welcome,admin") {
		t.Fatalf("user1's inbox: %v", list)
	}
	newest, _, _ := strings.Cut(list[0], ",")
	e.ok(append([]string{"faspex", "package", "receive", newest, "--to-folder=in"}, user1...)...)
	got, _ := filepath.Glob(filepath.Join(e.dir, "in", "*", "sample_file.bin"))
	if len(got) != 1 || e.read(got[0]) != "sample file bytes\n" {
		t.Fatalf("received: %v", got)
	}
	// receive ALL --once-only twice: nothing the second time
	out = e.ok(append([]string{"faspex", "package", "recv", "ALL", "--once-only=yes", "--to-folder=all", "--format=csv", "--fields=status"}, user1...)...)
	if out != "success\nsuccess\nsuccess\n" {
		t.Fatalf("recv ALL: %q", out)
	}
	big, _ := filepath.Glob(filepath.Join(e.dir, "all", "*", "200KB.1"))
	if len(big) != 1 || e.read(big[0]) != strings.Repeat("K", 200*1024) {
		t.Fatalf("recv ALL: 200KB.1 %v", big)
	}
	r := e.run(append([]string{"faspex", "package", "recv", "ALL", "--once-only=yes", "--to-folder=all"}, user1...)...)
	if r.code != 0 || !strings.Contains(r.out+r.err, "no new package") {
		t.Fatalf("second recv ALL: %v", r)
	}
	// the other commands of the manual's plugin
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"faspex", "me", "--format=csv", "--fields=email"}, "admin@example.com\n"},
		{[]string{"faspex", "dropbox", "list", "--format=csv", "--fields=name"}, "Uploads\n"},
		{[]string{"faspex", "source", "list", "--format=csv", "--fields=name"}, "local storage\n"},
		{[]string{"faspex", "source", "info", "local storage", `--storage=@json:{"local storage":{"node":"@preset:mynode","path":"/myfiles"}}`,
			"--format=csv", "--fields=path"}, "/myfiles\n"},
		{[]string{"faspex", "package", "show", ids[0], "--box=sent", "--format=csv", "--fields=title,note"}, "title,my title\nnote,my note\n"},
	} {
		if got := e.ok(c.args...); got != c.want {
			t.Errorf("%v: %q, want %q", c.args, got, c.want)
		}
	}
	// the v4 API (ascli's faspex v4): an admin's OAuth token, password grant, scope admin
	if got := e.ok("faspex", "v4", "user", "list", "--format=csv", "--fields=name"); got != "admin\nuser1\n" {
		t.Fatalf("v4 user list: %q", got)
	}
	wg := e.ok("faspex", "v4", "workgroup", "create", `@json:{"e_wg_name":"team"}`, "--format=csv", "--fields=id")
	e.ok("faspex", "v4", "workgroup", "modify", strings.TrimSpace(wg), `@json:{"e_wg_desc":"the team"}`)
	if got := e.ok("faspex", "v4", "workgroup", "list", "--format=csv", "--fields=e_wg_name,e_wg_desc"); got != "team,the team\n" {
		t.Fatalf("v4 workgroup list: %q", got)
	}
	e.ok("faspex", "v4", "workgroup", "delete", strings.TrimSpace(wg))
	e.fails(1, "invalid_scope", append([]string{"faspex", "v4", "user", "list"}, user1...)...)
	// a package to a dropbox, listed and received by a member as *Uploads
	e.ok("faspex", "package", "send", "sample_file.bin", "--title=to the dropbox", "--recipient=*Uploads", "--note=n")
	drop := append([]string{"--recipient=*Uploads"}, user1...)
	if got := e.ok(append([]string{"faspex", "package", "list", "--format=csv", "--fields=title"}, drop...)...); got != "to the dropbox\n" {
		t.Fatalf("dropbox inbox: %q", got)
	}
	// bad input: exit 2, one line, nothing sent
	e.fails(2, `unknown value "outbox" (use one of: archive, inbox, sent)`, "faspex", "package", "list", "--box=outbox")
	e.fails(1, `422 Unprocessable Entity: POST `+sim["url"]+`/send: unknown recipient "nobody"`, "faspex", "package", "send", "sample_file.bin", "--title=t", "--recipient=nobody")
	e.fails(2, "a public link is", "faspex", "recv_publink", "https://example.com/nothing")
	e.fails(2, "missing argument FILE", "faspex", "package", "send", "--title=t", "--recipient=user1")
	e.fails(2, "no Faspex source named nope", "faspex", "source", "info", "nope", `--storage=@json:{}`)
	e.fails(1, "401", "faspex", "me", "--password=wrong")
	e.fails(1, "404", "faspex", "package", "show", "999")
	if got := lines(e.ok("faspex", "package", "list", "--box=sent", "--format=csv", "--fields=title")); len(got) != 4 {
		t.Fatalf("a failed send left a package: %v", got)
	}
}

// TestFaspexLuaAPI: aspera.faspex from a script: parse_faspe, a lazy listing over pages.
func TestFaspexLuaAPI(t *testing.T) {
	e := newEnv(t)
	script := e.write("f4.lua", `
local faspex = require("aspera.faspex")
local s = faspex.parse_faspe("faspe://xfer@h:33001/pkg?token=ATM+x==&targetrate=500&enc=aes128")
print(s.remote_host, s.ssh_port, s.token, s.target_rate_kbps, s.cipher, s.paths[1].source)
local sim = faspex.simulator{page_size = 2}
for i = 1, 5 do sim:add_package("p" .. i, "admin", {"user1"}, {["f.txt"] = "x"}) end
local c = sim:client("user1")
local n = 0
for p in c:each_package{} do n = n + 1 end
print("lazy", n, #c:packages{max = 3})
local spec = c:download_spec(c:packages{max = 1}[1].package_id)
print(spec.direction, spec.token ~= nil)
print(pcall(c.packages, c, {box = "outbox"}))
`)
	out := e.ok("run", script)
	for _, want := range []string{"h\t33001\tATM+x==\t500\taes-128\t/pkg", "lazy\t5\t3", "receive\ttrue", "false\t"} {
		if !strings.Contains(out, want) {
			t.Fatalf("lacks %q:\n%s", want, out)
		}
	}
}

// TestFaspex5PublicLinkReceive: a package's public link received without an account, from
// Lua, the bytes compared.
func TestFaspex5PublicLinkReceive(t *testing.T) {
	e := newEnv(t)
	e.setenv("FAKEASCP_SCRIPT=ok")
	script := e.write("pl.lua", `
local faspex5 = require("aspera.faspex5")
local sim = faspex5.simulator()
local id = sim:add_package("linked", "admin", {"user1"}, {["l.txt"] = "linked bytes"})
local c = faspex5.new{link = sim:link("package", id)}
assert(c:link().package_id == id)
local r = c:receive(id, {to_folder = arg[1]}):wait()
print(r.status, r.files)
`)
	if out := e.ok("run", "--ascp-path="+fakeascp(t), script, filepath.Join(e.dir, "lua")); out != "success\t1\n" {
		t.Fatalf("from Lua: %q", out)
	}
	if got := e.read(filepath.Join(e.dir, "lua", "l.txt")); got != "linked bytes" {
		t.Fatalf("from Lua: %q", got)
	}
}

// TestFaspex5Wizard: the wizard reuses the simulator's key, saves the preset as the plugin's
// default, and that preset works; a missing key is made beside the configuration file.
func TestFaspex5Wizard(t *testing.T) {
	e := newEnv(t)
	key := filepath.Join(e.dir, "f5user.pem")
	sim := productSim(t, e, "faspex5", 6, "--key-file="+key)
	out := e.ok("faspex5", "wizard", sim["url"], "mine", "--username=admin", "--client-id="+sim["client_id"], "--key-path="+key)
	if !strings.Contains(out, "preset mine saved, the default of faspex5\n") || !strings.Contains(out, "BEGIN PUBLIC KEY") {
		t.Fatalf("wizard: %s", out)
	}
	if got := e.ok("faspex5", "user", "profile", "show", "--format=csv", "--fields=email"); got != "admin@example.com\n" {
		t.Fatalf("the preset: %q", got)
	}
	out = e.ok("faspex5", "wizard", "https://faspex.example.com", "--username=u@example.com", "--client-id=c")
	made := filepath.Join(e.home, "faspex5_u_example.com.pem")
	if !strings.Contains(out, "private key made") {
		t.Fatalf("second wizard: %s", out)
	}
	if st, err := os.Stat(made); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key %s: %v", made, err)
	}
	e.fails(2, "username", "faspex5", "wizard", "https://faspex.example.com", "--client-id=c", "--no-default")
	// config wizard URL faspex5 is the same first login
	e2 := newEnv(t)
	r := e2.run("config", "wizard", sim["url"], "faspex5", "--username=admin", "--client-id="+sim["client_id"], "--key-path="+key)
	if r.code != 0 || !strings.Contains(r.err, "the default of faspex5") || !strings.Contains(r.out, "BEGIN PUBLIC KEY") {
		t.Fatalf("config wizard faspex5: %v", r)
	}
	if got := e2.ok("faspex5", "user", "profile", "show", "--format=csv", "--fields=email"); got != "admin@example.com\n" {
		t.Fatalf("the config wizard's preset: %q", got)
	}
}

// TestFaspexSourceNode: the manual's remote sources: a Faspex source browsed through the
// node of its --storage entry (a node preset and a sub-path).
func TestFaspexSourceNode(t *testing.T) {
	e := newEnv(t)
	root := filepath.Join(e.dir, "served")
	e.write("served/myfiles/in_source.txt", "x")
	nodeURL, _ := startSimulator(t, e, "--root="+root)
	sim := productSim(t, e, "faspex", 5)
	e.ok("config", "preset", "update", "mynode", "--url="+nodeURL, "--username=node_user", "--password=node_pass")
	e.ok("config", "preset", "update", "f4", "--url="+sim["url"], "--username=admin", "--password=admin_pass",
		`--storage=@json:{"local storage":{"node":"@preset:mynode","path":"/myfiles"}}`)
	e.ok("config", "preset", "set", "default", "faspex", "f4")
	if got := e.ok("faspex", "source", "node", "local storage", "browse", "/", "--format=csv", "--fields=basename"); got != "in_source.txt\n" {
		t.Fatalf("source node browse: %q", got)
	}
	// the original manual's spelling: the node preset by name
	if got := e.ok("faspex", "source", "node", "local storage", "browse", "/", "--format=csv", "--fields=basename",
		`--storage=@json:{"local storage":{"node":"mynode","path":"/myfiles"}}`); got != "in_source.txt\n" {
		t.Fatalf("source node browse (preset name): %q", got)
	}
	e.fails(2, "no Faspex source named other", "faspex", "source", "node", "other", "browse")
}
