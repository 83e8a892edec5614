package format

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// shallow converts the top level of v to the canonical types map[string]any / []any, without
// touching the elements.
func shallow(v any) any {
	switch t := v.(type) {
	case nil, map[string]any, []any, string, bool, int, int64, float64, json.Number:
		return v
	case []string:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = e
		}
		return out
	case []map[string]any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = e
		}
		return out
	case map[string]string:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[k] = e
		}
		return out
	}
	return reflected(v)
}

// reflected converts other slices and string-keyed maps with reflection; other values are
// returned as they are.
func reflected(v any) any {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Slice, reflect.Array:
		out := make([]any, rv.Len())
		for i := range out {
			out[i] = rv.Index(i).Interface()
		}
		return out
	case reflect.Map:
		if rv.Type().Key().Kind() != reflect.String {
			return v
		}
		out := make(map[string]any, rv.Len())
		for it := rv.MapRange(); it.Next(); {
			out[it.Key().String()] = it.Value().Interface()
		}
		return out
	}
	return v
}

// normalise converts v deeply to the canonical types. Maps and lists that are already canonical
// are returned as they are (not copied).
func normalise(v any) any {
	n, _ := norm(v)
	return n
}

func norm(v any) (any, bool) {
	s := shallow(v)
	changed := !sameKind(s, v)
	switch t := s.(type) {
	case map[string]any:
		var out map[string]any
		for k, e := range t {
			if n, c := norm(e); c {
				if out == nil {
					out = copyMap(t)
				}
				out[k] = n
			}
		}
		if out != nil {
			return out, true
		}
	case []any:
		var out []any
		for i, e := range t {
			if n, c := norm(e); c {
				if out == nil {
					out = append([]any(nil), t...)
				}
				out[i] = n
			}
		}
		if out != nil {
			return out, true
		}
	}
	return s, changed
}

// sameKind reports whether shallow returned its argument unchanged (only containers are copied).
func sameKind(s, v any) bool {
	switch v.(type) {
	case map[string]any, []any:
		return true
	}
	switch s.(type) {
	case map[string]any, []any:
		return false
	}
	return true
}

func copyMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, e := range m {
		out[k] = e
	}
	return out
}

// isScalar reports whether v is neither a map nor a list.
func isScalar(v any) bool {
	switch v.(type) {
	case map[string]any, []any:
		return false
	}
	return true
}

// cellText is the text of a value in a table or csv cell; sep joins the items of a list of
// scalars.
func cellText(v any, sep string) string {
	switch t := v.(type) {
	case nil:
		return "<null>"
	case string:
		return t
	case bool:
		return strconv.FormatBool(t)
	case int:
		return strconv.Itoa(t)
	case int64:
		return strconv.FormatInt(t, 10)
	case float64:
		return displayFloat(t)
	case float32:
		return displayFloat(float64(t))
	case json.Number:
		return string(t)
	case []any:
		return listText(t, sep)
	case map[string]any:
		if len(t) == 0 {
			return "{}"
		}
		return compactJSON(t)
	}
	return compactJSON(v)
}

func listText(l []any, sep string) string {
	if len(l) == 0 {
		return "[]"
	}
	parts := make([]string, len(l))
	for i, e := range l {
		if !isScalar(e) {
			return compactJSON(l)
		}
		parts[i] = cellText(e, sep)
	}
	return strings.Join(parts, sep)
}

// displayDigits is the number of significant digits of a non-integral float in a cell: the
// digits a float64 always holds, so that representation noise (0.1+0.2 = 0.30000000000000004)
// is rounded away while every digit the value really carries is shown.
const displayDigits = 15

// displayFloat is the text of a float in a table or csv cell: integers below 1e15 in full,
// other values rounded to displayDigits significant digits, then written as JSON writes them.
func displayFloat(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return floatText(f)
	}
	r, err := strconv.ParseFloat(strconv.FormatFloat(f, 'g', displayDigits, 64), 64)
	if err != nil {
		return floatText(f)
	}
	return floatText(r)
}

