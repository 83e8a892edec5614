package format

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/mattn/go-runewidth"
)

func TestFlatten(t *testing.T) {
	cases := []struct {
		in   map[string]any
		want string
	}{
		{map[string]any{"a": map[string]any{"b": 1}, "l": []any{map[string]any{"x": 1}}, "s": []any{1, 2}},
			`{"a.b":1,"l.0.x":1,"s":[1,2]}`},
		{map[string]any{"e": map[string]any{}, "el": []any{}, "n": nil}, `{"e":{},"el":[],"n":null}`},
		{map[string]any{"m": []any{1, map[string]any{"k": "v"}, []any{2, 3}}}, `{"m.0":1,"m.1.k":"v","m.2":[2,3]}`},
		{map[string]any{"a": map[string]string{"b": "c"}, "s": []string{"x"}}, `{"a.b":"c","s":["x"]}`},
		{map[string]any{"a.b": 1, "a": map[string]any{"b": 2}}, `{"a.b":1}`},
		{map[string]any{"d": map[string]any{"e": map[string]any{"f": []map[string]any{{"g": true}}}}}, `{"d.e.f.0.g":true}`},
		// name/value lists read as objects, lists of names as lists (issue 12, as ascli shows them)
		{map[string]any{"caps": []any{map[string]any{"name": "sync", "value": true}, map[string]any{"name": "ssl", "value": false}}},
			`{"caps.ssl":false,"caps.sync":true}`},
		{map[string]any{"caps": []any{map[string]any{"name": "a", "value": map[string]any{"x": 1}}, map[string]any{"name": 7, "value": nil}}},
			`{"caps.7":null,"caps.a.x":1}`},
		{map[string]any{"caps": []any{map[string]any{"name": "a", "value": 1}, map[string]any{"name": "a", "value": 2}}}, `{"caps.a":2}`},
		{map[string]any{"users": []any{map[string]any{"name": "ann"}, map[string]any{"name": "bob"}}}, `{"users":["ann","bob"]}`},
		// not such lists: an extra key, a missing value, a scalar element
		{map[string]any{"l": []any{map[string]any{"name": "a", "value": 1, "x": 2}}}, `{"l.0.name":"a","l.0.value":1,"l.0.x":2}`},
		{map[string]any{"l": []any{map[string]any{"name": "a", "value": 1}, map[string]any{"name": "b"}}}, `{"l.0.name":"a","l.0.value":1,"l.1.name":"b"}`},
		{map[string]any{"l": []any{map[string]any{"name": "a"}, "b"}}, `{"l.0.name":"a","l.1":"b"}`},
	}
	for _, c := range cases {
		if got := compactJSON(Flatten(c.in)); got != c.want {
			t.Errorf("Flatten(%v) = %s, want %s", c.in, got, c.want)
		}
	}
	in := map[string]any{"x": 1}
	Flatten(in)["y"] = 2
	if len(in) != 1 {
		t.Error("Flatten returned its argument")
	}
}

func TestLookup(t *testing.T) {
	data := map[string]any{
		"a":   map[string]any{"b": map[string]any{"c": 1}, "x.y": "dotted"},
		"l":   []any{map[string]any{"x": 10}, "s"},
		"a.b": "literal",
		"ss":  []string{"p", "q"},
		"ms":  map[string]string{"k": "v"},
	}
	cases := []struct {
		path string
		want any
		ok   bool
	}{
		{"a.b.c", 1, true}, {"a.b", "literal", true}, {"a.x.y", "dotted", true}, {"l.0.x", 10, true},
		{"l.1", "s", true}, {"l.2", nil, false}, {"l.01", nil, false}, {"l.-1", nil, false},
		{"ss.1", "q", true}, {"ms.k", "v", true}, {"nope", nil, false}, {"a.", nil, false},
		{"a.b.c.d", nil, false},
	}
	for _, c := range cases {
		got, ok := Lookup(data, c.path)
		if ok != c.ok || (ok && got != c.want) {
			t.Errorf("Lookup(%q) = %v, %v; want %v, %v", c.path, got, ok, c.want, c.ok)
		}
	}
	if got, ok := Lookup(7, ""); !ok || got != 7 {
		t.Errorf("empty path: %v %v", got, ok)
	}
}

