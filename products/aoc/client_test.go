package aoc_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/asperalm/aslmcli/products/aoc"
	"github.com/asperalm/aslmcli/products/aoc/aocsim"
	"github.com/asperalm/aslmcli/products/aoc/internal/aoctest"
	"github.com/asperalm/aslmcli/products/oauth"
	"github.com/asperalm/aslmcli/products/rest"
)

// world is a simulator and a client of its administrator (JWT with the simulator's client).
type world struct {
	t    *testing.T
	sim  *aocsim.Server
	c    *aoc.Client
	ctx  context.Context
	root string // the simulator's storage
}

func newWorld(t *testing.T) *world {
	t.Helper()
	root := t.TempDir()
	sim := aoctest.Start(t, aocsim.Config{Root: root})
	w := &world{t: t, sim: sim, ctx: context.Background(), root: root}
	w.c = w.client(aoc.Options{})
	return w
}

// client makes a client of the simulator; o's fields override the administrator's JWT login.
func (w *world) client(o aoc.Options) *aoc.Client {
	w.t.Helper()
	base := aoc.Options{URL: w.sim.OrgURL, APIURL: w.sim.APIURL, ClientID: w.sim.ClientID, Username: w.sim.AdminEmail, PrivateKey: w.sim.PrivateKey}
	if o.URL != "" {
		base.URL = o.URL
	}
	for _, f := range []struct{ dst, src *string }{{&base.ClientID, &o.ClientID}, {&base.Username, &o.Username}, {&base.PrivateKey, &o.PrivateKey},
		{&base.Auth, &o.Auth}, {&base.ClientSecret, &o.ClientSecret}, {&base.Password, &o.Password}, {&base.Workspace, &o.Workspace},
		{&base.Scope, &o.Scope}, {&base.Secret, &o.Secret}, {&base.RedirectURI, &o.RedirectURI}} {
		if *f.src != "" {
			*f.dst = *f.src
		}
	}
	c, err := aoc.New(w.ctx, base, oauth.Env{HTTP: &rest.Settings{}})
	if err != nil {
		w.t.Fatal(err)
	}
	return c
}

