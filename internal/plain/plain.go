// Package plain converts decoded JSON and YAML to the plain values every layer of aslmcli
// exchanges: map[string]any, []any, string, bool, nil, int64, float64, and json.Number for
// numbers that neither int64 nor float64 holds exactly. A leaf (standard library only).
package plain

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Normalize converts decoded JSON or YAML to map[string]any, []any, string, bool, nil, int64,
// float64 and json.Number (integers beyond int64, numbers beyond float64).
func Normalize(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = Normalize(e)
		}
		return x
	case map[any]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[keyString(k)] = Normalize(e)
		}
		return m
	case []any:
		for i, e := range x {
			x[i] = Normalize(e)
		}
		return x
	case json.Number:
		return number(x)
	case time.Time:
		if x.Equal(x.Truncate(24*time.Hour)) && x.Location() == time.UTC {
			return x.Format(time.DateOnly)
		}
		return x.Format(time.RFC3339Nano)
	case []byte:
		return string(x)
	}
	return normalizeNumber(v)
}

// normalizeNumber converts the integer kinds of YAML to int64 (json.Number beyond it).
func normalizeNumber(v any) any {
	switch x := v.(type) {
	case int:
		return int64(x)
	case int32:
		return int64(x)
	case uint:
		return normalizeNumber(uint64(x))
	case uint64:
		if x > math.MaxInt64 {
			return json.Number(strconv.FormatUint(x, 10))
		}
		return int64(x)
	case float32:
		return float64(x)
	}
	return v
}

// number converts a JSON number to int64 or float64 when exact, else keeps it.
func number(n json.Number) any {
	s := n.String()
	if !strings.ContainsAny(s, ".eE") {
		if i, err := strconv.ParseInt(s, 10, 64); err == nil {
			return i
		}
		return n
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return f
	}
	return n
}

// keyString formats a non-string YAML map key.
func keyString(k any) string {
	switch x := k.(type) {
	case nil:
		return "null"
	case string:
		return x
	}
	return fmt.Sprint(Normalize(k))
}
