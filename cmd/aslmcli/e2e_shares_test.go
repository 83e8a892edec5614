package main

import (
	"bytes"
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// startProductSimulator runs `aslmcli <product> simulator ARGS` and returns its URL (its first
// line) and the credentials it prints after it ("username: ...", "password: ...").
func startProductSimulator(t *testing.T, e *env, product string, args ...string) (string, map[string]string) {
	t.Helper()
	lines := productSim(t, e, product, 3, args...)
	creds := map[string]string{}
	for _, k := range []string{"username", "password"} {
		if _, ok := lines[k]; !ok {
			t.Fatalf("%s simulator: no %s line: %v", product, k, lines)
		}
		creds[k] = lines[k]
	}
	return lines["url"], creds
}

// manualCase is one example of the original manual: the line as printed there, the command
// run (the line's words, with the simulator's URL where the manual elides it), and what its
// output must hold.
type manualCase struct {
	manual string
	args   []string
	want   []string // lines (or parts of lines) of stdout, in order
}

func (e *env) runManual(cases []manualCase) {
	e.t.Helper()
	for _, c := range cases {
		out := e.ok(c.args...)
		rest := out
		for _, w := range c.want {
			i := strings.Index(rest, w)
			if i < 0 {
				e.t.Fatalf("manual: %s\nran: %q\nmissing %q in:\n%s", c.manual, c.args, w, out)
			}
			rest = rest[i+len(w):]
		}
	}
}

// TestSharesManual runs the Shares examples of the original manual, verbatim but for the
// URL it elides, against `aslmcli shares simulator`, including a repository round trip
// through the direct agent and the ascp double that compares bytes.
func TestSharesManual(t *testing.T) {
	e := newEnv(t)
	root := filepath.Join(e.dir, "shares")
	// the manual's user, an administrator of the simulator
	url, _ := startProductSimulator(t, e, "shares", "--root="+root, "--username=john", "--password=4sp3ra")
	e.ok("shares", "admin", "share", "create", `@json:{"name":"n8-sh1","node_id":1}`, "--url="+url, "--username=john", "--password=4sp3ra")
	e.setenv("FAKEASCP_SCRIPT=ok", "ASLMCLI_ASCP_PATH="+fakeascp(t))
	payload := make([]byte, 200*1024)
	_, _ = rand.Read(payload)
	if err := os.WriteFile(filepath.Join(e.dir, "sample_file.bin"), payload, 0o644); err != nil {
		t.Fatal(err)
	}
	e.runManual([]manualCase{
		{"$ aslmcli shares repo browse / --url= --username=john --password=4sp3ra",
			[]string{"shares", "repo", "browse", "/", "--url=" + url, "--username=john", "--password=4sp3ra"},
			[]string{"basename", "n8-sh1", "directory", "/n8-sh1"}},
		{"1$ aslmcli config id shares06 set url", []string{"config", "id", "shares06", "set", "url", url}, []string{"updated"}},
		{"2$ aslmcli config id shares06 set username john", []string{"config", "id", "shares06", "set", "username", "john"}, []string{"updated"}},
		{"3$ aslmcli config id shares06 set password 4sp3ra", []string{"config", "id", "shares06", "set", "password", "4sp3ra"}, []string{"updated"}},
		{"4$ aslmcli config id default set shares shares06", []string{"config", "id", "default", "set", "shares", "shares06"}, []string{"updated"}},
		{"5$ aslmcli config show", []string{"config", "show"}, []string{"shares06"}},
		{"6$ aslmcli shares repo browse /", []string{"shares", "repo", "browse", "/"}, []string{"n8-sh1"}},
		{`$ aslmcli config id shares06 init @json:'{"url":"","username":"john","password":"4sp3ra"}'`,
			[]string{"config", "id", "shares06", "init", `@json:{"url":"` + url + `","username":"john","password":"4sp3ra"}`}, []string{"initialized"}},
		// the "Sample commands" of the manual, in the order a round trip needs
		{"aslmcli shares repository upload sample_file.bin --to-folder=/n8-sh1 --insecure=yes",
			[]string{"shares", "repository", "upload", "sample_file.bin", "--to-folder=/n8-sh1", "--insecure=yes"},
			[]string{"success", "direct", "204800"}},
		{"aslmcli shares repository browse / --insecure=yes", []string{"shares", "repository", "browse", "/", "--insecure=yes"}, []string{"n8-sh1"}},
	})
	// the manual's file is 200KB.1: the uploaded file is renamed to it
	e.ok("shares", "repository", "rename", "/n8-sh1", "sample_file.bin", "200KB.1")
	e.runManual([]manualCase{
		{"aslmcli shares repository download /n8-sh1/200KB.1 --to-folder=sample_dest_folder --insecure=yes",
			[]string{"shares", "repository", "download", "/n8-sh1/200KB.1", "--to-folder=sample_dest_folder", "--insecure=yes"},
			[]string{"success", "direct", "204800"}},
		{"aslmcli shares repository delete /n8-sh1/200KB.1 --insecure=yes",
			[]string{"shares", "repository", "delete", "/n8-sh1/200KB.1", "--insecure=yes"}, []string{"/n8-sh1/200KB.1"}},
	})
	if got, err := os.ReadFile(filepath.Join(e.dir, "sample_dest_folder", "200KB.1")); err != nil || !bytes.Equal(got, payload) {
		t.Fatalf("the downloaded file differs from the uploaded one (%d bytes, %v)", len(got), err)
	}
	if _, err := os.Stat(filepath.Join(root, "n8-sh1", "200KB.1")); !os.IsNotExist(err) {
		t.Fatalf("delete left the file: %v", err)
	}
	// the preset's password is not in the configuration shown
	if out := e.ok("config", "show"); strings.Contains(out, "4sp3ra") {
		t.Fatalf("config show prints the password:\n%s", out)
	}
}

// TestSharesCommands: ascli's spellings, the administration commands, the permissions seen
// from the repository, and bad input.
func TestSharesCommands(t *testing.T) {
	e := newEnv(t)
	url, creds := startProductSimulator(t, e, "shares", "--root="+filepath.Join(e.dir, "shares"))
	e.ok("config", "preset", "update", "sh", "--url="+url, "--username="+creds["username"], "--password="+creds["password"])
	e.ok("config", "preset", "set", "default", "shares", "sh")
	csv := func(args ...string) string { return e.ok(append(args, "--format=csv")...) }
	e.ok("shares", "admin", "share", "create", `@json:{"name":"team","node_id":1}`)
	e.ok("shares", "admin", "user", "create", `@json:{"username":"ann","email":"ann@example.com","password":"ann_pass1"}`)
	if got := csv("shares", "admin", "user", "all", "list", "--fields=username"); got != "shares_admin\nann\n" {
		t.Fatalf("user all list: %q", got)
	}
	if got := csv("shares", "admin", "user", "local", "list", "--fields=id,username"); got != "1,shares_admin\n2,ann\n" {
		t.Fatalf("user local list: %q", got)
	}
	if got := csv("shares", "admin", "user", "modify", "ann", `@json:{"first_name":"Ann"}`, "--fields=first_name"); got != "Ann\n" {
		t.Fatalf("user modify: %q", got)
	}
	e.ok("shares", "admin", "user", "ldap", "add", "bob", "carl")
	e.ok("shares", "admin", "user", "saml", "import", `@json:{"id":"the_id","name_id":"the_name"}`)
	if got := csv("shares", "admin", "user", "list", "--fields=username,directory_user.type"); got != "shares_admin,database\nann,database\nbob,active_directory\ncarl,active_directory\nthe_id,saml\n" {
		t.Fatalf("user list: %q", got)
	}
	// ann sees nothing until a permission is granted
	asAnn := []string{"--username=ann", "--password=ann_pass1"}
	if got := csv(append([]string{"shares", "files", "browse", "/"}, asAnn...)...); got != "" {
		t.Fatalf("ann's shares before: %q", got)
	}
	e.ok("shares", "admin", "share", "user_permissions", "team", "create", `@json:{"user":"ann","upload_permission":true}`)
	if got := csv("shares", "admin", "share", "user_permissions", "team", "list", "--fields=user_id,browse_permission,upload_permission"); got != "2,true,true\n" {
		t.Fatalf("permissions: %q", got)
	}
	if got := csv("shares", "admin", "user", "share_permissions", "ann", "--fields=share_id"); got != "1\n" {
		t.Fatalf("ann's permissions: %q", got)
	}
	if got := csv(append([]string{"shares", "files", "browse", "/", "--fields=basename"}, asAnn...)...); got != "team\n" {
		t.Fatalf("ann's shares: %q", got)
	}
	e.fails(1, "ERROR: http: 403 Forbidden", append([]string{"shares", "files", "mkdir", "/team/sub"}, asAnn...)...)
	e.fails(1, "ERROR: http: 403 Forbidden", append([]string{"shares", "admin", "share", "list"}, asAnn...)...)
	e.ok("shares", "admin", "group", "all", "create", `@json:{"name":"staff"}`)
	e.ok("shares", "admin", "share", "group_permissions", "team", "create", `@json:{"group":"staff"}`)
	if got := csv("shares", "admin", "group", "local", "list", "--fields=name"); got != "staff\n" {
		t.Fatalf("groups: %q", got)
	}
	if got := csv("shares", "admin", "node", "list", "--fields=id,name,host"); got != "1,local,127.0.0.1\n" {
		t.Fatalf("nodes: %q", got)
	}
	if got := csv("shares", "admin", "transfer_settings", "modify", `@json:{"starting_policy":"fair"}`, "--fields=starting_policy"); got != "fair\n" {
		t.Fatalf("transfer settings: %q", got)
	}
	e.ok("shares", "admin", "user", "transfer_settings", "ann", "modify", `@json:{"encryption":"AES-128"}`)
	if got := csv("shares", "admin", "user", "transfer_settings", "ann", "show", "--fields=encryption"); got != "AES-128\n" {
		t.Fatalf("ann's settings: %q", got)
	}
	if got := csv("shares", "health", "--fields=status,component"); got != "ok,version\nok,ping\nok,api\n" {
		t.Fatalf("health: %q", got)
	}
	if got := csv("shares", "info", "--fields=application"); got != "shares\n" {
		t.Fatalf("info: %q", got)
	}
	e.ok("shares", "admin", "share", "delete", "team")
	// bad input: exit 2, one line, nothing changed
	e.fails(2, "ERROR: usage:", "shares", "admin", "share", "create")
	e.fails(2, "ERROR: usage:", "shares", "admin", "share", "show")
	e.fails(2, "ERROR: usage:", "shares", "repository", "upload", "--to-folder=/team")
	e.fails(2, "ERROR: usage:", "shares", "admin", "share", "user_permissions", "team", "explode")
	r := e.fails(2, "only local users can be modified", "shares", "admin", "user", "modify", "bob", `@json:{"first_name":"B"}`)
	if strings.Contains(r.err, creds["password"]) {
		t.Fatalf("the password in an error: %s", r.err)
	}
	e.fails(1, "no user with username \"nobody\"", "shares", "admin", "user", "show", "nobody")
	if got := csv("shares", "admin", "user", "list", "--fields=username"); !strings.Contains(got, "bob\n") {
		t.Fatalf("a refused change changed users: %q", got)
	}
	e.fails(1, "401 Unauthorized", "shares", "files", "browse", "/", "--password=wrong")
}

// TestShares2Manual runs the shares2 examples of the original manual against `aslmcli shares2
// simulator` (built from the old plugin's facts, with its sample organizations), then the
// other resources and bad input.
func TestShares2Manual(t *testing.T) {
	e := newEnv(t)
	root := filepath.Join(e.dir, "files")
	url, creds := startProductSimulator(t, e, "shares2", "--root="+root)
	e.ok("config", "id", "s2", "init", `@json:{"url":"`+url+`","username":"`+creds["username"]+`","password":"`+creds["password"]+`"}`)
	e.ok("config", "id", "default", "set", "shares2", "s2")
	e.runManual([]manualCase{
		{"aslmcli shares2 appinfo", []string{"shares2", "appinfo"}, []string{"name", "IBM Aspera Shares", "version", "2.0.0"}},
		{"aslmcli shares2 organization list", []string{"shares2", "organization", "list"}, []string{"id", "name", "1", "Sport", "2", "Music"}},
		{"aslmcli shares2 project list --organization=Sport", []string{"shares2", "project", "list", "--organization=Sport"},
			[]string{"1", "Football", "2", "Tennis"}},
		{"aslmcli shares2 repository browse /", []string{"shares2", "repository", "browse", "/"}, []string{"Sport", "directory", "/Sport"}},
		{"aslmcli shares2 userinfo", []string{"shares2", "userinfo"}, []string{"username", creds["username"]}},
	})
	csv := func(args ...string) string { return e.ok(append(args, "--format=csv")...) }
	// the parents and the target by name or id, the original plugin's options
	e.ok("shares2", "share", "create", `@json:{"name":"clips"}`, "--organization=1", "--project=Football")
	if got := csv("shares2", "share", "list", "--organization=Sport", "--project=Foot", "--fields=name"); got != "Highlights\nclips\n" {
		t.Fatalf("shares: %q", got)
	}
	if got := csv("shares2", "share", "info", "--organization=Sport", "--project=Football", "--share=clips", "--fields=path"); got != "/Sport/Football/clips\n" {
		t.Fatalf("share info: %q", got)
	}
	e.ok("shares2", "repository", "mkfile", "/Sport/Football/clips/a.txt", "hello")
	if got := csv("shares2", "repository", "browse", "/Sport/Football/clips", "--fields=basename,size"); got != "a.txt,5\n" {
		t.Fatalf("repository: %q", got)
	}
	e.ok("shares2", "team", "create", `@json:{"name":"Coaches"}`, "--organization=Sport")
	if got := csv("shares2", "team", "list", "--organization=Sport", "--fields=name"); got != "Referees\nCoaches\n" {
		t.Fatalf("teams: %q", got)
	}
	e.ok("shares2", "organization", "delete", "--organization=Music")
	if got := csv("shares2", "organization", "list", "--fields=name"); got != "Sport\n" {
		t.Fatalf("organizations after delete: %q", got)
	}
	if got := csv("shares2", "admin", "users", "list", "--fields=name"); got != creds["username"]+"\nguest\n" {
		t.Fatalf("admin users: %q", got)
	}
	// bad input
	e.fails(2, "ERROR: usage: invalid argument: a project needs its organization", "shares2", "project", "list")
	e.fails(2, "ERROR: usage:", "shares2", "organization", "show")
	e.fails(1, `no organization named "Nope"`, "shares2", "project", "list", "--organization=Nope")
	// (a cached token would still serve: the check asks for a new one)
	e.fails(1, "401 Unauthorized", "shares2", "organization", "list", "--password=wrong", "--cache-tokens=no")
	e.fails(1, "401 Unauthorized", "shares2", "appinfo", "--password=wrong")
}

// TestSharesConsoleTourExample runs scripts/examples/shares_console_tour.lua: the Lua API of
// aspera.shares, aspera.shares2 and aspera.console against their simulators.
func TestSharesConsoleTourExample(t *testing.T) {
	e := newEnv(t)
	script, _ := filepath.Abs("../../scripts/examples/shares_console_tour.lua")
	out := e.ok("run", script)
	for _, want := range []string{"shares: http://127.0.0.1:", "user ann            database", "projects  directory",
		"ann deletes a file: http 403", "health api: ok", "shares2 project of Sport: Tennis", "102  faspex package 42      running",
		"pause 102: paused", "done"} {
		if !strings.Contains(out, want) {
			t.Errorf("the tour lacks %q:\n%s", want, out)
		}
	}
}
