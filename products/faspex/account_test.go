package faspex_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/asperalm/aslmcli/products/faspex"
	"github.com/asperalm/aslmcli/products/oauth"
	"github.com/asperalm/aslmcli/products/rest"
)

func TestHealthAddressBookLoginMethods(t *testing.T) {
	sim, admin, _ := start(t, 0)
	ctx := context.Background()
	if h := admin.Health(ctx); len(h) != 1 || h[0].(map[string]any)["status"] != "ok" {
		t.Fatalf("health: %v", h)
	}
	bad, _ := faspex.NewFromOptions(faspex.Options{URL: sim.URL, Username: "admin", Password: "wrong"}, nil)
	h := bad.Health(ctx)[0].(map[string]any)
	if h["status"] != "critical" || !strings.Contains(fmt.Sprint(h["message"]), "401") {
		t.Fatalf("health with a wrong password: %v", h)
	}
	users, total, err := admin.AddressBook(ctx)
	if err != nil || total != 2 || len(users) != 2 {
		t.Fatalf("address book: %v %d %v", users, total, err)
	}
	u := users[1].(map[string]any)
	if u["email"] != "user1@example.com" || u["first_name"] != "user1" || u["last_name"] != "User" {
		t.Fatalf("address book entry: %v", u)
	}
	methods, err := admin.LoginMethods(ctx)
	if err != nil || len(methods) != 2 {
		t.Fatalf("login methods: %v %v", methods, err)
	}
	m := methods[0].(map[string]any)
	if m["priority"] != "0" || m["URI"] != strings.TrimSuffix(sim.URL, "/aspera/faspex")+"/aspera/faspex/login" || m["Type"] == nil {
		t.Fatalf("login method: %v", m)
	}
}

// TestDeletePackage: a package deleted by the id its box lists it with, as the recipient
// (inbox: a recipient delivery id) and as the sender (sent: the delivery id), through the v4
// API with the user's token; it is gone from the feeds and the v4 API afterwards.
func TestDeletePackage(t *testing.T) {
	sim, admin, user1 := start(t, 0)
	ctx := context.Background()
	first, _ := sim.AddPackage("first", "admin", []string{"user1"}, map[string]string{"a.txt": "a"})
	second, _ := sim.AddPackage("second", "admin", []string{"user1"}, map[string]string{"b.txt": "b"})
	f, err := user1.Packages(ctx, "inbox", nil, 0)
	inbox := collect(t, f, err)
	if len(inbox) != 2 || inbox[1]["delivery_id"] != first || inbox[1]["package_id"] == first {
		t.Fatalf("inbox: %v", inbox)
	}
	deleted, err := user1.DeletePackage(ctx, oauth.Env{}, "inbox", fmt.Sprint(inbox[1]["package_id"]))
	if err != nil || deleted != first {
		t.Fatalf("delete from the inbox: %q %v", deleted, err)
	}
	f, err = user1.Packages(ctx, "inbox", nil, 0)
	if inbox = collect(t, f, err); len(inbox) != 1 || inbox[0]["title"] != "second" {
		t.Fatalf("inbox after delete: %v", inbox)
	}
	// a recipient's delete leaves the sender's package; the sender deletes it from sent
	f, err = admin.Packages(ctx, "sent", nil, 0)
	if sent := collect(t, f, err); len(sent) != 2 {
		t.Fatalf("sent after the recipient's delete: %v", sent)
	}
	v, err := admin.V4User(oauth.Env{})
	if err != nil {
		t.Fatal(err)
	}
	if p, err := v.UserPackage(ctx, "me", second); err != nil || p.(map[string]any)["title"] != "second" {
		t.Fatalf("v4 package: %v %v", p, err)
	}
	if _, err := admin.DeletePackage(ctx, oauth.Env{}, "sent", second); err != nil {
		t.Fatal(err)
	}
	var he *rest.Error
	if _, err := v.UserPackage(ctx, "me", second); !errors.As(err, &he) || he.Status != 404 {
		t.Fatalf("deleted package: %v", err)
	}
	if _, err := admin.DeletePackage(ctx, oauth.Env{}, "sent", second); !errors.As(err, &he) || he.Status != 404 {
		t.Fatalf("delete twice: %v", err)
	}
	if _, err := admin.DeletePackage(ctx, oauth.Env{}, "outbox", "1"); !errors.Is(err, faspex.ErrSetup) {
		t.Fatalf("bad box: %v", err)
	}
}

// TestV4UserPackages: an administrator lists the packages of a user by id; a user may not.
func TestV4UserPackages(t *testing.T) {
	sim, admin, user1 := start(t, 0)
	ctx := context.Background()
	id, _ := sim.AddPackage("for user1", "admin", []string{"user1"}, nil)
	v, err := admin.V4(oauth.Env{})
	if err != nil {
		t.Fatal(err)
	}
	it := v.UserPackages(ctx, "2", nil, 0)
	var got []string
	for x, ok := it.Next(); ok; x, ok = it.Next() {
		got = append(got, fmt.Sprint(x.(map[string]any)["id"]))
	}
	if it.Err() != nil || strings.Join(got, ",") != id {
		t.Fatalf("user 2's packages: %v %v", got, it.Err())
	}
	v1, _ := user1.V4User(oauth.Env{})
	var he *rest.Error
	if _, err := v1.UserPackage(ctx, "1", id); !errors.As(err, &he) || he.Status != 403 {
		t.Fatalf("user1 reading admin's packages: %v", err)
	}
}
