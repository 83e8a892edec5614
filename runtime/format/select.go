package format

import (
	"encoding/json"
	"fmt"
	"math/big"
	"sort"
	"strings"
)

// selectRecords keeps the records for which pred is true.
func selectRecords(recs []map[string]any, pred func(map[string]any) (bool, error)) ([]map[string]any, error) {
	out := make([]map[string]any, 0, len(recs))
	for _, r := range recs {
		ok, err := pred(r)
		if err != nil {
			return nil, fmt.Errorf("select: %w", err)
		}
		if ok {
			out = append(out, r)
		}
	}
	return out, nil
}

// predicate turns a select option into a function.
func predicate(sel any) (func(map[string]any) (bool, error), error) {
	switch t := sel.(type) {
	case nil:
		return nil, nil
	case func(map[string]any) (bool, error):
		return t, nil
	case func(map[string]any) bool:
		return func(r map[string]any) (bool, error) { return t(r), nil }, nil
	case map[string]any, map[string]string:
		return matcher(normalise(t).(map[string]any)), nil
	}
	return nil, fmt.Errorf("bad select: %T is not a map or a predicate", sel)
}

// matcher keeps the records where every dot-path of want holds an equal value.
func matcher(want map[string]any) func(map[string]any) (bool, error) {
	keys := make([]string, 0, len(want))
	for k := range want {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return func(r map[string]any) (bool, error) {
		for _, k := range keys {
			got, ok := Lookup(r, k)
			if !ok {
				got = nil
				if want[k] != nil {
					return false, nil
				}
			}
			if !equal(got, want[k]) {
				return false, nil
			}
		}
		return true, nil
	}
}

// equal compares a record value with a wanted value: numbers numerically (numeric strings
// included when the other side is a number), booleans with true/false/yes/no strings,
// containers by their JSON.
func equal(got, want any) bool {
	if got == nil || want == nil {
		return got == nil && want == nil
	}
	gs, gStr := got.(string)
	ws, wStr := want.(string)
	if gStr && wStr {
		return gs == ws
	}
	if gb, ok := boolOf(got); ok {
		if wb, ok := boolOf(want); ok && (isBool(got) || isBool(want)) {
			return gb == wb
		}
	}
	if gn, ok := numberOf(got); ok {
		if wn, ok := numberOf(want); ok {
			return gn.Cmp(wn) == 0
		}
		return false
	}
	if isScalar(got) && isScalar(want) {
		return false
	}
	return compactJSON(got) == compactJSON(want)
}

func isBool(v any) bool {
	_, ok := v.(bool)
	return ok
}

func boolOf(v any) (bool, bool) {
	switch t := v.(type) {
	case bool:
		return t, true
	case string:
		switch strings.ToLower(t) {
		case "true", "yes", "on":
			return true, true
		case "false", "no", "off":
			return false, true
		}
	}
	return false, false
}

// numberOf returns v as an exact number: ints, floats, json.Number and numeric strings.
func numberOf(v any) (*big.Rat, bool) {
	r := new(big.Rat)
	switch t := v.(type) {
	case int:
		return r.SetInt64(int64(t)), true
	case int64:
		return r.SetInt64(t), true
	case float64:
		if _, ok := r.SetString(floatText(t)); ok {
			return r, true
		}
		return nil, false
	case float32:
		return numberOf(float64(t))
	case json.Number:
		return numberOf(string(t))
	case string:
		s := strings.TrimSpace(t)
		if s == "" || strings.ContainsAny(s, "/_") {
			return nil, false
		}
		if _, ok := r.SetString(s); ok {
			return r, true
		}
	}
	return nil, false
}
