package kit

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/runtime"
)

// Options is a Lua option table converted to Go values (runtime.FromLua), read with typed
// accessors.
type Options map[string]any

// OptionsArg reads argument n as an option table (nil: empty) whose keys must be among known;
// fn names the function in errors ("node.new"). An unknown key is a usage error listing the
// known ones.
func OptionsArg(L *lua.LState, n int, fn string, known ...string) Options {
	v := L.Get(n)
	if v == lua.LNil {
		return Options{}
	}
	if _, ok := v.(*lua.LTable); !ok {
		L.ArgError(n, "option table expected")
	}
	g, err := runtime.FromLua(L, v)
	if err != nil {
		L.ArgError(n, err.Error())
	}
	m, ok := g.(map[string]any)
	if !ok {
		if l, isList := g.([]any); isList && len(l) == 0 {
			return Options{}
		}
		L.ArgError(n, "option table expected")
	}
	if err := CheckKeys(fn, m, known); err != nil {
		runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "%s", err.Error()))
	}
	return Options(m)
}

// CheckKeys returns an error naming the keys of m that are not in known, and the known ones.
func CheckKeys(fn string, m map[string]any, known []string) error {
	var bad []string
	for k := range m {
		if !slices.Contains(known, k) {
			bad = append(bad, k)
		}
	}
	if len(bad) == 0 {
		return nil
	}
	sort.Strings(bad)
	k := append([]string(nil), known...)
	sort.Strings(k)
	return fmt.Errorf("%s: unknown option %s (known: %s)", fn, strings.Join(bad, ", "), strings.Join(k, ", "))
}

// Str returns a string option ("" when absent); numbers are accepted as text.
func (o Options) Str(key string) string {
	switch v := o[key].(type) {
	case string:
		return v
	case nil:
		return ""
	default:
		return fmt.Sprint(v)
	}
}

// Int returns an integer option (0 when absent).
func (o Options) Int(key string) (int, error) {
	switch v := o[key].(type) {
	case nil:
		return 0, nil
	case int64:
		return int(v), nil
	case float64:
		if v == float64(int(v)) {
			return int(v), nil
		}
	}
	return 0, fmt.Errorf("%s: integer expected, got %v", key, o[key])
}

// Bool returns a boolean option (def when absent); yes/no/true/false text is accepted.
func (o Options) Bool(key string, def bool) (bool, error) {
	switch v := o[key].(type) {
	case nil:
		return def, nil
	case bool:
		return v, nil
	case string:
		switch strings.ToLower(v) {
		case "yes", "true":
			return true, nil
		case "no", "false":
			return false, nil
		}
	}
	return false, fmt.Errorf("%s: boolean expected, got %v", key, o[key])
}

// Table returns a table option (nil when absent; an empty Lua table is an empty map).
func (o Options) Table(key string) (map[string]any, error) {
	switch v := o[key].(type) {
	case nil:
		return nil, nil
	case map[string]any:
		return v, nil
	case []any:
		if len(v) == 0 {
			return map[string]any{}, nil
		}
	}
	return nil, fmt.Errorf("%s: table expected", key)
}

// Strings returns an option that is a string or a list of strings (nil when absent).
func (o Options) Strings(key string) ([]string, error) {
	switch v := o[key].(type) {
	case nil:
		return nil, nil
	case string:
		return []string{v}, nil
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			s, ok := x.(string)
			if !ok {
				return nil, fmt.Errorf("%s: list of strings expected", key)
			}
			out = append(out, s)
		}
		return out, nil
	}
	return nil, fmt.Errorf("%s: a string or a list of strings expected", key)
}

// ValueArg returns argument n converted to Go (runtime.FromLua), or raises an argument error.
func ValueArg(L *lua.LState, n int) any {
	v, err := runtime.FromLua(L, L.Get(n))
	if err != nil {
		L.ArgError(n, err.Error())
	}
	return v
}

