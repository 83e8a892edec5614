package faspex5_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/asperalm/aslmcli/products/faspex5"
	"github.com/asperalm/aslmcli/products/faspex5/faspex5sim"
	"github.com/asperalm/aslmcli/products/faspex5/internal/faspex5test"
	"github.com/asperalm/aslmcli/products/oauth"
	"github.com/asperalm/aslmcli/products/rest"
	"github.com/asperalm/aslmcli/transfer/spec"
)

// world is a simulator under contract and a client of one of its users.
type world struct {
	t   *testing.T
	sim *faspex5sim.Server
	ctx context.Context
}

func newWorld(t *testing.T) *world {
	sim, _ := faspex5test.Start(t, faspex5sim.Config{})
	return &world{t: t, sim: sim, ctx: context.Background()}
}

// client returns a JWT client of user.
func (w *world) client(user string) *faspex5.Client {
	w.t.Helper()
	id, _ := w.sim.ClientID()
	c, err := faspex5.NewFromOptions(w.ctx, faspex5.Options{URL: w.sim.URL, ClientID: id, Username: user, PrivateKey: faspex5test.Key(w.t)}, oauth.Env{})
	if err != nil {
		w.t.Fatal(err)
	}
	return c
}

// transfer plays the transfer agent: it copies the sources to a spec's destination (upload)
// or the spec's sources to dest (download), as the ascp double does.
func transfer(t *testing.T, s spec.Spec, sources []string, dest string) {
	t.Helper()
	if s["direction"] == "send" {
		for _, src := range sources {
			copyFile(t, src, filepath.Join(s["destination_root"].(string), filepath.Base(src)))
		}
		return
	}
	root, _ := s["source_root"].(string)
	for _, p := range s["paths"].([]any) {
		src := filepath.Join(root, p.(map[string]any)["source"].(string))
		copyFile(t, src, filepath.Join(dest, filepath.Base(src)))
	}
}

