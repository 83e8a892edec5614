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
