package json

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"unicode/utf8"

	"github.com/asperalm/aslmcli/runtime"
)

// Marshal writes v (as produced by runtime.FromLua: nil, bool, string, int64, float64,
// json.Number, map[string]any, []any) as compact JSON with object keys sorted. Integral
// numbers have no exponent and no decimal point; other numbers use the shortest form that
// reads back exactly. Functions, other Go values, NaN and infinities are errors naming the
// path of the value (".a[2]").
func Marshal(v any) ([]byte, error) {
	return appendValue(nil, v)
}

type pathError struct {
	path string
	msg  string
}

func (e *pathError) Error() string {
	if e.path == "" {
		return e.msg
	}
	return e.msg + " (at " + e.path + ")"
}

func prefix(err error, step string) error {
	if pe, ok := err.(*pathError); ok {
		pe.path = step + pe.path
	}
	return err
}

func appendValue(b []byte, v any) ([]byte, error) {
	switch t := v.(type) {
	case nil:
		return append(b, "null"...), nil
	case bool:
		return strconv.AppendBool(b, t), nil
	case string:
		return appendString(b, t), nil
	case int64:
		return strconv.AppendInt(b, t, 10), nil
	case float64:
		return appendFloat(b, t)
	case json.Number:
		if !json.Valid([]byte(t)) {
			return nil, &pathError{msg: fmt.Sprintf("invalid number %q", string(t))}
		}
		return append(b, t...), nil
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b = append(b, '{')
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(appendString(b, k), ':')
			var err error
			if b, err = appendValue(b, t[k]); err != nil {
				return nil, prefix(err, "."+k)
			}
		}
		return append(b, '}'), nil
	case []any:
		b = append(b, '[')
		for i, e := range t {
			if i > 0 {
				b = append(b, ',')
			}
			var err error
			if b, err = appendValue(b, e); err != nil {
				return nil, prefix(err, "["+strconv.Itoa(i+1)+"]")
			}
		}
		return append(b, ']'), nil
	case runtime.Func:
		return nil, &pathError{msg: "cannot encode a function"}
	}
	return nil, &pathError{msg: fmt.Sprintf("cannot encode a value of Go type %T", v)}
}

func appendFloat(b []byte, f float64) ([]byte, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, &pathError{msg: "cannot encode " + strconv.FormatFloat(f, 'g', -1, 64)}
	}
	if f == math.Trunc(f) {
		return strconv.AppendFloat(b, f, 'f', -1, 64), nil
	}
	format := byte('f')
	if abs := math.Abs(f); abs < 1e-6 || abs >= 1e21 {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' { // 1e-07 -> 1e-7, like JavaScript
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b, nil
}

const hexDigits = "0123456789abcdef"

func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			case c < 0x20:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, "\ufffd"...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, `\u202`...)
			b = append(b, hexDigits[r&0xf])
		default:
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}
