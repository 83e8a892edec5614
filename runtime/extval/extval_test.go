package extval

import (
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// testEnv is the environment seen by @env: in the tests.
var testEnv = map[string]string{"AK_ID": "k1", "EMPTY": "", "B64": "eyJhIjoxfQ==", "N": "42"}

// newTest returns a Decoder with a fake environment, the given stdin and echoing hooks.
func newTest(stdin string) *Decoder {
	return New(Hooks{
		Stdin:  strings.NewReader(stdin),
		Getenv: func(n string) (string, bool) { v, ok := testEnv[n]; return v, ok },
		Lua: func(code string) (any, error) {
			if code == "fn" {
				return func() {}, nil
			}
			if code == "fail" {
				return nil, errors.New("lua: boom\nstack traceback:\n\t[G]: ?")
			}
			return "lua:" + code, nil
		},
		Preset: func(p string) (any, error) {
			if p == "missing" {
				return nil, errors.New("no such preset: missing")
			}
			return map[string]any{"preset": p}, nil
		},
		Secret: func(prompt string) (string, error) { return "s3cr3t(" + prompt + ")", nil },
		Vault: func(name string) (any, error) {
			if name == "missing" {
				return nil, errors.New("no vault entry missing")
			}
			return "vault(" + name + ")", nil
		},
	})
}

func TestDecode(t *testing.T) {
	tests := []struct {
		in    string
		want  any
		stdin string
	}{
		{in: "plain", want: "plain"},
		{in: "", want: ""},
		{in: "john@example.com", want: "john@example.com"},
		{in: "@@x", want: "@@x"},
		{in: "@", want: "@"},
		{in: "@:x", want: "@:x"},
		{in: "@ x:y", want: "@ x:y"},
		{in: "@1a:x", want: "@1a:x"},
		{in: "@a-b:x", want: "@a-b:x"},
		{in: "a@json:x", want: "a@json:x"},
		{in: "@val:@nosuch:x", want: "@nosuch:x"},
		{in: "@extend:@nosuch:x@", want: "@nosuch:x@"},
		{in: "@json", want: "@json"},
		{in: "@val:@file:x", want: "@file:x"},
		{in: "@val:", want: ""},
		{in: "@json:@val:[1]", want: []any{int64(1)}},
		{in: "@json:@base64:eyJhIjoxfQ==", want: map[string]any{"a": int64(1)}},
		{in: "@json:@base64:@env:B64", want: map[string]any{"a": int64(1)}},
		{in: "@zlib:@base64:eJzLSM3JyQcABiwCFQ==", want: "hello"},
		{in: "@json:@zlib:@base64:eJyLNtQxigUAA9UBSA==", want: []any{int64(1), int64(2)}},
		{in: "@env:AK_ID", want: "k1"},
		{in: "@env:EMPTY", want: ""},
		{in: "@json:@env:N", want: int64(42)},
		{in: "@none:", want: nil},
		{in: "@stdin:", stdin: "a\nb\n", want: "a\nb\n"},
		{in: "@stdin:bin", stdin: "\x00\xff\n", want: "\x00\xff\n"},
		{in: "@stdin:chomp", stdin: "a\n\n", want: "a\n"},
		{in: "@stdin:chomp", stdin: "a\r\n", want: "a"},
		{in: "@stdin:chomp", stdin: "a", want: "a"},
		{in: "@lines:@stdin:", stdin: "x\ny\n", want: []any{"x", "y"}},
		{in: "@secret:", want: "s3cr3t(secret)"},
		{in: "@secret:password", want: "s3cr3t(password)"},
		{in: "@preset:p.url", want: map[string]any{"preset": "p.url"}},
		{in: "@vault:node1", want: "vault(node1)"},
		{in: "@lua:1+1", want: "lua:1+1"},
		{in: "@lua:@val:@x", want: "lua:@x"},
	}
	for _, tt := range tests {
		got, err := newTest(tt.stdin).Decode(tt.in)
		if err != nil {
			t.Errorf("Decode(%q): %v", tt.in, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Decode(%q) = %#v, want %#v", tt.in, got, tt.want)
		}
	}
}

func TestDecodeChains(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	js := write("x.json", `{"a":[1,2.5,"x",null,true]}`)
	names := write("names.txt", ",alice,bob")
	lines := write("lines.txt", "l1\r\nl2\r\n")
	csvf := write("t.csv", "name,size\na,1\nb,2\n")
	t.Setenv("HOME", dir)
	tests := []struct {
		in   string
		want any
	}{
		{"@file:" + names, ",alice,bob"},
		{"@file:~/names.txt", ",alice,bob"},
		{"@json:@file:" + js, map[string]any{"a": []any{int64(1), 2.5, "x", nil, true}}},
		{"@list:@file:" + names, []any{"alice", "bob"}},
		{"@lines:@file:" + lines, []any{"l1", "l2"}},
		{"@csvt:@file:" + csvf, []any{
			map[string]any{"name": "a", "size": "1"}, map[string]any{"name": "b", "size": "2"}}},
		{"@list:@val:,a", []any{"a"}},
		{"@path:~", dir},
		{"@path:~/a/../b", filepath.Join(dir, "b")},
		{"@path:" + dir + "/x/./y/", filepath.Join(dir, "x", "y")},
	}
	d := newTest("")
	for _, tt := range tests {
		got, err := d.Decode(tt.in)
		if err != nil {
			t.Errorf("Decode(%q): %v", tt.in, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Decode(%q) = %#v, want %#v", tt.in, got, tt.want)
		}
	}
	wd, _ := os.Getwd()
	if got, _ := d.Decode("@path:rel"); got != filepath.Join(wd, "rel") {
		t.Errorf("@path:rel = %v", got)
	}
}

func TestDecodeErrors(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing.json")
	tests := []struct {
		in      string
		decoder string
		msg     string // exact Error() when it starts with "@", else a substring
		offset  int
	}{
		{"@json:@json:1", "json", "@json: expects text, got number", -1},
		{"@file:@none:", "file", "@file: expects text, got nil", -1},
		// issue 12, defect 16: an unset variable is an error naming it, an unknown decoder too
		{"@env:UNSET", "env", "@env: the environment variable UNSET is not set", -1},
		{"@json:@env:UNSET", "env", "@env: the environment variable UNSET is not set", -1},
		{"@extend:x@env:UNSET@", "env", "@env: the environment variable UNSET is not set", -1},
		{"@nosuch:abc", "nosuch", "@nosuch: unknown decoder (use one of: @val: @file: @path: @env: @stdin: @json: @yaml: @base64: @zlib: @list: @lines: @csvt: @none: @secret: @preset: @vault: @lua: @extend:; @val:TEXT keeps a text starting with \"@\" as it is)", -1},
		{"@JSON:1", "JSON", "unknown decoder", -1},
		{"@ruby:1+1", "ruby", "unknown decoder", -1},
		{"@json:@nosuch:x", "nosuch", "unknown decoder", -1},
		{"@unknown:", "unknown", "unknown decoder", -1},
		{"@list:@json:{}", "list", "@list: expects text, got object", -1},
		{"@lines:@json:[]", "lines", "@lines: expects text, got list", -1},
		{"@base64:@json:true", "base64", "@base64: expects text, got boolean", -1},
		{"@json:@lua:fn", "json", "@json: expects text, got function", -1},
		{"@json:@file:" + missing, "file", "cannot read " + missing + ": no such file", -1},
		{"@file:", "file", "@file: needs a file path", -1},
		{"@env:", "env", "@env: needs a variable name", -1},
		{"@none:x", "none", `@none: expects an empty value, got "x"`, -1},
		{"@stdin:raw", "stdin", `unknown mode "raw"`, -1},
		{"@json:", "json", "@json: unexpected end of JSON input at offset 0", 0},
		{"@json:{} x", "json", "invalid character 'x' after top-level value at offset 3: {} x", 3},
		{"@json:[1,", "json", "unexpected end of JSON input at offset 3: [1,", 3},
		{"@yaml:a: [", "yaml", "line 1", -1},
		{"@yaml:a: b\n c: d", "yaml", "line 2", -1},
		{"@base64:ab$d", "base64", "@base64: illegal base64 data at offset 2", 2},
		{"@base64:ab\n\n$d", "base64", "at offset 4", 4},
		{"@base64:a", "base64", "illegal base64 data", 0},
		{"@json:@none:", "json", "@json: expects text, got nil", -1},
		{"@yaml:? [a, 1]\n: v", "yaml", "@yaml: line 1: invalid map key: []interface {}{\"a\", 1}", -1},
		{"@zlib:not zlib", "zlib", "@zlib: cannot inflate: zlib: invalid header", -1},
		{"@zlib:@base64:eJzLSM3JyVcozy/KSVHIAA==", "zlib", "@zlib: cannot inflate: unexpected EOF", -1},
		{"@file:" + filepath.Dir(missing), "file", "is a directory", -1},
		{"@csvt:a,\"b\nc", "csvt", "extraneous or missing \" in quoted-field", -1},
		{"@lua:fail", "lua", "@lua: lua: boom; stack traceback:; [G]: ?", -1},
		{"@preset:missing", "preset", "@preset: no such preset: missing", -1},
		{"@vault:missing", "vault", "@vault: no vault entry missing", -1},
		{"@json:@extend:{\"a\":@json:[@}", "json", "unexpected end of JSON input at offset 1: [", 1},
	}
	for _, tt := range tests {
		_, err := newTest("").Decode(tt.in)
		checkError(t, tt.in, err, tt.decoder, tt.msg, tt.offset)
	}
}

// checkError checks that err is an *Error of decoder with the offset and message.
func checkError(t *testing.T, in string, err error, decoder, msg string, offset int) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Errorf("Decode(%q) error = %v, want an *Error", in, err)
		return
	}
	text := e.Error()
	ok := text == msg
	if !strings.HasPrefix(msg, "@") {
		ok = strings.Contains(text, msg)
	}
	if e.Decoder != decoder || e.Offset != offset || !ok || strings.Contains(text, "\n") {
		t.Errorf("Decode(%q) error = %q (decoder %q, offset %d), want %q (decoder %q, offset %d)",
			in, text, e.Decoder, e.Offset, msg, decoder, offset)
	}
}

func TestJSONErrorOffsetAndContext(t *testing.T) {
	_, err := newTest("").Decode("@json:{bad")
	want := "@json: invalid character 'b' looking for beginning of object key string at offset 1: {b…"
	checkError(t, "@json:{bad", err, "json", want, 1)
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		t.Errorf("Unwrap does not reach the *json.SyntaxError: %v", err)
	}

	in := "{\n  \"key\": \"value\",\n  oops: 1\n}"
	_, err = newTest("").Decode("@json:" + in)
	off := strings.Index(in, "oops")
	checkError(t, in, err, "json", `at offset 22: …value",\n  o…`, off)

	in = `["ééééééé", x, "tail"]`
	_, err = newTest("").Decode("@json:" + in)
	checkError(t, in, err, "json", `at offset 19: …ééé", x…`, strings.Index(in, "x"))
}

