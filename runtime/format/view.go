package format

import (
	"fmt"
	"sort"
)

// view is an Object (single) or an ObjectList after select, with its computed fields.
type view struct {
	single bool
	recs   []map[string]any // nested records (secrets hidden)
	flats  []map[string]any // flattened records, nil when not flattening
	fields []string         // table and csv: the columns
	items  spec             // json and yaml: fields are computed for each record
	whole  bool             // json and yaml: records are written as they are
	bare   bool             // table and csv: an object shown as its only field's value
}

// viewSpec is what buildView needs from the options and the result.
type viewSpec struct {
	items      spec // parsed fields spec
	def        []string
	pred       func(map[string]any) (bool, error)
	flat       bool // flatten records (FlatHash in table/csv)
	structured bool // json or yaml: DEF means every field, fields are computed per record
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
	if s.structured {
		v.items, v.whole = s.items, s.items.whole()
		return v, nil
	}
	if s.flat {
		v.flats = make([]map[string]any, len(v.recs))
		for i, r := range v.recs {
			v.flats[i] = flatShared(r)
		}
	}
	v.fields = computeFields(s.items, s.def, v.allFields)
	v.bare = v.single && s.items.oneName()
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
	if len(src) == 1 {
		return sortedKeys(src[0])
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

func sortedKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
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

// project returns the data for json/yaml: each record as it is (whole), or the paths its
// fields select rebuilt as nested objects, DEF and ALL standing for the record's own keys.
func (v *view) project() any {
	one := func(r map[string]any) map[string]any {
		if v.whole {
			return r
		}
		return projectRec(r, computeFields(v.items, nil, func() []string { return sortedKeys(r) }))
	}
	if v.single {
		return one(v.recs[0])
	}
	out := make([]any, len(v.recs))
	for i, r := range v.recs {
		out[i] = one(r)
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
