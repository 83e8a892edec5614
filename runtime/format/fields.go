package format

import (
	"errors"
	"fmt"
	"strings"
)

// spec is a parsed --fields value: its items in order ("DEF", "ALL", "name", "-name").
type spec []string

// parseSpec splits a fields spec into items; nil gives DEF. A spec made of exclusions only
// ("-mtime") starts from DEF: it means "the default fields minus these".
func parseSpec(s any) (spec, error) {
	var raw []string
	switch t := s.(type) {
	case nil:
		return spec{"DEF"}, nil
	case string:
		raw = []string{t}
	case []string:
		raw = t
	case []any:
		for _, e := range t {
			s, ok := e.(string)
			if !ok {
				return nil, fmt.Errorf("bad fields: item %v is %T, not a string", e, e)
			}
			raw = append(raw, s)
		}
	default:
		return nil, fmt.Errorf("bad fields: %T is not a string or a list", s)
	}
	if len(raw) == 0 {
		return nil, errors.New("bad fields: empty list")
	}
	var items spec
	for _, r := range raw {
		for _, it := range strings.Split(r, ",") {
			it = strings.TrimSpace(it)
			if it == "" || it == "-" {
				return nil, fmt.Errorf("bad fields %q: empty field name", r)
			}
			items = append(items, it)
		}
	}
	if items.exclusionsOnly() {
		items = append(spec{"DEF"}, items...)
	}
	return items, nil
}

func (s spec) exclusionsOnly() bool {
	for _, it := range s {
		if !strings.HasPrefix(it, "-") {
			return false
		}
	}
	return true
}

// whole reports whether the spec keeps every field of a record where DEF means all fields
// (json and yaml): only DEF and ALL items.
func (s spec) whole() bool {
	for _, it := range s {
		if it != "DEF" && it != "ALL" {
			return false
		}
	}
	return true
}

// oneName reports whether the spec names exactly one field and nothing else (`--fields=id`):
// the user asked for that value alone.
func (s spec) oneName() bool {
	return len(s) == 1 && s[0] != "DEF" && s[0] != "ALL" && !strings.HasPrefix(s[0], "-")
}

// fieldSet is an ordered set of field names with constant-time add and remove.
type fieldSet struct {
	names []string
	at    map[string]int // index in names of a present field
}

func (f *fieldSet) add(names ...string) {
	for _, n := range names {
		if _, ok := f.at[n]; !ok {
			f.at[n] = len(f.names)
			f.names = append(f.names, n)
		}
	}
}

func (f *fieldSet) remove(n string) { delete(f.at, n) }

// list returns the present fields in order.
func (f *fieldSet) list() []string {
	out := make([]string, 0, len(f.at))
	for i, n := range f.names {
		if j, ok := f.at[n]; ok && j == i {
			out = append(out, n)
		}
	}
	return out
}

// computeFields applies the items left to right: DEF (def, or all fields when def is empty),
// ALL, name, -name. It is linear in the number of fields; all is called at most once.
func computeFields(items spec, def []string, all func() []string) []string {
	if len(items) == 1 && (items[0] == "ALL" || items[0] == "DEF" && len(def) == 0) {
		return all()
	}
	set := fieldSet{at: make(map[string]int, len(def))}
	var allCache []string
	getAll := func() []string {
		if allCache == nil {
			allCache = all()
		}
		return allCache
	}
	for _, it := range items {
		switch {
		case it == "DEF" && len(def) > 0:
			set.add(def...)
		case it == "DEF" || it == "ALL":
			set.add(getAll()...)
		case strings.HasPrefix(it, "-"):
			set.remove(it[1:])
		default:
			set.add(it)
		}
	}
	return set.list()
}
