package spec

import (
	"errors"
	"reflect"
	"testing"
)

func paths(pairs ...string) []any {
	var l []any
	for _, p := range pairs {
		src, dst, _ := cutPair(p)
		m := map[string]any{"source": src}
		if dst != "" {
			m["destination"] = dst
		}
		l = append(l, m)
	}
	return l
}

// cutPair splits "src>dst".
func cutPair(p string) (string, string, bool) {
	for i := range p {
		if p[i] == '>' {
			return p[:i], p[i+1:], true
		}
	}
	return p, "", false
}

func TestForUploadAndDownload(t *testing.T) {
	product := Spec{"remote_host": "h", "token": "T", "paths": paths("server-side"), "tags": map[string]any{"a": map[string]any{"b": 1}}}
	withRoot := Merge(product, map[string]any{"destination_root": "/node/chose"})
	cases := []struct {
		name    string
		upload  bool
		base    Spec
		r       Request
		want    map[string]any // fields of the result (nil: absent)
		wantErr string
	}{
		{name: "upload: arguments, default destination /", upload: true, base: product, r: Request{Args: []string{"a b.txt", "dé"}},
			want: map[string]any{"direction": "send", "paths": paths("a b.txt", "dé"), "destination_root": "/", "token": "T"}},
		{name: "upload: --to-folder", upload: true, base: product, r: Request{Args: []string{"a"}, ToFolder: "/in"},
			want: map[string]any{"destination_root": "/in"}},
		{name: "upload: the product's destination_root stays", upload: true, base: withRoot, r: Request{Args: []string{"a"}, ToFolder: "/in"},
			want: map[string]any{"destination_root": "/node/chose"}},
		{name: "download: default destination .", base: withRoot, r: Request{Args: []string{"/r/a"}},
			want: map[string]any{"direction": "receive", "paths": paths("/r/a"), "destination_root": "."}},
		{name: "download: --to-folder", base: product, r: Request{Args: []string{"/r/a"}, ToFolder: "/tmp/x"},
			want: map[string]any{"destination_root": "/tmp/x"}},
		{name: "pair mode", upload: true, base: product, r: Request{Args: []string{"a", "x", "b", "y"}, SrcType: "pair"},
			want: map[string]any{"paths": paths("a>x", "b>y")}},
		{name: "explicit list mode", upload: true, base: product, r: Request{Args: []string{"a", "x"}, SrcType: "list"},
			want: map[string]any{"paths": paths("a", "x")}},
		{name: "odd pair", upload: true, base: product, r: Request{Args: []string{"a", "x", "b"}, SrcType: "pair"},
			wantErr: "--src-type=pair: 3 sources, an even number (source, destination...) expected"},
		{name: "bad src type", base: product, r: Request{Args: []string{"a"}, SrcType: "tree"},
			wantErr: `--src-type: "tree" is not list or pair`},
		{name: "--sources=@args", upload: true, base: product, r: Request{Args: []string{"a"}, Sources: "@args"},
			want: map[string]any{"paths": paths("a")}},
		{name: "--sources list replaces the arguments", upload: true, base: product, r: Request{Args: []string{"ignored"}, Sources: []any{"l1", "l2"}},
			want: map[string]any{"paths": paths("l1", "l2")}},
		{name: "--sources list in pair mode", base: product, r: Request{Sources: []string{"r1", "l1"}, SrcType: "pair"},
			want: map[string]any{"paths": paths("r1>l1")}},
		{name: "--sources=@ts", upload: true, base: product,
			r:    Request{Args: []string{"ignored"}, Sources: "@ts", TS: map[string]any{"paths": paths("t1", "t2")}},
			want: map[string]any{"paths": paths("t1", "t2")}},
		{name: "--sources=@ts without paths in --ts", base: product, r: Request{Sources: "@ts", TS: map[string]any{"cipher": "none"}},
			wantErr: `--sources=@ts: --ts has no paths (@json:{"paths":[{"source":...}]} expected)`},
		{name: "--sources of another kind", base: product, r: Request{Sources: 3.0}, wantErr: "--sources: @args, @ts or a list expected, got a number"},
		{name: "--sources list of numbers", base: product, r: Request{Sources: []any{"a", 1.0}}, wantErr: "--sources: a list of file names expected, got a number"},
		{name: "--sources word", base: product, r: Request{Sources: "@files"}, wantErr: `--sources: "@files" is not @args, @ts or a list`},
		{name: "no files", upload: true, base: product, r: Request{}, wantErr: ErrNoSources.Error()},
		{name: "--ts merged last, null deletes at any depth", upload: true, base: product,
			r: Request{Args: []string{"a"}, ToFolder: "/in", TS: map[string]any{"destination_root": "/ts", "token": nil,
				"tags": map[string]any{"a": map[string]any{"b": nil, "c": 2}}, "target_rate_kbps": 1000}},
			want: map[string]any{"destination_root": "/ts", "token": nil, "tags": map[string]any{"a": map[string]any{"c": 2}}, "target_rate_kbps": 1000}},
		{name: "--ts may even change the direction", base: product, r: Request{Args: []string{"a"}, TS: map[string]any{"direction": "send"}},
			want: map[string]any{"direction": "send"}},
	}
	for _, c := range cases {
		f := ForDownload
		if c.upload {
			f = ForUpload
		}
		got, err := f(c.base, c.r)
		if c.wantErr != "" {
			if err == nil || err.Error() != c.wantErr || got != nil {
				t.Errorf("%s: %v, %v; want error %s", c.name, got, err, c.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		for k, v := range c.want {
			if !reflect.DeepEqual(got[k], v) {
				t.Errorf("%s: %s = %#v, want %#v", c.name, k, got[k], v)
			}
		}
		if got["remote_host"] != "h" {
			t.Errorf("%s: the product's fields were lost: %v", c.name, got)
		}
	}
	// the product's spec is left alone
	if !reflect.DeepEqual(product, Spec{"remote_host": "h", "token": "T", "paths": paths("server-side"), "tags": map[string]any{"a": map[string]any{"b": 1}}}) {
		t.Fatalf("base modified: %v", product)
	}
}

func TestRequestSourcePathsAndDestination(t *testing.T) {
	r := Request{Args: []string{"/r/a", "a.local", "/r/b", "b.local"}, SrcType: "pair"}
	if got, err := r.SourcePaths(); err != nil || !reflect.DeepEqual(got, []string{"/r/a", "/r/b"}) {
		t.Fatalf("SourcePaths = %v, %v", got, err)
	}
	if _, err := (Request{}).SourcePaths(); !errors.Is(err, ErrNoSources) {
		t.Fatalf("no sources: %v", err)
	}
	for _, c := range []struct {
		r         Request
		dir, want string
	}{{Request{}, Send, "/"}, {Request{}, Receive, "."}, {Request{ToFolder: "x"}, Send, "x"}, {Request{ToFolder: "x"}, Receive, "x"}} {
		if got := c.r.Destination(c.dir); got != c.want {
			t.Errorf("%+v %s: %q, want %q", c.r, c.dir, got, c.want)
		}
	}
}

// TestAgentChooses: a request without files is no error when the agent chooses them
// (Connect's dialog): the spec has no paths, even those of the product; a bad --sources
// value is still an error, and files given are used.
func TestAgentChooses(t *testing.T) {
	base := Spec{"remote_host": "h", "paths": paths("product-side")}
	for _, r := range []Request{{AgentChooses: true}, {AgentChooses: true, Sources: SourcesTS}, {AgentChooses: true, Args: []string{}}} {
		s, err := ForUpload(base, r)
		if err != nil {
			t.Fatalf("%+v: %v", r, err)
		}
		if _, ok := s["paths"]; ok || s["direction"] != Send || s["destination_root"] != "/" {
			t.Fatalf("%+v: %v", r, s)
		}
	}
	if _, err := ForUpload(base, Request{}); !errors.Is(err, ErrNoSources) {
		t.Fatalf("without AgentChooses: %v", err)
	}
	if _, err := (Request{AgentChooses: true, Sources: "@nope"}).Paths(); err == nil {
		t.Fatal("a bad --sources value passed")
	}
	s, err := ForUpload(base, Request{AgentChooses: true, Args: []string{"a"}})
	if err != nil || !reflect.DeepEqual(s["paths"], paths("a")) {
		t.Fatalf("files given: %v %v", s["paths"], err)
	}
}