func collect(t *testing.T, it *rest.Iterator) []aoc.Object {
	t.Helper()
	var out []aoc.Object
	for v, ok := it.Next(); ok; v, ok = it.Next() {
		out = append(out, v.(aoc.Object))
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func names(l []aoc.Object) string {
	var n []string
	for _, o := range l {
		n = append(n, aoc.ID(o["name"]))
	}
	return strings.Join(n, ",")
}

func TestLoginWorkspacesAndProfile(t *testing.T) {
	w := newWorld(t)
	self, err := w.c.Self(w.ctx)
	if err != nil || self["email"] != w.sim.AdminEmail {
		t.Fatalf("self: %v %v", self, err)
	}
	ws, err := w.c.Workspace(w.ctx)
	if err != nil || ws.Name != "Default" || !ws.Default || ws.HomeNodeID != "1" || ws.HomeFileID == "" {
		t.Fatalf("workspace: %+v %v", ws, err)
	}
	if got := names(collect(t, w.c.List(w.ctx, "workspaces", nil, 0, 0))); got != "Default,Second" {
		t.Fatalf("workspaces: %s", got)
	}
	for _, sel := range []string{"Second", "%name:second", "%id:2"} {
		ws, err := w.client(aoc.Options{Workspace: sel}).Workspace(w.ctx)
		if err != nil || ws.Name != "Second" || ws.Default {
			t.Fatalf("--workspace=%s: %+v %v", sel, ws, err)
		}
	}
	if _, err := w.client(aoc.Options{Workspace: "Nowhere"}).Workspace(w.ctx); !errors.Is(err, aoc.ErrNotFound) {
		t.Fatalf("unknown workspace: %v", err)
	}
	if err := w.c.ModifyProfile(w.ctx, aoc.Object{"first_name": "Ada2"}); err != nil {
		t.Fatal(err)
	}
	if self, _ := w.c.Self(w.ctx); self["first_name"] != "Ada2" {
		t.Fatalf("profile not changed: %v", self)
	}
	tok, err := w.c.BearerToken(w.ctx)
	if err != nil || !strings.HasPrefix(tok, "Bearer sim_at_") {
		t.Fatalf("bearer token %q %v", tok, err)
	}
}

func TestJWTRefusals(t *testing.T) {
	w := newWorld(t)
	other, _ := oauth.GenerateKey(2048)
	for _, tc := range []struct {
		o    aoc.Options
		want string
	}{
		{aoc.Options{PrivateKey: string(other)}, "the signature matches no registered public key"},
		{aoc.Options{Username: "nobody@example.com"}, "unknown user nobody@example.com"},
		{aoc.Options{ClientID: "no_such_client"}, "unknown client no_such_client"},
		{aoc.Options{ClientID: aoc.GlobalClientID}, "no public key registered"},
		{aoc.Options{Scope: "admin:all", Username: "user@example.com"}, "for organization administrators"},
	} {
		_, err := w.client(tc.o).Self(w.ctx)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Fatalf("%+v: %v", tc.o, err)
		}
	}
	if _, err := aoc.New(w.ctx, aoc.Options{URL: w.sim.OrgURL, APIURL: w.sim.APIURL}, oauth.Env{}); !errors.Is(err, aoc.ErrOptions) || !strings.Contains(err.Error(), "--username") {
		t.Fatalf("no username: %v", err)
	}
	if _, err := aoc.New(w.ctx, aoc.Options{URL: w.sim.OrgURL, Username: "a@b.c"}, oauth.Env{}); !errors.Is(err, aoc.ErrOptions) || !strings.Contains(err.Error(), "--private-key") {
		t.Fatalf("no key: %v", err)
	}
	if _, err := aoc.New(w.ctx, aoc.Options{URL: w.sim.OrgURL, Auth: "basic"}, oauth.Env{}); !errors.Is(err, aoc.ErrOptions) {
		t.Fatalf("bad auth: %v", err)
	}
}

// TestGlobalClientWithUserKey: the wizard's way: a key in the user's profile, the global
// client, the org claim.
func TestGlobalClientWithUserKey(t *testing.T) {
	w := newWorld(t)
	dir := t.TempDir()
	r, err := aoc.Prepare(aoc.Wizard{URL: w.sim.OrgURL, APIURL: w.sim.APIURL, Username: w.sim.AdminEmail, Dir: dir, Bits: 2048})
	if err != nil || !r.Generated || r.Preset != "aoc_sim" || !strings.Contains(r.PublicKey, "PUBLIC KEY") || r.Values["private_key"] != "@file:"+r.KeyFile {
		t.Fatalf("prepare: %+v %v", r, err)
	}
	if st, err := os.Stat(r.KeyFile); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", st, err)
	}
	again, err := aoc.Prepare(aoc.Wizard{URL: w.sim.OrgURL, Username: w.sim.AdminEmail, Dir: dir})
	if err != nil || again.Generated || again.PublicKey != r.PublicKey {
		t.Fatalf("the key is reused: %+v %v", again, err)
	}
	key, _ := os.ReadFile(r.KeyFile)
	global := w.client(aoc.Options{ClientID: aoc.GlobalClientID, PrivateKey: string(key)})
	if _, err := global.Self(w.ctx); err == nil {
		t.Fatal("the key is not registered yet")
	}
	if err := w.c.ModifyProfile(w.ctx, aoc.Object{"public_key": r.PublicKey}); err != nil {
		t.Fatal(err)
	}
	global = w.client(aoc.Options{ClientID: aoc.GlobalClientID, PrivateKey: string(key)})
	if self, err := global.Self(w.ctx); err != nil || self["email"] != w.sim.AdminEmail {
		t.Fatalf("global client: %v %v", self, err)
	}
	// an organization's client: the steps say where the key goes
	r2, err := aoc.Prepare(aoc.Wizard{URL: w.sim.OrgURL, Username: "u@example.com", ClientID: "myclient", ClientSecret: "s", KeyFile: filepath.Join(dir, "k.pem"), Bits: 2048})
	if err != nil || r2.Values["client_id"] != "myclient" || !strings.Contains(r2.StepsText(), "set_client_key myclient") {
		t.Fatalf("org client: %+v %v", r2, err)
	}
	if _, err := aoc.Prepare(aoc.Wizard{URL: w.sim.OrgURL, Dir: dir}); !errors.Is(err, aoc.ErrOptions) {
		t.Fatalf("no username: %v", err)
	}
}