func TestCellText(t *testing.T) {
	cases := []struct {
		v    any
		want string
	}{
		{nil, "<null>"}, {"", ""}, {"a\"b", "a\"b"}, {true, "true"}, {false, "false"}, {3, "3"},
		{int64(-9007199254740993), "-9007199254740993"}, {2.0, "2"}, {1e14, "100000000000000"},
		{-123456789012.0, "-123456789012"}, {1e15, "1000000000000000"}, {1e21, "1e+21"}, {0.5, "0.5"},
		{float32(1.5), "1.5"}, {math.NaN(), "NaN"}, {json.Number("1.50"), "1.50"}, {uint8(4), "4"},
		{[]any{}, "[]"}, {map[string]any{}, "{}"}, {[]any{"a", 1, nil}, "a|1|<null>"},
		{[]any{"a", []any{1}}, `["a",[1]]`}, {map[string]any{"b": 1, "a": "<&>"}, `{"a":"<&>","b":1}`},
		{[]any{map[string]any{"k": 1}}, `[{"k":1}]`}, {func() {}, "<func()>"},
		// floats are rounded to 15 significant digits for display (issue 12, defect 18)
		{1.7384790780000001, "1.738479078"}, {0.1 + 0.2, "0.3"}, {2.0000000000000004, "2"},
		{-1.0 / 3, "-0.333333333333333"}, {1e-7 + 1e-23, "1e-7"}, {123456.789, "123456.789"},
		{float32(0.1), "0.100000001490116"}, {math.Inf(-1), "-Inf"}, {1.5e300, "1.5e+300"},
		{[]any{0.1 + 0.2, 1}, "0.3|1"},
	}
	for _, c := range cases {
		if got := cellText(c.v, "|"); got != c.want {
			t.Errorf("cellText(%v) = %q, want %q", c.v, got, c.want)
		}
	}
}

func TestNoFlatHash(t *testing.T) {
	data := []any{map[string]any{"id": 1, "meta": map[string]any{"k": []any{1, 2}}, "l": []any{map[string]any{"x": 1}}}}
	cases := []struct {
		format string
		fields any
		want   string
	}{
		{"table", nil, "id  l          meta\n1   [{\"x\":1}]  {\"k\":[1,2]}\n"},
		{"csv", nil, "1,\"[{\"\"x\"\":1}]\",\"{\"\"k\"\":[1,2]}\"\n"},
		{"csv", "meta.k,l.0.x", "\"1, 2\",1\n"},
		{"json", "meta.k", `[{"meta":{"k":[1,2]}}]` + "\n"},
	}
	for _, c := range cases {
		got, err := render(t, Result{Data: data}, Options{Format: c.format, Fields: c.fields})
		if err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("%s %v: got %q want %q", c.format, c.fields, got, c.want)
		}
	}
}

func TestTables(t *testing.T) {
	data := []any{
		map[string]any{"name": "日本語のファイル", "size": 1, "tags": []any{"a", "bb"}},
		map[string]any{"name": "café", "size": 22, "tags": []any{}},
		map[string]any{"name": "x", "size": nil, "tags": "🙂 smile"},
	}
	plain := "name              size    tags\n" +
		"日本語のファイル  1       a\n" +
		"                          bb\n" +
		"café              22      []\n" +
		"x                 <null>  🙂 smile\n"
	tty := "╭──────────────────┬────────┬──────────╮\n" +
		"│ name             │ size   │ tags     │\n" +
		"├──────────────────┼────────┼──────────┤\n" +
		"│ 日本語のファイル │ 1      │ a        │\n" +
		"│                  │        │ bb       │\n" +
		"│ café             │ 22     │ []       │\n" +
		"│ x                │ <null> │ 🙂 smile │\n" +
		"╰──────────────────┴────────┴──────────╯\n"
	for _, c := range []struct {
		tty  bool
		want string
	}{{false, plain}, {true, tty}} {
		got, err := render(t, Result{Data: data}, Options{TTY: c.tty, FlatHash: true})
		if err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("tty=%v: got\n%s\nwant\n%s", c.tty, got, c.want)
		}
		lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
		for _, l := range lines {
			if c.tty && runewidth.StringWidth(l) != runewidth.StringWidth(lines[0]) {
				t.Errorf("misaligned line %q", l)
			}
			if !c.tty && strings.HasSuffix(l, " ") {
				t.Errorf("trailing space in %q", l)
			}
		}
	}
}

