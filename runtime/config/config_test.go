package config_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	goruntime "runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/asperalm/aslmcli/runtime/config"
)

// writeFile writes content to dir/config.yaml and returns the path.
func writeFile(t *testing.T, dir, content string) string {
	t.Helper()
	path := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func load(t *testing.T, content string) (*config.File, string) {
	t.Helper()
	path := writeFile(t, t.TempDir(), content)
	f, err := config.Load(path)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return f, path
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// dirEntries lists the names in dir.
func dirEntries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestLoadMissingFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.yaml")
	f, err := config.Load(path)
	if err != nil {
		t.Fatalf("Load of a missing file: %v", err)
	}
	if f.Exists() || f.Changed() || len(f.PresetNames()) != 0 || len(f.Data()) != 0 || f.Path != path {
		t.Fatalf("missing file: exists %v changed %v names %v data %v", f.Exists(), f.Changed(), f.PresetNames(), f.Data())
	}
	f.Version = "1.0.0"
	if err := f.Save(); err != nil {
		t.Fatalf("Save without change: %v", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("Save without change created the file: %v", err)
	}
}

func TestLoadEmptyFile(t *testing.T) {
	f, _ := load(t, "")
	if !f.Exists() || len(f.PresetNames()) != 0 {
		t.Fatalf("empty file: exists %v names %v", f.Exists(), f.PresetNames())
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name    string
		content string
		line    int
		msg     string
	}{
		{"invalid YAML", "p:\n  a: 1\nq:\n  b: \"unterminated\n", 4, "invalid YAML: found unexpected end of stream"},
		{"tab indentation", "p:\n  a: 1\n\tb: 2\n", 2, "invalid YAML: found a tab character that violates indentation"},
		{"error on line 1", "\tp: 1\n", 1, "invalid YAML: found character that cannot start any token"},
		{"list at top level", "- a\n- b\n", 1, "the top level must be a mapping of preset names to mappings"},
		{"scalar at top level", "just text\n", 1, "the top level must be a mapping of preset names to mappings"},
		{"preset is a scalar", "ok:\n  a: 1\nbad: 1\n", 3, `preset "bad" must be a mapping of option names to values`},
		{"preset is a list", "bad:\n  - 1\n", 2, `preset "bad" must be a mapping of option names to values`},
		{"preset name is not a string", "? [a, b]\n: {x: 1}\n", 1, "a preset name must be a plain string"},
		{"duplicate key", "p:\n  a: 1\n  a: 2\n", 3, `mapping key "a" already defined at line 2`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, t.TempDir(), tc.content)
			f, err := config.Load(path)
			var ce *config.Error
			if !errors.As(err, &ce) {
				t.Fatalf("Load = %v, %v; want a *config.Error", f, err)
			}
			if ce.Line != tc.line || !strings.Contains(ce.Msg, tc.msg) || ce.Path != path {
				t.Fatalf("got path %q line %d msg %q; want line %d msg containing %q", ce.Path, ce.Line, ce.Msg, tc.line, tc.msg)
			}
			if want := path + ": line "; !strings.HasPrefix(ce.Error(), want) {
				t.Fatalf("Error() = %q, want prefix %q", ce.Error(), want)
			}
			if read(t, path) != tc.content {
				t.Fatalf("the file was modified")
			}
		})
	}
}

func TestErrorText(t *testing.T) {
	cause := errors.New("cause")
	tests := []struct {
		e    config.Error
		want string
	}{
		{config.Error{Path: "/c.yaml", Line: 3, Msg: "bad"}, "/c.yaml: line 3: bad"},
		{config.Error{Path: "/c.yaml", Msg: "bad"}, "/c.yaml: bad"},
		{config.Error{Msg: "bad"}, "bad"},
		{config.Error{Line: 2, Msg: "bad", Err: cause}, "line 2: bad"},
	}
	for _, tc := range tests {
		if got := tc.e.Error(); got != tc.want {
			t.Errorf("Error() = %q, want %q", got, tc.want)
		}
	}
	e := &config.Error{Msg: "x", Err: cause}
	if !errors.Is(e, cause) {
		t.Errorf("Unwrap does not give the cause")
	}
}

