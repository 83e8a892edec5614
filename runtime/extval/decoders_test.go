package extval

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// decodeTable runs Decode on each input and compares with the wanted value.
func decodeTable(t *testing.T, tests map[string]any) {
	t.Helper()
	for in, want := range tests {
		got, err := newTest("").Decode(in)
		if err != nil {
			t.Errorf("Decode(%q): %v", in, err)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Decode(%q) = %#v (%T), want %#v (%T)", in, got, got, want, want)
		}
	}
}

func TestJSON(t *testing.T) {
	decodeTable(t, map[string]any{
		`@json:1`:                    int64(1),
		`@json:-0`:                   int64(0),
		`@json:1.5`:                  1.5,
		`@json:1e3`:                  1000.0,
		`@json:9223372036854775807`:  int64(9223372036854775807),
		`@json:9223372036854775808`:  json.Number("9223372036854775808"),
		`@json:-9223372036854775809`: json.Number("-9223372036854775809"),
		`@json:1e400`:                json.Number("1e400"),
		`@json:"s"`:                  "s",
		`@json:null`:                 nil,
		`@json: [true, false] `:      []any{true, false},
		`@json:{"a":{"b":[1,{"c":2.0}]}}`: map[string]any{
			"a": map[string]any{"b": []any{int64(1), map[string]any{"c": 2.0}}}},
		`@json:{}`: map[string]any{},
		`@json:[]`: []any{},
	})
}

func TestYAML(t *testing.T) {
	decodeTable(t, map[string]any{
		"@yaml:a: 1\nb: [x, 2.5, true, null]\n": map[string]any{
			"a": int64(1), "b": []any{"x", 2.5, true, nil}},
		"@yaml:- 1\n- {k: v}": []any{int64(1), map[string]any{"k": "v"}},
		"@yaml:1: one\ntrue: t\n~: n\n1.5: f": map[string]any{
			"1": "one", "true": "t", "null": "n", "1.5": "f"},
		"@yaml:18446744073709551615":   json.Number("18446744073709551615"),
		"@yaml:9223372036854775807":    int64(9223372036854775807),
		"@yaml:plain text":             "plain text",
		"@yaml:":                       nil,
		"@yaml:!!timestamp 2024-01-02": "2024-01-02",
		"@yaml:2024-01-02T10:00:00.5Z": "2024-01-02T10:00:00.5Z",
		"@yaml:2024-01-02":             "2024-01-02",
		"@yaml:a: &x [1]\nb: *x":       map[string]any{"a": []any{int64(1)}, "b": []any{int64(1)}},
		"@json:@yaml:'{\"a\": 1}'":     map[string]any{"a": int64(1)},
		"@yaml:@json:\"k: [1]\"":       map[string]any{"k": []any{int64(1)}},
	})
}

func TestBase64(t *testing.T) {
	decodeTable(t, map[string]any{
		"@base64:eyJhIjoxfQ==":       `{"a":1}`,
		"@base64:eyJhIjoxfQ":         `{"a":1}`,
		"@base64:eyJh\n Ijox\r\nfQ=": `{"a":1}`,
		"@base64:-__-":               "\xfb\xff\xfe",
		"@base64:+//+":               "\xfb\xff\xfe",
		"@base64:":                   "",
	})
}

func TestListLinesNone(t *testing.T) {
	decodeTable(t, map[string]any{
		"@list:,a,b":    []any{"a", "b"},
		"@list:":        []any{},
		"@list:,":       []any{},
		"@list:,a,":     []any{"a", ""},
		"@list:|a,b|c":  []any{"a,b", "c"},
		"@list:→a→b":    []any{"a", "b"},
		"@list: x y":    []any{"x", "y"},
		"@lines:":       []any{},
		"@lines:a":      []any{"a"},
		"@lines:a\nb\n": []any{"a", "b"},
		"@lines:a\r\nb": []any{"a", "b"},
		"@lines:\n":     []any{""},
		"@lines:a\n\nb": []any{"a", "", "b"},
		"@lines:a\n\n":  []any{"a", ""},
		"@none:":        nil,
		"@val:@none:":   "@none:",
		"@lines:@val:x": []any{"x"},
	})
}

