package main

import (
	"bytes"
	"compress/zlib"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOutputWholeRecords (issue 12, output): json and yaml without --fields give every field
// of each record; default fields apply to table and csv; --fields=-x is "the default fields
// minus x" (defect 2); name/value lists show as name-keyed fields in tables.
func TestOutputWholeRecords(t *testing.T) {
	e := newEnv(t)
	root := filepath.Join(e.dir, "served")
	if err := os.MkdirAll(filepath.Join(root, "in"), 0o755); err != nil {
		t.Fatal(err)
	}
	e.write("served/in/f.txt", "12345")
	url, _ := startSimulator(t, e, "--root="+root)
	auth := []string{"--url=" + url, "--username=node_user", "--password=node_pass"}
	node := func(args ...string) string { return e.ok(append(append([]string{"node"}, args...), auth...)...) }

	// json: the whole entry, not the five default fields
	var entries []map[string]any
	if err := json.Unmarshal([]byte(node("browse", "/in", "--format=json")), &entries); err != nil || len(entries) != 1 {
		t.Fatalf("browse json: %v %v", entries, err)
	}
	for _, k := range []string{"basename", "type", "size", "mtime", "path", "permissions"} {
		if _, ok := entries[0][k]; !ok {
			t.Errorf("browse json lacks %q: %v", k, entries[0])
		}
	}
	if len(entries[0]) <= 5 {
		t.Errorf("browse json has only the default fields: %v", entries[0])
	}
	// csv: the default fields (basename,type,size,mtime,path), or them minus mtime
	csv := node("browse", "/in", "--format=csv")
	if f := strings.Split(strings.TrimSpace(csv), ","); len(f) != 5 || f[0] != "f.txt" || f[2] != "5" || f[4] != "/in/f.txt" {
		t.Fatalf("browse csv: %q", csv)
	}
	if got := node("browse", "/in", "--format=csv", "--fields=-mtime"); got != "f.txt,file,5,/in/f.txt\n" {
		t.Errorf("--fields=-mtime: %q", got)
	}
	if got := node("browse", "/in", "--format=csv", "--fields=-mtime,-path,-type"); got != "f.txt,5\n" {
		t.Errorf("--fields=-mtime,-path,-type: %q", got)
	}
	var noMtime []map[string]any
	if err := json.Unmarshal([]byte(node("browse", "/in", "--format=json", "--fields=-mtime")), &noMtime); err != nil ||
		len(noMtime) != 1 || noMtime[0]["mtime"] != nil || noMtime[0]["basename"] != "f.txt" || noMtime[0]["permissions"] == nil {
		t.Errorf("json --fields=-mtime: %v %v", noMtime, err)
	}
	// node info: capabilities and settings are name/value lists
	info := node("info")
	for _, want := range []string{"\ncapabilities.sync     true\n", "\nsettings.wss_enabled  false\n", "\nsettings.wss_port     443\n"} {
		if !strings.Contains(info, want) {
			t.Errorf("node info lacks %q:\n%s", want, info)
		}
	}
	if strings.Contains(info, "capabilities.0.name") {
		t.Errorf("node info flattens by index:\n%s", info)
	}
	if got := node("info", "--fields=capabilities.sync", "--format=csv"); got != "true\n" {
		t.Errorf("--fields=capabilities.sync: %q", got)
	}
	if got := node("info", "--format=json"); !strings.Contains(got, `"capabilities":[{"name":"sync","value":"true"}]`) {
		t.Errorf("node info json changed the list: %s", got)
	}
}

// TestOneFieldObjects (defects 11 and 22): an object keeps its key, whatever its number of
// fields; only --fields naming one field prints the value alone.
func TestOneFieldObjects(t *testing.T) {
	e := newEnv(t)
	if got := e.ok("config", "echo", `@json:{"a":1}`); got != "field  value\na      1\n" {
		t.Errorf("table: %q", got)
	}
	if got := e.ok("config", "echo", `@json:{"a":1}`, "--format=csv"); got != "a,1\n" {
		t.Errorf("csv: %q", got)
	}
	// the README's example prints what its comment says
	if got := e.ok("config", "echo", "@json:@base64:eyJhIjoxfQ==", "--format=json"); got != `{"a":1}`+"\n" {
		t.Errorf("README example: %q", got)
	}
	e.ok("config", "preset", "set", "one", "url", "https://h")
	if got := e.ok("config", "preset", "show", "one"); got != "field  value\nurl    https://h\n" {
		t.Errorf("one-parameter preset: %q", got)
	}
	if got := e.ok("config", "echo", `@json:{"a":1,"b":2}`, "--fields=b", "--format=csv"); got != "2\n" {
		t.Errorf("--fields=b: %q", got)
	}
}

// TestFloatsInTables (defect 18): floats are rounded for display, exact in json.
func TestFloatsInTables(t *testing.T) {
	e := newEnv(t)
	v := `@json:{"elapsed":1.7384790780000001,"rate":0.30000000000000004}`
	if got := e.ok("config", "echo", v, "--format=csv"); got != "elapsed,1.738479078\nrate,0.3\n" {
		t.Errorf("csv: %q", got)
	}
	if got := e.ok("config", "echo", v, "--format=json"); got != `{"elapsed":1.7384790780000001,"rate":0.30000000000000004}`+"\n" {
		t.Errorf("json: %q", got)
	}
}

// TestEnvAndUnknownDecoders (defect 16).
func TestEnvAndUnknownDecoders(t *testing.T) {
	e := newEnv(t)
	e.setenv("EMPTY_VAR=")
	e.fails(2, "ERROR: usage: bad value for argument VALUE: @env: the environment variable NOSUCHVAR is not set", "config", "echo", "@env:NOSUCHVAR")
	e.fails(2, "the environment variable NOSUCHVAR is not set", "node", "info", "--url=http://127.0.0.1:1", "--username=u", "--password=@env:NOSUCHVAR")
	if got := e.ok("config", "echo", "@env:EMPTY_VAR", "--format=json"); got != `""`+"\n" {
		t.Errorf("@env: of an empty variable: %q", got)
	}
	e.fails(2, "@nosuch: unknown decoder (use one of: @val: @file:", "config", "echo", "@nosuch:abc")
	e.fails(2, "@nosuch: unknown decoder", "config", "echo", "@json:@nosuch:abc")
	for _, literal := range []string{"john@example.com", "@@x", "a@b:c"} {
		if got := e.ok("config", "echo", literal, "--format=json"); got != fmt.Sprintf("%q\n", literal) {
			t.Errorf("%s: %q", literal, got)
		}
	}
	if got := e.ok("config", "echo", "@val:@nosuch:abc", "--format=json"); got != `"@nosuch:abc"`+"\n" {
		t.Errorf("@val: %q", got)
	}
}

// TestDecoderBombs (defect 21): a zlib bomb past 256 MiB and a YAML billion laughs fail with
// a clear error (exit 2) instead of exhausting memory.
func TestDecoderBombs(t *testing.T) {
	e := newEnv(t)
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.BestCompression)
	zeros := make([]byte, 1<<20)
	for i := 0; i <= 256; i++ { // 257 MiB of zeros: about 260 KB compressed
		_, _ = zw.Write(zeros)
	}
	_ = zw.Close()
	bomb := e.write("bomb.z", z.String())
	e.fails(2, "@zlib: the value is too large (more than the limit of 256 MiB)", "config", "echo", "@zlib:@file:"+bomb)

	var y strings.Builder
	y.WriteString("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	for c := 'b'; c <= 'j'; c++ {
		fmt.Fprintf(&y, "%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]\n", c, c, c-1, c-1, c-1, c-1, c-1, c-1, c-1, c-1, c-1)
	}
	laughs := e.write("laughs.yaml", y.String())
	e.fails(2, "@yaml: aliases expand to more than 1048576 nodes: refused", "config", "echo", "@yaml:@file:"+laughs)
}
