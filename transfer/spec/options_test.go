package spec

import (
	"reflect"
	"testing"
)

func TestApplyOptions(t *testing.T) {
	old := []any{map[string]any{"source": "old"}}
	s := Spec{"paths": old, "destination_root": "/orig"}
	cases := []struct {
		name      string
		o         Options
		dest      string
		paths     any
		wantError string
	}{
		{"list and to-folder", Options{ToFolder: "/dst", Sources: []string{"a", "b"}}, "/dst",
			[]any{map[string]any{"source": "a"}, map[string]any{"source": "b"}}, ""},
		{"explicit list", Options{Sources: []string{"a"}, SrcType: "list"}, "/orig", []any{map[string]any{"source": "a"}}, ""},
		{"pair", Options{Sources: []string{"a", "x", "b", "y"}, SrcType: "pair"}, "/orig",
			[]any{map[string]any{"source": "a", "destination": "x"}, map[string]any{"source": "b", "destination": "y"}}, ""},
		{"nil sources keep the paths", Options{ToFolder: "/t"}, "/t", old, ""},
		{"empty sources", Options{Sources: []string{}}, "/orig", []any{}, ""},
		{"odd pair", Options{Sources: []string{"a", "x", "b"}, SrcType: "pair"}, "", nil,
			"--src-type=pair: 3 sources, an even number (source, destination...) expected"},
		{"bad type", Options{Sources: []string{"a"}, SrcType: "tree"}, "", nil, `--src-type: "tree" is not list or pair`},
	}
	for _, tc := range cases {
		got, err := ApplyOptions(s, tc.o)
		if tc.wantError != "" {
			if err == nil || err.Error() != tc.wantError || got != nil {
				t.Errorf("%s: %v, %v", tc.name, got, err)
			}
			continue
		}
		if err != nil || got["destination_root"] != tc.dest || !reflect.DeepEqual(got["paths"], tc.paths) {
			t.Errorf("%s: %v %v", tc.name, got, err)
		}
	}
	if s["destination_root"] != "/orig" || !reflect.DeepEqual(s["paths"], []any{map[string]any{"source": "old"}}) {
		t.Fatal("s modified")
	}
}
