package format

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"unicode"

	"go.yaml.in/yaml/v3"
)

// yamlChunk is the number of top-level entries encoded at a time. The yaml.v3 emitter keeps
// every event of a document until its end (about 200 bytes per scalar, copied as its queue
// grows), which made one object of 200k keys take seconds: a wide top-level object or list is
// written as consecutive documents of yamlChunk entries, without separators, which together
// read as the one mapping or sequence (every entry starts at column 0).
const yamlChunk = 100

// writeYAML writes v as one YAML document with a 2-space indent. Nothing is written when v
// cannot be encoded.
func writeYAML(w io.Writer, v any) error {
	var b bytes.Buffer
	if err := encodeYAML(&b, v); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}

// encodeYAML writes v to b in chunks of top-level entries (see yamlChunk).
func encodeYAML(b *bytes.Buffer, v any) error {
	switch t := v.(type) {
	case map[string]any:
		if len(t) <= yamlChunk {
			break
		}
		type key struct {
			s string
			r []rune
		}
		keys := make([]key, 0, len(t))
		for k := range t {
			keys = append(keys, key{k, []rune(k)})
		}
		sort.Slice(keys, func(i, j int) bool { return yamlKeyLess(keys[i].r, keys[j].r) })
		for start := 0; start < len(keys); start += yamlChunk {
			part := make(map[string]any, yamlChunk)
			for _, k := range keys[start:min(start+yamlChunk, len(keys))] {
				part[k.s] = t[k.s]
			}
			if err := encodeYAMLDoc(b, part); err != nil {
				return err
			}
		}
		return nil
	case []any:
		if len(t) <= yamlChunk {
			break
		}
		for start := 0; start < len(t); start += yamlChunk {
			if err := encodeYAMLDoc(b, t[start:min(start+yamlChunk, len(t))]); err != nil {
				return err
			}
		}
		return nil
	}
	return encodeYAMLDoc(b, v)
}

// encodeYAMLDoc appends v as one YAML document to b.
func encodeYAMLDoc(b *bytes.Buffer, v any) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("format: yaml: %v", r)
		}
	}()
	enc := yaml.NewEncoder(b)
	enc.SetIndent(2)
	if err := enc.Encode(yamlValue(v)); err != nil {
		return fmt.Errorf("format: yaml: %w", err)
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("format: yaml: %w", err)
	}
	return nil
}

// yamlKeyLess orders string keys as yaml.v3 orders the keys of a map it encodes, so that a
// mapping written in chunks has the order of one written at once: runs of digits compare
// as numbers ("a9" < "a10"), letters compare as runes and sort before other runes, except
// right after a digit where a letter sorts after them (TestYAMLKeyOrder checks the order
// against yaml.v3's output).
func yamlKeyLess(ra, rb []rune) bool {
	afterDigit := false
	for i := 0; i < len(ra) && i < len(rb); i++ {
		x, y := ra[i], rb[i]
		if x == y {
			afterDigit = unicode.IsDigit(x)
			continue
		}
		xl, yl := unicode.IsLetter(x), unicode.IsLetter(y)
		switch {
		case xl && yl:
			return x < y
		case xl || yl:
			if afterDigit {
				return xl
			}
			return yl
		}
		return numberRunLess(ra, rb, i)
	}
	return len(ra) < len(rb)
}

// numberRunLess compares the runs of digits of a and b that start at i, where they first
// differ and neither is a letter.
func numberRunLess(a, b []rune, i int) bool {
	var na, nb int64
	// a zero where the runs differ is a leading zero only when the run started there or
	// after zeros: otherwise the numbers already have a non-zero head, counted as 1
	if a[i] == '0' || b[i] == '0' {
		for j := i - 1; j >= 0 && unicode.IsDigit(a[j]); j-- {
			if a[j] != '0' {
				na, nb = 1, 1
				break
			}
		}
	}
	ea, eb := i, i
	for ; ea < len(a) && unicode.IsDigit(a[ea]); ea++ {
		na = na*10 + int64(a[ea]-'0')
	}
	for ; eb < len(b) && unicode.IsDigit(b[eb]); eb++ {
		nb = nb*10 + int64(b[eb]-'0')
	}
	if na != nb {
		return na < nb
	}
	if ea != eb {
		return ea < eb
	}
	return a[i] < b[i]
}
