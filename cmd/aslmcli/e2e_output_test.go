package main

import (
	"encoding/json"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

const records = `@json:[{"name":"a","size":1,"meta":{"owner":"x"},"token":"t0k"},{"name":"b","size":22,"meta":{"owner":"y"},"token":"t1k"}]`

func TestOutputFormats(t *testing.T) {
	e := newEnv(t)
	if got := e.ok("config", "echo", records, "--format=csv", "--fields=name,size,meta.owner"); got != "a,1,x\nb,22,y\n" {
		t.Errorf("csv: %q", got)
	}
	want := "meta.owner  name  size  token\nx           a     1     ***\ny           b     22    ***\n"
	if got := e.ok("config", "echo", records); got != want {
		t.Errorf("plain table (piped):\n%s\nwant:\n%s", got, want)
	}
	if got := e.ok("config", "echo", records, "--flat-hash=no", "--fields=name,meta"); got != "name  meta\na     {\"owner\":\"x\"}\nb     {\"owner\":\"y\"}\n" {
		t.Errorf("--flat-hash=no:\n%s", got)
	}
	if got := e.ok("config", "echo", records, "--fields=ALL,-token,-meta.owner", "--format=csv"); got != "a,1\nb,22\n" {
		t.Errorf("ALL,-x: %q", got)
	}
	e.ok("config", "preset", "set", "p", "url", "https://u")
	if got := e.ok("config", "preset", "overview", "--fields=DEF,-value", "--format=csv"); got != "config,version\np,url\n" {
		t.Errorf("DEF,-value: %q", got)
	}
	js := e.ok("config", "echo", records, "--format=json")
	if strings.Contains(js, "t0k") || !strings.Contains(js, `"token":"***"`) {
		t.Errorf("secret in json: %s", js)
	}
	if got := e.ok("config", "echo", records, "--format=json", "--show-secrets=yes"); !strings.Contains(got, "t0k") {
		t.Errorf("--show-secrets: %s", got)
	}
	yml := e.ok("config", "echo", records, "--format=yaml", "--fields=name")
	var y any
	if err := yaml.Unmarshal([]byte(yml), &y); err != nil || len(y.([]any)) != 2 || strings.Contains(yml, "size") {
		t.Errorf("yaml: %v %s", err, yml)
	}
	pp := e.ok("config", "echo", `@json:{"a":1}`, "--format=jsonpp")
	if pp != "{\n  \"a\": 1\n}\n" {
		t.Errorf("jsonpp: %q", pp)
	}
	// --fields applies to a single object in every format
	if got := e.ok("config", "echo", `@json:{"a":1,"b":2}`, "--format=json", "--fields=b"); got != `{"b":2}`+"\n" {
		t.Errorf("fields on object: %q", got)
	}
	// --select: a mapping (dot-paths in every format) or a Lua predicate
	if got := e.ok("config", "echo", records, "--format=json", "--fields=name", `--select=@json:{"meta.owner":"y"}`); got != `[{"name":"b"}]`+"\n" {
		t.Errorf("select json: %q", got)
	}
	if got := e.ok("config", "echo", records, "--format=csv", "--fields=name", "--select=@lua:function(r) return r.size > 5 end"); got != "b\n" {
		t.Errorf("select lua: %q", got)
	}
	e.fails(1, "ERROR: lua: @lua:1: bad predicate", "config", "echo", records, "--select=@lua:function(r) error('bad predicate') end")
}

// TestJSONAlwaysValid: status results, empty results and values parse as JSON and YAML.
func TestJSONAlwaysValid(t *testing.T) {
	e := newEnv(t)
	for _, args := range [][]string{
		{"config", "preset", "set", "p", "k", "v"},
		{"config", "preset", "unset", "p", "nothing"},
		{"config", "preset", "overview"},
		{"config", "echo", "@json:[]"},
		{"config", "echo", "@json:{}"},
		{"config", "echo", "@none:"},
		{"config", "echo", "text"},
		{"config", "preset", "list"},
	} {
		for _, f := range []string{"json", "jsonpp", "yaml"} {
			out := e.ok(append(args, "--format="+f)...)
			var v any
			var err error
			if f == "yaml" {
				err = yaml.Unmarshal([]byte(out), &v)
			} else {
				err = json.Unmarshal([]byte(out), &v)
			}
			if err != nil || out == "" {
				t.Errorf("%v --format=%s: invalid output %q: %v", args, f, out, err)
			}
		}
	}
	if got := e.ok("config", "preset", "set", "p", "k", "v", "--format=json"); got != `{"status":"updated"}`+"\n" {
		t.Errorf("status: %q", got)
	}
}

func TestLogging(t *testing.T) {
	e := newEnv(t)
	script := `local log = require("log"); log.info("connecting", {url="https://x", password="hunter2"}); log.debug("detail"); log.warn("token=abc123 here")`
	r := e.run("run", "-e", script, "--log-level=info")
	r = e.run("--log-level=info", "run", "-e", script)
	if r.code != 0 || !strings.Contains(r.err, "connecting") || strings.Contains(r.err, "detail") {
		t.Fatalf("info level: %v", r)
	}
	if strings.Contains(r.err, "hunter2") || strings.Contains(r.err, "abc123") {
		t.Fatalf("secret in logs: %s", r.err)
	}
	r = e.run("--log-level=debug", "--logger=stdout", "run", "-e", script)
	if !strings.Contains(r.out, "detail") || r.err != "" {
		t.Fatalf("--logger=stdout: %v", r)
	}
	if r := e.run("run", "-e", script); strings.Contains(r.err, "connecting") || !strings.Contains(r.err, "here") {
		t.Fatalf("default level is warn: %v", r)
	}
	e.fails(2, "bad value for --log-level", "--log-level=loud", "config", "list")
}
