package spec

import (
	"reflect"
	"testing"
)

func TestMerge(t *testing.T) {
	base := Spec{"a": 1.0, "gone": "x", "list": []any{"1", "2"},
		"tags": map[string]any{"aspera": map[string]any{"x": "1", "y": "2"}, "keep": "k"}}
	over := map[string]any{"b": true, "gone": nil, "absent": nil, "list": []any{"3"},
		"tags":  map[string]any{"aspera": map[string]any{"y": nil, "z": "3"}},
		"fresh": map[string]any{"n": nil, "v": map[string]any{"w": nil, "u": 1}}}
	got := Merge(base, over)
	want := Spec{"a": 1.0, "b": true, "list": []any{"3"},
		"tags":  map[string]any{"aspera": map[string]any{"x": "1", "z": "3"}, "keep": "k"},
		"fresh": map[string]any{"v": map[string]any{"u": 1}}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %v\nwant %v", got, want)
	}
	// base and over untouched, and not shared with the result
	if base["gone"] != "x" || base["tags"].(map[string]any)["aspera"].(map[string]any)["y"] != "2" || len(base) != 4 {
		t.Fatal("base modified")
	}
	if _, ok := over["fresh"].(map[string]any)["n"]; !ok {
		t.Fatal("over modified")
	}
	got["tags"].(map[string]any)["keep"] = "changed"
	got["list"].([]any)[0] = "changed"
	if base["tags"].(map[string]any)["keep"] != "k" || over["list"].([]any)[0] != "3" {
		t.Fatal("the result shares maps or slices")
	}
}

func TestMergeReplaces(t *testing.T) {
	base := Spec{"tags": "text", "obj": map[string]any{"a": 1}}
	got := Merge(base, map[string]any{"tags": map[string]any{"k": "v"}, "obj": "now a string"})
	if !reflect.DeepEqual(got, Spec{"tags": map[string]any{"k": "v"}, "obj": "now a string"}) {
		t.Fatalf("got %v", got)
	}
	cp := Merge(base, nil)
	if !reflect.DeepEqual(cp, base) {
		t.Fatal("copy")
	}
	cp["obj"].(map[string]any)["a"] = 2
	if base["obj"].(map[string]any)["a"] != 1 {
		t.Fatal("Merge(base, nil) is not a deep copy")
	}
	if got := Merge(nil, map[string]any{"a": 1}); !reflect.DeepEqual(got, Spec{"a": 1}) {
		t.Fatalf("nil base %v", got)
	}
}
