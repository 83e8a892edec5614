package extval

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/asperalm/aslmcli/internal/yamlerr"
)

// contextBefore is how many bytes of input a JSON syntax error shows before the offset.
const contextBefore = 10

func decJSON(c *call) (any, error) {
	// json.Unmarshal validates the whole text first (trailing garbage included) and gives a
	// SyntaxError with an offset; the decoder then keeps numbers exact.
	if err := json.Unmarshal([]byte(c.param), new(json.RawMessage)); err != nil {
		return nil, c.jsonError(err)
	}
	dec := json.NewDecoder(strings.NewReader(c.param))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, c.wrap(err, "")
	}
	return normalize(v), nil
}

// jsonError turns a JSON syntax error into an *Error with the offset of the bad byte.
func (c *call) jsonError(err error) error {
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return c.wrap(err, "")
	}
	off := int(se.Offset)
	if strings.HasPrefix(se.Error(), "invalid character") && off > 0 {
		off-- // Offset counts the bytes read, the bad one included
	}
	off = min(max(off, 0), len(c.param))
	msg := fmt.Sprintf("%s at offset %d", se.Error(), off)
	if c.tainted {
		msg = fmt.Sprintf("syntax error at offset %d (content hidden)", off)
	} else if ctx := excerpt(c.param, off); ctx != "" {
		msg += ": " + ctx
	}
	return &Error{Decoder: c.name, Offset: off, Msg: msg, Err: err}
}

// excerpt returns up to contextBefore bytes of s before off and the byte at off, on one line,
// with "…" where s was cut.
func excerpt(s string, off int) string {
	start, end := max(off-contextBefore, 0), min(off+1, len(s))
	for start < end && !utf8.RuneStart(s[start]) {
		start++
	}
	for end < len(s) && !utf8.RuneStart(s[end]) {
		end++
	}
	var b strings.Builder
	if start > 0 {
		b.WriteString("…")
	}
	for _, r := range s[start:end] {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		} else {
			b.WriteRune(r)
		}
	}
	if end < len(s) {
		b.WriteString("…")
	}
	return b.String()
}

func decYAML(c *call) (v any, err error) {
	defer func() {
		if r := recover(); r != nil { // the YAML parser is third-party: never crash the CLI
			v, err = nil, c.errf("cannot parse: %v", r)
		}
	}()
	if err := yaml.Unmarshal([]byte(c.param), &v); err != nil {
		line, m := yamlerr.Locate(err, []byte(c.param))
		msg := oneLine(fmt.Sprintf("line %d: %s", line, m))
		if c.tainted {
			msg = "syntax error (content hidden)"
		}
		return nil, &Error{Decoder: c.name, Offset: -1, Msg: msg, Err: err}
	}
	return normalize(v), nil
}

// normalize converts decoded JSON or YAML to map[string]any, []any, string, bool, nil, int64,
// float64 and json.Number (integers beyond int64, numbers beyond float64).
func normalize(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = normalize(e)
		}
		return x
	case map[any]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[keyString(k)] = normalize(e)
		}
		return m
	case []any:
		for i, e := range x {
			x[i] = normalize(e)
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
	return fmt.Sprint(normalize(k))
}
