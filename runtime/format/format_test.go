package format

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// render runs Write and checks that json/yaml outputs parse back.
func render(t *testing.T, r Result, o Options) (string, error) {
	t.Helper()
	var b bytes.Buffer
	err := Write(&b, r, o)
	if err != nil {
		return b.String(), err
	}
	mustParse(t, o.Format, b.String())
	return b.String(), nil
}

func mustParse(t *testing.T, format, out string) any {
	t.Helper()
	var v any
	switch format {
	case "json", "jsonpp":
		if err := json.Unmarshal([]byte(out), &v); err != nil {
			t.Fatalf("invalid json %q: %v", out, err)
		}
	case "yaml":
		if err := yaml.Unmarshal([]byte(out), &v); err != nil {
			t.Fatalf("invalid yaml %q: %v", out, err)
		}
	}
	return v
}

var (
	obj  = map[string]any{"id": 7, "name": "a,b", "tags": []any{"x", "y"}, "sub": map[string]any{"k": true}}
	list = []any{
		map[string]any{"id": int64(1), "name": "alpha", "size": 10.0},
		map[string]any{"id": int64(2), "name": "beta", "size": 2.5, "owner": map[string]any{"uid": "u2"}},
	}
)

// formats of the matrix: "tty" is the table format on a terminal.
var matrixFormats = []string{"table", "tty", "csv", "json", "jsonpp", "yaml"}

func TestFormatKindMatrix(t *testing.T) {
	cases := []struct {
		name string
		r    Result
		want []string // in the order of matrixFormats
	}{
		{"object", Result{Kind: Object, Data: obj}, []string{
			"field  value\nid     7\nname   a,b\nsub.k  true\ntags   x\n       y\n",
			"╭───────┬───────╮\n│ field │ value │\n├───────┼───────┤\n│ id    │ 7     │\n│ name  │ a,b   │\n│ sub.k │ true  │\n│ tags  │ x     │\n│       │ y     │\n╰───────┴───────╯\n",
			"id,7\nname,\"a,b\"\nsub.k,true\ntags,\"x, y\"\n",
			`{"id":7,"name":"a,b","sub":{"k":true},"tags":["x","y"]}` + "\n",
			"{\n  \"id\": 7,\n  \"name\": \"a,b\",\n  \"sub\": {\n    \"k\": true\n  },\n  \"tags\": [\n    \"x\",\n    \"y\"\n  ]\n}\n",
			"id: 7\nname: a,b\nsub:\n  k: true\ntags:\n  - x\n  - \"y\"\n",
		}},
		{"object list", Result{Data: list}, []string{
			"id  name   owner.uid  size\n1   alpha             10\n2   beta   u2         2.5\n",
			"╭────┬───────┬───────────┬──────╮\n│ id │ name  │ owner.uid │ size │\n├────┼───────┼───────────┼──────┤\n│ 1  │ alpha │           │ 10   │\n│ 2  │ beta  │ u2        │ 2.5  │\n╰────┴───────┴───────────┴──────╯\n",
			"1,alpha,,10\n2,beta,u2,2.5\n",
			`[{"id":1,"name":"alpha","size":10},{"id":2,"name":"beta","owner":{"uid":"u2"},"size":2.5}]` + "\n",
			"[\n  {\n    \"id\": 1,\n    \"name\": \"alpha\",\n    \"size\": 10\n  },\n  {\n    \"id\": 2,\n    \"name\": \"beta\",\n    \"owner\": {\n      \"uid\": \"u2\"\n    },\n    \"size\": 2.5\n  }\n]\n",
			"- id: 1\n  name: alpha\n  size: 10\n- id: 2\n  name: beta\n  owner:\n    uid: u2\n  size: 2.5\n",
		}},
		{"value list", Result{Kind: ValueList, Data: []string{"a", "b c"}, Name: "file"}, []string{
			"file\na\nb c\n",
			"╭──────╮\n│ file │\n├──────┤\n│ a    │\n│ b c  │\n╰──────╯\n",
			"a\nb c\n",
			`["a","b c"]` + "\n",
			"[\n  \"a\",\n  \"b c\"\n]\n",
			"- a\n- b c\n",
		}},
		{"value list default name", Result{Data: []any{1, nil, true}}, []string{
			"value\n1\n<null>\ntrue\n",
			"╭────────╮\n│ value  │\n├────────┤\n│ 1      │\n│ <null> │\n│ true   │\n╰────────╯\n",
			"1\n<null>\ntrue\n",
			"[1,null,true]\n",
			"[\n  1,\n  null,\n  true\n]\n",
			"- 1\n- null\n- true\n",
		}},
		{"value", Result{Data: "a<b>&c"}, []string{
			"a<b>&c\n", "a<b>&c\n", "a<b>&c\n", `"a<b>&c"` + "\n", `"a<b>&c"` + "\n", "a<b>&c\n",
		}},
		{"value number", Result{Kind: Value, Data: 1e6}, []string{
			"1000000\n", "1000000\n", "1000000\n", "1000000\n", "1000000\n", "1e+06\n",
		}},
		{"status", Result{Kind: Status, Data: "deleted, ok"}, []string{
			"deleted, ok\n", "deleted, ok\n", "\"deleted, ok\"\n", `{"status":"deleted, ok"}` + "\n",
			"{\n  \"status\": \"deleted, ok\"\n}\n", "status: deleted, ok\n",
		}},
		{"nothing", Result{Data: nil}, []string{"", "", "", "null\n", "null\n", "null\n"}},
		{"empty object list", Result{Kind: ObjectList, Data: []any{}}, []string{"", "(empty)\n", "", "[]\n", "[]\n", "[]\n"}},
		{"empty value list", Result{Kind: ValueList, Data: nil}, []string{"", "(empty)\n", "", "[]\n", "[]\n", "[]\n"}},
		{"empty object", Result{Data: map[string]string{}}, []string{"", "(empty)\n", "", "{}\n", "{}\n", "{}\n"}},
		{"auto empty list", Result{Data: []any{}}, []string{"", "(empty)\n", "", "[]\n", "[]\n", "[]\n"}},
	}
	for _, c := range cases {
		for i, f := range matrixFormats {
			t.Run(c.name+"/"+f, func(t *testing.T) {
				o := Options{Format: f, FlatHash: true}
				if f == "tty" {
					o = Options{TTY: true, FlatHash: true}
				}
				got, err := render(t, c.r, o)
				if err != nil {
					t.Fatal(err)
				}
				if got != c.want[i] {
					t.Errorf("got\n%s\nwant\n%s", got, c.want[i])
				}
			})
		}
	}
}