func TestCSVT(t *testing.T) {
	decodeTable(t, map[string]any{
		"@csvt:":                   []any{},
		"@csvt:a,b\n":              []any{},
		"@csvt:\n,\na,b\n1,2\n":    []any{map[string]any{"a": "1", "b": "2"}},
		"@csvt:a,b\n1\n1,2,3\n":    []any{map[string]any{"a": "1", "b": nil}, map[string]any{"a": "1", "b": "2"}},
		"@csvt:n,v\r\nx,\"1,2\"":   []any{map[string]any{"n": "x", "v": "1,2"}},
		"@csvt:n\n\"multi\nline\"": []any{map[string]any{"n": "multi\nline"}},
	})
}

func TestExtend(t *testing.T) {
	decodeTable(t, map[string]any{
		`@json:@extend:{"id":"@env:AK_ID@","n":@json:5@}`: map[string]any{"id": "k1", "n": int64(5)},
		"@extend:pre-@preset:p2.url@-post":                `pre-{"preset":"p2.url"}-post`,
		"@extend:@env:EMPTY@|@none:@|@json:[1, \"<&>\"]@": `||[1,"<&>"]`,
		"@extend:john@example.com":                        "john@example.com",
		"@extend:@env:AK_ID":                              "@env:AK_ID",
		"@extend:@val:x@ @extend:y@":                      "@val:x@ @extend:y@",
		"@extend:a@@env:AK_ID@@b":                         "a@k1@b",
		"@extend:@env:AK_ID@@env:N@":                      "k142",
		"@extend:@lua:code@":                              "lua:code",
		"@extend:@base64:QGVudjpBS19JREA=@":               "k1", // a second round
		"@extend:":                                        "",
	})
}

func TestExtendErrors(t *testing.T) {
	self := map[string]string{"LOOP": "@env:LOOP@", "FN": ""}
	d := New(Hooks{
		Getenv: func(n string) (string, bool) { v, ok := self[n]; return v, ok },
		Lua:    func(string) (any, error) { return func() {}, nil },
	})
	_, err := d.Decode("@extend:x@env:LOOP@y")
	checkError(t, "loop", err, "extend", "@extend: still replacing after 10 rounds: does a value refer to itself?", -1)
	_, err = d.Decode("@extend:@lua:f@")
	checkError(t, "func", err, "extend", "cannot insert the function value of @lua:", -1)
	_, err = d.Decode("@extend:@json:{x@")
	checkError(t, "inner", err, "json", "@json: invalid character 'x' looking for beginning of object key string at offset 1: {x", 1)
	_, err = d.Decode("@extend:@json:@env:N@") // the parameter ends at the next "@"
	checkError(t, "chain", err, "json", "@json: unexpected end of JSON input at offset 0", 0)
	_, err = d.Decode("@extend:@env:@")
	checkError(t, "empty", err, "env", "@env: needs a variable name", -1)
}

func TestTypeNames(t *testing.T) {
	for v, want := range map[any]string{
		"s": "text", 1: "number", int64(1): "number", 1.5: "number", json.Number("1"): "number",
		true: "boolean", struct{}{}: "object", [1]int{}: "list",
	} {
		if got := typeName(v); got != want {
			t.Errorf("typeName(%#v) = %q, want %q", v, got, want)
		}
	}
	for v, want := range map[string]any{"nil": nil, "object": map[string]any{}, "list": []any{},
		"function": func() {}, "chan int": make(chan int)} {
		if got := typeName(want); got != v {
			t.Errorf("typeName(%T) = %q, want %q", want, got, v)
		}
	}
}

func TestOneLine(t *testing.T) {
	for in, want := range map[string]string{
		"a.": "a", "a\nb.": "a; b", "  a \r\n\n b ": "a; b", "": "", "v1.2": "v1.2",
	} {
		if got := oneLine(in); got != want {
			t.Errorf("oneLine(%q) = %q, want %q", in, got, want)
		}
	}
	if !strings.Contains(excerpt("a\tb", 1), `\t`) {
		t.Error("excerpt does not escape tabs")
	}
}
