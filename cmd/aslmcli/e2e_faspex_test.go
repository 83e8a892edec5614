package main

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// productSim runs `aslmcli <product> simulator ARGS...` and returns the lines it prints before
// serving: the URL first, then "name: value" lines (credentials, links), as a map whose "url"
// is the first line. n is the number of lines to read.
func productSim(t *testing.T, e *env, product string, n int, args ...string) map[string]string {
	t.Helper()
	cmd := exec.Command(binary, append([]string{product, "simulator"}, args...)...)
	cmd.Env, cmd.Dir = e.vars, e.dir
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	r := bufio.NewReader(stdout)
	out := map[string]string{}
	for i := 0; i < n; i++ {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("%s simulator: line %d: %v", product, i+1, err)
		}
		line = strings.TrimSpace(line)
		if i == 0 {
			if !strings.HasPrefix(line, "http://127.0.0.1:") {
				t.Fatalf("%s simulator: first line %q", product, line)
			}
			out["url"] = line
			continue
		}
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
		{"faspex5 version", []string{"faspex5", "version"}, "5.0.9\n"},
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
	e.fails(2, "the package must be a table", "faspex5", "packages", "send", file)
	e.fails(2, "missing local file", "faspex5", "packages", "send", `@json:{"title":"t","recipients":["user1"]}`)
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