func TestValidStructuredOutput(t *testing.T) {
	cases := []struct {
		r    Result
		want any
	}{
		{Result{Kind: Status, Data: "done"}, map[string]any{"status": "done"}},
		{Result{Kind: Nothing, Data: "ignored"}, nil},
		{Result{Kind: ObjectList}, []any{}},
		{Result{Kind: ValueList, Data: []any{}}, []any{}},
		{Result{Kind: Object, Data: map[string]any{}}, map[string]any{}},
	}
	for _, c := range cases {
		for _, f := range []string{"json", "jsonpp", "yaml"} {
			var b bytes.Buffer
			if err := Write(&b, c.r, Options{Format: f}); err != nil {
				t.Fatal(err)
			}
			got := mustParse(t, f, b.String())
			if g, w := compactJSON(got), compactJSON(c.want); g != w {
				t.Errorf("%s %v: got %s want %s", f, c.r, g, w)
			}
		}
	}
}

func TestFields(t *testing.T) {
	def := []string{"name", "id"}
	cases := []struct {
		name   string
		fields any
		format string
		data   any
		def    []string
		want   string
	}{
		{"no spec is DEF", nil, "csv", list, def, "alpha,1\nbeta,2\n"},
		{"DEF without defaults is all", "DEF", "csv", list, nil, "1,alpha,,10\n2,beta,u2,2.5\n"},
		{"DEF then add", "DEF,size", "csv", list, def, "alpha,1,10\nbeta,2,2.5\n"},
		{"ALL minus", "ALL,-name,-size", "csv", list, def, "1,\n2,u2\n"},
		{"list spec", []any{"-name", "owner.uid,DEF"}, "csv", list, def, ",alpha,1\nu2,beta,2\n"},
		{"string list spec", []string{"id", "id", "name"}, "csv", list, def, "1,alpha\n2,beta\n"},
		{"unknown kept", "id,nope", "table", list, def, "id  nope\n1\n2\n"},
		{"unknown in json", "id,nope", "json", list, def, `[{"id":1},{"id":2}]` + "\n"},
		{"dot path json", "owner.uid", "json", list, nil, `[{},{"owner":{"uid":"u2"}}]` + "\n"},
		{"dot path no flat", "owner.uid,id", "csv", list, nil, ",1\nu2,2\n"},
		{"parent of flat keys", "owner", "csv", list, nil, "\n\"{\"\"uid\"\":\"\"u2\"\"}\"\n"},
		{"single object json", "id,sub.k", "json", obj, nil, `{"id":7,"sub":{"k":true}}` + "\n"},
		{"single object yaml", "tags", "yaml", obj, nil, "tags:\n  - x\n  - \"y\"\n"},
		{"single object wide then narrow", "sub,sub.k", "json", obj, nil, `{"sub":{"k":true}}` + "\n"},
		{"single object one field table", "name", "table", obj, nil, "a,b\n"},
		{"single object one field tty", "tags", "tty", obj, nil, "x\ny\n"},
		{"single object one field csv", "tags", "csv", obj, nil, "\"x, y\"\n"},
		{"single object fields table", "name,id", "table", obj, nil, "field  value\nname   a,b\nid     7\n"},
		{"single object DEF one field", nil, "table", obj, []string{"id"}, "field  value\nid     7\n"},
		{"single object DEF one field csv", nil, "csv", obj, []string{"id"}, "id,7\n"},
		{"single object one field left", "id,name,-name", "csv", obj, nil, "id,7\n"},
		{"one-field object", nil, "table", map[string]any{"a": 1}, nil, "field  value\na      1\n"},
		{"one-field object csv", nil, "csv", map[string]any{"a": 1}, nil, "a,1\n"},
		{"one-field object tty", nil, "tty", map[string]any{"a": 1}, nil, "╭───────┬───────╮\n│ field │ value │\n├───────┼───────┤\n│ a     │ 1     │\n╰───────┴───────╯\n"},
		{"exclusions only csv", "-name", "csv", list, def, "1\n2\n"},
		{"exclusions only object", "-name,-tags", "table", obj, nil, "field  value\nid     7\nsub.k  true\n"},
		{"exclusions only json", "-size", "json", list, def, `[{"id":1,"name":"alpha"},{"id":2,"name":"beta","owner":{"uid":"u2"}}]` + "\n"},
		{"exclusions only yaml", "-id,-name,-tags", "yaml", obj, nil, "sub:\n  k: true\n"},
		{"json ignores DEF", nil, "json", list, def, `[{"id":1,"name":"alpha","size":10},{"id":2,"name":"beta","owner":{"uid":"u2"},"size":2.5}]` + "\n"},
		{"yaml ignores DEF", "DEF", "yaml", obj, []string{"id"}, "id: 7\nname: a,b\nsub:\n  k: true\ntags:\n  - x\n  - \"y\"\n"},
		{"json DEF then add", "DEF,id", "json", list, def, `[{"id":1,"name":"alpha","size":10},{"id":2,"name":"beta","owner":{"uid":"u2"},"size":2.5}]` + "\n"},
		{"json explicit fields", "name,id", "json", list, def, `[{"id":1,"name":"alpha"},{"id":2,"name":"beta"}]` + "\n"},
		{"no field left", "id,-id", "table", obj, nil, ""},
		{"no field left tty", "id,-id", "tty", list, nil, "(empty)\n"},
		{"no field left json", "id,-id", "json", list, nil, "[{},{}]\n"},
		{"literal dotted key", "a.b", "json", map[string]any{"a.b": 1, "a": map[string]any{"b": 2}}, nil, `{"a.b":1}` + "\n"},
		{"list index path", "l.1.x", "json", map[string]any{"l": []any{map[string]any{"x": 1}, map[string]any{"x": 2}}}, nil, `{"l":{"1":{"x":2}}}` + "\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := Options{Format: c.format, Fields: c.fields, FlatHash: !strings.Contains(c.name, "no flat")}
			if c.format == "tty" {
				o.Format, o.TTY = "", true
			}
			got, err := render(t, Result{Data: c.data, Fields: c.def}, o)
			if err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Errorf("got %q want %q", got, c.want)
			}
		})
	}
}

