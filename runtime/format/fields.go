package format

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// view is an Object (single) or an ObjectList after select, with its computed fields.
type view struct {
	single bool
	recs   []map[string]any // nested records (secrets hidden)
	flats  []map[string]any // flattened records, nil when not flattening
	fields []string
}

// viewSpec is what buildView needs from the options and the result.
type viewSpec struct {
	items []string // parsed fields spec
	def   []string // Result.Fields
	pred  func(map[string]any) (bool, error)
	flat  bool // flatten records (FlatHash in table/csv)
}

// buildView checks the data of an Object or ObjectList, applies select and computes fields.
func buildView(kind Kind, data any, s viewSpec) (*view, error) {
	var err error
	v := &view{single: kind == Object}
	if v.recs, err = records(kind, data); err != nil {
		return nil, err
	}
	if kind == ObjectList && s.pred != nil {
		if v.recs, err = selectRecords(v.recs, s.pred); err != nil {
			return nil, err
		}
	}
	if s.flat {
		v.flats = make([]map[string]any, len(v.recs))
		for i, r := range v.recs {
			v.flats[i] = flatShared(r)
		}
	}
	v.fields = computeFields(s.items, s.def, v.allFields)
	return v, nil
}

// records returns the records of an Object (one) or an ObjectList.
func records(kind Kind, data any) ([]map[string]any, error) {
	if kind == Object {
		switch t := data.(type) {
		case map[string]any:
			return []map[string]any{t}, nil
		case nil:
			return []map[string]any{{}}, nil
		case []any:
			if len(t) == 0 {
				return []map[string]any{{}}, nil
			}
		}
		return nil, fmt.Errorf("format: an Object result needs a map, not %T", data)
	}
	list, ok := data.([]any)
	if !ok && data != nil {
		return nil, fmt.Errorf("format: an ObjectList result needs a list, not %T", data)
	}
	recs := make([]map[string]any, len(list))
	for i, e := range list {
		m, ok := e.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("format: element %d of an ObjectList is %T, not an object", i+1, e)
		}
		recs[i] = m
	}
	return recs, nil
}

// allFields is the sorted union of the keys of the records (flattened when flattening).
func (v *view) allFields() []string {
	src := v.recs
	if v.flats != nil {
		src = v.flats
	}
	seen := map[string]bool{}
	var out []string
	for _, r := range src {
		for k := range r {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	sort.Strings(out)
	return out
}

// parseSpec splits a fields spec into items; nil gives DEF.
func parseSpec(spec any) ([]string, error) {
	var raw []string
	switch t := spec.(type) {
	case nil:
		return []string{"DEF"}, nil
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
		return nil, fmt.Errorf("bad fields: %T is not a string or a list", spec)
	}
	if len(raw) == 0 {
		return nil, errors.New("bad fields: empty list")
	}
	var items []string
	for _, r := range raw {
		for _, it := range strings.Split(r, ",") {
			it = strings.TrimSpace(it)
			if it == "" || it == "-" {
				return nil, fmt.Errorf("bad fields %q: empty field name", r)
			}
			items = append(items, it)
		}
	}
	return items, nil
}

// computeFields applies the items left to right: DEF, ALL, name, -name.
func computeFields(items, def []string, all func() []string) []string {
	var out []string
	var allCache []string
	getAll := func() []string {
		if allCache == nil {
			allCache = all()
		}
		return allCache
	}
	add := func(names ...string) {
		for _, n := range names {
			if !contains(out, n) {
				out = append(out, n)
			}
		}
	}
	for _, it := range items {
		switch {
		case it == "DEF" && len(def) > 0:
			add(def...)
		case it == "DEF" || it == "ALL":
			add(getAll()...)
		case strings.HasPrefix(it, "-"):
			out = remove(out, it[1:])
		default:
			add(it)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

func remove(list []string, s string) []string {
	out := list[:0]
	for _, e := range list {
		if e != s {
			out = append(out, e)
		}
	}
	return out
}

// cell returns the value of field f in record i: the flattened key first, then the dot-path.
func (v *view) cell(i int, f string) (any, bool) {
	if v.flats != nil {
		if x, ok := v.flats[i][f]; ok {
			return x, true
		}
	}
	return Lookup(v.recs[i], f)
}

func (v *view) cellText(i int, f, sep string) string {
	x, ok := v.cell(i, f)
	if !ok {
		return ""
	}
	return cellText(x, sep)
}

// row fills dst with the cells of record i and returns it.
func (v *view) row(i int, sep string, dst []string) []string {
	for j, f := range v.fields {
		dst[j] = v.cellText(i, f, sep)
	}
	return dst
}

// project returns the data for json/yaml: the selected paths rebuilt as nested objects.
func (v *view) project() any {
	if v.single {
		return projectRec(v.recs[0], v.fields)
	}
	out := make([]any, len(v.recs))
	for i, r := range v.recs {
		out[i] = projectRec(r, v.fields)
	}
	return out
}

// node is an inner map built by projectRec, told apart from map values of the record.
type node map[string]any

func projectRec(rec map[string]any, fields []string) map[string]any {
	tree := node{}
	for _, f := range fields {
		if x, segs, ok := lookupPath(rec, f); ok {
			tree.set(segs, x)
		}
	}
	return tree.toMap()
}

// set stores x at path segs; a value already stored on the way holds the path already.
func (n node) set(segs []string, x any) {
	if len(segs) == 1 {
		n[segs[0]] = x
		return
	}
	c, ok := n[segs[0]]
	if !ok {
		c = node{}
		n[segs[0]] = c
	}
	if sub, ok := c.(node); ok {
		sub.set(segs[1:], x)
	}
}

func (n node) toMap() map[string]any {
	out := make(map[string]any, len(n))
	for k, e := range n {
		if sub, ok := e.(node); ok {
			out[k] = sub.toMap()
		} else {
			out[k] = e
		}
	}
	return out
}
