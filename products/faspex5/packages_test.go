package faspex5_test

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/asperalm/aslmcli/products/faspex5"
	"github.com/asperalm/aslmcli/products/faspex5/faspex5sim"
	"github.com/asperalm/aslmcli/products/rest"
)

// TestSendAndReceive: a package is created with recipients by name, its files uploaded with
// the spec Faspex gives, followed until completed, listed in the boxes, browsed, received
// whole and in part; the bytes are compared.
func TestSendAndReceive(t *testing.T) {
	w := newWorld(t)
	admin := w.client("admin")
	dir := t.TempDir()
	a := filepath.Join(dir, "a.txt")
	b := filepath.Join(dir, "b.bin")
	os.WriteFile(a, []byte("alpha"), 0o644)
	os.WriteFile(b, []byte(strings.Repeat("b", 5000)), 0o644)
	body, err := admin.PrepareSend(w.ctx, map[string]any{"title": "t1", "note": "n1", "recipients": []any{"user1", "Uploads"}}, false)
	if err != nil {
		t.Fatal(err)
	}
	if r := body["recipients"].([]any); len(r) != 2 || r[1].(map[string]any)["recipient_type"] != "shared_inbox" || r[0].(map[string]any)["recipient_type"] != "user" {
		t.Fatalf("recipients %v", r)
	}
	pkg, err := admin.CreatePackage(w.ctx, body)
	if err != nil {
		t.Fatal(err)
	}
	id := fmt.Sprint(pkg["id"])
	st, err := admin.UploadDetails(w.ctx, id)
	if err != nil || st["upload_status"] != "submitted" {
		t.Fatalf("before the spec: %v %v", st, err)
	}
	up, err := admin.UploadSpec(w.ctx, id, []string{a, b})
	if err != nil || up["paths"] != nil || up["authentication"] != nil || up["direction"] != "send" {
		t.Fatalf("upload spec %v %v", up, err)
	}
	if st, _ := admin.UploadDetails(w.ctx, id); st["upload_status"] != "transferring" {
		t.Fatalf("before the transfer: %v", st)
	}
	transfer(t, up, []string{a, b}, "")
	faspex5.Poll = 10e6
	seen := 0
	st, err = admin.WaitStatus(w.ctx, id, nil, func(faspex5.Object) { seen++ })
	if err != nil || st["upload_status"] != "completed" || st["bytes_written"] != "5005" || seen != 1 {
		t.Fatalf("status %v %v (seen %d)", st, err, seen)
	}
	// the boxes
	u1 := w.client("user1")
	ids := func(c *faspex5.Client, m faspex5.Mailbox) []string {
		it, err := c.Packages(w.ctx, m, nil, 0)
		return field(all(t, it, err), "id")
	}
	for name, got := range map[string][]string{
		"outbox":           ids(admin, faspex5.Mailbox{Box: "outbox"}),
		"user1 inbox":      ids(u1, faspex5.Mailbox{Box: "inbox"}),
		"user1 inbox_all":  ids(u1, faspex5.Mailbox{}),
		"shared inbox box": ids(u1, faspex5.Mailbox{Box: "Uploads"}),
		"shared inbox":     ids(u1, faspex5.Mailbox{SharedInbox: "Uploads"}),
		"ALL":              ids(admin, faspex5.Mailbox{Box: faspex5.BoxAll}),
	} {
		if !slices.Equal(got, []string{id}) {
			t.Errorf("%s: %v", name, got)
		}
	}
	if got := ids(admin, faspex5.Mailbox{Box: "inbox"}); len(got) != 0 {
		t.Errorf("admin inbox: %v", got)
	}
	if got := ids(u1, faspex5.Mailbox{Box: "Team", GroupType: faspex5.GroupWorkgroups}); len(got) != 0 {
		t.Errorf("workgroup: %v", got)
	}
	if _, err := u1.Packages(w.ctx, faspex5.Mailbox{Box: "Nowhere"}, nil, 0); !errors.Is(err, faspex5.ErrNotFound) || !strings.Contains(err.Error(), `no shared inbox named "Nowhere"`) {
		t.Fatalf("unknown box: %v", err)
	}
	if _, err := u1.Packages(w.ctx, faspex5.Mailbox{Box: "x", GroupType: "teams"}, nil, 0); !errors.Is(err, faspex5.ErrSetup) {
		t.Fatalf("bad group type: %v", err)
	}
	// show, browse, receive
	p, err := u1.Package(w.ctx, id, nil)
	if err != nil || p["title"] != "t1" || p["status"] != "completed" {
		t.Fatalf("show %v %v", p, err)
	}
	it, err := u1.Browse(w.ctx, id, faspex5.Mailbox{}, "/", 0)
	if got := field(all(t, it, err), "basename"); !slices.Equal(got, []string{"a.txt", "b.bin"}) {
		t.Fatalf("browse %v", got)
	}
	down, err := u1.DownloadSpec(w.ctx, id, faspex5.Mailbox{}, nil)
	if err != nil || down["direction"] != "receive" || len(down["paths"].([]any)) != 2 || faspex5.NeedsPassword(down) {
		t.Fatalf("download spec %v %v", down, err)
	}
	got := t.TempDir()
	transfer(t, down, nil, got)
	for name, want := range map[string]string{"a.txt": "alpha", "b.bin": strings.Repeat("b", 5000)} {
		if b, err := os.ReadFile(filepath.Join(got, name)); err != nil || string(b) != want {
			t.Fatalf("%s: %v", name, err)
		}
	}
	part, err := u1.DownloadSpec(w.ctx, id, faspex5.Mailbox{}, []string{"/b.bin"})
	if err != nil || len(part["paths"].([]any)) != 1 {
		t.Fatalf("partial %v %v", part, err)
	}
	if _, err := u1.DownloadSpec(w.ctx, id, faspex5.Mailbox{}, []string{"/none"}); err == nil || !strings.Contains(err.Error(), "has no file /none") {
		t.Fatalf("missing file: %v", err)
	}
	// the sender downloads from its outbox
	if s, err := admin.DownloadSpec(w.ctx, id, faspex5.Mailbox{Box: "outbox"}, nil); err != nil || len(s["paths"].([]any)) != 2 {
		t.Fatalf("sent: %v %v", s, err)
	}
	ready, err := u1.ReceivableIDs(w.ctx, faspex5.Mailbox{}, func(x string) bool { return x == "none" })
	if err != nil || !slices.Equal(ready, []string{id}) {
		t.Fatalf("receivable %v %v", ready, err)
	}
	// delete
	if err := u1.Delete(w.ctx, id); err != nil {
		t.Fatal(err)
	}
	var he *rest.Error
	if _, err := u1.Package(w.ctx, id, nil); !errors.As(err, &he) || he.Status != 404 || he.Message != "package "+id+" not found" {
		t.Fatalf("after delete: %v", err)
	}
	if err := u1.Delete(w.ctx, id); !errors.As(err, &he) || he.Status != 400 {
		t.Fatalf("delete again: %v", err)
	}
}

