package rest_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/asperalm/aslmcli/bindings/config"
	"github.com/asperalm/aslmcli/bindings/internal/bindtest"
	"github.com/asperalm/aslmcli/bindings/kit"
	brest "github.com/asperalm/aslmcli/bindings/rest"
	"github.com/asperalm/aslmcli/products/oauth"
	"github.com/asperalm/aslmcli/products/rest"
)

func newWorld(t *testing.T) *bindtest.World {
	return bindtest.New(t, []kit.Module{brest.Module, config.Module})
}

// apiServer is a small REST API: basic auth (bob/hunter2) or a bearer token obtained from
// /token with the client credentials grant.
type apiServer struct {
	*httptest.Server
	pages  atomic.Int32 // pages of /items served
	tokens atomic.Int32 // tokens issued
}

func newAPIServer(t *testing.T) *apiServer {
	s := &apiServer{}
	mux := http.NewServeMux()
	authorized := func(r *http.Request) bool {
		if u, p, ok := r.BasicAuth(); ok {
			return u == "bob" && p == "hunter2"
		}
		return r.Header.Get("Authorization") == "Bearer tok-"+strconv.Itoa(int(s.tokens.Load()))
	}
	mux.HandleFunc("POST /token", func(w http.ResponseWriter, r *http.Request) {
		if r.FormValue("grant_type") != "client_credentials" || r.FormValue("client_id") != "cid" || r.FormValue("client_secret") != "csecret" {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(401)
			fmt.Fprint(w, `{"error":"invalid_client","error_description":"bad client"}`)
			return
		}
		n := s.tokens.Add(1)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"access_token":"tok-%d","token_type":"bearer","expires_in":3600}`, n)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if !authorized(r) {
			w.WriteHeader(401)
			fmt.Fprint(w, `{"error":{"user_message":"who are you?"}}`)
			return
		}
		switch r.URL.Path {
		case "/users/1":
			fmt.Fprint(w, `{"id":9007199254740993,"name":"Ann","tags":["a","b"]}`)
		case "/echo":
			var body any
			_ = json.NewDecoder(r.Body).Decode(&body)
			_ = json.NewEncoder(w).Encode(map[string]any{"method": r.Method, "body": body, "query": r.URL.Query(), "h": r.Header.Get("X-Test")})
		case "/items":
			s.pages.Add(1)
			page, _ := strconv.Atoi(r.URL.Query().Get("page"))
			per, _ := strconv.Atoi(r.URL.Query().Get("per_page"))
			w.Header().Set("X-Total-Count", "25")
			var items []map[string]int
			for i := (page - 1) * per; i < page*per && i < 25; i++ {
				items = append(items, map[string]int{"n": i})
			}
			_ = json.NewEncoder(w).Encode(items)
		default:
			w.WriteHeader(404)
			fmt.Fprint(w, `{"error":{"code":"not_found","user_message":"no such thing"}}`)
		}
	})
	s.Server = httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

func newRestWorld(t *testing.T) (*bindtest.World, *apiServer, string) {
	w := newWorld(t)
	srv := newAPIServer(t)
	dir := filepath.Join(t.TempDir(), "persist_store")
	kit.SetHTTP(w.Engine, &kit.HTTPContext{
		Settings: func() (*rest.Settings, error) { return &rest.Settings{RetryMax: 0}, nil },
		Tokens:   func() *oauth.Cache { return oauth.NewCache(dir) },
	})
	return w, srv, dir
}

func TestRestVerbs(t *testing.T) {
	w, srv, _ := newRestWorld(t)
	got := w.String(`
		local rest = require("aspera.rest")
		local api = rest.new{url = ..., auth = {type = "basic", username = "bob", password = "hunter2"}, headers = {["X-Test"] = "yes"}}
		local u, info = api:get("users/1")
		assert(info.status == 200 and info.headers["content-type"] == "application/json", "info")
		local e = api:post("/echo", {a = 1, list = {1, 2}})
		local q = api:get("echo", {x = "1", multi = {"a", "b"}})
		local d = api:delete("echo")
		local p = api:put("echo", {k = "v"})
		local pa = api:patch("echo", {})
		local c = api:call{method = "post", path = "echo", json = {z = true}, query = {w = 2}}
		return table.concat({tostring(u.id), u.name, e.method, e.body.a, e.body.list[2], e.h,
			q.query.multi[1], q.query.multi[2], q.query.x[1], d.method, p.body.k, pa.method,
			tostring(c.body.z), c.query.w[1], api:url()}, ",")
	`, srv.URL)
	want := "9007199254740993,Ann,POST,1,2,yes,a,b,1,DELETE,v,PATCH,true,2," + srv.URL
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}

func TestRestErrors(t *testing.T) {
	w, srv, _ := newRestWorld(t)
	e := w.Fail("http", "404 Not Found: GET "+srv.URL+"/nowhere: no such thing", `
		local api = require("aspera.rest").new{url = ..., auth = {username = "bob", password = "hunter2"}}
		api:get("nowhere")
	`, srv.URL)
	if e.Status != 404 {
		t.Fatalf("status %d", e.Status)
	}
	got := w.String(`
		local api = require("aspera.rest").new{url = ..., auth = {username = "bob", password = "wrong"}}
		local ok, err = pcall(api.get, api, "users/1")
		assert(not ok)
		return err.kind .. "|" .. err.status .. "|" .. err.details.error.user_message .. "|" .. tostring(err)
	`, srv.URL)
	want := "http|401|who are you?|http: 401 Unauthorized: GET " + srv.URL + "/users/1: who are you?"
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	w.Fail("usage", "rest.new: unknown option uri", `require("aspera.rest").new{uri = "x"}`)
	w.Fail("usage", "url is required", `require("aspera.rest").new{}`)
	w.Fail("usage", "unknown type \"digest\"", `require("aspera.rest").new{url = "http://x", auth = {type = "digest"}}`)
	w.Fail("usage", "unknown grant", `require("aspera.rest").new{url = "http://x", auth = {grant = "magic"}}`)
	w.Fail("usage", "paging: unknown style", `require("aspera.rest").new{url = "http://x"}:each("a", {paging = "pages"})`)
	if strings.Contains(w.Err.String(), "hunter2") {
		t.Fatalf("password on stderr: %s", w.Err.String())
	}
}

func TestRestEachIsLazy(t *testing.T) {
	w, srv, _ := newRestWorld(t)
	got := w.String(`
		local api = require("aspera.rest").new{url = ..., auth = {username = "bob", password = "hunter2"}}
		local all = {}
		for item in api:each("items", {paging = "page", per_page = 10}) do all[#all + 1] = item.n end
		local first = {}
		for item in api:each("items", {paging = "page", per_page = 10}) do
			first[#first + 1] = item.n
			if #first == 3 then break end
		end
		local capped = 0
		for _ in api:each("items", {paging = "page", per_page = 10, max = 12}) do capped = capped + 1 end
		return #all .. "," .. all[1] .. "," .. all[25] .. "," .. #first .. "," .. capped
	`, srv.URL)
	if got != "25,0,24,3,12" {
		t.Fatalf("got %s", got)
	}
	// 3 pages for the whole list, 1 or 2 for the loop that stops early (its first page, and
	// the one fetched ahead unless the run closed the listing before that request left), 2 for
	// max=12 (never ahead past max, so never the fourth page)
	if n := srv.pages.Load(); n != 6 && n != 7 {
		t.Fatalf("pages fetched: %d, want 6 or 7", n)
	}
}

func TestRestOAuthAndPreset(t *testing.T) {
	w, srv, dir := newRestWorld(t)
	w.File.Set("myapi", "url", srv.URL)
	w.File.Set("myapi", "auth", "client_credentials")
	w.File.Set("myapi", "client_id", "cid")
	w.File.Set("myapi", "client_secret", "csecret")
	got := w.String(`
		local rest = require("aspera.rest")
		local a = rest.new{preset = "myapi"}
		local b = rest.new{preset = "myapi"}
		return a:get("users/1").name .. b:get("users/1").name
	`)
	if got != "AnnAnn" {
		t.Fatalf("got %s", got)
	}
	if n := srv.tokens.Load(); n != 1 {
		t.Fatalf("tokens issued: %d, want 1 (the second client reads the cache)", n)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "token_*.json"))
	if len(files) != 1 {
		t.Fatalf("cache files: %v", files)
	}
	if st, err := os.Stat(files[0]); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("cache file mode: %v %v", st, err)
	}
	list := w.String(`
		local c = require("aspera.config")
		local l = c.tokens()
		local one = c.token(l[1].id)
		local n = c.flush_tokens()
		return #l .. "," .. l[1].grant .. "," .. l[1].client_id .. "," .. tostring(l[1].access_token) .. "," .. one.access_token .. "," .. n .. "," .. #c.tokens()
	`)
	if list != "1,client_credentials,cid,nil,tok-1,1,0" {
		t.Fatalf("tokens: %s", list)
	}
	// a bad secret: the token endpoint's refusal is the error
	w.Fail("http", "401 Unauthorized: POST "+srv.URL+"/token: invalid_client", `
		require("aspera.rest").new{preset = "myapi", auth = {client_secret = "nope"}}:get("users/1")`)
}

func TestConfigKeys(t *testing.T) {
	w := newWorld(t)
	got := w.String(`
		local c = require("aspera.config")
		local priv, pub = c.genkey(2048)
		assert(priv:find("BEGIN PRIVATE KEY", 1, true), "private")
		assert(pub:find("BEGIN PUBLIC KEY", 1, true), "public")
		return tostring(c.pubkey(priv) == pub)
	`)
	if got != "true" {
		t.Fatalf("pubkey of genkey's key differs")
	}
	w.Fail("usage", "config.genkey", `require("aspera.config").genkey(512)`)
	w.Fail("usage", "config.pubkey", `require("aspera.config").pubkey("not a key")`)
}