func TestHooksNil(t *testing.T) {
	d := New(Hooks{Stdin: strings.NewReader("in")})
	tests := []struct{ in, msg string }{
		{"@secret:", "@secret: no terminal to ask for a secret"},
		{"@preset:p", "@preset: no configuration to read presets from"},
		{"@vault:v", "@vault: no vault to read secrets from"},
		{"@lua:1", "@lua: no Lua engine to evaluate code"},
	}
	for _, tt := range tests {
		_, err := d.Decode(tt.in)
		checkError(t, tt.in, err, strings.Split(tt.in[1:], ":")[0], tt.msg, -1)
	}
	if got, err := d.Decode("@stdin:"); got != "in" || err != nil {
		t.Errorf("@stdin: = %v, %v", got, err)
	}
	t.Setenv("EXTVAL_TEST_VAR", "from-os")
	if got, _ := d.Decode("@env:EXTVAL_TEST_VAR"); got != "from-os" {
		t.Errorf("@env: with nil Getenv = %v, want from-os", got)
	}
}

func TestHookErrorsWrapped(t *testing.T) {
	sentinel := errors.New("cancelled by user.")
	fail := func(string) (any, error) { return nil, sentinel }
	d := New(Hooks{Lua: fail, Preset: fail, Vault: fail,
		Secret: func(string) (string, error) { return "", sentinel }})
	for _, in := range []string{"@lua:x", "@preset:x", "@vault:x", "@secret:"} {
		_, err := d.Decode(in)
		var e *Error
		if !errors.As(err, &e) || !errors.Is(err, sentinel) {
			t.Errorf("Decode(%q) = %v, want an *Error wrapping the hook error", in, err)
		} else if strings.HasSuffix(e.Error(), ".") {
			t.Errorf("Decode(%q) error ends with a period: %q", in, e.Error())
		}
	}
}