// floatText is the exact text of a float: integers below 1e15 in full, other values the
// shortest text that reads back the same value, as JSON writes it.
func floatText(f float64) string {
	if f == float64(int64(f)) && f < 1e15 && f > -1e15 {
		return strconv.FormatInt(int64(f), 10)
	}
	b, err := json.Marshal(f)
	if err != nil { // NaN, Inf
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	return string(b)
}

// compactJSON is v as one line of JSON without HTML escaping, or fmt-like text if v cannot be
// marshalled.
func compactJSON(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "<" + reflect.TypeOf(v).String() + ">"
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// Flatten turns nested maps into dot-path keys: {"a":{"b":1},"l":[{"x":1}],"s":[1,2]} ->
// {"a.b":1,"l.0.x":1,"s":[1,2]} (lists of scalars stay lists; empty maps/lists stay as values).
// A list is flattened by index when one of its elements is a map or a list, except two kinds
// of lists that read as one value, as ascli shows them: a name/value list (every element has
// exactly the keys "name" and "value") becomes an object keyed by the names
// ({"caps":[{"name":"sync","value":true}]} -> {"caps.sync":true}; a repeated name: the last
// wins), and a list of names (every element has exactly the key "name") becomes the list of
// the names ({"users":[{"name":"a"},{"name":"b"}]} -> {"users":["a","b"]}). When two paths
// collide ({"a.b":1,"a":{"b":2}}) the key that sorts last at their common level wins. m is not
// modified; the result is always a new map.
func Flatten(m map[string]any) map[string]any {
	n, _ := normalise(m).(map[string]any)
	out := make(map[string]any, len(n))
	flattenInto(out, "", n)
	return out
}

// flatShared is Flatten that returns m itself when it has nothing to flatten.
func flatShared(m map[string]any) map[string]any {
	for _, e := range m {
		if needsFlatten(e) {
			out := make(map[string]any, len(m)+4)
			flattenInto(out, "", m)
			return out
		}
	}
	return m
}

// needsFlatten reports whether a value of a record is split into several dot-path keys.
func needsFlatten(v any) bool {
	switch t := v.(type) {
	case map[string]any:
		return len(t) > 0
	case []any:
		for _, e := range t {
			if !isScalar(e) {
				return true
			}
		}
	}
	return false
}

func flattenInto(out map[string]any, prefix string, v any) {
	if prefix != "" && !needsFlatten(v) {
		out[prefix] = v
		return
	}
	switch t := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			flattenInto(out, joinPath(prefix, k), t[k])
		}
	case []any:
		if m, ok := nameValues(t); ok {
			flattenInto(out, prefix, m)
			return
		}
		if names, ok := namesOnly(t); ok {
			out[prefix] = names
			return
		}
		for i, e := range t {
			flattenInto(out, joinPath(prefix, strconv.Itoa(i)), e)
		}
	}
}

// nameValues returns a name/value list as an object keyed by the names (the text of each name).
func nameValues(l []any) (map[string]any, bool) {
	if len(l) == 0 {
		return nil, false
	}
	m := make(map[string]any, len(l))
	for _, e := range l {
		p, ok := e.(map[string]any)
		if !ok || len(p) != 2 {
			return nil, false
		}
		name, okName := p["name"]
		value, okValue := p["value"]
		if !okName || !okValue {
			return nil, false
		}
		m[cellText(name, ",")] = value
	}
	return m, true
}

// namesOnly returns the names of a list whose elements are all {"name": ...}.
func namesOnly(l []any) ([]any, bool) {
	if len(l) == 0 {
		return nil, false
	}
	names := make([]any, len(l))
	for i, e := range l {
		p, ok := e.(map[string]any)
		if !ok || len(p) != 1 {
			return nil, false
		}
		if names[i], ok = p["name"]; !ok {
			return nil, false
		}
	}
	return names, true
}

func joinPath(prefix, k string) string {
	if prefix == "" {
		return k
	}
	return prefix + "." + k
}

// Lookup returns the value at a dot-path ("a.b", "l.0.x") in nested data, and whether it
// exists. At each level a key that contains dots is tried before splitting the path, so
// {"a.b":1} answers "a.b"; list elements are addressed by their decimal index. The empty path
// returns data itself.
func Lookup(data any, path string) (any, bool) {
	v, _, ok := lookupPath(data, path)
	return v, ok
}

// lookupPath is Lookup that also returns the keys it went through.
func lookupPath(data any, path string) (any, []string, bool) {
	if path == "" {
		return data, nil, true
	}
	data = shallow(data)
	if v, ok := child(data, path); ok {
		return v, []string{path}, true
	}
	for i := 0; i < len(path); i++ {
		if path[i] != '.' {
			continue
		}
		head := path[:i]
		if v, ok := child(data, head); ok {
			if r, segs, ok := lookupPath(v, path[i+1:]); ok && len(segs) > 0 {
				return r, append([]string{head}, segs...), true
			}
		}
	}
	return nil, nil, false
}

// child returns the element of a map or list named key.
func child(data any, key string) (any, bool) {
	switch t := data.(type) {
	case map[string]any:
		v, ok := t[key]
		return v, ok
	case []any:
		if key == "" || (len(key) > 1 && key[0] == '0') || strings.TrimLeft(key, "0123456789") != "" {
			return nil, false
		}
		i, err := strconv.Atoi(key)
		if err != nil || i >= len(t) {
			return nil, false
		}
		return t[i], true
	}
	return nil, false
}
