package extval

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/asperalm/aslmcli/internal/plain"
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
	return plain.Normalize(v), nil
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
	// parsed to nodes first (aliases are not expanded there), so that the size of the
	// expansion is known before it is made
	var doc yaml.Node
	err = yaml.Unmarshal([]byte(c.param), &doc)
	if err == nil {
		if added := aliasNodes(&doc, c.d.maxAlias); added > c.d.maxAlias {
			return nil, c.errf("aliases expand to more than %d nodes: refused", c.d.maxAlias)
		}
		if doc.Kind != 0 { // an empty document decodes as nil
			err = doc.Decode(&v)
		}
	}
	if err != nil {
		line, m := yamlerr.Locate(err, []byte(c.param))
		msg := oneLine(fmt.Sprintf("line %d: %s", line, m))
		if c.tainted {
			msg = "syntax error (content hidden)"
		}
		return nil, &Error{Decoder: c.name, Offset: -1, Msg: msg, Err: err}
	}
	return plain.Normalize(v), nil
}

// aliasNodes returns how many nodes the aliases of the tree at n add once expanded (each
// alias counts as the size of what it names, itself expanded), counting up to limit+1 at
// most. An alias that contains itself counts for nothing here (the decoder refuses it).
func aliasNodes(n *yaml.Node, limit int) int {
	sizes := map[*yaml.Node]int{} // expanded size of each node seen; -1 while in progress
	own := 0
	var size func(n *yaml.Node) int
	size = func(n *yaml.Node) int {
		if s, ok := sizes[n]; ok {
			return max(s, 0)
		}
		sizes[n] = -1
		own++
		total := 1
		if n.Kind == yaml.AliasNode && n.Alias != nil {
			total += size(n.Alias)
		}
		for _, child := range n.Content {
			total = min(total+size(child), limit+own+1)
		}
		sizes[n] = total
		return total
	}
	return size(n) - own
}