type failReader struct{ n int }

func (r *failReader) Read([]byte) (int, error) { r.n++; return 0, errors.New("read failed") }

func TestStdinReadOnce(t *testing.T) {
	d := New(Hooks{Stdin: strings.NewReader("line\n")})
	for _, tt := range []struct{ in, want string }{
		{"@stdin:", "line\n"}, {"@stdin:chomp", "line"}, {"@stdin:bin", "line\n"},
	} {
		if got, err := d.Decode(tt.in); got != tt.want || err != nil {
			t.Errorf("Decode(%q) = %q, %v, want %q", tt.in, got, err, tt.want)
		}
	}
	r := &failReader{}
	d = New(Hooks{Stdin: r})
	for range 2 {
		_, err := d.Decode("@stdin:")
		checkError(t, "@stdin:", err, "stdin", "cannot read standard input: read failed", -1)
	}
	if r.n != 1 {
		t.Errorf("stdin read %d times after an error, want 1", r.n)
	}
}

func TestSecretsNotInErrors(t *testing.T) {
	const secret = "hunter2: [Top"
	d := New(Hooks{
		Secret: func(string) (string, error) { return secret, nil },
		Getenv: func(string) (string, bool) { return secret, true },
		Preset: func(string) (any, error) { return secret, nil },
		Vault:  func(string) (any, error) { return secret, nil },
	})
	for _, in := range []string{
		"@json:@secret:", "@json:@env:PW", "@json:@preset:p.pw", "@json:@vault:n", "@yaml:@secret:",
		"@none:@secret:", "@file:@secret:", "@stdin:@secret:", "@base64:@secret:",
		"@json:@extend:{\"pw\":@secret:@}", "@json:@extend:@env:X@",
		"@json:@zlib:@secret:", "@json:@list:@secret:",
	} {
		_, err := d.Decode(in)
		if err == nil || strings.Contains(err.Error(), "hunter") || strings.Contains(err.Error(), "Top") {
			t.Errorf("Decode(%q) error = %v, want an error without the secret", in, err)
		}
	}
}

