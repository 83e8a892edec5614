package extval

import (
	"bytes"
	"encoding/json"
	"strings"
)

// maxExtendRounds bounds the replacement rounds of @extend:.
const maxExtendRounds = 10

// decExtend replaces every inner "@name:param@" of the text by its value until none is left.
func decExtend(c *call) (any, error) {
	text := c.param
	for range maxExtendRounds {
		out, replaced, err := c.expand(text)
		if err == nil && len(out) > c.d.maxSize {
			return nil, c.tooLarge(len(out))
		}
		if err != nil || !replaced {
			return out, err
		}
		text = out
	}
	if _, _, _, ok := nextInner(text, 0); ok {
		return nil, c.errf("still replacing after %d rounds: does a value refer to itself?", maxExtendRounds)
	}
	return text, nil
}

// expand runs one round of replacements over text and reports whether one happened.
func (c *call) expand(text string) (string, bool, error) {
	var b strings.Builder
	replaced := false
	i := 0
	for {
		j, name, end, ok := nextInner(text, i)
		if !ok {
			break
		}
		param := text[j+len(name)+2 : end]
		v, tainted, err := c.d.apply(name, param, c.tainted || c.taint)
		if err != nil {
			return "", false, err
		}
		c.taint = c.taint || tainted
		s, err := c.insertion(name, v)
		if err != nil {
			return "", false, err
		}
		b.WriteString(text[i:j])
		b.WriteString(s)
		i, replaced = end+1, true
	}
	b.WriteString(text[i:])
	return b.String(), replaced, nil
}

// nextInner finds the next "@name:param@" in text from i, for a decoder usable inside
// @extend: (not val, not extend): j is the index of its first "@", end of its closing "@".
func nextInner(text string, i int) (j int, name string, end int, ok bool) {
	for {
		k := strings.IndexByte(text[i:], '@')
		if k < 0 {
			return 0, "", 0, false
		}
		j = i + k
		name, start, found := prefixAt(text, j)
		if found && name != "val" && name != "extend" {
			e := strings.IndexByte(text[start:], '@')
			if e < 0 { // no "@" left: nothing further can be closed
				return 0, "", 0, false
			}
			return j, name, start + e, true
		}
		i = j + 1
	}
}

// insertion formats a value for insertion: strings as is, nil as empty, others compact JSON.
func (c *call) insertion(name string, v any) (string, error) {
	switch x := v.(type) {
	case nil:
		return "", nil
	case string:
		return x, nil
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", c.wrap(err, "cannot insert the "+typeName(v)+" value of @"+name+":")
	}
	return strings.TrimSuffix(buf.String(), "\n"), nil
}
