package config

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// PresetNames returns the preset names in file order, reserved sections included.
func (f *File) PresetNames() []string {
	root := f.root()
	names := make([]string, 0, len(root.Content)/2)
	for i := 0; i+1 < len(root.Content); i += 2 {
		names = append(names, root.Content[i].Value)
	}
	return names
}

// Has reports whether the preset exists.
func (f *File) Has(name string) bool { return f.find(name) >= 0 }

// find returns the index of the key node of preset name in the root mapping, or -1.
func (f *File) find(name string) int {
	return findKey(f.root(), name)
}

func findKey(m *yaml.Node, key string) int {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return i
		}
	}
	return -1
}

// Preset returns the values of a preset as stored (extended values not decoded), or false.
func (f *File) Preset(name string) (map[string]any, bool) {
	i := f.find(name)
	if i < 0 {
		return nil, false
	}
	v := f.root().Content[i+1]
	if isNull(v) {
		return map[string]any{}, true
	}
	m, _ := decodeNode(v).(map[string]any)
	if m == nil {
		m = map[string]any{}
	}
	return m, true
}

// Keys returns the parameter names of a preset in file order.
func (f *File) Keys(name string) []string {
	i := f.find(name)
	if i < 0 {
		return nil
	}
	v := f.root().Content[i+1]
	var keys []string
	for j := 0; j+1 < len(v.Content); j += 2 {
		keys = append(keys, v.Content[j].Value)
	}
	return keys
}

// Get returns one stored value of a preset.
func (f *File) Get(name, param string) (any, bool) {
	i := f.find(name)
	if i < 0 {
		return nil, false
	}
	m := f.root().Content[i+1]
	j := findKey(m, param)
	if j < 0 {
		return nil, false
	}
	return decodeNode(m.Content[j+1]), true
}

// Lookup resolves a dot-path "preset.key.sub..." (used by @preset:). A path of one element
// returns the whole preset.
func (f *File) Lookup(path string) (any, bool) {
	parts := strings.Split(path, ".")
	p, ok := f.Preset(parts[0])
	if !ok {
		return nil, false
	}
	var cur any = p
	for _, k := range parts[1:] {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = m[k]; !ok {
			return nil, false
		}
	}
	return cur, true
}

// Resolve returns a preset with its included presets (key "preset") merged below it, the
// include key removed. Loops and missing includes are errors.
func (f *File) Resolve(name string) (map[string]any, error) {
	return f.resolve(name, nil)
}

func (f *File) resolve(name string, chain []string) (map[string]any, error) {
	for _, c := range chain {
		if c == name {
			return nil, &Error{Path: f.Path, Msg: fmt.Sprintf("preset include loop: %s -> %s", strings.Join(chain, " -> "), name)}
		}
	}
	p, ok := f.Preset(name)
	if !ok {
		if len(chain) > 0 {
			return nil, &Error{Path: f.Path, Msg: fmt.Sprintf("preset %q includes %q, which does not exist", chain[len(chain)-1], name)}
		}
		return nil, &Error{Path: f.Path, Msg: fmt.Sprintf("no preset named %q", name)}
	}
	inc, has := p[IncludeKey]
	if !has {
		return p, nil
	}
	delete(p, IncludeKey)
	var names []string
	switch t := inc.(type) {
	case string:
		names = []string{t}
	case []any:
		for _, e := range t {
			names = append(names, fmt.Sprint(e))
		}
	default:
		return nil, &Error{Path: f.Path, Msg: fmt.Sprintf("preset %q: %q must be a preset name or a list of names", name, IncludeKey)}
	}
	out := map[string]any{}
	for _, n := range names {
		sub, err := f.resolve(n, append(chain, name))
		if err != nil {
			return nil, err
		}
		for k, v := range sub {
			out[k] = v
		}
	}
	for k, v := range p {
		out[k] = v
	}
	return out, nil
}

// DefaultPreset returns the default preset name of a plugin ("config" for the global preset),
// or "".
func (f *File) DefaultPreset(plugin string) string {
	v, _ := f.Get(SectionDefault, plugin)
	s, _ := v.(string)
	return s
}

// GlobalName resolves the alias GLOBAL to the global preset's name (creating the name
// global_common_defaults, and pointing default.config at it, when there is none yet).
// Other names are returned unchanged.
func (f *File) GlobalName(name string) string {
	if name != GlobalAlias {
		return name
	}
	if g := f.DefaultPreset(SectionConfig); g != "" {
		return g
	}
	f.Set(SectionDefault, SectionConfig, GlobalPresetName)
	return GlobalPresetName
}

// Data returns the whole file as stored.
func (f *File) Data() map[string]any {
	m, _ := decodeNode(f.root()).(map[string]any)
	if m == nil {
		m = map[string]any{}
	}
	return m
}

// edit applies a change and records it, to replay it on a newer file at Save.
func (f *File) edit(change func(*File)) {
	change(f)
	f.edits = append(f.edits, change)
}

// Set stores value (any JSON-like Go value) under param in preset name, creating the preset
// when needed. The key keeps its place when it already exists.
func (f *File) Set(name, param string, value any) {
	f.edit(func(g *File) { g.set(name, param, value) })
}

func (f *File) set(name, param string, value any) {
	m := f.ensure(name)
	f.dirty = true
	n := encodeNode(value)
	if j := findKey(m, param); j >= 0 {
		n.HeadComment, n.LineComment = m.Content[j+1].HeadComment, m.Content[j+1].LineComment
		m.Content[j+1] = n
		return
	}
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: param}, n)
}

// Unset removes param from preset name; false when it was not there.
func (f *File) Unset(name, param string) bool {
	done := f.unset(name, param)
	if done {
		f.edits = append(f.edits, func(g *File) { g.unset(name, param) })
	}
	return done
}

func (f *File) unset(name, param string) bool {
	i := f.find(name)
	if i < 0 {
		return false
	}
	m := f.root().Content[i+1]
	j := findKey(m, param)
	if j < 0 {
		return false
	}
	m.Content = append(m.Content[:j], m.Content[j+2:]...)
	f.dirty = true
	return true
}

// Delete removes a preset; false when it did not exist.
func (f *File) Delete(name string) bool {
	done := f.delete(name)
	if done {
		f.edits = append(f.edits, func(g *File) { g.delete(name) })
	}
	return done
}

func (f *File) delete(name string) bool {
	i := f.find(name)
	if i < 0 {
		return false
	}
	root := f.root()
	root.Content = append(root.Content[:i], root.Content[i+2:]...)
	f.dirty = true
	return true
}

// Initialize replaces preset name by values.
func (f *File) Initialize(name string, values map[string]any) {
	f.edit(func(g *File) {
		g.ensure(name).Content = nil
		g.dirty = true
		g.update(name, values)
	})
}

// Update sets every key of values in preset name, keeping its other keys. Keys are set in
// sorted order so that the file does not depend on map iteration.
func (f *File) Update(name string, values map[string]any) {
	f.edit(func(g *File) { g.update(name, values) })
}

func (f *File) update(name string, values map[string]any) {
	f.ensure(name)
	for _, k := range sortedKeys(values) {
		f.set(name, k, values[k])
	}
}

func (f *File) ensure(name string) *yaml.Node {
	root := f.root()
	if i := findKey(root, name); i >= 0 {
		v := root.Content[i+1]
		if isNull(v) {
			v = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
			root.Content[i+1] = v
		}
		return v
	}
	m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	root.Content = append(root.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: name}, m)
	f.dirty = true
	return m
}
