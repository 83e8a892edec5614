// Package config reads and writes the aslmcli configuration file: a YAML mapping of preset
// names to mappings of option names (underscore form) and values.
//
//	config:                      # reserved: the tool's own section
//	  version: 0.1.0             #   version of aslmcli that last wrote the file
//	default:                     # reserved: default preset of each plugin
//	  config: my_globals         #   "config" names the global preset, loaded for every command
//	  server: demo_server
//	demo_server:
//	  url: ssh://demo.asperasoft.com:33001
//	  username: asperaweb
//	  password: '@val:@env:DEMO_PASS'
//
// Values are extended values, decoded when an option is read (not here). A preset may include
// others with the key "preset" (a name or a list of names), loaded below its own values.
//
// Writes are atomic: the new content goes to a temporary file (mode 0600) in the same folder,
// which is then renamed over the file. A file is only written when its content changed. The
// YAML tree is edited in place, so the user's comments and key order survive edits. A file that
// does not parse is reported with its line number and is never overwritten.
//
// Concurrent commands lose no update: Save holds an exclusive lock (flock) on the file's folder
// while it reads the file again and writes it (the file itself cannot carry the lock: it is
// replaced by a rename), and when another program wrote the file since it was read, the
// changes made through this File (Set, Unset, Delete, Initialize, Update) are replayed on what
// is on disk now: the last writer wins key by key, other keys are kept.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/asperalm/aslmcli/internal/atomicfile"
	"github.com/asperalm/aslmcli/internal/yamlerr"
)

// Reserved section names and aliases.
const (
	// SectionConfig holds the tool's own values (version).
	SectionConfig = "config"
	// SectionDefault maps plugin names (and "config") to preset names.
	SectionDefault = "default"
	// GlobalAlias stands for the global preset in commands (`config preset set GLOBAL k v`).
	GlobalAlias = "GLOBAL"
	// GlobalPresetName is the name given to the global preset when it is first created.
	GlobalPresetName = "global_common_defaults"
	// IncludeKey inside a preset names presets to load below it.
	IncludeKey = "preset"
)

// Error is a problem with the configuration file or a preset. Line is 0 when unknown.
type Error struct {
	Path string
	Line int
	Msg  string
	Err  error
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", e.Line)
	}
	b.WriteString(e.Msg)
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// File is a loaded configuration file. Its methods are not safe for concurrent use.
type File struct {
	// Path is where the file is read from and written to.
	Path string
	// Version is written as config.version on save.
	Version string
	doc     *yaml.Node    // the document node; doc.Content[0] is the root mapping
	orig    []byte        // content read from disk (nil when the file did not exist)
	dirty   bool          // changed since read or saved
	edits   []func(*File) // the changes since read or saved, to replay on a newer file
	broken  error         // the file does not parse (see Load)
}

// Load reads path. A missing file gives an empty configuration. A file that does not parse,
// or whose top level is not a mapping of mappings, gives an *Error with the line, and a File
// that knows only its path and that it exists (enough to open it in an editor): it reads as
// empty and its Save fails with that error.
func Load(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &File{Path: path, doc: emptyDoc()}, nil
	}
	if err != nil {
		return nil, &Error{Path: path, Msg: err.Error(), Err: err}
	}
	f, err := parse(path, data)
	if err != nil {
		return &File{Path: path, doc: emptyDoc(), orig: data, broken: err}, err
	}
	return f, nil
}

// parse reads the content of a configuration file.
func parse(path string, data []byte) (*File, error) {
	f := &File{Path: path, orig: data}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, parseError(path, err, data)
	}
	if doc.Kind == 0 { // empty, or only comments (which yaml.v3 drops: keep them)
		f.doc = emptyDoc()
		f.root().HeadComment = strings.TrimRight(string(data), "\n")
		return f, nil
	}
	f.doc = &doc
	if err := f.validate(); err != nil {
		return nil, err
	}
	return f, nil
}

func parseError(path string, err error, data []byte) *Error {
	line, msg := yamlerr.Locate(err, data)
	return &Error{Path: path, Line: line, Msg: "invalid YAML: " + msg, Err: err}
}

func emptyDoc() *yaml.Node {
	return &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{{Kind: yaml.MappingNode, Tag: "!!map"}}}
}

func (f *File) root() *yaml.Node { return f.doc.Content[0] }

