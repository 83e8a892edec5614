package spec

import (
	"reflect"
	"testing"
)

func TestMerge(t *testing.T) {
	base := Spec{"a": 1.0, "tags": map[string]any{"aspera": map[string]any{"x": "1", "y": "2"}}, "gone": "x"}
	got := Merge(base, map[string]any{"b": true, "gone": nil, "tags": map[string]any{"aspera": map[string]any{"y": nil, "z": "3"}}})
	want := Spec{"a": 1.0, "b": true, "tags": map[string]any{"aspera": map[string]any{"x": "1", "z": "3"}}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v", got)
	}
	if base["gone"] != "x" || base["tags"].(map[string]any)["aspera"].(map[string]any)["y"] != "2" {
		t.Fatal("base modified")
	}
}

func TestApply(t *testing.T) {
	s := Spec{"paths": []any{map[string]any{"source": "old"}}}
	got, err := Apply(s, Options{ToFolder: "/dst", Sources: []string{"a", "b"}})
	if err != nil || got["destination_root"] != "/dst" || !reflect.DeepEqual(got["paths"], []any{map[string]any{"source": "a"}, map[string]any{"source": "b"}}) {
		t.Fatalf("list: %v %v", got, err)
	}
	got, err = Apply(s, Options{Sources: []string{"a", "x", "b", "y"}, SrcType: "pair"})
	if err != nil || !reflect.DeepEqual(got["paths"], []any{map[string]any{"source": "a", "destination": "x"}, map[string]any{"source": "b", "destination": "y"}}) {
		t.Fatalf("pair: %v %v", got, err)
	}
	if _, err := Apply(s, Options{Sources: []string{"a"}, SrcType: "pair"}); err == nil || err.Error() != "--src-type=pair: 1 sources, an even number (source, destination...) expected" {
		t.Fatalf("odd pair: %v", err)
	}
	if got, _ := Apply(s, Options{}); !reflect.DeepEqual(got["paths"], s["paths"]) {
		t.Fatal("nil sources replaced the paths")
	}
}

func TestValidate(t *testing.T) {
	good := Spec{"direction": "send", "remote_host": "h", "paths": []any{}, "target_rate_kbps": 1000.0, "unknown_field": "kept"}
	if err := good.Validate(); err != nil {
		t.Fatal(err)
	}
	bad := Spec{"direction": "sideways", "paths": "x", "ssh_port": "22", "create_dir": "yes", "target_rate_kbps": 1.5}
	want := `transfer spec: field "remote_host" is required; transfer spec: field "create_dir": boolean expected, got a string; ` +
		`transfer spec: field "direction": "sideways" is not one of send, receive; transfer spec: field "paths": array expected, got a string; ` +
		`transfer spec: field "ssh_port": integer expected, got a string; transfer spec: field "target_rate_kbps": integer expected, got a number`
	if err := bad.Validate(); err == nil || err.Error() != want {
		t.Fatalf("got  %v\nwant %s", err, want)
	}
}