// TestSendChecks: a package without title or recipients, a recipient that matches no one.
func TestSendChecks(t *testing.T) {
	w := newWorld(t)
	c := w.client("admin")
	for _, tc := range []struct {
		pkg  map[string]any
		want string
	}{
		{map[string]any{"recipients": []any{"user1"}}, "needs a title"},
		{map[string]any{"title": "x"}, "needs recipients"},
		{map[string]any{"title": "x", "recipients": []any{"nobody"}}, `recipients: not found: no contact named "nobody"`},
		{map[string]any{"title": "x", "recipients": "user"}, `(close: user1)`},
	} {
		if _, err := c.PrepareSend(w.ctx, tc.pkg, false); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: %v", tc.pkg, err)
		}
	}
	// text recipients split on commas, case-insensitive unique match; content protection
	body, err := c.PrepareSend(w.ctx, map[string]any{"title": "x", "recipients": "USER1, uploads"}, true)
	if err != nil || body["ear_enabled"] != true || len(body["recipients"].([]any)) != 2 {
		t.Fatalf("%v %v", body, err)
	}
	pkg, err := c.CreatePackage(w.ctx, body)
	if err != nil {
		t.Fatal(err)
	}
	up, err := c.UploadSpec(w.ctx, fmt.Sprint(pkg["id"]), []string{"f"})
	if err != nil || !faspex5.NeedsPassword(up) || up["content_protection"] != "encrypt" {
		t.Fatalf("protected %v %v", up, err)
	}
	up["content_protection_password"] = "pw"
	if faspex5.NeedsPassword(up) {
		t.Fatal("a password was given")
	}
}

// TestPagingAndDelete: listings page with offset/limit, browsing with iteration tokens, a
// big delete is cut in requests of 25.
func TestPagingAndDelete(t *testing.T) {
	var deletes int
	sim, contract := startCounting(t, &deletes)
	w := &world{t: t, sim: sim, ctx: t.Context()}
	c := w.client("admin")
	var files []faspex5sim.PackageFile
	for i := 0; i < 1203; i++ {
		files = append(files, faspex5sim.PackageFile{Name: fmt.Sprintf("f%04d", i)})
	}
	big, err := sim.AddPackage("big", "admin", []string{"admin"}, files...)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for i := 0; i < 1100; i++ {
		id, err := sim.AddPackage(fmt.Sprintf("p%d", i), "user1", []string{"admin"})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	it, err := c.Packages(w.ctx, faspex5.Mailbox{Box: "inbox"}, nil, 0)
	l := all(t, it, err)
	if len(l) != 1101 || it.Pages() != 2 || it.Total() != 1101 || l[0]["title"] != "p1099" {
		t.Fatalf("%d packages in %d pages", len(l), it.Pages())
	}
	it, err = c.Packages(w.ctx, faspex5.Mailbox{Box: "inbox"}, url.Values{"q": {"p109"}}, 3)
	if got := field(all(t, it, err), "title"); !slices.Equal(got, []string{"p1099", "p1098", "p1097"}) {
		t.Fatalf("q and max: %v", got)
	}
	it, err = c.Browse(w.ctx, big, faspex5.Mailbox{}, "", 0)
	entries := all(t, it, err)
	if len(entries) != 1203 || it.Pages() != 3 || entries[1202]["basename"] != "f1202" {
		t.Fatalf("browse %d in %d pages", len(entries), it.Pages())
	}
	if err := c.Delete(w.ctx, ids[:60]...); err != nil || deletes != 3 {
		t.Fatalf("delete: %v (%d requests)", err, deletes)
	}
	it, _ = c.Packages(w.ctx, faspex5.Mailbox{Box: "inbox"}, nil, 0)
	if n := len(all(t, it, nil)); n != 1041 {
		t.Fatalf("%d left", n)
	}
	seen := strings.Join(contract.Seen(), "\n")
	for _, op := range []string{"GET /{type}/packages", "POST /packages/{id}/files/received/page", "DELETE /packages"} {
		if !strings.Contains(seen, op) {
			t.Errorf("%s not validated:\n%s", op, seen)
		}
	}
}
