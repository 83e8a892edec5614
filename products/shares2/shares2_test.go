package shares2_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/asperalm/aslmcli/products/oauth"
	"github.com/asperalm/aslmcli/products/rest"
	"github.com/asperalm/aslmcli/products/shares2"
	"github.com/asperalm/aslmcli/products/shares2/internal/shares2test"
	"github.com/asperalm/aslmcli/products/shares2/shares2sim"
)

func client(t *testing.T, url, user, pass string) *shares2.Client {
	t.Helper()
	c, err := shares2.NewFromOptions(url, oauth.Options{Username: user, Password: pass}, oauth.Env{HTTP: &rest.Settings{RetryMax: -1}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func names(t *testing.T, it *rest.Iterator, err error) string {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for v, ok := it.Next(); ok; v, ok = it.Next() {
		m := v.(map[string]any)
		n := m["name"]
		if n == nil {
			n = m["username"]
		}
		out = append(out, fmt.Sprint(n))
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(out, ",")
}

func TestOrganizations(t *testing.T) {
	root := t.TempDir()
	srv, contract := shares2test.Start(t, shares2sim.Config{Root: root})
	c := client(t, srv.URL, "shares2_admin", "shares2_pass")
	ctx := context.Background()
	list := func(kind string, s shares2.Scope, q map[string]any) string {
		it, err := c.List(ctx, kind, s, q, 0)
		return names(t, it, err)
	}
	if got := list(shares2.Organization, shares2.Scope{}, nil); got != "Sport,Music" {
		t.Fatalf("organizations: %s", got)
	}
	// parents by name, by id, by unique prefix
	for _, org := range []string{"Sport", "1", "Sp"} {
		if got := list(shares2.Project, shares2.Scope{Organization: org}, nil); got != "Football,Tennis" {
			t.Fatalf("projects of %s: %s", org, got)
		}
	}
	if got := list(shares2.Project, shares2.Scope{Organization: "Sport"}, map[string]any{"name": "Tennis"}); got != "Tennis" {
		t.Fatalf("json_query: %s", got)
	}
	if _, err := c.List(ctx, shares2.Project, shares2.Scope{Organization: "Nope"}, nil, 0); !errors.Is(err, shares2.ErrNotFound) {
		t.Fatalf("unknown organization: %v", err)
	}
	if _, err := c.List(ctx, shares2.Project, shares2.Scope{}, nil, 0); !errors.Is(err, shares2.ErrUsage) {
		t.Fatalf("no organization: %v", err)
	}
	if _, err := c.Create(ctx, shares2.Organization, shares2.Scope{}, shares2.Object{"name": "Spa"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Show(ctx, shares2.Organization, shares2.Scope{}, "Sp"); !errors.Is(err, shares2.ErrNotFound) || !strings.Contains(err.Error(), "Spa, Sport") {
		t.Fatalf("ambiguous prefix: %v", err)
	}
	// a share is a folder of the node
	sh, err := c.Create(ctx, shares2.Share, shares2.Scope{Organization: "Sport", Project: "Football"}, shares2.Object{"name": "videos"})
	if err != nil || sh["path"] != "/Sport/Football/videos" {
		t.Fatalf("create share: %v %v", sh, err)
	}
	if fi, err := os.Stat(filepath.Join(root, "Sport", "Football", "videos")); err != nil || !fi.IsDir() {
		t.Fatalf("the share's folder: %v", err)
	}
	if got := list(shares2.Share, shares2.Scope{Organization: "Sport", Project: "Foot"}, nil); got != "Highlights,videos" {
		t.Fatalf("shares: %s", got)
	}
	if err := c.Delete(ctx, shares2.Share, shares2.Scope{Organization: "Sport", Project: "Football"}, "videos"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Create(ctx, shares2.Team, shares2.Scope{Organization: "Music"}, shares2.Object{"name": "Band"}); err != nil {
		t.Fatal(err)
	}
	if got, err := c.Show(ctx, shares2.Team, shares2.Scope{Organization: "Music"}, "Band"); err != nil || got["name"] != "Band" {
		t.Fatalf("team: %v %v", got, err)
	}
	if err := c.Delete(ctx, shares2.Organization, shares2.Scope{}, "Music"); err != nil {
		t.Fatal(err)
	}
	// the system collections are paged
	it, err := c.AdminList(ctx, "users", nil, 0)
	if got := names(t, it, err); got != "shares2_admin,guest" {
		t.Fatalf("users: %s", got)
	}
	if u, err := c.AdminCreate(ctx, "users", shares2.Object{"name": "new"}); err != nil || u["id"] == nil {
		t.Fatalf("create user: %v %v", u, err)
	}
	if _, err := c.AdminList(ctx, "things", nil, 0); !errors.Is(err, shares2.ErrUsage) {
		t.Fatalf("unknown collection: %v", err)
	}
	// the node API
	app, err := c.AppInfo(ctx)
	if err != nil || app["name"] != "IBM Aspera Shares" {
		t.Fatalf("app: %v %v", app, err)
	}
	me, err := c.UserInfo(ctx)
	if err != nil || me["username"] != "shares2_admin" {
		t.Fatalf("current user: %v %v", me, err)
	}
	// the repository: a share's folder stays on the node when the share is deleted
	items := c.Node.Browse(ctx, "/Sport/Football", nil, 0)
	var got []string
	for v, ok := items.Next(); ok; v, ok = items.Next() {
		got = append(got, v.(map[string]any)["basename"].(string))
	}
	if strings.Join(got, ",") != "Highlights,videos" {
		t.Fatalf("browse: %v %v", got, items.Err())
	}
	if seen := strings.Join(contract.Seen(), " "); !strings.Contains(seen, "POST /oauth2/token: 1") {
		t.Fatalf("one token for the whole test: %s", seen)
	}
}

func TestCredentials(t *testing.T) {
	srv, _ := shares2test.Start(t, shares2sim.Config{})
	ctx := context.Background()
	_, err := client(t, srv.URL, "shares2_admin", "wrong").Show(ctx, shares2.Organization, shares2.Scope{}, "1")
	var he *rest.Error
	if !errors.As(err, &he) || he.Status != 401 || !strings.Contains(err.Error(), "password grant") {
		t.Fatalf("bad password: %v", err)
	}
	if _, err := client(t, srv.URL, "shares2_admin", "wrong").AppInfo(ctx); !errors.As(err, &he) || he.Status != 401 {
		t.Fatalf("bad password on the node API: %v", err)
	}
	if _, err := shares2.NewFromOptions(srv.URL, oauth.Options{}, oauth.Env{}); !errors.Is(err, shares2.ErrUsage) {
		t.Fatalf("no user: %v", err)
	}
}