func (f *File) validate() error {
	root := f.root()
	if isNull(root) && root.Value == "" { // a document with no content ("---")
		f.doc.Content[0] = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", HeadComment: root.HeadComment}
		return nil
	}
	if root.Kind != yaml.MappingNode {
		return &Error{Path: f.Path, Line: root.Line, Msg: "the top level must be a mapping of preset names to mappings"}
	}
	if err := f.checkDuplicates(root); err != nil {
		return err
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return &Error{Path: f.Path, Line: k.Line, Msg: "a preset name must be a plain string"}
		}
		if v.Kind != yaml.MappingNode && !isNull(v) {
			return &Error{Path: f.Path, Line: v.Line, Msg: fmt.Sprintf("preset %q must be a mapping of option names to values", k.Value)}
		}
	}
	return nil
}

// checkDuplicates refuses a mapping, at any depth, that defines a key twice: yaml.v3 reads
// such a file but cannot decode it.
func (f *File) checkDuplicates(n *yaml.Node) error {
	if n.Kind == yaml.MappingNode {
		seen := map[string]int{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if line, dup := seen[k.Value]; dup {
				return &Error{Path: f.Path, Line: k.Line, Msg: fmt.Sprintf("mapping key %q already defined at line %d", k.Value, line)}
			}
			seen[k.Value] = k.Line
		}
	}
	for _, c := range n.Content {
		if err := f.checkDuplicates(c); err != nil {
			return err
		}
	}
	return nil
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// Exists reports whether the file existed when loaded.
func (f *File) Exists() bool { return f.orig != nil }

// Changed reports whether the configuration was modified since it was read or saved.
func (f *File) Changed() bool { return f.dirty }

// Save writes the file atomically if it was modified (stamping config.version), under an
// exclusive lock of its folder. When another program wrote the file since it was read, the
// changes made through f are replayed on the file as it is now; if that file does not parse,
// nothing is written.
func (f *File) Save() error {
	if !f.dirty {
		return nil
	}
	if f.broken != nil {
		return f.broken
	}
	if err := os.MkdirAll(filepath.Dir(f.Path), 0o700); err != nil {
		return &Error{Path: f.Path, Msg: err.Error(), Err: err}
	}
	unlock, err := atomicfile.LockFolder(filepath.Dir(f.Path))
	if err != nil {
		return &Error{Path: f.Path, Msg: "lock the configuration: " + err.Error(), Err: err}
	}
	defer unlock()
	onDisk, err := os.ReadFile(f.Path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return &Error{Path: f.Path, Msg: err.Error(), Err: err}
	}
	if !bytes.Equal(onDisk, f.orig) {
		g := &File{Path: f.Path, doc: emptyDoc()}
		if onDisk != nil {
			if g, err = parse(f.Path, onDisk); err != nil {
				return &Error{Path: f.Path, Msg: "another program changed the file, which does not parse now: nothing written", Err: err}
			}
		}
		for _, edit := range f.edits {
			edit(g)
		}
		f.doc, f.orig = g.doc, onDisk
	}
	f.stampVersion()
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(f.doc); err != nil {
		return &Error{Path: f.Path, Msg: "encode: " + err.Error(), Err: err}
	}
	enc.Close()
	if onDisk == nil || !bytes.Equal(buf.Bytes(), onDisk) {
		if err := WriteAtomic(f.Path, buf.Bytes(), 0o600); err != nil {
			return &Error{Path: f.Path, Msg: err.Error(), Err: err}
		}
	}
	f.orig, f.dirty, f.edits = buf.Bytes(), false, nil
	return nil
}

// stampVersion sets config.version (the tool's own section comes first in a new file).
func (f *File) stampVersion() {
	if f.Version == "" {
		return
	}
	if !f.Has(SectionConfig) {
		root := f.root()
		root.Content = append([]*yaml.Node{
			{Kind: yaml.ScalarNode, Tag: "!!str", Value: SectionConfig},
			{Kind: yaml.MappingNode, Tag: "!!map"},
		}, root.Content...)
	}
	cur, _ := f.Get(SectionConfig, "version")
	if s, _ := cur.(string); s != f.Version {
		f.set(SectionConfig, "version", f.Version)
	}
}

// WriteAtomic writes data to path through a temporary file in the same folder and a rename,
// so that readers see the old or the new content, never a part. The folder is created (0700)
// when missing. On failure the temporary file is removed and path is untouched.
func WriteAtomic(path string, data []byte, perm fs.FileMode) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return atomicfile.Write(path, data, perm)
}