func TestSetGetUnsetDelete(t *testing.T) {
	f, _ := load(t, "p:\n  a: 1\n  b: two\nnull_preset:\nq:\n  x: true\n")
	if got := f.PresetNames(); !reflect.DeepEqual(got, []string{"p", "null_preset", "q"}) {
		t.Fatalf("PresetNames = %v", got)
	}
	if v, ok := f.Get("p", "a"); !ok || v != int64(1) {
		t.Fatalf("Get(p, a) = %#v, %v", v, ok)
	}
	if v, ok := f.Get("p", "missing"); ok || v != nil {
		t.Fatalf("Get(p, missing) = %#v, %v", v, ok)
	}
	if v, ok := f.Get("nope", "a"); ok || v != nil {
		t.Fatalf("Get(nope, a) = %#v, %v", v, ok)
	}
	if p, ok := f.Preset("null_preset"); !ok || len(p) != 0 {
		t.Fatalf("Preset(null_preset) = %#v, %v", p, ok)
	}
	if _, ok := f.Preset("nope"); ok {
		t.Fatalf("Preset(nope) found")
	}
	if f.Changed() {
		t.Fatalf("Changed before any edit")
	}

	values := []struct {
		param string
		value any
		want  any
	}{
		{"a", "replaced", "replaced"},
		{"n", 42, int64(42)},
		{"f", 1.5, 1.5},
		{"t", true, true},
		{"nil", nil, nil},
		{"list", []any{"x", int64(2)}, []any{"x", int64(2)}},
		{"map", map[string]any{"k": map[string]any{"deep": "v"}}, map[string]any{"k": map[string]any{"deep": "v"}}},
		{"big", json.Number("12345678901234567890"), json.Number("12345678901234567890")},
		{"extended", "@json:{\"a\":1}", "@json:{\"a\":1}"},
		{"looks like a bool", "yes", "yes"},
		{"looks like a number", "0123", "0123"},
	}
	for _, v := range values {
		f.Set("p", v.param, v.value)
		if got, ok := f.Get("p", v.param); !ok || !reflect.DeepEqual(got, v.want) {
			t.Errorf("after Set(p, %s, %#v): Get = %#v, %v; want %#v", v.param, v.value, got, ok, v.want)
		}
	}
	if !f.Changed() {
		t.Fatalf("Changed after Set is false")
	}
	if got := f.Keys("p"); !reflect.DeepEqual(got, []string{"a", "b", "n", "f", "t", "nil", "list", "map", "big", "extended", "looks like a bool", "looks like a number"}) {
		t.Fatalf("Keys(p) = %v (an existing key must keep its place)", got)
	}
	f.Set("new", "k", "v")
	f.Set("null_preset", "k", "v")
	if got := f.PresetNames(); !reflect.DeepEqual(got, []string{"p", "null_preset", "q", "new"}) {
		t.Fatalf("PresetNames after Set = %v", got)
	}
	if p, _ := f.Preset("null_preset"); !reflect.DeepEqual(p, map[string]any{"k": "v"}) {
		t.Fatalf("null preset after Set = %v", p)
	}

	if !f.Unset("p", "b") || f.Unset("p", "b") || f.Unset("nope", "a") {
		t.Fatalf("Unset results wrong")
	}
	if _, ok := f.Get("p", "b"); ok {
		t.Fatalf("b still there after Unset")
	}
	if !f.Delete("q") || f.Delete("q") {
		t.Fatalf("Delete results wrong")
	}
	if f.Has("q") || !f.Has("p") {
		t.Fatalf("Has after Delete")
	}

	// every value survives a save and a reload
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	g, err := config.Load(f.Path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(g.Data(), f.Data()) {
		t.Fatalf("after reload:\n%#v\nwant\n%#v", g.Data(), f.Data())
	}
	for _, v := range values {
		if got, _ := g.Get("p", v.param); !reflect.DeepEqual(got, v.want) {
			t.Errorf("reloaded %s = %#v, want %#v", v.param, got, v.want)
		}
	}
}

func TestInitializeAndUpdate(t *testing.T) {
	f, path := load(t, "p:\n  z: old\n  a: old\n")
	f.Update("p", map[string]any{"c": int64(3), "a": "new", "b": "b"})
	if got := f.Keys("p"); !reflect.DeepEqual(got, []string{"z", "a", "b", "c"}) {
		t.Fatalf("Keys after Update = %v", got)
	}
	if p, _ := f.Preset("p"); !reflect.DeepEqual(p, map[string]any{"z": "old", "a": "new", "b": "b", "c": int64(3)}) {
		t.Fatalf("Preset after Update = %v", p)
	}
	f.Initialize("p", map[string]any{"y": "1", "x": "2"})
	if got := f.Keys("p"); !reflect.DeepEqual(got, []string{"x", "y"}) {
		t.Fatalf("Keys after Initialize = %v", got)
	}
	f.Initialize("fresh", map[string]any{})
	if p, ok := f.Preset("fresh"); !ok || len(p) != 0 {
		t.Fatalf("Initialize(fresh, {}) = %v, %v", p, ok)
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	if got, want := read(t, path), "p:\n  x: \"2\"\n  y: \"1\"\nfresh: {}\n"; got != want {
		t.Fatalf("file:\n%s\nwant:\n%s", got, want)
	}
}

func TestCommentsSurviveEdits(t *testing.T) {
	const orig = `# presets of the team
demo:
  # the server
  url: https://a # primary
  user: bob
# kept for later
other:
  x: 1
`
	f, path := load(t, orig)
	f.Set("demo", "url", "https://b")
	f.Set("demo", "pass", "x")
	f.Unset("other", "x")
	f.Set("other", "y", 2)
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	want := `# presets of the team
demo:
  # the server
  url: https://b # primary
  user: bob
  pass: x
# kept for later
other:
  y: 2
`
	if got := read(t, path); got != want {
		t.Fatalf("file:\n%s\nwant:\n%s", got, want)
	}
}

func TestCommentOnlyFileKeepsItsComments(t *testing.T) {
	f, path := load(t, "# demo:\n#   url: https://x\n")
	f.Set("p", "a", "b")
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	if got := read(t, path); !strings.Contains(got, "# demo:\n#   url: https://x\n") || !strings.Contains(got, "p:\n  a: b\n") {
		t.Fatalf("the user's commented-out presets were lost:\n%s", got)
	}
}

func TestSaveNewFileVersionFirst(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "config.yaml")
	f, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	f.Version = "1.2.3"
	f.Set("demo", "url", "https://x")
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	if got, want := read(t, path), "config:\n  version: 1.2.3\ndemo:\n  url: https://x\n"; got != want {
		t.Fatalf("new file:\n%s\nwant:\n%s", got, want)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, want 0600", st.Mode().Perm())
	}
	dst, _ := os.Stat(filepath.Dir(path))
	if dst.Mode().Perm() != 0o700 {
		t.Fatalf("created folder mode %v, want 0700", dst.Mode().Perm())
	}
	if got := dirEntries(t, filepath.Dir(path)); !reflect.DeepEqual(got, []string{"config.yaml"}) {
		t.Fatalf("folder holds %v", got)
	}
	if f.Changed() || !f.Exists() {
		t.Fatalf("after Save: changed %v exists %v", f.Changed(), f.Exists())
	}
}

func TestSaveStampsVersionOfExistingFile(t *testing.T) {
	t.Run("no config section", func(t *testing.T) {
		f, path := load(t, "# team\ndemo:\n  url: u\n")
		f.Version = "2.0.0"
		f.Set("demo", "user", "bob")
		if err := f.Save(); err != nil {
			t.Fatal(err)
		}
		got := read(t, path)
		if !strings.HasPrefix(got, "config:\n  version: 2.0.0\n") || !strings.Contains(got, "# team\n") ||
			!strings.HasSuffix(got, "demo:\n  url: u\n  user: bob\n") {
			t.Fatalf("file:\n%s", got)
		}
		if f.PresetNames()[0] != config.SectionConfig {
			t.Fatalf("PresetNames = %v", f.PresetNames())
		}
	})
	t.Run("older version", func(t *testing.T) {
		f, path := load(t, "config:\n  version: 0.1.0\ndemo:\n  url: u\n")
		f.Version = "0.2.0"
		f.Set("demo", "url", "v")
		if err := f.Save(); err != nil {
			t.Fatal(err)
		}
		if got, want := read(t, path), "config:\n  version: 0.2.0\ndemo:\n  url: v\n"; got != want {
			t.Fatalf("file:\n%s\nwant:\n%s", got, want)
		}
	})
}

func TestSaveOnlyWhenChanged(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.yaml")
	f, _ := config.Load(path)
	f.Version = "1.0.0"
	f.Set("demo", "url", "u")
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	old := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	if err := os.Chtimes(path, old, old); err != nil {
		t.Fatal(err)
	}
	before := read(t, path)

	// Load + Save without change
	g, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	g.Version = "1.0.0"
	if err := g.Save(); err != nil {
		t.Fatal(err)
	}
	// Set of the same value: marked changed, but the content is the same
	g.Set("demo", "url", "u")
	if err := g.Save(); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(path)
	if !st.ModTime().Equal(old) || read(t, path) != before {
		t.Fatalf("the file was rewritten: mtime %v", st.ModTime())
	}
	if g.Changed() {
		t.Fatalf("Changed after a Save that found nothing to write")
	}
}

func TestSaveTwice(t *testing.T) {
	f, path := load(t, "demo:\n  url: u\n")
	f.Set("demo", "url", "v")
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Set("demo", "user", "bob")
	if err := f.Save(); err != nil {
		t.Fatalf("second Save refused its own previous write: %v", err)
	}
	if got, want := read(t, path), "demo:\n  url: v\n  user: bob\n"; got != want {
		t.Fatalf("file %q, want %q", got, want)
	}
}

func TestSaveRewritesMode0600(t *testing.T) {
	f, path := load(t, "demo:\n  url: u\n") // written 0644
	f.Set("demo", "url", "v")
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(path)
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, want 0600", st.Mode().Perm())
	}
	if got := dirEntries(t, filepath.Dir(path)); !reflect.DeepEqual(got, []string{"config.yaml"}) {
		t.Fatalf("folder holds %v", got)
	}
}

