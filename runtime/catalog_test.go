package runtime_test

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/asperalm/aslmcli/runtime"
)

func TestCatalog(t *testing.T) {
	builtin := fstest.MapFS{
		"commands/config.lua":    {Data: []byte(`return {name = "builtin config"}`)},
		"commands/node.lua":      {Data: []byte(`return {name = "builtin node"}`)},
		"commands/Bad.lua":       {Data: []byte(`return {}`)},
		"commands/1x.lua":        {Data: []byte(`return {}`)},
		"commands/readme.txt":    {Data: []byte(`not a plugin`)},
		"commands/dir.lua/x.lua": {Data: []byte(`return {}`)},
		"other/aoc.lua":          {Data: []byte(`return {}`)},
	}
	user1, user2 := t.TempDir(), t.TempDir()
	write := func(dir, name, src string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(user1, "config.lua", `return {name = "user config"}`)
	write(user1, "mine.lua", `return {name = "mine 1"}`)
	write(user1, "my-plugin.lua", `return {}`)
	write(user1, "notes.md", `x`)
	write(user1, "broken.lua", "return {\n  x = = 1\n}")
	write(user2, "mine.lua", `return {name = "mine 2"}`)
	write(user2, "node.lua", `return {name = "user node"}`)
	write(user2, "config.lua", `return {name = "user2 config"}`)
	if err := os.Mkdir(filepath.Join(user2, "sub.lua"), 0o755); err != nil {
		t.Fatal(err)
	}

	c := runtime.NewCatalog(builtin, "commands", user1, filepath.Join(t.TempDir(), "missing"), user2)
	if got, want := c.Names(), []string{"broken", "config", "mine", "node"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("Names = %v, want %v", got, want)
	}
	tests := []struct {
		name    string
		path    string
		builtin bool
		shadows bool
		src     string
	}{
		{"config", filepath.Join(user2, "config.lua"), false, true, `return {name = "user2 config"}`},
		{"node", filepath.Join(user2, "node.lua"), false, true, `return {name = "user node"}`},
		{"mine", filepath.Join(user2, "mine.lua"), false, false, `return {name = "mine 2"}`},
	}
	for _, tc := range tests {
		s, ok := c.Lookup(tc.name)
		if !ok {
			t.Fatalf("Lookup(%q) found nothing", tc.name)
		}
		if s.Name != tc.name || s.Path != tc.path || s.Builtin != tc.builtin || s.Shadows != tc.shadows {
			t.Errorf("%s: got %+v, want path %s builtin %v shadows %v", tc.name, *s, tc.path, tc.builtin, tc.shadows)
		}
		src, err := s.Source()
		if err != nil || string(src) != tc.src {
			t.Errorf("%s: Source = %q, %v", tc.name, src, err)
		}
		if _, err := s.Proto(); err != nil {
			t.Errorf("%s: Proto: %v", tc.name, err)
		}
	}
	if _, ok := c.Lookup("Bad"); ok {
		t.Errorf("an invalid plugin name was listed")
	}
	if _, ok := c.Lookup("conf"); ok {
		t.Errorf("Lookup accepts a prefix")
	}

	// a broken plugin gives an error naming its file
	s, _ := c.Lookup("broken")
	_, err := s.Proto()
	var re *runtime.Error
	if !errors.As(err, &re) || re.Kind != runtime.KindPlugin ||
		!strings.HasPrefix(re.Message, "plugin broken ("+filepath.Join(user1, "broken.lua")+"): ") {
		t.Fatalf("Proto of a broken plugin: %#v", err)
	}
	// a plugin whose file disappeared
	os.Remove(filepath.Join(user2, "mine.lua"))
	s, _ = c.Lookup("mine")
	if _, err := s.Proto(); !errors.As(err, &re) || re.Kind != runtime.KindPlugin || !strings.HasPrefix(re.Message, "plugin mine: ") {
		t.Fatalf("Proto of a missing file: %#v", err)
	}
}

func TestCatalogBuiltinsOnly(t *testing.T) {
	builtin := fstest.MapFS{
		"commands/config.lua": {Data: []byte("return 1")},
		"commands/node.lua":   {Data: []byte("return 2")},
	}
	c := runtime.NewCatalog(builtin, "commands")
	s, ok := c.Lookup("node")
	if !ok || !s.Builtin || s.Shadows || s.Path != "builtin:commands/node.lua" {
		t.Fatalf("node: %+v", s)
	}
	src, err := s.Source()
	if err != nil || string(src) != "return 2" {
		t.Fatalf("Source = %q, %v", src, err)
	}
	p1, err := s.Proto()
	if err != nil {
		t.Fatal(err)
	}
	p2, _ := s.Proto()
	if p1 != p2 {
		t.Errorf("the plugin was compiled twice")
	}
	c.Add("run")
	c.Add("config")
	if got := c.Names(); !reflect.DeepEqual(got, []string{"config", "node", "run"}) {
		t.Fatalf("Names after Add = %v", got)
	}
	if s, _ := c.Lookup("config"); s.Path != "builtin:commands/config.lua" {
		t.Errorf("Add replaced an existing plugin: %+v", s)
	}
	if s, _ := c.Lookup("run"); !s.Builtin || s.Path != "builtin:run" {
		t.Errorf("run: %+v", s)
	}
	// nil builtin, no folders
	if got := runtime.NewCatalog(nil, "commands").Names(); len(got) != 0 {
		t.Errorf("empty catalog: %v", got)
	}
}

func TestPluginName(t *testing.T) {
	for name, ok := range map[string]bool{
		"config": true, "a": true, "aoc2": true, "my_plugin": true,
		"": false, "My": false, "2x": false, "my-plugin": false, "_x": false, "a.b": false,
	} {
		if runtime.PluginName().MatchString(name) != ok {
			t.Errorf("PluginName(%q) = %v, want %v", name, !ok, ok)
		}
	}
}