func TestDecodeValue(t *testing.T) {
	d := newTest("")
	m := map[string]any{"k": "@env:AK_ID"}
	for _, v := range []any{nil, int64(3), true, m, []any{"@env:AK_ID"}} {
		got, err := d.DecodeValue(v)
		if err != nil || !reflect.DeepEqual(got, v) {
			t.Errorf("DecodeValue(%#v) = %#v, %v, want it unchanged", v, got, err)
		}
	}
	if got, err := d.DecodeValue("@env:AK_ID"); got != "k1" || err != nil {
		t.Errorf("DecodeValue(@env:AK_ID) = %v, %v", got, err)
	}
}

func TestNamesAndIsExtended(t *testing.T) {
	names := Names()
	if names[0] != "val" || names[1] != "file" || len(names) != len(registry) {
		t.Errorf("Names() = %v", names)
	}
	for _, n := range names {
		if registry[n] == nil || !IsExtended("@"+n+":") {
			t.Errorf("name %q is not registered", n)
		}
	}
	names[0] = "changed"
	if Names()[0] != "val" {
		t.Error("Names() shares its slice with the package")
	}
	for _, s := range []string{"", "x", "@", "@:", "@json", "@nope:x", "a@json:x", "@Json:x"} {
		if IsExtended(s) {
			t.Errorf("IsExtended(%q) = true", s)
		}
	}
}

