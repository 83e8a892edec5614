package log_test

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"

	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/runtime/luatest"
	"github.com/asperalm/aslmcli/stdlib/json"
	"github.com/asperalm/aslmcli/stdlib/log"
)

func TestLog(t *testing.T) {
	var buf bytes.Buffer
	e := &runtime.Engine{
		Log:     runtime.NewLogger(&buf, slog.LevelInfo),
		Modules: []runtime.Module{log.Module, json.Module},
	}
	s := luatest.NewWith(t, t.Context(), e)
	s.Must(`
		local log, json = require("log"), require("json")
		log.debug("hidden at info level", {x = 1})
		log.info("transfer started", {user = "bob", password = "s3cret", n = 2, ok = true,
			nested = {token = "abc", id = 7}, none = json.null})
		log.warn("no fields")
		log.error("failed: Bearer eyJhbGciOi")`)
	out := buf.String()
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 {
		t.Fatalf("want 3 lines, got:\n%s", out)
	}
	wantInfo := `level=INFO msg="transfer started" n=2 nested="map[id:7 token:***]" none=<nil> ok=true password=*** user=bob`
	for i, want := range []string{wantInfo, `level=WARN msg="no fields"`, `level=ERROR msg="failed: Bearer ***"`} {
		if _, after, _ := strings.Cut(lines[i], " "); after != want { // drop time=...
			t.Errorf("line %d:\n got %s\nwant %s", i+1, after, want)
		}
	}
	for _, secret := range []string{"s3cret", "abc", "eyJhbGciOi", "hidden"} {
		if strings.Contains(out, secret) {
			t.Errorf("%q reached the log:\n%s", secret, out)
		}
	}
	s.Fail(runtime.KindLua, "fields must be a table with string keys", `require("log").info("x", {1, 2})`)
	s.Fail(runtime.KindLua, "contains itself", `local t = {} t.t = t require("log").info("x", t)`)
	s.Fail(runtime.KindLua, "bad argument #1", `require("log").info({})`)
}

func TestNoLogger(t *testing.T) {
	s := luatest.New(t, log.Module)
	s.Must(`local log = require("log") log.info("nothing happens", {a = 1}) log.error("x")`)
	if s.Out.Len()+s.Err.Len() != 0 {
		t.Errorf("wrote %q %q", s.Out, s.Err)
	}
}
