package main

import (
	"strings"
	"testing"
)

// faspex4Env starts `aslmcli faspex simulator` (its first package: Welcome, admin to user1),
// makes the preset "f4" (admin) the faspex plugin's default, and returns the simulator's lines
// and user1's options.
func faspex4Env(t *testing.T, e *env) (map[string]string, []string) {
	t.Helper()
	sim := productSim(t, e, "faspex", 5)
	e.ok("config", "preset", "update", "f4", "--url="+sim["url"], "--username=admin", "--password=admin_pass")
	e.ok("config", "preset", "set", "default", "faspex", "f4")
	return sim, []string{"--username=user1", "--password=user1_pass"}
}

// TestFaspexHealthAddressBookLoginMethods: ascli's faspex health, address_book and
// login_methods against the simulator.
func TestFaspexHealthAddressBookLoginMethods(t *testing.T) {
	e := newEnv(t)
	faspex4Env(t, e)
	if got := e.ok("faspex", "health", "--format=csv", "--fields=status,component"); got != "ok,faspex api\n" {
		t.Fatalf("health: %q", got)
	}
	r := e.fails(1, "health: faspex api is critical: 401", "faspex", "health", "--password=wrong", "--format=csv", "--fields=status")
	if r.out != "critical\n" {
		t.Fatalf("health with a wrong password: %v", r)
	}
	if got := e.ok("faspex", "address_book", "--format=csv", "--fields=email,first_name"); got != "admin@example.com,admin\nuser1@example.com,user1\n" {
		t.Fatalf("address_book: %q", got)
	}
	got := lines(e.ok("faspex", "login_methods", "--format=csv", "--fields=priority,Type"))
	if len(got) != 2 || got[0] != "0,http://schemas.asperasoft.com/faspex/login/local" || !strings.Contains(got[1], "SAML") {
		t.Fatalf("login_methods: %v", got)
	}
}

// TestFaspexPackageDelete: package delete by the id the box lists, as the recipient (only
// their delivery goes) and as the sender (the package goes); ascli's v4 package users; bad
// input.
func TestFaspexPackageDelete(t *testing.T) {
	e := newEnv(t)
	_, user1 := faspex4Env(t, e)
	list := func(args ...string) []string {
		out := e.ok(append([]string{"faspex", "package", "list", "--format=csv", "--fields=package_id,delivery_id,title"}, args...)...)
		if out == "" {
			return nil
		}
		return lines(out)
	}
	inbox := list(user1...)
	if len(inbox) != 1 || !strings.HasSuffix(inbox[0], ",1,Welcome") {
		t.Fatalf("user1's inbox: %v", inbox)
	}
	id, _, _ := strings.Cut(inbox[0], ",") // the recipient delivery id, not the delivery id
	if id == "1" {
		t.Fatalf("the inbox's id is the delivery id: %v", inbox)
	}
	e.ok(append([]string{"faspex", "package", "delete", id}, user1...)...)
	if got := list(user1...); got != nil {
		t.Fatalf("user1's inbox after delete: %v", got)
	}
	e.fails(1, "404", append([]string{"faspex", "package", "delete", id}, user1...)...)
	// the sender's sent box keeps it; ascli's v4 spelling, an administrator's view of a user
	if got := e.ok("faspex", "v4", "package", "users", "me", "list", "--format=csv", "--fields=id,title"); got != "1,Welcome\n" {
		t.Fatalf("v4 package users me list: %q", got)
	}
	if got := e.ok("faspex", "v4", "package", "users", "1", "show", "1", "--format=csv", "--fields=sender"); got != "admin\n" {
		t.Fatalf("v4 package users 1 show: %q", got)
	}
	e.fails(1, "invalid_scope", append([]string{"faspex", "v4", "package", "users", "1", "list"}, user1...)...)
	e.ok("faspex", "package", "delete", "1", "--box=sent")
	if got := list("--box=sent"); got != nil {
		t.Fatalf("sent after delete: %v", got)
	}
	if got := e.ok("faspex", "v4", "package", "users", "me", "list", "--format=csv", "--fields=id"); got != "" {
		t.Fatalf("v4 after delete: %q", got)
	}
	// bad input: exit 2, one line
	e.fails(2, "missing argument ID", "faspex", "package", "delete")
	e.fails(2, `unknown value "outbox"`, "faspex", "package", "delete", "1", "--box=outbox")
	e.fails(2, "missing argument", "faspex", "v4", "package", "users")
}

// TestFaspexPublicLinkPasscodeHidden: the passcode of a public link never shows in the
// --rest-debug dump nor in errors.
func TestFaspexPublicLinkPasscodeHidden(t *testing.T) {
	e := newEnv(t)
	sim, _ := faspex4Env(t, e)
	link := strings.Replace(sim["public_link"], "/external_deliveries/1?", "/external_deliveries/999?", 1)
	_, passcode, _ := strings.Cut(link, "passcode=")
	r := e.run("faspex", "recv_publink", link, "--rest-debug=yes")
	if r.code != 2 || strings.Contains(r.out+r.err, passcode) || !strings.Contains(r.err, "external_deliveries/999?passcode=%2A%2A%2A") {
		t.Fatalf("passcode shown, or no request dumped: %v", r)
	}
}

// TestFaspexLuaAccount: aspera.faspex's health, address_book, login_methods, delete_package
// and user_packages from a script.
func TestFaspexLuaAccount(t *testing.T) {
	e := newEnv(t)
	script := e.write("f4acct.lua", `
local faspex = require("aspera.faspex")
local sim = faspex.simulator{}
local id = sim:add_package("p", "admin", {"user1"}, {["f.txt"] = "x"})
local c, u = sim:client("admin"), sim:client("user1")
print("health", c:health()[1].status)
local users, total = c:address_book()
print("book", #users, total, users[2].email)
print("login", #c:login_methods())
print("mine", #u:user_packages("me"), u:user_package("me", id).title)
print("deleted", u:delete_package(u:packages{}[1].package_id) == id, #u:packages{}, #c:packages{box = "sent"})
print(pcall(u.delete_package, u, "1", {box = "outbox"}))
`)
	out := e.ok("run", script)
	for _, want := range []string{"health\tok", "book\t2\t2\tuser1@example.com", "login\t2", "mine\t1\tp", "deleted\ttrue\t0\t1", "false\t"} {
		if !strings.Contains(out, want) {
			t.Fatalf("lacks %q:\n%s", want, out)
		}
	}
}
