package spec

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
)

// Spec is a transfer spec as decoded JSON: the objects are map[string]any, the arrays []any,
// the numbers json.Number (from Parse), float64 or int64 (from other decoders). Unknown fields
// are kept as they are.
type Spec map[string]any

// Path is one element of the spec's paths: a source and an optional destination.
type Path struct {
	Source      string `json:"source"`
	Destination string `json:"destination,omitempty"`
}

// Parse decodes a JSON object into a Spec. Numbers are decoded as json.Number, so that
// integers of any size and the text of every number survive Parse + json.Marshal unchanged.
func Parse(data []byte) (Spec, error) {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil {
		return nil, fmt.Errorf("transfer spec: %w", err)
	}
	if m == nil {
		return nil, errors.New("transfer spec: a JSON object expected, got null")
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, errors.New("transfer spec: unexpected data after the JSON object")
	}
	return Spec(m), nil
}

// Direction returns the direction field ("send", "receive"), or "".
func (s Spec) Direction() string {
	d, _ := s["direction"].(string)
	return d
}

// Paths returns the spec's paths; elements without a string source are left out.
func (s Spec) Paths() []Path {
	var out []Path
	add := func(m map[string]any) {
		src, ok := m["source"].(string)
		if !ok {
			return
		}
		dst, _ := m["destination"].(string)
		out = append(out, Path{Source: src, Destination: dst})
	}
	switch l := s["paths"].(type) {
	case []any:
		for _, e := range l {
			if m, ok := e.(map[string]any); ok {
				add(m)
			}
		}
	case []map[string]any:
		for _, m := range l {
			add(m)
		}
	case []Path:
		out = append(out, l...)
	}
	return out
}

// String returns a field as text: a string as it is, a number or a boolean in its JSON form;
// "" when the field is absent, null, an object or an array.
func (s Spec) String(name string) string {
	switch v := s[name].(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	case bool:
		return strconv.FormatBool(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	}
	return ""
}

// Int returns an integer field: ok is false when the field is absent, not a number, not an
// integer or beyond int64. Strings are not converted.
func (s Spec) Int(name string) (int64, bool) {
	return toInt(s[name])
}

func toInt(v any) (int64, bool) {
	switch n := v.(type) {
	case int:
		return int64(n), true
	case int64:
		return n, true
	case int32:
		return int64(n), true
	case float64:
		if n == math.Trunc(n) && math.Abs(n) < 1<<63 {
			return int64(n), true
		}
	case json.Number:
		if i, err := n.Int64(); err == nil {
			return i, true
		}
		if f, err := n.Float64(); err == nil && f == math.Trunc(f) && math.Abs(f) < 1<<53 {
			return int64(f), true // 1e3, 2.0
		}
	}
	return 0, false
}

// Bool returns a boolean field: true only for a JSON true (strings such as "true" are false).
func (s Spec) Bool(name string) bool {
	b, _ := s[name].(bool)
	return b
}