func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func all(t *testing.T, it *rest.Iterator, err error) []map[string]any {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	for v, ok := it.Next(); ok; v, ok = it.Next() {
		out = append(out, v.(map[string]any))
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func field(l []map[string]any, k string) []string {
	var out []string
	for _, o := range l {
		out = append(out, fmt.Sprint(o[k]))
	}
	return out
}

func TestBaseURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://h/aspera/faspex":         "https://h/aspera/faspex",
		" https://h/aspera/faspex/ ":      "https://h/aspera/faspex",
		"https://h":                       "https://h/aspera/faspex",
		"https://h:8443/f/api/v5?x=1":     "https://h:8443/f",
		"https://u:p@h/aspera/faspex#top": "https://h/aspera/faspex",
	} {
		if got, err := faspex5.BaseURL(in); err != nil || got != want {
			t.Errorf("%q: %q %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "h/aspera/faspex", "ftp://h/x", "https://"} {
		if _, err := faspex5.BaseURL(bad); !errors.Is(err, faspex5.ErrSetup) {
			t.Errorf("%q: %v", bad, err)
		}
	}
	if !faspex5.IsPublicLink("https://h/aspera/faspex/public/x?context=abc") || faspex5.IsPublicLink("https://h/aspera/faspex") {
		t.Fatal("IsPublicLink")
	}
}

func TestAuthentication(t *testing.T) {
	w := newWorld(t)
	c := w.client("admin")
	v, err := c.Version(w.ctx)
	if err != nil || v["version"] != faspex5sim.Version {
		t.Fatalf("version %v %v", v, err)
	}
	acc, err := c.Account(w.ctx)
	if err != nil || acc["name"] != "admin" || acc["role"] != "admin" {
		t.Fatalf("account %v %v", acc, err)
	}
	// the JWT claims: a user with another key, a wrong client id
	other, err := oauth.GenerateKey(2048)
	if err != nil {
		t.Fatal(err)
	}
	id, _ := w.sim.ClientID()
	for name, o := range map[string]faspex5.Options{
		"other key":    {URL: w.sim.URL, ClientID: id, Username: "admin", PrivateKey: string(other)},
		"other client": {URL: w.sim.URL, ClientID: "nope", Username: "admin", PrivateKey: faspex5test.Key(t)},
		"unknown user": {URL: w.sim.URL, ClientID: id, Username: "ghost", PrivateKey: faspex5test.Key(t)},
	} {
		c, err := faspex5.NewFromOptions(w.ctx, o, oauth.Env{})
		if err != nil {
			t.Fatal(err)
		}
		var he *rest.Error
		if _, err := c.Version(w.ctx); !errors.As(err, &he) || he.Status != 400 || !strings.Contains(err.Error(), "jwt grant") {
			t.Errorf("%s: %v", name, err)
		}
	}
	// options missing
	for _, o := range []faspex5.Options{{}, {URL: w.sim.URL}, {URL: w.sim.URL, Auth: "boot"}, {URL: w.sim.URL, Auth: "web"},
		{URL: w.sim.URL, Auth: "link"}, {URL: w.sim.URL, Auth: "magic"}} {
		if _, err := faspex5.NewFromOptions(w.ctx, o, oauth.Env{}); !errors.Is(err, faspex5.ErrSetup) {
			t.Errorf("%+v: %v", o, err)
		}
	}
	// boot: the Authorization value of a browser session, verbatim
	tok, err := c.API.Auth.(rest.OAuth).Source.Token(w.ctx)
	if err != nil {
		t.Fatal(err)
	}
	boot, err := faspex5.NewFromOptions(w.ctx, faspex5.Options{URL: w.sim.URL, Auth: "boot", Password: "Bearer " + tok}, oauth.Env{})
	if err != nil {
		t.Fatal(err)
	}
	if acc, err := boot.Account(w.ctx); err != nil || acc["name"] != "admin" {
		t.Fatalf("boot: %v %v", acc, err)
	}
	bad, _ := faspex5.NewFromOptions(w.ctx, faspex5.Options{URL: w.sim.URL, Auth: "boot", Password: "Bearer nope"}, oauth.Env{})
	if _, err := bad.Account(w.ctx); err == nil || !strings.Contains(err.Error(), "401") {
		t.Fatalf("bad boot: %v", err)
	}
	h, err := faspex5.Health(w.ctx, w.sim.URL, nil)
	if err != nil || h["version"] != faspex5sim.Version || h["core"].(map[string]any)["connected"] != true {
		t.Fatalf("health %v %v", h, err)
	}
}

// TestWebAuthentication runs the browser flow with PKCE, the "browser" being an HTTP client
// that logs in on the simulator's login page.
func TestWebAuthentication(t *testing.T) {
	w := newWorld(t)
	id, secret := w.sim.ClientID()
	opened := 0
	env := oauth.Env{Open: func(ctx context.Context, authURL string) error {
		opened++
		u, err := url.Parse(authURL)
		if err != nil {
			return err
		}
		if u.Query().Get("code_challenge") == "" || u.Query().Get("code_challenge_method") != "S256" {
			return fmt.Errorf("no PKCE in %s", authURL)
		}
		resp, err := http.Get(authURL) // to the login page
		if err != nil {
			return err
		}
		resp.Body.Close()
		form := resp.Request.URL.Query()
		form.Set("username", "user1")
		form.Set("password", "user1_pass")
		resp, err = http.PostForm(w.sim.URL+"/login", form) // redirected to the local listener
		if err != nil {
			return err
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !strings.Contains(string(body), "Authentication complete") {
			return fmt.Errorf("callback page: %s", body)
		}
		return nil
	}}
	c, err := faspex5.NewFromOptions(w.ctx, faspex5.Options{URL: w.sim.URL, Auth: "web", ClientID: id, ClientSecret: secret,
		RedirectURI: "http://localhost:0/callback"}, env)
	if err != nil {
		t.Fatal(err)
	}
	acc, err := c.Account(w.ctx)
	if err != nil || acc["name"] != "user1" || opened != 1 {
		t.Fatalf("web: %v %v (opened %d)", acc, err, opened)
	}
}