func TestErrors(t *testing.T) {
	pred := func(map[string]any) (bool, error) { return false, errors.New("boom") }
	cases := []struct {
		name string
		r    Result
		o    Options
		want string
	}{
		{"unknown format", Result{Data: 1}, Options{Format: "xml"}, `unknown format "xml" (use one of: table, csv, json, jsonpp, yaml)`},
		{"empty item", Result{Data: obj}, Options{Fields: "a,,b"}, `bad fields "a,,b": empty field name`},
		{"dash", Result{Data: list}, Options{Format: "json", Fields: "-"}, `bad fields "-": empty field name`},
		{"empty spec", Result{Data: list}, Options{Fields: ""}, `bad fields "": empty field name`},
		{"empty list spec", Result{Data: list}, Options{Fields: []string{}}, "bad fields: empty list"},
		{"non string item", Result{Data: list}, Options{Fields: []any{1}}, "bad fields: item 1 is int, not a string"},
		{"bad spec type", Result{Data: list}, Options{Fields: 3}, "bad fields: int is not a string or a list"},
		{"predicate error", Result{Data: list}, Options{Format: "json", Select: pred}, "select: boom"},
		{"bad select", Result{Data: list}, Options{Select: "x=1"}, "bad select: string is not a map or a predicate"},
		{"object not map", Result{Kind: Object, Data: "x"}, Options{}, "format: an Object result needs a map, not string"},
		{"list not list", Result{Kind: ObjectList, Data: 3}, Options{}, "format: an ObjectList result needs a list, not int"},
		{"list of scalars", Result{Kind: ObjectList, Data: []any{obj, 3}}, Options{}, "format: element 2 of an ObjectList is int, not an object"},
		{"bad fields on a value", Result{Data: "v"}, Options{Fields: "a,,b"}, `bad fields "a,,b": empty field name`},
		{"bad select on a value", Result{Data: "v"}, Options{Select: 1}, "bad select: int is not a map or a predicate"},
		{"bad kind", Result{Kind: Kind(42)}, Options{}, "format: unknown result kind 42"},
		{"json unsupported", Result{Data: map[string]any{"f": func() {}}}, Options{Format: "json"}, "format: json: json: unsupported type: func()"},
		{"yaml unsupported", Result{Data: map[string]any{"f": func() {}}}, Options{Format: "yaml"}, "format: yaml: cannot marshal type: func()"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var b bytes.Buffer
			err := Write(&b, c.r, c.o)
			if err == nil || err.Error() != c.want {
				t.Fatalf("got error %v, want %q", err, c.want)
			}
			if b.Len() != 0 {
				t.Errorf("wrote %q before the error", b.String())
			}
		})
	}
}

