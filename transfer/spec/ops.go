package spec

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Merge returns base with over merged in, deeply, for --ts: objects merge key by key, a nil
// (JSON null) value deletes the key, any other value replaces it. base is not modified.
func Merge(base Spec, over map[string]any) Spec {
	out := Spec(mergeMaps(base, over))
	return out
}

func mergeMaps(base, over map[string]any) map[string]any {
	out := make(map[string]any, len(base)+len(over))
	for k, v := range base {
		out[k] = v
	}
	for k, v := range over {
		switch {
		case v == nil:
			delete(out, k)
		default:
			bm, bok := out[k].(map[string]any)
			om, ook := v.(map[string]any)
			if bok && ook {
				out[k] = mergeMaps(bm, om)
			} else {
				out[k] = v
			}
		}
	}
	return out
}

// Options are the command line's changes to a spec.
type Options struct {
	ToFolder string   // --to-folder: destination_root
	Sources  []string // --sources / arguments: replace paths (nil keeps them)
	SrcType  string   // "list" (default) or "pair": sources come as source, destination pairs
}

// Apply returns s with the options applied.
func Apply(s Spec, o Options) (Spec, error) {
	out := Merge(s, nil)
	if o.ToFolder != "" {
		out["destination_root"] = o.ToFolder
	}
	if o.Sources == nil {
		return out, nil
	}
	var paths []any
	switch o.SrcType {
	case "", "list":
		for _, src := range o.Sources {
			paths = append(paths, map[string]any{"source": src})
		}
	case "pair":
		if len(o.Sources)%2 != 0 {
			return nil, fmt.Errorf("--src-type=pair: %d sources, an even number (source, destination...) expected", len(o.Sources))
		}
		for i := 0; i < len(o.Sources); i += 2 {
			paths = append(paths, map[string]any{"source": o.Sources[i], "destination": o.Sources[i+1]})
		}
	default:
		return nil, fmt.Errorf("--src-type: %q is not list or pair", o.SrcType)
	}
	out["paths"] = paths
	return out, nil
}

// Validate checks the fields the schema knows: types and enums, and the required fields
// (paths, direction, remote_host; destination_root and remote_user have defaults in every
// agent, so they are not required here). Unknown fields are kept and not checked. All the
// problems are returned, one per field, sorted.
func (s Spec) Validate() error {
	var errs []string
	for _, name := range []string{"direction", "paths", "remote_host"} {
		if s[name] == nil {
			errs = append(errs, fmt.Sprintf("transfer spec: field %q is required", name))
		}
	}
	fields := Fields()
	names := make([]string, 0, len(s))
	for k := range s {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, name := range names {
		f, ok := fields[name]
		v := s[name]
		if !ok || v == nil {
			continue
		}
		if !typeOK(f.Type, v) {
			errs = append(errs, fmt.Sprintf("transfer spec: field %q: %s expected, got %s", name, strings.Join(f.Type, " or "), kind(v)))
			continue
		}
		if str, ok := v.(string); ok && len(f.Enum) > 0 && !contains(f.Enum, str) {
			errs = append(errs, fmt.Sprintf("transfer spec: field %q: %q is not one of %s", name, str, strings.Join(f.Enum, ", ")))
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errors.New(strings.Join(errs, "; "))
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

func kind(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case float64, int64, int, json.Number:
		return "a number"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

func typeOK(types []string, v any) bool {
	if len(types) == 0 {
		return true
	}
	for _, t := range types {
		switch t {
		case "string":
			if _, ok := v.(string); ok {
				return true
			}
		case "boolean":
			if _, ok := v.(bool); ok {
				return true
			}
		case "integer":
			switch n := v.(type) {
			case int64, int:
				return true
			case float64:
				if n == float64(int64(n)) {
					return true
				}
			case json.Number:
				if _, err := n.Int64(); err == nil {
					return true
				}
			}
		case "number":
			switch v.(type) {
			case int64, int, float64, json.Number:
				return true
			}
		case "array":
			if _, ok := v.([]any); ok {
				return true
			}
		case "object":
			if _, ok := v.(map[string]any); ok {
				return true
			}
		}
	}
	return false
}
