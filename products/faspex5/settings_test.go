package faspex5_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/asperalm/aslmcli/products/faspex5"
	"github.com/asperalm/aslmcli/products/faspex5/faspex5sim"
	"github.com/asperalm/aslmcli/products/faspex5/internal/faspex5test"
	"github.com/asperalm/aslmcli/products/oauth"
	"github.com/asperalm/aslmcli/products/rest"
)

// clientOf returns a JWT client of user on sim.
func clientOf(t *testing.T, sim *faspex5sim.Server, user string) *faspex5.Client {
	t.Helper()
	id, _ := sim.ClientID()
	c, err := faspex5.NewFromOptions(context.Background(), faspex5.Options{URL: sim.URL, ClientID: id, Username: user,
		PrivateKey: faspex5test.Key(t)}, oauth.Env{})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// seen fails unless the contract validated each of ops ("POST /invitations").
func seen(t *testing.T, got []string, ops ...string) {
	t.Helper()
	all := strings.Join(got, "\n")
	for _, op := range ops {
		if !strings.Contains(all, op+": ") {
			t.Errorf("the contract never saw %s (saw %v)", op, got)
		}
	}
}

// TestInvitations: private and public invitations made, listed, changed, resent, deleted;
// the access URL of a public one is a public link that sends a package to its recipient.
func TestInvitations(t *testing.T) {
	sim, contract := faspex5test.Start(t, faspex5sim.Config{})
	ctx := context.Background()
	c := clientOf(t, sim, "user1")
	mine, err := c.CreateInvitation(ctx, faspex5.Object{"email_address": "guest@example.com", "description": "for me"})
	if err != nil || mine["recipient_name"] != "user1" || mine["recipient_type"] != "user" {
		t.Fatalf("private invitation: %v %v", mine, err)
	}
	pub, err := c.CreateInvitation(ctx, faspex5.Object{"email_address": "other@example.com", "recipient_name": "Uploads", "recipient_type": "shared_inbox"})
	if err != nil || pub["recipient_type"] != "shared_inbox" {
		t.Fatalf("public invitation: %v %v", pub, err)
	}
	list := all(t, c.List(ctx, faspex5.Invitations, nil, 0), nil)
	if got := field(list, "email_address"); !slices.Equal(got, []string{"guest@example.com", "other@example.com"}) {
		t.Fatalf("list: %v", got)
	}
	id := fmt.Sprint(pub["id"])
	if got, err := c.Lookup(ctx, faspex5.Invitations, "email_address", "other@example.com"); err != nil || got != id {
		t.Fatalf("lookup: %q %v", got, err)
	}
	if o, err := c.Modify(ctx, faspex5.Invitations, id, faspex5.Object{"description": "changed"}); err != nil || o["description"] != "changed" {
		t.Fatalf("modify: %v %v", o, err)
	}
	if err := c.ResendInvitation(ctx, id); err != nil {
		t.Fatal(err)
	}
	// the link of the invitation sends to the shared inbox, without an account
	link, err := faspex5.NewFromOptions(ctx, faspex5.Options{Link: fmt.Sprint(pub["access_url"])}, oauth.Env{})
	if err != nil {
		t.Fatal(err)
	}
	body, err := link.PrepareSend(ctx, faspex5.Object{"title": "invited"}, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := link.CreatePackage(ctx, body); err != nil {
		t.Fatalf("send through the invitation: %v", err)
	}
	if err := c.Remove(ctx, faspex5.Invitations, id); err != nil {
		t.Fatal(err)
	}
	var he *rest.Error
	if _, err := c.Show(ctx, faspex5.Invitations, id); !errors.As(err, &he) || he.Status != 404 {
		t.Fatalf("after delete: %v", err)
	}
	// another user sees none of them
	if l := all(t, clientOf(t, sim, "admin").List(ctx, faspex5.Invitations, nil, 0), nil); len(l) != 0 {
		t.Fatalf("admin's invitations: %v", l)
	}
	seen(t, contract.Seen(), "GET /invitations", "POST /invitations", "POST /public_invitations", "GET /invitations/{id}",
		"PUT /invitations/{id}", "DELETE /invitations/{id}", "POST /invitations/{id}/resend")
}

// TestConfigurationAndSMTP: the configuration read and changed; SMTP absent (404), created,
// shown without its password, refused twice, changed, tested (the job waited for), deleted.
func TestConfigurationAndSMTP(t *testing.T) {
	faspex5.Poll = 10e6
	sim, contract := faspex5test.Start(t, faspex5sim.Config{})
	ctx := context.Background()
	c := clientOf(t, sim, "admin")
	if o, err := c.ModifyConfiguration(ctx, faspex5.Object{"announcement": "hello"}); err != nil || o["announcement"] != "hello" {
		t.Fatalf("modify configuration: %v %v", o, err)
	}
	conf, err := c.Configuration(ctx)
	if err != nil || conf["announcement"] != "hello" {
		t.Fatalf("configuration: %v %v", conf, err)
	}
	if u, _ := clientOf(t, sim, "user1").Configuration(ctx); u["announcement"] != nil || u["server_address"] == nil {
		t.Fatalf("a user's view of the configuration: %v", u)
	}
	var he *rest.Error
	if _, err := c.SMTP(ctx); !errors.As(err, &he) || he.Status != 404 {
		t.Fatalf("SMTP before creation: %v", err)
	}
	smtp := faspex5.Object{"auth_type": "login", "server_address": "smtp.example.com", "server_port": 587, "domain": "example.com",
		"from_user": "Faspex", "from_email": "faspex@example.com", "tls_enabled": true, "packages_recipient_from": "faspex",
		"username": "mailer", "password": "mail-secret"}
	if _, err := c.SetSMTP(ctx, true, smtp); err != nil {
		t.Fatal(err)
	}
	if _, err := c.SetSMTP(ctx, true, smtp); !errors.As(err, &he) || he.Status != 409 {
		t.Fatalf("SMTP created twice: %v", err)
	}
	if o, err := c.SetSMTP(ctx, false, faspex5.Object{"server_port": 25}); err != nil || fmt.Sprint(o["server_port"]) != "25" {
		t.Fatalf("SMTP modify: %v %v", o, err)
	}
	if o, err := c.SMTP(ctx); err != nil || o["password"] != nil || o["username"] != "mailer" {
		t.Fatalf("SMTP show: %v %v", o, err)
	}
	job, err := c.TestSMTP(ctx, faspex5.Object{"test_email_recipient": "me@example.com", "template_type": "welcome_email"})
	if err != nil || job["status"] != "completed" {
		t.Fatalf("SMTP test: %v %v", job, err)
	}
	if args, _ := job["serialized_args"].(map[string]any); args["test_email_recipient"] != "me@example.com" {
		t.Fatalf("SMTP test job's arguments: %#v", job["serialized_args"])
	}
	if err := c.DeleteSMTP(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.TestSMTP(ctx, faspex5.Object{"test_email_recipient": "me@example.com"}); !errors.As(err, &he) || he.Status != 400 {
		t.Fatalf("SMTP test without SMTP: %v", err)
	}
	u1, err := c.Lookup(ctx, faspex5.Resources["accounts"], "name", "user1")
	if err != nil {
		t.Fatal(err)
	}
	if err := c.ResetPassword(ctx, u1); err != nil {
		t.Fatal(err)
	}
	if err := c.ResetPassword(ctx, "999"); !errors.As(err, &he) || he.Status != 404 {
		t.Fatalf("reset_password of nobody: %v", err)
	}
	seen(t, contract.Seen(), "POST /accounts/{id}/reset_password", "GET /configuration", "PUT /configuration", "GET /configuration/smtp", "POST /configuration/smtp",
		"PUT /configuration/smtp", "DELETE /configuration/smtp", "POST /configuration/smtp/test", "GET /jobs/{id}")
}

// TestEventsAndCleanDeleted: sending and deleting packages are application events; webhook
// events list; the deleted packages' records are purged once (the configuration's days when
// none are given).
func TestEventsAndCleanDeleted(t *testing.T) {
	sim, contract := faspex5test.Start(t, faspex5sim.Config{})
	ctx := context.Background()
	c := clientOf(t, sim, "admin")
	id, err := sim.AddPackage("to delete", "admin", []string{"user1"}, faspex5sim.PackageFile{Name: "a.txt", Data: []byte("a")})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Delete(ctx, id); err != nil {
		t.Fatal(err)
	}
	it, err := c.Events(ctx, "application", nil, 0)
	if got := field(all(t, it, err), "event_type"); !slices.Equal(got, []string{"package_deleted", "package_sent"}) {
		t.Fatalf("application events: %v", got)
	}
	it, err = c.Events(ctx, "application", map[string][]string{"event_type": {"package_sent"}}, 0)
	if l := all(t, it, err); len(l) != 1 || l[0]["package_id"] != id {
		t.Fatalf("package_sent events: %v", l)
	}
	it, err = c.Events(ctx, "webhook", nil, 0)
	if l := all(t, it, err); len(l) != 0 {
		t.Fatalf("webhook events: %v", l)
	}
	if _, err := c.Events(ctx, "other", nil, 0); !errors.Is(err, faspex5.ErrSetup) {
		t.Fatalf("unknown events: %v", err)
	}
	// the configuration keeps records 365 days: nothing purged; 0 days purges the one
	if o, err := c.CleanDeleted(ctx, nil); err != nil || fmt.Sprint(o["number_of_deleted_packages"]) != "0" {
		t.Fatalf("clean_deleted (configuration's days): %v %v", o, err)
	}
	days := faspex5.Object{"days_before_deleting_package_records": 0}
	if o, err := c.CleanDeleted(ctx, days); err != nil || fmt.Sprint(o["number_of_deleted_packages"]) != "1" {
		t.Fatalf("clean_deleted 0 days: %v %v", o, err)
	}
	if o, _ := c.CleanDeleted(ctx, days); fmt.Sprint(o["number_of_deleted_packages"]) != "0" {
		t.Fatalf("clean_deleted again: %v", o)
	}
	seen(t, contract.Seen(), "GET /application_events", "GET /all_webhooks_events", "POST /internal/packages/clean_deleted")
}

// TestMoreAdminResources: alternate addresses and SAML configurations made, found, changed,
// deleted; jobs listed, shown, deleted; contacts and registrations listed; what a resource
// cannot do is refused before any request.
func TestMoreAdminResources(t *testing.T) {
	faspex5.Poll = 10e6
	sim, contract := faspex5test.Start(t, faspex5sim.Config{})
	ctx := context.Background()
	c := clientOf(t, sim, "admin")
	res := func(name string) faspex5.Resource {
		r, err := faspex5.ResourceOf(name)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	for name, tc := range map[string]struct {
		field  string
		fields faspex5.Object
	}{
		"alternate_addresses": {"address_name", faspex5.Object{"address_name": "files.example.com", "description": "DMZ", "include_in_emails": true}},
		"saml_configs":        {"name", faspex5.Object{"name": "corp", "enabled": false, "domain_url": "https://idp.example.com"}},
	} {
		r := res(name)
		o, err := c.Create(ctx, r, tc.fields)
		if err != nil {
			t.Fatalf("%s create: %v", name, err)
		}
		id, err := c.Lookup(ctx, r, tc.field, fmt.Sprint(tc.fields[tc.field]))
		if err != nil || id != fmt.Sprint(o["id"]) {
			t.Fatalf("%s lookup: %q %v", name, id, err)
		}
		if m, err := c.Modify(ctx, r, id, faspex5.Object{"description": "changed"}); err != nil || m["description"] != "changed" {
			t.Fatalf("%s modify: %v %v", name, m, err)
		}
		if l := all(t, c.List(ctx, r, nil, 0), nil); len(l) != 1 {
			t.Fatalf("%s list: %v", name, l)
		}
		if !r.Can("delete") {
			continue
		}
		if err := c.Remove(ctx, r, id); err != nil {
			t.Fatalf("%s delete: %v", name, err)
		}
	}
	if _, err := c.SetSMTP(ctx, true, faspex5.Object{"auth_type": "open", "server_address": "smtp.example.com", "server_port": 25,
		"domain": "example.com", "from_user": "F", "from_email": "f@example.com", "tls_enabled": false, "packages_recipient_from": "faspex"}); err != nil {
		t.Fatal(err)
	}
	job, err := c.TestSMTP(ctx, faspex5.Object{"test_email_recipient": "me@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	jobs := res("jobs")
	if l := all(t, c.List(ctx, jobs, nil, 0), nil); len(l) != 1 || l[0]["job_name"] != "Test email settings" {
		t.Fatalf("jobs: %v", l)
	}
	if o, err := c.Show(ctx, jobs, fmt.Sprint(job["id"])); err != nil || o["status"] != "completed" {
		t.Fatalf("job: %v %v", o, err)
	}
	if err := c.Remove(ctx, jobs, fmt.Sprint(job["id"])); err != nil {
		t.Fatal(err)
	}
	before := len(contract.Seen())
	if _, err := c.Create(ctx, jobs, faspex5.Object{"job_name": "x"}); !errors.Is(err, faspex5.ErrSetup) || !strings.Contains(err.Error(), "jobs cannot be created") {
		t.Fatalf("job create: %v", err)
	}
	if _, err := c.Show(ctx, res("contacts"), "1"); !errors.Is(err, faspex5.ErrSetup) {
		t.Fatalf("contact show: %v", err)
	}
	if len(contract.Seen()) != before {
		t.Fatal("a refused operation sent a request")
	}
	if got := field(all(t, c.List(ctx, res("contacts"), nil, 0), nil), "name"); !slices.Contains(got, "Uploads") || !slices.Contains(got, "user1") {
		t.Fatalf("contacts: %v", got)
	}
	if l := all(t, c.List(ctx, res("registrations"), nil, 0), nil); len(l) != 0 {
		t.Fatalf("registrations: %v", l)
	}
	seen(t, contract.Seen(), "POST /configuration/alternate_addresses", "GET /configuration/alternate_addresses",
		"PUT /configuration/alternate_addresses/{id}", "DELETE /configuration/alternate_addresses/{id}", "POST /saml_configs",
		"GET /saml_configs", "PUT /saml_configs/{id}", "GET /jobs", "DELETE /jobs/{id}",
		"GET /contacts", "GET /registrations")
}

// TestMembers: members of a shared inbox and of a workgroup listed, added with a level,
// changed, removed; a level of the other kind and a resource without members are refused.
func TestMembers(t *testing.T) {
	sim, contract := faspex5test.Start(t, faspex5sim.Config{})
	ctx := context.Background()
	c := clientOf(t, sim, "admin")
	newUser, err := c.Create(ctx, faspex5.Resources["accounts"], faspex5.Object{"name": "ann", "email": "ann@example.com", "first_name": "Ann", "last_name": "Lee"})
	if err != nil {
		t.Fatal(err)
	}
	ann := fmt.Sprint(newUser["id"])
	for _, tc := range []struct{ res, group, level string }{{"shared_inboxes", "Uploads", "submit_only"}, {"workgroups", "Team", "workgroup_admin"}} {
		r := faspex5.Resources[tc.res]
		gid, err := c.Lookup(ctx, r, "name", tc.group)
		if err != nil {
			t.Fatal(err)
		}
		members := func() []string {
			it, err := c.Members(ctx, r, gid, nil, 0)
			var out []string
			for _, m := range all(t, it, err) {
				out = append(out, fmt.Sprintf("%v:%v", m["name"], m["access"]))
			}
			return out
		}
		if got := members(); !slices.Equal(got, []string{"admin:standard", "user1:standard"}) {
			t.Fatalf("%s members: %v", tc.res, got)
		}
		if _, err := c.AddMembers(ctx, r, gid, []string{ann}, tc.level); err != nil {
			t.Fatalf("%s add: %v", tc.res, err)
		}
		if got := members(); !slices.Equal(got, []string{"admin:standard", "user1:standard", "ann:" + tc.level}) {
			t.Fatalf("%s after add: %v", tc.res, got)
		}
		if o, err := c.ModifyMember(ctx, r, gid, ann, faspex5.Object{"access": "standard"}); err != nil || o["access"] != "standard" {
			t.Fatalf("%s modify: %v %v", tc.res, o, err)
		}
		if err := c.RemoveMember(ctx, r, gid, ann); err != nil {
			t.Fatal(err)
		}
		if got := members(); len(got) != 2 {
			t.Fatalf("%s after remove: %v", tc.res, got)
		}
	}
	si := faspex5.Resources["shared_inboxes"]
	uploads, _ := c.Lookup(ctx, si, "name", "Uploads")
	m, err := c.InviteExternal(ctx, uploads, faspex5.Object{"email_address": "partner@example.org", "description": "supplier"})
	if err != nil || m["type"] != "external_user" || m["access"] != "submit_only" || m["message"] == nil {
		t.Fatalf("external collaborator: %v %v", m, err)
	}
	if _, err := c.InviteExternal(ctx, uploads, faspex5.Object{}); !errors.Is(err, faspex5.ErrSetup) {
		t.Fatalf("no email: %v", err)
	}
	if _, err := c.AddMembers(ctx, si, "1", []string{ann}, "workgroup_admin"); !errors.Is(err, faspex5.ErrSetup) {
		t.Fatalf("a workgroup level in a shared inbox: %v", err)
	}
	if _, err := c.Members(ctx, faspex5.Resources["nodes"], "1", nil, 0); !errors.Is(err, faspex5.ErrSetup) {
		t.Fatalf("members of a node: %v", err)
	}
	seen(t, contract.Seen(), "GET /shared_inboxes/{shared_inbox_id}/members", "POST /shared_inboxes/{shared_inbox_id}/members",
		"PUT /shared_inboxes/{shared_inbox_id}/members/{id}", "DELETE /shared_inboxes/{shared_inbox_id}/members/{id}",
		"GET /workgroups/{workgroup_id}/members", "POST /workgroups/{workgroup_id}/members",
		"PUT /workgroups/{workgroup_id}/members/{id}", "DELETE /workgroups/{workgroup_id}/members/{id}", "POST /shared_inboxes/{id}/external_collaborator")
}

// TestNodeBrowseAndFileStatuses: an admin lists a folder of a node, and the file processing
// statuses of a package's files.
func TestNodeBrowseAndFileStatuses(t *testing.T) {
	sim, contract := faspex5test.Start(t, faspex5sim.Config{})
	ctx := context.Background()
	c := clientOf(t, sim, "admin")
	id, err := sim.AddPackage("processed", "admin", []string{"user1"}, faspex5sim.PackageFile{Name: "a.txt", Data: []byte("a")},
		faspex5sim.PackageFile{Name: "b.txt", Data: []byte("b")})
	if err != nil {
		t.Fatal(err)
	}
	if got := field(all(t, c.BrowseNode(ctx, "1", "/packages/"+id, 0), nil), "basename"); !slices.Equal(got, []string{"a.txt", "b.txt"}) {
		t.Fatalf("node browse: %v", got)
	}
	if got := field(all(t, c.BrowseNode(ctx, "1", "", 0), nil), "basename"); !slices.Contains(got, "packages") || !slices.Contains(got, "shared") {
		t.Fatalf("node root: %v", got)
	}
	l := all(t, c.FileStatuses(ctx, id, 0), nil)
	if got := field(l, "file_name"); !slices.Equal(got, []string{"a.txt", "b.txt"}) || l[0]["status"] != "processing_completed" {
		t.Fatalf("file statuses: %v", l)
	}
	var he *rest.Error
	if _, err := drain(clientOf(t, sim, "user1").FileStatuses(ctx, id, 0)); !errors.As(err, &he) || he.Status != 403 {
		t.Fatalf("a user's file statuses: %v", err)
	}
	seen(t, contract.Seen(), "POST /nodes/{id}/browse/page", "GET /packages/{id}/file_statuses")
}

// drain reads an iterator to its end and returns its error.
func drain(it *rest.Iterator) (int, error) {
	n := 0
	for _, ok := it.Next(); ok; _, ok = it.Next() {
		n++
	}
	return n, it.Err()
}

// TestOAuthClients: the API clients, on the authorization server (URL/auth, as ascli reaches
// them): listed, created (the secret shown once), changed, deleted.
func TestOAuthClients(t *testing.T) {
	sim, contract := faspex5test.Start(t, faspex5sim.Config{})
	ctx := context.Background()
	c := clientOf(t, sim, "admin")
	r := faspex5.Resources["oauth_clients"]
	id, _ := sim.ClientID()
	if got := field(all(t, c.List(ctx, r, nil, 0), nil), "client_id"); !slices.Contains(got, id) {
		t.Fatalf("API clients: %v", got)
	}
	o, err := c.Create(ctx, r, faspex5.Object{"name": "ci", "client_type": "confidential", "allow_jwt_grant": true, "access_grant_all_users": true})
	if err != nil || o["client_secret"] == nil || o["client_id"] == nil {
		t.Fatalf("create: %v %v", o, err)
	}
	cid, err := c.Lookup(ctx, r, "name", "ci")
	if err != nil || cid != fmt.Sprint(o["id"]) {
		t.Fatalf("lookup: %q %v", cid, err)
	}
	if m, err := c.Modify(ctx, r, cid, faspex5.Object{"description": "pipelines"}); err != nil || m["description"] != "pipelines" {
		t.Fatalf("modify: %v %v", m, err)
	}
	if s, err := c.Show(ctx, r, cid); err != nil || s["client_secret"] != nil || s["name"] != "ci" {
		t.Fatalf("show: %v %v", s, err)
	}
	if err := c.Remove(ctx, r, cid); err != nil {
		t.Fatal(err)
	}
	var he *rest.Error
	if _, err := clientOf(t, sim, "user1").Create(ctx, r, faspex5.Object{"name": "x", "client_type": "public", "allow_jwt_grant": true,
		"access_grant_all_users": true}); !errors.As(err, &he) || he.Status != 403 {
		t.Fatalf("a user's create: %v", err)
	}
	seen(t, contract.Seen(), "GET /oauth_clients", "POST /oauth_clients", "GET /oauth_clients/{id}", "PUT /oauth_clients/{id}",
		"DELETE /oauth_clients/{id}")
}

// TestRemoteTransfer: a package filled from the shared folder (by name) completes with its
// files; a file not in the shared folder and an unknown shared folder are refused.
func TestRemoteTransfer(t *testing.T) {
	sim, contract := faspex5test.Start(t, faspex5sim.Config{})
	ctx := context.Background()
	c := clientOf(t, sim, "admin")
	if err := os.MkdirAll(filepath.Join(sim.Root(), "shared", "reports"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(sim.Root(), "shared", "reports", "q1.csv"), []byte("q1 data"), 0o644); err != nil {
		t.Fatal(err)
	}
	body, err := c.PrepareSend(ctx, faspex5.Object{"title": "from the shared folder", "recipients": []any{"user1"}}, false)
	if err != nil {
		t.Fatal(err)
	}
	created, err := c.CreatePackage(ctx, body)
	if err != nil {
		t.Fatal(err)
	}
	id := fmt.Sprint(created["id"])
	if _, err := c.RemoteTransfer(ctx, id, "Shared", []string{"/reports/none.csv"}, ""); err == nil {
		t.Fatal("a missing file was sent")
	}
	if _, err := c.RemoteTransfer(ctx, id, "Elsewhere", []string{"/reports/q1.csv"}, ""); !errors.Is(err, faspex5.ErrNotFound) {
		t.Fatalf("unknown shared folder: %v", err)
	}
	tr, err := c.RemoteTransfer(ctx, id, "Shared", []string{"/reports/q1.csv"}, "")
	if err != nil || tr["status"] != "completed" {
		t.Fatalf("remote transfer: %v %v", tr, err)
	}
	st, err := c.UploadDetails(ctx, id)
	if err != nil || st["upload_status"] != "completed" {
		t.Fatalf("status: %v %v", st, err)
	}
	it, err := clientOf(t, sim, "user1").Browse(ctx, id, faspex5.Mailbox{}, "/", 0)
	if got := field(all(t, it, err), "basename"); !slices.Equal(got, []string{"q1.csv"}) {
		t.Fatalf("package files: %v", got)
	}
	seen(t, contract.Seen(), "POST /packages/{id}/remote_transfer")
}

// TestNodeSharedFolders: an admin makes a shared folder of a node, which users list and
// browse, then changes and deletes it.
func TestNodeSharedFolders(t *testing.T) {
	sim, contract := faspex5test.Start(t, faspex5sim.Config{})
	ctx := context.Background()
	c := clientOf(t, sim, "admin")
	if err := os.MkdirAll(filepath.Join(sim.Root(), "projects", "p1"), 0o755); err != nil {
		t.Fatal(err)
	}
	r, err := faspex5.ResourceOf("nodes/1/shared_folders")
	if err != nil {
		t.Fatal(err)
	}
	o, err := c.Create(ctx, r, faspex5.Object{"name": "Projects", "directory": "/projects"})
	if err != nil {
		t.Fatal(err)
	}
	id := fmt.Sprint(o["id"])
	if got := field(all(t, c.List(ctx, r, nil, 0), nil), "name"); !slices.Equal(got, []string{"Shared", "Projects"}) {
		t.Fatalf("node shared folders: %v", got)
	}
	it, err := clientOf(t, sim, "user1").BrowseSharedFolder(ctx, "Projects", "/", 0)
	if got := field(all(t, it, err), "basename"); !slices.Equal(got, []string{"p1"}) {
		t.Fatalf("browse: %v", got)
	}
	if m, err := c.Modify(ctx, r, id, faspex5.Object{"name": "Projects2"}); err != nil || m["name"] != "Projects2" {
		t.Fatalf("modify: %v %v", m, err)
	}
	if got, err := c.Lookup(ctx, r, "name", "Projects2"); err != nil || got != id {
		t.Fatalf("lookup: %q %v", got, err)
	}
	users, err := faspex5.ResourceOf("nodes/1/shared_folders/" + id + "/custom_access_users")
	if err != nil {
		t.Fatal(err)
	}
	u1, _ := c.Lookup(ctx, faspex5.Resources["accounts"], "name", "user1")
	if _, err := c.Create(ctx, users, faspex5.Object{"user_id": u1}); err != nil {
		t.Fatal(err)
	}
	if got := field(all(t, c.List(ctx, users, nil, 0), nil), "name"); !slices.Equal(got, []string{"user1"}) {
		t.Fatalf("custom access users: %v", got)
	}
	if err := c.Remove(ctx, users, u1); err != nil {
		t.Fatal(err)
	}
	if l := all(t, c.List(ctx, users, nil, 0), nil); len(l) != 0 {
		t.Fatalf("after remove: %v", l)
	}
	if err := c.Remove(ctx, r, id); err != nil {
		t.Fatal(err)
	}
	var he *rest.Error
	if _, err := c.Show(ctx, faspex5.NodeSharedFolders("2"), "1"); !errors.As(err, &he) || he.Status != 404 {
		t.Fatalf("a shared folder of another node: %v", err)
	}
	for _, bad := range []string{"nodes//shared_folders", "nodes/1/2/shared_folders", "nodes/1", "nodes/1/shared_folders//custom_access_users"} {
		if _, err := faspex5.ResourceOf(bad); !errors.Is(err, faspex5.ErrSetup) {
			t.Errorf("%s: %v", bad, err)
		}
	}
	seen(t, contract.Seen(), "GET /nodes/{node_id}/shared_folders", "POST /nodes/{node_id}/shared_folders",
		"PUT /nodes/{node_id}/shared_folders/{id}", "DELETE /nodes/{node_id}/shared_folders/{id}", "GET /nodes/{node_id}/shared_folders/{id}",
		"GET /nodes/{node_id}/shared_folders/{shared_folder_id}/custom_access_users", "POST /nodes/{node_id}/shared_folders/{shared_folder_id}/custom_access_users",
		"DELETE /nodes/{node_id}/shared_folders/{shared_folder_id}/custom_access_users/{id}")
}

// TestFileProcessing: with file processing enabled, a package's files wait; an external
// processor takes them once and reports their statuses, which the package's file statuses
// show; an unknown file is an error.
func TestFileProcessing(t *testing.T) {
	sim, contract := faspex5test.Start(t, faspex5sim.Config{})
	ctx := context.Background()
	c := clientOf(t, sim, "admin")
	if _, err := c.ModifyConfiguration(ctx, faspex5.Object{"file_processing_enabled": true}); err != nil {
		t.Fatal(err)
	}
	id, err := sim.AddPackage("to scan", "admin", []string{"user1"}, faspex5sim.PackageFile{Name: "a.bin", Data: []byte("a")})
	if err != nil {
		t.Fatal(err)
	}
	next := all(t, c.NextFiles(ctx, 0), nil)
	if len(next) != 1 || next[0]["file_name"] != "a.bin" || next[0]["status"] != "processing" {
		t.Fatalf("next: %v", next)
	}
	if again := all(t, c.NextFiles(ctx, 0), nil); len(again) != 0 {
		t.Fatalf("next again: %v", again)
	}
	change := faspex5.Object{"files": []any{faspex5.Object{"id": next[0]["id"], "status": "processing_failed", "message": "virus found"}}}
	if o, err := c.SetFileStatuses(ctx, change); err != nil || len(o["files"].([]any)) != 1 {
		t.Fatalf("set: %v %v", o, err)
	}
	if l := all(t, c.FileStatuses(ctx, id, 0), nil); l[0]["status"] != "processing_failed" {
		t.Fatalf("file statuses: %v", l)
	}
	if _, err := c.SetFileStatuses(ctx, faspex5.Object{"files": []any{faspex5.Object{"id": "nope", "status": "processing"}}}); err == nil ||
		!strings.Contains(err.Error(), "not updated") {
		t.Fatalf("unknown file: %v", err)
	}
	seen(t, contract.Seen(), "POST /file_processing", "PUT /file_processing")
}

// TestSAMLGroups: a SAML group (of a SAML configuration) given access to a shared inbox and
// a workgroup, changed, removed.
func TestSAMLGroups(t *testing.T) {
	sim, contract := faspex5test.Start(t, faspex5sim.Config{})
	ctx := context.Background()
	c := clientOf(t, sim, "admin")
	conf, err := c.Create(ctx, faspex5.Resources["saml_configs"], faspex5.Object{"name": "corp"})
	if err != nil {
		t.Fatal(err)
	}
	sg, err := c.Create(ctx, faspex5.Resources["saml_groups"], faspex5.Object{"group_distinguished_name": "cn=finance,dc=example,dc=com",
		"saml_configuration_id": fmt.Sprint(conf["id"])})
	if err != nil {
		t.Fatal(err)
	}
	sgID := fmt.Sprint(sg["id"])
	for _, tc := range []struct{ kind, group, level string }{{"shared_inboxes", "Uploads", "submit_only"}, {"workgroups", "Team", "standard"}} {
		gid, _ := c.Lookup(ctx, faspex5.Resources[tc.kind], "name", tc.group)
		r, err := faspex5.ResourceOf(tc.kind + "/" + gid + "/saml_groups")
		if err != nil {
			t.Fatal(err)
		}
		if o, err := c.Create(ctx, r, faspex5.Object{"group_id": sgID}); err != nil || o["access"] != tc.level {
			t.Fatalf("%s add: %v %v", tc.kind, o, err)
		}
		if l := all(t, c.List(ctx, r, nil, 0), nil); len(l) != 1 || l[0]["group_distinguished_name"] != "cn=finance,dc=example,dc=com" {
			t.Fatalf("%s list: %v", tc.kind, l)
		}
		if _, err := c.Modify(ctx, r, sgID, faspex5.Object{"access": "standard"}); err != nil {
			t.Fatalf("%s modify: %v", tc.kind, err)
		}
		if err := c.Remove(ctx, r, sgID); err != nil {
			t.Fatal(err)
		}
		if l := all(t, c.List(ctx, r, nil, 0), nil); len(l) != 0 {
			t.Fatalf("%s after remove: %v", tc.kind, l)
		}
	}
	seen(t, contract.Seen(), "POST /saml_groups", "GET /shared_inboxes/{shared_inbox_id}/saml_groups", "POST /shared_inboxes/{shared_inbox_id}/saml_groups",
		"PUT /shared_inboxes/{shared_inbox_id}/saml_groups/{id}", "DELETE /shared_inboxes/{shared_inbox_id}/saml_groups/{id}",
		"POST /workgroups/{workgroup_id}/saml_groups", "PUT /workgroups/{workgroup_id}/saml_groups/{id}")
}
