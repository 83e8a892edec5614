package runtime

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"

	lua "github.com/yuin/gopher-lua"
)

// BuiltinChunkPrefix starts the chunk names of the scripts embedded in the binary
// ("builtin:commands/node.lua"), as positions in errors show them.
const BuiltinChunkPrefix = "builtin:"

// Script is a command plugin: a Lua chunk that returns the plugin's declaration table.
type Script struct {
	Name string
	// Path is the file of a user plugin, or "builtin:commands/NAME.lua".
	Path    string
	Builtin bool
	// Shadows is set on a user plugin that has the name of a built-in one.
	Shadows bool
	fsys    fs.FS
	file    string
}

// Source returns the script's text.
func (s *Script) Source() ([]byte, error) {
	if s.fsys != nil {
		return fs.ReadFile(s.fsys, s.file)
	}
	return os.ReadFile(s.Path)
}

// Proto returns the compiled chunk (compiled once per process). Errors name the file.
func (s *Script) Proto() (*lua.FunctionProto, error) {
	src, err := s.Source()
	if err != nil {
		return nil, &Error{Kind: KindPlugin, Message: "plugin " + s.Name + ": " + err.Error(), Err: err}
	}
	p, err := Compile(s.Path, src)
	if err != nil {
		e := Wrap(KindPlugin, err)
		return nil, &Error{Kind: KindPlugin, Message: "plugin " + s.Name + " (" + s.Path + "): " + e.Message, Err: err}
	}
	return p, nil
}

// Catalog lists the plugins: built-ins from an embedded folder, then user folders. A user
// plugin overrides a built-in one of the same name, and a later folder overrides an earlier one.
type Catalog struct {
	scripts map[string]*Script
}

// PluginName returns the form of a plugin name: a lower-case letter, then letters, digits, '_'
// (compiled on first use, not at start-up).
var PluginName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z][a-z0-9_]*$`) })

// NewCatalog reads builtin (files dir/NAME.lua) and each user folder (NAME.lua). Missing user
// folders are skipped; files whose name is not a valid plugin name are ignored.
func NewCatalog(builtin fs.FS, dir string, userFolders ...string) *Catalog {
	c := &Catalog{scripts: map[string]*Script{}}
	if builtin != nil {
		entries, _ := fs.ReadDir(builtin, dir)
		for _, e := range entries {
			name, ok := pluginFile(e.Name())
			if !ok || e.IsDir() {
				continue
			}
			file := dir + "/" + e.Name()
			c.scripts[name] = &Script{Name: name, Path: BuiltinChunkPrefix + file, Builtin: true, fsys: builtin, file: file}
		}
	}
	for _, folder := range userFolders {
		entries, err := os.ReadDir(folder)
		if err != nil {
			continue
		}
		for _, e := range entries {
			name, ok := pluginFile(e.Name())
			if !ok || e.IsDir() {
				continue
			}
			prev := c.scripts[name]
			c.scripts[name] = &Script{
				Name: name, Path: filepath.Join(folder, e.Name()),
				Shadows: prev != nil && (prev.Builtin || prev.Shadows),
			}
		}
	}
	return c
}

func pluginFile(file string) (string, bool) {
	name, ok := strings.CutSuffix(file, ".lua")
	return name, ok && PluginName().MatchString(name)
}

// Names returns the plugin names, sorted.
func (c *Catalog) Names() []string {
	names := make([]string, 0, len(c.scripts))
	for n := range c.scripts {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Lookup returns the plugin of that exact name.
func (c *Catalog) Lookup(name string) (*Script, bool) {
	s, ok := c.scripts[name]
	return s, ok
}

// Add registers a plugin handled by the host rather than by a script (for instance "run"),
// so that it takes part in name matching and help. It does not replace an existing entry.
func (c *Catalog) Add(name string) {
	if _, ok := c.scripts[name]; !ok {
		c.scripts[name] = &Script{Name: name, Path: BuiltinChunkPrefix + name, Builtin: true}
	}
}
