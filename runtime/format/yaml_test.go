package format

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// randomKey draws keys that exercise every rule of yaml.v3's key order: digit runs with
// leading zeros, letters, other runes, non-ASCII letters. Not non-ASCII digits: yaml.v3 reads
// their value as rune-'0', its order is then not transitive and its own output depends on the
// map's iteration order.
func randomKey(r *rand.Rand) string {
	const alphabet = "0012345689aabzAZ_-. é"
	runes := []rune(alphabet)
	var b strings.Builder
	for n := 1 + r.IntN(8); n > 0; n-- {
		b.WriteRune(runes[r.IntN(len(runes))])
	}
	return b.String()
}

// TestYAMLKeyOrder: a wide object written in chunks is byte for byte what yaml.v3 writes in
// one document (same key order, same text).
func TestYAMLKeyOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for round := 0; round < 5; round++ {
		m := map[string]any{}
		for len(m) < 3*yamlChunk+17 {
			m[randomKey(r)] = map[string]any{"n": len(m), "l": []any{"y", 1.5}}
		}
		var whole, chunked bytes.Buffer
		if err := encodeYAMLDoc(&whole, m); err != nil {
			t.Fatal(err)
		}
		if err := writeYAML(&chunked, m); err != nil {
			t.Fatal(err)
		}
		if whole.String() != chunked.String() {
			a, b := strings.Split(whole.String(), "\n"), strings.Split(chunked.String(), "\n")
			for i := range min(len(a), len(b)) {
				if a[i] != b[i] {
					t.Fatalf("round %d: line %d differs: yaml.v3 %q, chunked %q", round, i+1, a[i], b[i])
				}
			}
			t.Fatalf("round %d: %d lines, want %d", round, len(b), len(a))
		}
	}
}

func TestYAMLChunkedList(t *testing.T) {
	list := make([]any, 2*yamlChunk+1)
	for i := range list {
		list[i] = map[string]any{"i": i, "s": fmt.Sprint("v", i)}
	}
	var whole, chunked bytes.Buffer
	if err := encodeYAMLDoc(&whole, list); err != nil {
		t.Fatal(err)
	}
	if err := writeYAML(&chunked, list); err != nil {
		t.Fatal(err)
	}
	if whole.String() != chunked.String() {
		t.Fatal("a list written in chunks differs from one written at once")
	}
}