// TestSaveReplaysOnChangedFile: when another program wrote the file since it was read, Save
// replays this File's changes on the file as it is now, so neither side loses its update.
func TestSaveReplaysOnChangedFile(t *testing.T) {
	t.Run("modified", func(t *testing.T) {
		f, path := load(t, "demo:\n  url: u\n  user: bob\n")
		other := "# theirs\ndemo:\n  url: changed by someone else\n  user: bob\nmore:\n  k: v\n"
		if err := os.WriteFile(path, []byte(other), 0o600); err != nil {
			t.Fatal(err)
		}
		f.Set("demo", "url", "mine")
		f.Unset("demo", "user")
		f.Initialize("fresh", map[string]any{"a": "1"})
		if err := f.Save(); err != nil {
			t.Fatal(err)
		}
		want := "# theirs\ndemo:\n  url: mine\nmore:\n  k: v\nfresh:\n  a: \"1\"\n"
		if got := read(t, path); got != want {
			t.Fatalf("file %q, want %q", got, want)
		}
		// the next save starts from what was written
		f.Delete("more")
		if err := f.Save(); err != nil {
			t.Fatal(err)
		}
		if got := read(t, path); got != "# theirs\ndemo:\n  url: mine\nfresh:\n  a: \"1\"\n" {
			t.Fatalf("second save: %q", got)
		}
		if got := dirEntries(t, filepath.Dir(path)); !reflect.DeepEqual(got, []string{"config.yaml"}) {
			t.Fatalf("folder holds %v", got)
		}
	})
	t.Run("created since a missing file was loaded", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "config.yaml")
		f, _ := config.Load(path)
		if err := os.WriteFile(path, []byte("x:\n  a: 1\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		f.Set("demo", "url", "mine")
		if err := f.Save(); err != nil {
			t.Fatal(err)
		}
		if got := read(t, path); got != "x:\n  a: 1\ndemo:\n  url: mine\n" {
			t.Fatalf("file %q", got)
		}
	})
	t.Run("deleted", func(t *testing.T) {
		f, path := load(t, "demo:\n  url: u\n  user: bob\n")
		os.Remove(path)
		f.Set("demo", "url", "mine")
		if err := f.Save(); err != nil {
			t.Fatal(err)
		}
		if got := read(t, path); got != "demo:\n  url: mine\n" {
			t.Fatalf("file %q", got)
		}
	})
	t.Run("broken by the other program", func(t *testing.T) {
		f, path := load(t, "demo:\n  url: u\n")
		if err := os.WriteFile(path, []byte("demo: [\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		f.Set("demo", "url", "mine")
		err := f.Save()
		var ce *config.Error
		if !errors.As(err, &ce) || !strings.Contains(ce.Msg, "does not parse") {
			t.Fatalf("Save = %v", err)
		}
		if read(t, path) != "demo: [\n" {
			t.Fatalf("the file was overwritten")
		}
	})
}

// TestConcurrentSaves: writers that load the file at the same time each keep their update.
func TestConcurrentSaves(t *testing.T) {
	path := writeFile(t, t.TempDir(), "start:\n  k: v\n")
	const n = 20
	files := make([]*config.File, n)
	for i := range files {
		f, err := config.Load(path) // all read the same content before anyone writes
		if err != nil {
			t.Fatal(err)
		}
		f.Set(fmt.Sprintf("par%d", i), "k", i)
		files[i] = f
	}
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for _, f := range files {
		wg.Add(1)
		go func() { defer wg.Done(); errs <- f.Save() }()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	g, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if v, ok := g.Get(fmt.Sprintf("par%d", i), "k"); !ok || v != int64(i) {
			t.Errorf("par%d lost: %v %v", i, v, ok)
		}
	}
}

// TestLoadBroken: a file that does not parse gives its error and a File that knows its path,
// reads as empty and never writes.
func TestLoadBroken(t *testing.T) {
	path := writeFile(t, t.TempDir(), "demo:\n  url: [\n")
	f, err := config.Load(path)
	var ce *config.Error
	if !errors.As(err, &ce) || ce.Line == 0 || f == nil || f.Path != path || !f.Exists() || len(f.PresetNames()) != 0 {
		t.Fatalf("Load = %#v, %v", f, err)
	}
	if err := f.Save(); err != nil {
		t.Fatalf("Save without change: %v", err)
	}
	f.Set("x", "k", "v")
	if err := f.Save(); !errors.As(err, &ce) {
		t.Fatalf("Save of a broken file = %v", err)
	}
	if read(t, path) != "demo:\n  url: [\n" {
		t.Fatal("a broken file was written")
	}
}

func TestResolve(t *testing.T) {
	f, _ := load(t, `base:
  a: base
  b: base
  nested: {x: 1}
mid:
  preset: base
  b: mid
  c: mid
other:
  b: other
  d: other
top:
  preset: [mid, other]
  c: top
loop_a:
  preset: loop_b
loop_b:
  preset: loop_a
self:
  preset: self
dangling:
  preset: [base, nowhere]
bad_include:
  preset: {x: 1}
diamond:
  preset: [left, right]
left:
  preset: base
  l: 1
right:
  preset: base
  r: 1
empty:
`)
	tests := []struct {
		name string
		want map[string]any
		err  string
	}{
		{"base", map[string]any{"a": "base", "b": "base", "nested": map[string]any{"x": int64(1)}}, ""},
		{"mid", map[string]any{"a": "base", "b": "mid", "c": "mid", "nested": map[string]any{"x": int64(1)}}, ""},
		{"top", map[string]any{"a": "base", "b": "other", "c": "top", "d": "other", "nested": map[string]any{"x": int64(1)}}, ""},
		{"diamond", map[string]any{"a": "base", "b": "base", "l": int64(1), "r": int64(1), "nested": map[string]any{"x": int64(1)}}, ""},
		{"empty", map[string]any{}, ""},
		{"loop_a", nil, "preset include loop: loop_a -> loop_b -> loop_a"},
		{"self", nil, "preset include loop: self -> self"},
		{"dangling", nil, `preset "dangling" includes "nowhere", which does not exist`},
		{"bad_include", nil, `preset "bad_include": "preset" must be a preset name or a list of names`},
		{"missing", nil, `no preset named "missing"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := f.Resolve(tc.name)
			if tc.err != "" {
				var ce *config.Error
				if !errors.As(err, &ce) || ce.Msg != tc.err {
					t.Fatalf("Resolve = %v, %v; want error %q", got, err, tc.err)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("Resolve = %#v, %v; want %#v", got, err, tc.want)
			}
		})
	}
	// Resolve does not change the stored preset
	if p, _ := f.Preset("mid"); p["preset"] != "base" {
		t.Fatalf("stored preset changed: %v", p)
	}
	if f.Changed() {
		t.Fatalf("Resolve marked the file changed")
	}
}

func TestLookup(t *testing.T) {
	f, _ := load(t, "p:\n  a:\n    b: deep\n    list: [1, 2]\n  s: text\n")
	tests := []struct {
		path string
		want any
		ok   bool
	}{
		{"p", map[string]any{"a": map[string]any{"b": "deep", "list": []any{int64(1), int64(2)}}, "s": "text"}, true},
		{"p.s", "text", true},
		{"p.a.b", "deep", true},
		{"p.a.list", []any{int64(1), int64(2)}, true},
		{"p.missing", nil, false},
		{"p.s.x", nil, false},
		{"p.a.b.c", nil, false},
		{"nope", nil, false},
		{"nope.a", nil, false},
	}
	for _, tc := range tests {
		got, ok := f.Lookup(tc.path)
		if ok != tc.ok || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Lookup(%q) = %#v, %v; want %#v, %v", tc.path, got, ok, tc.want, tc.ok)
		}
	}
}

func TestGlobalNameAndDefaultPreset(t *testing.T) {
	t.Run("no global preset yet", func(t *testing.T) {
		f, path := load(t, "demo:\n  url: u\n")
		if got := f.GlobalName("demo"); got != "demo" || f.Changed() {
			t.Fatalf("GlobalName(demo) = %q, changed %v", got, f.Changed())
		}
		if got := f.DefaultPreset(config.SectionConfig); got != "" {
			t.Fatalf("DefaultPreset(config) = %q", got)
		}
		if got := f.GlobalName(config.GlobalAlias); got != config.GlobalPresetName {
			t.Fatalf("GlobalName(GLOBAL) = %q", got)
		}
		if got := f.DefaultPreset(config.SectionConfig); got != "global_common_defaults" {
			t.Fatalf("default.config = %q", got)
		}
		if !f.Changed() {
			t.Fatalf("GlobalName did not mark the file changed")
		}
		if err := f.Save(); err != nil {
			t.Fatal(err)
		}
		if got, want := read(t, path), "demo:\n  url: u\ndefault:\n  config: global_common_defaults\n"; got != want {
			t.Fatalf("file:\n%s\nwant:\n%s", got, want)
		}
	})
	t.Run("existing global preset", func(t *testing.T) {
		f, _ := load(t, "default:\n  config: mine\n  server: demo_server\n")
		if got := f.GlobalName("GLOBAL"); got != "mine" || f.Changed() {
			t.Fatalf("GlobalName(GLOBAL) = %q, changed %v", got, f.Changed())
		}
		if got := f.DefaultPreset("server"); got != "demo_server" {
			t.Fatalf("DefaultPreset(server) = %q", got)
		}
		if got := f.DefaultPreset("node"); got != "" {
			t.Fatalf("DefaultPreset(node) = %q", got)
		}
		if got := f.GlobalName("global"); got != "global" {
			t.Fatalf("the alias is case-sensitive: got %q", got)
		}
	})
}

func TestWriteAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a", "b", "f.txt")
	if err := config.WriteAtomic(path, []byte("one"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := config.WriteAtomic(path, []byte("two"), 0o600); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(path)
	if read(t, path) != "two" || st.Mode().Perm() != 0o600 {
		t.Fatalf("content %q mode %v", read(t, path), st.Mode().Perm())
	}
	if got := dirEntries(t, filepath.Dir(path)); !reflect.DeepEqual(got, []string{"f.txt"}) {
		t.Fatalf("folder holds %v", got)
	}

	// the target is a folder: the rename fails, no temporary file is left
	target := filepath.Join(dir, "target")
	if err := os.Mkdir(target, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := config.WriteAtomic(target, []byte("x"), 0o600); err == nil {
		t.Fatalf("WriteAtomic over a folder succeeded")
	}
	if got := dirEntries(t, dir); !reflect.DeepEqual(got, []string{"a", "target"}) {
		t.Fatalf("after a failure the folder holds %v", got)
	}
	if st, err := os.Stat(target); err != nil || !st.IsDir() {
		t.Fatalf("the folder was touched")
	}
	// the parent is a file: nothing can be created
	if err := config.WriteAtomic(filepath.Join(path, "x"), []byte("x"), 0o600); err == nil {
		t.Fatalf("WriteAtomic under a file succeeded")
	}
	if read(t, path) != "two" {
		t.Fatalf("the file was changed")
	}
}

func TestOpenCommand(t *testing.T) {
	path := "/home/me/my config.yaml"
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	tests := []struct {
		name      string
		graphical bool
		env       map[string]string
		prog      string
		args      []string
	}{
		{"visual with arguments", false, map[string]string{"VISUAL": "code  --wait -n", "EDITOR": "vi"}, "code", []string{"--wait", "-n", path}},
		{"editor", false, map[string]string{"EDITOR": "vi"}, "vi", []string{path}},
		{"blank visual falls back", false, map[string]string{"VISUAL": "   ", "EDITOR": "nano"}, "nano", []string{path}},
		{"no shell", false, map[string]string{"EDITOR": "ed $(rm -rf x); true"}, "ed", []string{"$(rm", "-rf", "x);", "true", path}},
		{"nothing", false, map[string]string{}, "", nil},
	}
	for _, tc := range tests {
		prog, args := config.OpenCommand(path, tc.graphical, env(tc.env))
		if prog != tc.prog || !reflect.DeepEqual(args, tc.args) {
			t.Errorf("%s: got %q %q, want %q %q", tc.name, prog, args, tc.prog, tc.args)
		}
	}
	prog, args := config.OpenCommand(path, true, env(map[string]string{"EDITOR": "vi"}))
	want, wantArgs := "xdg-open", []string{path}
	switch goruntime.GOOS {
	case "darwin":
		want = "open"
	case "windows":
		want, wantArgs = "cmd", []string{"/c", "start", "", path}
	}
	if prog != want || !reflect.DeepEqual(args, wantArgs) {
		t.Errorf("graphical: got %q %q, want %q %q", prog, args, want, wantArgs)
	}
}

func TestEmptyDocumentMarker(t *testing.T) {
	for _, text := range []string{"---\n", "--- # nothing yet\n", "---\n...\n"} {
		p := filepath.Join(t.TempDir(), "config.yaml")
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		f, err := config.Load(p)
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		if len(f.PresetNames()) != 0 {
			t.Fatalf("%q: presets %v", text, f.PresetNames())
		}
		f.Set("p", "k", "v")
		if err := f.Save(); err != nil {
			t.Fatalf("%q: save: %v", text, err)
		}
		if got, _ := f.Get("p", "k"); got != "v" {
			t.Fatalf("%q: got %v", text, got)
		}
	}
}

func TestBrowserCommand(t *testing.T) {
	url := "https://host/authorize?a=1&b=2"
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	prog, args := config.BrowserCommand(url, env(map[string]string{"BROWSER": "chromium --headless  --no-sandbox"}))
	if prog != "chromium" || !reflect.DeepEqual(args, []string{"--headless", "--no-sandbox", url}) {
		t.Errorf("BROWSER: got %q %q", prog, args)
	}
	prog, args = config.BrowserCommand(url, env(nil))
	want, wantArgs := "xdg-open", []string{url}
	switch goruntime.GOOS {
	case "darwin":
		want = "open"
	case "windows":
		want, wantArgs = "rundll32", []string{"url.dll,FileProtocolHandler", url}
	}
	if prog != want || !reflect.DeepEqual(args, wantArgs) {
		t.Errorf("default: got %q %q, want %q %q", prog, args, want, wantArgs)
	}
}