// MapArg returns argument n as a table of names to values.
func MapArg(L *lua.LState, n int) map[string]any {
	m, ok := ValueArg(L, n).(map[string]any)
	if !ok {
		if l, isList := ValueArg(L, n).([]any); isList && len(l) == 0 {
			return map[string]any{}
		}
		L.ArgError(n, "table of names to values expected")
	}
	return m
}

// ObjectArg returns argument n as a JSON object: nil when absent, an empty map for {}.
func ObjectArg(L *lua.LState, n int) map[string]any {
	if L.Get(n) == lua.LNil {
		return nil
	}
	return MapArg(L, n)
}

// StringsArg returns argument n, a string or a list of strings, as a list.
func StringsArg(L *lua.LState, n int) []string {
	switch v := ValueArg(L, n).(type) {
	case string:
		return []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			s, ok := x.(string)
			if !ok {
				L.ArgError(n, "list of strings expected")
			}
			out = append(out, s)
		}
		return out
	case map[string]any:
		if len(v) == 0 { // {}: an empty list
			return []string{}
		}
	}
	L.ArgError(n, "a string or a list of strings expected")
	return nil
}

// Query converts a query value: a table (scalars as text, lists as repeated keys, tables as
// JSON) or a "a=1&b=2" string; nil and {} give nil.
func Query(v any) (url.Values, error) {
	switch t := v.(type) {
	case nil:
		return nil, nil
	case []any:
		if len(t) == 0 {
			return nil, nil
		}
		return nil, fmt.Errorf("query: table of names to values expected")
	case map[string]any:
		q := url.Values{}
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			switch x := t[k].(type) {
			case []any:
				for _, item := range x {
					q.Add(k, ScalarText(item))
				}
			default:
				q.Set(k, ScalarText(x))
			}
		}
		return q, nil
	case string:
		return url.ParseQuery(strings.TrimPrefix(t, "?"))
	}
	return nil, fmt.Errorf("query: table expected")
}

// QueryArg reads argument n with Query, raising a usage error.
func QueryArg(L *lua.LState, n int) url.Values {
	q, err := Query(ValueArg(L, n))
	if err != nil {
		L.ArgError(n, err.Error())
	}
	return q
}

// Header converts a table of header names to values (nil when empty).
func Header(m map[string]any) http.Header {
	if len(m) == 0 {
		return nil
	}
	h := http.Header{}
	for k, v := range m {
		h.Set(k, ScalarText(v))
	}
	return h
}

// ScalarText is the text of a value in a query or a header: strings as is, tables as JSON.
func ScalarText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case map[string]any, []any:
		b, _ := json.Marshal(x)
		return string(b)
	default:
		return fmt.Sprint(x)
	}
}

// ListOpts reads {max=, query=} of a listing method at argument n: the maximum number of
// items (0: all) and the API's own query fields (nil when absent; Query converts them to URL
// parameters for the APIs that take them there).
func ListOpts(L *lua.LState, n int, fn string) (int, map[string]any) {
	_, max, q := ListOptsWith(L, n, fn)
	return max, q
}

// ListOptsWith is ListOpts of a listing that takes more keys (extra: a mailbox, a box...),
// returned in the options.
func ListOptsWith(L *lua.LState, n int, fn string, extra ...string) (Options, int, map[string]any) {
	o := OptionsArg(L, n, fn, append([]string{"max", "query"}, extra...)...)
	max, err := o.Int("max")
	if err != nil {
		L.ArgError(n, err.Error())
	}
	q, err := o.Table("query")
	if err != nil {
		L.ArgError(n, err.Error())
	}
	return o, max, q
}

// QueryOf converts query fields with Query, raising a usage error.
func QueryOf(L *lua.LState, q map[string]any) url.Values {
	if q == nil {
		return nil
	}
	v, err := Query(q)
	if err != nil {
		runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "%v", err))
	}
	return v
}