func TestFormatsAndDetect(t *testing.T) {
	if got := strings.Join(Formats(), ","); got != "table,csv,json,jsonpp,yaml" {
		t.Errorf("Formats() = %s", got)
	}
	Formats()[0] = "changed"
	if Formats()[0] != "table" {
		t.Error("Formats returns the package slice")
	}
	cases := []struct {
		data any
		want Kind
	}{
		{nil, Nothing}, {obj, Object}, {map[string]string{}, Object}, {[]any{}, ObjectList},
		{list, ObjectList}, {[]map[string]any{{}}, ObjectList}, {[]any{obj, 1}, ValueList},
		{[]string{"a"}, ValueList}, {[]int{1}, ValueList}, {"s", Value}, {3.5, Value},
		{[]any{map[string]string{"a": "b"}}, ObjectList}, {map[string]int{"a": 1}, Object},
	}
	for _, c := range cases {
		if got := Detect(c.data); got != c.want {
			t.Errorf("Detect(%v) = %d, want %d", c.data, got, c.want)
		}
	}
}

func TestKindCoercion(t *testing.T) {
	cases := []struct {
		r      Result
		format string
		want   string
	}{
		{Result{Kind: ValueList, Data: "one"}, "json", `["one"]` + "\n"},
		{Result{Kind: Object, Data: []any{}}, "json", "{}\n"},
		{Result{Kind: Object, Data: nil}, "yaml", "{}\n"},
		{Result{Kind: ObjectList, Data: nil}, "csv", ""},
		{Result{Kind: Status, Data: 42}, "table", "42\n"},
		{Result{Kind: Value, Data: map[string]any{"a": []any{1}}}, "table", `{"a":[1]}` + "\n"},
		{Result{Kind: Value, Data: []any{"a", "b"}}, "csv", "\"a, b\"\n"},
		{Result{Kind: Nothing, Data: "x"}, "table", ""},
	}
	for _, c := range cases {
		got, err := render(t, c.r, Options{Format: c.format})
		if err != nil || got != c.want {
			t.Errorf("%v as %s: got %q, %v; want %q", c.r, c.format, got, err, c.want)
		}
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriterError(t *testing.T) {
	cases := []struct {
		r Result
		o Options
	}{
		{Result{Data: list}, Options{}}, {Result{Data: list}, Options{TTY: true}},
		{Result{Data: list}, Options{Format: "csv"}}, {Result{Data: list}, Options{Format: "json"}},
		{Result{Data: list}, Options{Format: "yaml"}}, {Result{Data: "v"}, Options{}},
		{Result{Data: "v"}, Options{Format: "csv"}}, {Result{Data: []any{}}, Options{TTY: true}},
		{Result{Data: []any{"a"}}, Options{Format: "csv"}},
	}
	for _, c := range cases {
		if err := Write(failWriter{}, c.r, c.o); err == nil {
			t.Errorf("%v %+v: no error", c.r.Data, c.o)
		}
	}
}

func BenchmarkWriteCSV100k(b *testing.B) {
	recs := make([]any, 100000)
	for i := range recs {
		recs[i] = map[string]any{
			"id": int64(i), "name": "file-name.bin", "size": float64(i * 1024), "type": "file",
			"mtime": "2024-05-01T10:00:00Z", "ok": i%2 == 0,
		}
	}
	r := Result{Kind: ObjectList, Data: recs}
	o := Options{Format: "csv", FlatHash: true}
	b.ReportAllocs()
	for b.Loop() {
		if err := Write(io.Discard, r, o); err != nil {
			b.Fatal(err)
		}
	}
}
