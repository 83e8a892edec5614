package oauth

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// TestGenericGrant posts a url_token grant as AoC's document describes it: the form holds
// grant_type, url_token, password and scope; the client authenticates with HTTP Basic.
func TestGenericGrant(t *testing.T) {
	var got url.Values
	var user, pass string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		got = r.PostForm
		user, pass, _ = r.BasicAuth()
		w.Header().Set("Content-Type", "application/json")
		if got.Get("password") != "link-pass" {
			w.WriteHeader(400)
			_, _ = w.Write([]byte(`{"error":"access_denied","error_description":"invalid password for url_token","state":null}`))
			return
		}
		_, _ = w.Write([]byte(`{"access_token":"at-link","token_type":"bearer","expires_in":60}`))
	}))
	defer srv.Close()
	o := Options{Grant: "generic", TokenURL: srv.URL + "/token", ClientID: "cid", ClientSecret: "cs", AuthStyle: "header", Scope: "user:all",
		Params: url.Values{"grant_type": {"url_token"}, "url_token": {"tok123"}, "password": {"link-pass"}}}
	g, err := o.NewGrant(srv.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := g.Fetch(context.Background(), nil)
	if err != nil || tok.AccessToken != "at-link" {
		t.Fatalf("fetch: %v %+v", err, tok)
	}
	if got.Get("grant_type") != "url_token" || got.Get("url_token") != "tok123" || got.Get("scope") != "user:all" || len(got["grant_type"]) != 1 {
		t.Fatalf("form %v", got)
	}
	if user != "cid" || pass != "cs" || got.Has("client_secret") {
		t.Fatalf("client authentication %q %q %v", user, pass, got)
	}
	k := g.Key()
	if k.Grant != "generic" || !strings.HasPrefix(k.User, "url_token:") || strings.Contains(k.User, "tok123") || strings.Contains(k.User, "link-pass") {
		t.Fatalf("key %+v", k)
	}
	o.Params.Set("password", "wrong")
	g2, _ := o.NewGrant(srv.URL, nil)
	if g2.Key() == k {
		t.Fatal("another password, the same cache key")
	}
	if _, err := g2.Fetch(context.Background(), nil); err == nil || !strings.Contains(err.Error(), "invalid password for url_token") || strings.Contains(err.Error(), "wrong") {
		t.Fatalf("bad password: %v", err)
	}
	if _, err := (Options{Grant: "generic"}).NewGrant(srv.URL, nil); err == nil || !strings.Contains(err.Error(), "grant_type") {
		t.Fatalf("no grant_type: %v", err)
	}
}
