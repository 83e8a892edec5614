package consolesim

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// filter is one filterN/compN/valN triple of a listing.
type filter struct{ field, comp, value string }

type filters []filter

var comparisons = map[string]bool{"eq": true, "ne": true, "contain": true, "not_contain": true, "begins": true, "ends": true,
	"gt": true, "lt": true, "ge": true, "le": true}

// parseFilters reads filter1, comp1, val1, filter2... until a number is missing.
func parseFilters(q url.Values) (filters, error) {
	var out filters
	for n := 1; q.Has("filter" + strconv.Itoa(n)); n++ {
		i := strconv.Itoa(n)
		f := filter{field: q.Get("filter" + i), comp: q.Get("comp" + i), value: q.Get("val" + i)}
		if !comparisons[f.comp] {
			return nil, fmt.Errorf("comp%s: unknown comparison %q (eq, ne, contain, not_contain, begins, ends, gt, lt, ge, le)", i, f.comp)
		}
		if f.field == "transfer_name" {
			f.field = "name"
		}
		out = append(out, f)
	}
	return out, nil
}

// match tells whether a transfer view passes every filter; a missing field never matches.
func (fs filters) match(v map[string]any) bool {
	for _, f := range fs {
		x, ok := v[f.field]
		if !ok || x == nil {
			return false
		}
		if !f.test(fmt.Sprint(x)) {
			return false
		}
	}
	return true
}

func (f filter) test(text string) bool {
	a, aerr := strconv.ParseFloat(text, 64)
	b, berr := strconv.ParseFloat(f.value, 64)
	numbers := aerr == nil && berr == nil
	cmp := strings.Compare(text, f.value)
	if numbers {
		cmp = map[bool]int{true: -1, false: 1}[a < b]
		if a == b {
			cmp = 0
		}
	}
	lower, value := strings.ToLower(text), strings.ToLower(f.value)
	switch f.comp {
	case "eq":
		return cmp == 0
	case "ne":
		return cmp != 0
	case "contain":
		return strings.Contains(lower, value)
	case "not_contain":
		return !strings.Contains(lower, value)
	case "begins":
		return strings.HasPrefix(lower, value)
	case "ends":
		return strings.HasSuffix(lower, value)
	case "gt":
		return cmp > 0
	case "lt":
		return cmp < 0
	case "ge":
		return cmp >= 0
	default: // le
		return cmp <= 0
	}
}
