package yamlerr

import (
	"testing"

	"go.yaml.in/yaml/v3"
)

func TestLocate(t *testing.T) {
	for _, c := range []struct {
		text string
		line int
	}{
		{"\tp: 1\n", 1},                    // scanner error on the first line: no line given
		{"a: 1\nb: [\n", 2},                // unclosed flow at the end
		{"a: [", 1},                        // at the end of a one-line text
		{"a:\n  b: 1\n c: 2\n", 3},         // parser error, counted from 0 by yaml.v3
		{"a: 1\nb: *nope\n", 2},            // unknown anchor: no line given
		{"ok: 1\nbad: \x01\n", 2},          // a character YAML refuses
		{"a: 1\n\nb:\n  - x\n  y: 2\n", 4}, // mapping after a sequence
	} {
		var v any
		err := yaml.Unmarshal([]byte(c.text), &v)
		if err == nil {
			t.Fatalf("%q parsed", c.text)
		}
		if line, msg := Locate(err, []byte(c.text)); line != c.line || msg == "" {
			t.Errorf("%q: line %d (%s), want %d (yaml said %v)", c.text, line, msg, c.line, err)
		}
	}
}
