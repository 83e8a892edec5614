package spec

// Merge returns base with over merged in, for --ts (census §6.2 step 4): an object merges into
// an object key by key, recursively; a nil value (JSON null) deletes the key, at any depth;
// any other value (arrays included) replaces the base value. The nulls of an object that
// replaces a non-object are dropped too. The result is a deep copy: neither base nor over is
// modified, and the result shares no map or slice with them.
func Merge(base Spec, over map[string]any) Spec {
	out := deepCopyMap(base)
	mergeInto(out, over)
	return Spec(out)
}

func mergeInto(dst, over map[string]any) {
	for k, v := range over {
		if v == nil {
			delete(dst, k)
			continue
		}
		om, ook := asMap(v)
		if !ook {
			dst[k] = deepCopy(v)
			continue
		}
		bm, bok := asMap(dst[k])
		if !bok {
			bm = map[string]any{}
		}
		// dst[k] is already a copy (deepCopyMap of base, or built here)
		mergeInto(bm, om)
		dst[k] = bm
	}
}

func asMap(v any) (map[string]any, bool) {
	switch m := v.(type) {
	case map[string]any:
		return m, true
	case Spec:
		return m, true
	}
	return nil, false
}

// deepCopy copies the maps and slices of a decoded JSON value; other values are immutable.
func deepCopy(v any) any {
	switch t := v.(type) {
	case map[string]any:
		return deepCopyMap(t)
	case Spec:
		return deepCopyMap(t)
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = deepCopy(e)
		}
		return out
	case []string:
		return append([]string(nil), t...)
	}
	return v
}

func deepCopyMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = deepCopy(v)
	}
	return out
}