func TestErrorType(t *testing.T) {
	inner := io.ErrUnexpectedEOF
	e := &Error{Decoder: "zlib", Offset: -1, Err: inner}
	if e.Error() != "@zlib: unexpected EOF" || !errors.Is(e, inner) {
		t.Errorf("Error() = %q", e.Error())
	}
	e = &Error{Decoder: "json", Offset: 1, Msg: "bad"}
	if e.Error() != "@json: bad" || e.Unwrap() != nil {
		t.Errorf("Error() = %q", e.Error())
	}
}

// fuzzLimits are the size limits of the fuzzed decoders: small, so that a bomb the fuzzer
// finds is refused at once, and so that the bound of the property is checked for real.
const fuzzMaxSize, fuzzMaxAlias = 1 << 16, 1 << 12

func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		"", "x", "@json:{bad", "@json:@base64:eyJhIjoxfQ==", "@zlib:@base64:eJzLSM3JyQcABiwCFQ==",
		"@yaml:a: [1, {b: 2}]\n", "@csvt:a,b\n1,2\n", "@list:,a,b", "@lines:a\r\nb",
		"@json:@extend:{\"id\":\"@env:AK_ID@\",\"n\":@json:5@}", "@extend:@extend:@val:x@",
		"@stdin:chomp", "@none:", "@secret:", "@lua:x", "@preset:a.b", "@val:@json:x",
		"@base64:-_8=", "@json:@yaml:a", "@json:1e400", "@yaml:? [a]\n: b",
		"@env:UNSET", "@nosuch:x", "@json:@nosuch:x", "@JSON:1", "john@example.com",
		"@zlib:@base64:" + zlibBomb(fuzzMaxSize+1), "@lines:@zlib:@base64:" + zlibBomb(1<<20),
		"@yaml:" + laughs(9), "@yaml:" + laughs(3), "@yaml:a: &a [*a]",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if strings.Contains(s, "file:") { // could name a FIFO (a device is bounded by MaxSize)
			t.Skip()
		}
		for _, d := range []*Decoder{newTest("fuzz\n"), New(Hooks{Stdin: strings.NewReader("")})} {
			d.maxSize, d.maxAlias = fuzzMaxSize, fuzzMaxAlias
			v, err := d.Decode(s)
			if err != nil {
				var e *Error
				if !errors.As(err, &e) || v != nil || strings.Contains(e.Error(), "\n") {
					t.Fatalf("Decode(%q) = %v, %v", s, v, err)
				}
				continue
			}
			// what a decoded value holds is bounded by the input and the limits
			nodes, longest := measure(v)
			if nodes > len(s)+fuzzMaxSize+fuzzMaxAlias+10 || longest > max(len(s)+10, fuzzMaxSize) {
				t.Fatalf("Decode(%q): %d nodes, a text of %d bytes: past the limits", s, nodes, longest)
			}
		}
	})
}

// measure counts the values (nodes) of a decoded value and the length of its longest text.
func measure(v any) (nodes, longest int) {
	switch t := v.(type) {
	case string:
		return 1, len(t)
	case map[string]any:
		nodes = 1
		for k, e := range t {
			n, l := measure(e)
			nodes, longest = nodes+n, max(longest, l, len(k))
		}
	case []any:
		nodes = 1
		for _, e := range t {
			n, l := measure(e)
			nodes, longest = nodes+n, max(longest, l)
		}
	default:
		nodes = 1
	}
	return nodes, longest
}
