package oauth

import (
	"strings"
	"testing"

	"github.com/asperalm/aslmcli/products/rest"
)

func TestOptionsFromMap(t *testing.T) {
	o, err := FromMap(map[string]any{"auth": "jwt", "client_id": "cid", "username": "u@x", "lifetime": int64(30), "cache": "no",
		"params": map[string]any{"a": "b"}}, true)
	if err != nil {
		t.Fatal(err)
	}
	if o.Grant != "jwt" || o.ResolvedType() != "oauth" || o.Lifetime.Seconds() != 30 || !o.NoCache || o.Params.Get("a") != "b" {
		t.Fatalf("%+v", o)
	}
	if o, _ := FromMap(map[string]any{"auth": "basic", "username": "u"}, true); o.ResolvedType() != "basic" {
		t.Fatal("auth names a type")
	}
	for m, want := range map[string]string{"token": "bearer", "token+access_key": "node_bearer", "username": "basic", "": "none"} {
		in := map[string]any{}
		for _, k := range strings.Split(m, "+") {
			if k != "" {
				in[k] = "v"
			}
		}
		if o, _ := FromMap(in, true); o.ResolvedType() != want {
			t.Errorf("%v: %s, want %s", in, o.ResolvedType(), want)
		}
	}
	if _, err := FromMap(map[string]any{"uri": "x", "colour": 1}, true); err == nil || !strings.Contains(err.Error(), "unknown option colour, uri (known: access_key,") {
		t.Fatalf("strict: %v", err)
	}
	if _, err := FromMap(map[string]any{"uri": "x"}, false); err != nil {
		t.Fatalf("not strict: %v", err)
	}
	if _, err := FromMap(map[string]any{"lifetime": "long"}, true); err == nil {
		t.Fatal("bad lifetime")
	}
}

func TestOptionsGrants(t *testing.T) {
	key, err := GenerateKey(2048)
	if err != nil {
		t.Fatal(err)
	}
	o := Options{Grant: "jwt", ClientID: "cid", Username: "bob", PrivateKey: string(key), Claims: map[string]any{"aud": "mine"}}
	g, err := o.NewGrant("https://api/x/", nil)
	if err != nil {
		t.Fatal(err)
	}
	j := g.(*JWT)
	if j.TokenURL != "https://api/x/token" || j.Claims["iss"] != "cid" || j.Claims["sub"] != "bob" || j.Claims["aud"] != "mine" {
		t.Fatalf("jwt %+v %v", j.Endpoint, j.Claims)
	}
	if o.Claims["iss"] != nil {
		t.Fatal("NewGrant changed the caller's claims")
	}
	w, err := Options{Grant: "code", AuthStyle: "header"}.NewGrant("https://a", nil)
	if err != nil {
		t.Fatal(err)
	}
	if web := w.(*Web); web.AuthURL != "https://a/authorize" || web.RedirectURL != "http://localhost:12345" || web.AuthStyle != AuthInHeader {
		t.Fatalf("web %+v", web)
	}
	for _, bad := range []Options{{Grant: "magic"}, {Grant: "jwt"}, {Grant: "password"}, {Grant: "iam"}, {Grant: "client_credentials", AuthStyle: "x"},
		{Grant: "jwt", PrivateKey: string(key), Algorithm: "HS256"}} {
		if _, err := bad.NewGrant("https://a", nil); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
	a, err := Authenticator(Options{Grant: "client_credentials", ClientID: "c", AccessKey: "ak"}, "https://a", Env{})
	if err != nil {
		t.Fatal(err)
	}
	if oa, ok := a.(rest.OAuth); !ok || oa.Headers["X-Aspera-Accesskey"][0] != "ak" {
		t.Fatalf("oauth auth %#v", a)
	}
	if _, err := Authenticator(Options{Type: "digest"}, "https://a", Env{}); err == nil {
		t.Fatal("unknown type")
	}
	if _, err := Authenticator(Options{Type: "node_bearer", Token: "t"}, "https://a", Env{}); err == nil {
		t.Fatal("node_bearer without access key")
	}
}