func TestHeaderNotUpperCased(t *testing.T) {
	got, _ := render(t, Result{Data: []any{map[string]any{"file_id": 1, "a.b": 2}}}, Options{TTY: true})
	if !strings.Contains(got, "│ a.b │ file_id │") {
		t.Errorf("header changed: %q", got)
	}
}

func TestNormalise(t *testing.T) {
	in := map[string]any{"a": []map[string]any{{"b": []string{"x"}}}, "c": map[string]string{"d": "e"}, "n": []int{1}}
	got := compactJSON(normalise(in))
	if want := `{"a":[{"b":["x"]}],"c":{"d":"e"},"n":[1]}`; got != want {
		t.Errorf("got %s", got)
	}
	if _, ok := normalise(in).(map[string]any)["a"].([]any); !ok {
		t.Error("nested []map[string]any not converted")
	}
	canon := map[string]any{"a": []any{1}}
	if fmt.Sprintf("%p", normalise(canon)) != fmt.Sprintf("%p", canon) {
		t.Error("a canonical map must not be copied")
	}
	if compactJSON(normalise([]string(nil))) != "[]" || compactJSON(normalise(map[string]int(nil))) != "{}" {
		t.Error("nil typed containers must become empty containers")
	}
}

// TestFloatsKeptInJSON: rounding is for display only; json and yaml keep the exact value.
func TestFloatsKeptInJSON(t *testing.T) {
	data := map[string]any{"f": 1.7384790780000001}
	for f, want := range map[string]string{
		"json": `{"f":1.7384790780000001}` + "\n", "yaml": "f: 1.7384790780000001\n",
		"csv": "f,1.738479078\n", "table": "field  value\nf      1.738479078\n",
	} {
		got, err := render(t, Result{Data: data}, Options{Format: f})
		if err != nil || got != want {
			t.Errorf("%s: got %q, %v; want %q", f, got, err, want)
		}
	}
	// select compares the exact value, not the displayed one
	got, _ := render(t, Result{Data: []any{data}}, Options{Format: "csv", Select: map[string]any{"f": 1.738479078}})
	if got != "" {
		t.Errorf("select matched a rounded value: %q", got)
	}
}

// TestNameValueListsOutput: node info's capabilities in each format (issue 12).
func TestNameValueListsOutput(t *testing.T) {
	info := map[string]any{"version": "4.4", "capabilities": []any{
		map[string]any{"name": "sync", "value": true}, map[string]any{"name": "auth_bearer", "value": false}}}
	cases := []struct {
		o    Options
		want string
	}{
		{Options{Format: "table", FlatHash: true}, "field                     value\ncapabilities.auth_bearer  false\ncapabilities.sync         true\nversion                   4.4\n"},
		{Options{Format: "csv", FlatHash: true, Fields: "capabilities.sync"}, "true\n"},
		{Options{Format: "json", FlatHash: true}, `{"capabilities":[{"name":"sync","value":true},{"name":"auth_bearer","value":false}],"version":"4.4"}` + "\n"},
		{Options{Format: "table"}, "field         value\ncapabilities  [{\"name\":\"sync\",\"value\":true},{\"name\":\"auth_bearer\",\"value\":false}]\nversion       4.4\n"},
	}
	for _, c := range cases {
		got, err := render(t, Result{Data: info}, c.o)
		if err != nil || got != c.want {
			t.Errorf("%+v: got %q, %v; want %q", c.o, got, err, c.want)
		}
	}
}

func TestYAMLNumbers(t *testing.T) {
	data := map[string]any{"big": json.Number("12345678901234567890123"), "f": json.Number("1.5"), "i": json.Number("-3")}
	got, err := render(t, Result{Data: data}, Options{Format: "yaml"})
	if err != nil {
		t.Fatal(err)
	}
	if want := "big: 12345678901234567890123\nf: 1.5\ni: -3\n"; got != want {
		t.Errorf("got %q want %q", got, want)
	}
}