func TestURLs(t *testing.T) {
	for _, tc := range []struct{ raw, org, domain, api, token, private string }{
		{"https://myorg.ibmaspera.com", "myorg", "ibmaspera.com", "https://api.ibmaspera.com/api/v1", "", ""},
		{"myorg", "myorg", "ibmaspera.com", "https://api.ibmaspera.com/api/v1", "", ""},
		{"https://acme.example.org/", "acme", "example.org", "https://api.example.org/api/v1", "", ""},
		{"https://myorg.ibmaspera.com/public/files?token=T1", "myorg", "ibmaspera.com", "https://api.ibmaspera.com/api/v1", "T1", ""},
		{"https://api.qa.example.com/oauth2/myorg/login?token=T2", "myorg", "qa.example.com", "https://api.qa.example.com/api/v1", "T2", ""},
		{"https://myorg.ibmaspera.com/files/workspaces/12/all/3:45", "myorg", "ibmaspera.com", "https://api.ibmaspera.com/api/v1", "", "12/3/45"},
		{"https://api.ibmaspera.com/oauth2/myorg/login?state=" + url.QueryEscape("/files/workspaces/7/all/8:9?short_link_url=x") + "&redirect_uri=" + url.QueryEscape("https://myorg.ibmaspera.com/auth"),
			"myorg", "ibmaspera.com", "https://api.ibmaspera.com/api/v1", "", "7/8/9"},
	} {
		s, err := aoc.ParseURL(tc.raw, "")
		if err != nil {
			t.Fatalf("%s: %v", tc.raw, err)
		}
		private := ""
		if s.Private != nil {
			private = s.Private.WorkspaceID + "/" + s.Private.NodeID + "/" + s.Private.FileID
		}
		if s.Org != tc.org || s.Domain != tc.domain || s.APIRoot != tc.api || s.LinkToken != tc.token || private != tc.private {
			t.Fatalf("%s: %+v", tc.raw, s)
		}
	}
	s, _ := aoc.ParseURL("https://myorg.ibmaspera.com", "http://127.0.0.1:9/api/v1/")
	if s.APIRoot != "http://127.0.0.1:9/api/v1" || s.TokenURL() != "http://127.0.0.1:9/api/v1/oauth2/myorg/token" || s.APIBase() != "http://127.0.0.1:9" {
		t.Fatalf("api url: %+v", s)
	}
	for _, bad := range []string{"", "http://127.0.0.1:8080", "ftp://x.y"} {
		if _, err := aoc.ParseURL(bad, ""); err == nil {
			t.Fatalf("%q accepted", bad)
		}
	}
	if _, err := aoc.ParseURL("https://127.0.0.1/public/files?token=SECRET", ""); err == nil || strings.Contains(err.Error(), "SECRET") {
		t.Fatalf("a link's token in an error: %v", err)
	}
	// a short link is followed (without credentials) to the login page that says what it is
	hc := redirector(t, "https://api.ibmaspera.com/oauth2/myorg/login?token=T3")
	s, err := aoc.Resolve(context.Background(), hc, "http://short.example/abc", "")
	if err != nil || s.LinkToken != "T3" || s.Org != "myorg" {
		t.Fatalf("short link: %+v %v", s, err)
	}
	if _, err := aoc.Resolve(context.Background(), redirector(t, "http://short.example/abc"), "http://short.example/abc", ""); err == nil || !strings.Contains(err.Error(), "redirects") {
		t.Fatalf("a redirect loop: %v", err)
	}
}

// redirector is an HTTP client whose every connection reaches a short link service: any
// path redirects to /hop, which redirects to target.
func redirector(t *testing.T, target string) *http.Client {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/hop" {
			http.Redirect(w, r, "/hop", http.StatusFound)
			return
		}
		http.Redirect(w, r, target, http.StatusMovedPermanently)
	}))
	t.Cleanup(srv.Close)
	addr := srv.Listener.Addr().String()
	return &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}}}
}

// home returns the home folder of a client.
func home(t *testing.T, c *aoc.Client) aoc.Location {
	t.Helper()
	l, err := c.HomeLocation(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return l
}
