package main

import (
	"bytes"
	"compress/zlib"
	"encoding/base64"
	"testing"
)

func TestExtendedValues(t *testing.T) {
	e := newEnv(t)
	e.write("data.json", `{"a":[1,2],"b":"x"}`)
	e.write("text.txt", "hello file\n")
	e.write("list.txt", "l1\nl2\n")
	e.write("table.csv", "name,size\nf1,10\nf2,20\n")
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write([]byte(`{"zipped":true}`))
	zw.Close()
	e.setenv("MY_VAR=from env", "B64="+base64.StdEncoding.EncodeToString([]byte(`{"k":"v"}`)))
	e.ok("config", "preset", "set", "ak", "username", "key_id")
	cases := []struct {
		value, want string
	}{
		{"plain", `"plain"`},
		{"@val:@json:{x", `"@json:{x"`},
		{"@file:data.json", `"{\"a\":[1,2],\"b\":\"x\"}"`},
		{"@json:@file:data.json", `{"a":[1,2],"b":"x"}`},
		{"@path:~/x", `"` + e.dir + `/x"`},
		{"@env:MY_VAR", `"from env"`},
		{"@json:@base64:@env:B64", `{"k":"v"}`},
		{"@json:@zlib:@base64:" + base64.StdEncoding.EncodeToString(z.Bytes()), `{"zipped":true}`},
		{`@yaml:{a: 1, b: [x]}`, `{"a":1,"b":["x"]}`},
		{"@list:,a,b", `["a","b"]`},
		{"@lines:@file:list.txt", `["l1","l2"]`},
		{"@csvt:@file:table.csv", `[{"name":"f1","size":"10"},{"name":"f2","size":"20"}]`},
		{"@none:", `null`},
		{"@lua:1+1", `2`},
		{"@lua:{n=#'abc', l={1,2}}", `{"l":[1,2],"n":3}`},
		{"@preset:ak.username", `"key_id"`},
		{`@json:@extend:{"id":"@preset:ak.username@","v":"@env:MY_VAR@"}`, `{"id":"key_id","v":"from env"}`},
		{"@json:9007199254740993", `9007199254740993`},
	}
	for _, c := range cases {
		if got := e.ok("config", "echo", c.value, "--format=json"); got != c.want+"\n" {
			t.Errorf("echo %s: got %s want %s", c.value, got, c.want)
		}
	}
	if got := e.runIn("piped text\n", "config", "echo", "@stdin:", "--format=json"); got.out != `"piped text\n"`+"\n" {
		t.Errorf("@stdin: %v", got)
	}
	if got := e.runIn(`{"s":1}`, "config", "echo", "@json:@stdin:", "--format=json"); got.out != `{"s":1}`+"\n" {
		t.Errorf("@json:@stdin: %v", got)
	}
	// values work for options and preset values too
	e.ok("config", "preset", "set", "p", "greeting", "@val:@env:MY_VAR")
	e.helloPlugin()
	if got := e.ok("hello", "world", "-Pp"); got != "from env, world!\n" {
		t.Errorf("preset value decoded when read: %q", got)
	}
	if got := e.ok("hello", "world", "--greeting=@file:text.txt"); got != "hello file\n, world!\n" {
		t.Errorf("option value: %q", got)
	}
}

func TestBadExtendedValues(t *testing.T) {
	e := newEnv(t)
	r := e.fails(2, "@json: invalid character 'b' looking for beginning of object key string at offset 1", "config", "echo", "@json:{bad")
	if len(lines(r.err)) != 1 {
		t.Fatalf("not one line: %q", r.err)
	}
	e.fails(2, "bad value for --fields (from --fields): @json:", "config", "list", "--fields=@json:[1,")
	e.fails(2, "@file:", "config", "echo", "@file:/nonexistent/file")
	e.fails(2, "@none:", "config", "echo", "@none:x")
	e.fails(2, "@secret: needs a terminal", "config", "echo", "@secret:pass")
	e.fails(2, "@lua:", "config", "echo", "@lua:1+")
	e.helloPlugin()
	e.ok("config", "preset", "set", "bad", "greeting", "@val:@json:{oops")
	e.fails(2, "bad value for --greeting (from preset bad): @json:", "hello", "world", "-Pbad")
}
