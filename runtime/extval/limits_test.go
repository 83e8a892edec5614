package extval

import (
	"bytes"
	"compress/zlib"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// zlibBomb returns the base64 of n zero bytes compressed with zlib (about n/1000 bytes).
func zlibBomb(n int) string {
	var b bytes.Buffer
	w := zlib.NewWriter(&b)
	zeros := make([]byte, 1<<16)
	for n > 0 {
		k := min(n, len(zeros))
		_, _ = w.Write(zeros[:k])
		n -= k
	}
	_ = w.Close()
	return base64.StdEncoding.EncodeToString(b.Bytes())
}

// laughs returns the YAML "billion laughs" document of the given depth: each level is a list
// of nine aliases of the level below, so the last one expands to 9^depth strings.
func laughs(depth int) string {
	var b strings.Builder
	b.WriteString("l0: &l0 lol\n")
	for i := 1; i <= depth; i++ {
		fmt.Fprintf(&b, "l%d: &l%d [", i, i)
		for j := 0; j < 9; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*l%d", i-1)
		}
		b.WriteString("]\n")
	}
	return b.String()
}

func TestDefaultLimits(t *testing.T) {
	d := New(Hooks{})
	if d.maxSize != 256<<20 || MaxSize != 256<<20 || d.maxAlias != MaxYAMLAliasNodes {
		t.Fatalf("limits %d %d", d.maxSize, d.maxAlias)
	}
}

// TestSizeLimits: every decoder that produces text refuses a value past the limit with a
// clear error, and accepts one at the limit (issue 12, defect 21).
func TestSizeLimits(t *testing.T) {
	const limit = 1 << 20
	big := filepath.Join(t.TempDir(), "big")
	if err := os.WriteFile(big, make([]byte, limit+1), 0o600); err != nil {
		t.Fatal(err)
	}
	exact := filepath.Join(t.TempDir(), "exact")
	if err := os.WriteFile(exact, make([]byte, limit), 0o600); err != nil {
		t.Fatal(err)
	}
	tooLarge := func(d string) string {
		return "@" + d + ": the value is too large"
	}
	for _, c := range []struct {
		in, stdin, err string
	}{
		{"@zlib:@base64:" + zlibBomb(limit+1), "", tooLarge("zlib") + " (more than the limit of 1 MiB)"},
		{"@zlib:@base64:" + zlibBomb(limit), "", ""},
		{"@zlib:@stdin:", zlibBytes(limit + 1), tooLarge("zlib")},
		{"@base64:" + base64.StdEncoding.EncodeToString(make([]byte, limit+1)), "", tooLarge("base64") + " (1048577 bytes, more than the limit of 1 MiB)"},
		{"@base64:" + base64.StdEncoding.EncodeToString(make([]byte, limit)), "", ""},
		{"@file:" + big, "", tooLarge("file")},
		{"@file:" + exact, "", ""},
		{"@file:/dev/zero", "", tooLarge("file")},
		{"@stdin:", strings.Repeat("x", limit+1), tooLarge("stdin")},
		{"@stdin:", strings.Repeat("x", limit), ""},
		{"@extend:@file:" + exact + "@@file:" + exact + "@", "", tooLarge("extend") + " (2097152 bytes"},
	} {
		d := newTest(c.stdin)
		d.maxSize = limit
		v, err := d.Decode(c.in)
		name := c.in[:min(len(c.in), 40)]
		switch {
		case c.err == "" && err != nil:
			t.Errorf("%s: %v", name, err)
		case c.err == "":
			if s, _ := v.(string); len(s) != limit {
				t.Errorf("%s: %d bytes", name, len(s))
			}
		default:
			checkError(t, name, err, strings.Split(c.err[1:], ":")[0], c.err[strings.Index(c.err, ": ")+2:], -1)
		}
	}
}

func zlibBytes(n int) string {
	b, _ := base64.StdEncoding.DecodeString(zlibBomb(n))
	return string(b)
}

// TestYAMLAliasLimit: nested aliases that would expand past the limit are refused before
// they are expanded; reasonable aliases still work; an alias containing itself is an error.
func TestYAMLAliasLimit(t *testing.T) {
	d := newTest("")
	_, err := d.Decode("@yaml:" + laughs(9)) // 9^9 = 387,420,489 strings
	checkError(t, "laughs(9)", err, "yaml", "@yaml: aliases expand to more than 1048576 nodes: refused", -1)

	v, err := d.Decode("@yaml:" + laughs(3))
	if err != nil {
		t.Fatal(err)
	}
	l3, _ := v.(map[string]any)["l3"].([]any)
	if n, _ := measure(l3); n != 1+9+81+729 {
		t.Fatalf("laughs(3): l3 has %d nodes", n)
	}

	// what laughs(3)'s aliases add: nine copies of each level below, l0 (1 node), l1 (a
	// list of 9 aliases to l0: 1+9*2 nodes as counted) and l2 (1+9*(1+19) nodes)
	d.maxAlias = 9*1 + 9*19 + 9*181
	if _, err := d.Decode("@yaml:" + laughs(3)); err != nil {
		t.Fatalf("at the limit: %v", err)
	}
	d.maxAlias--
	if _, err := d.Decode("@yaml:" + laughs(3)); err == nil {
		t.Fatal("one node past the limit was accepted")
	}

	_, err = newTest("").Decode("@yaml:a: &a [*a]")
	checkError(t, "self alias", err, "yaml", "line", -1)
	if v, err := newTest("").Decode("@yaml:"); err != nil || v != nil {
		t.Fatalf("empty document: %v %v", v, err)
	}
}
