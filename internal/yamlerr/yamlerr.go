// Package yamlerr gives go.yaml.in/yaml/v3 errors their true 1-based line: the library counts
// parser lines from 0 and scanner lines from 1, and leaves the line out on the first line, for
// invalid characters and for unknown anchors. It is a leaf (standard library only) shared by
// the configuration file, the @yaml: extended value and the yaml Lua module.
package yamlerr

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

var (
	linePrefix    = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^line (\d+): (.*)$`) })
	unknownAnchor = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^unknown anchor '(.*)' referenced`) })
)

// parserProblems start the messages of the YAML parser (as opposed to its scanner), whose
// "line N" counts from 0 in go.yaml.in/yaml/v3.
var parserProblems = []string{
	"did not find expected", "found duplicate %", "found incompatible YAML document",
	"found undefined tag handle",
}

// Locate returns the 1-based line of a yaml.v3 error on text and its message without the
// "yaml: line N:" prefix, on one line.
func Locate(err error, text []byte) (int, string) {
	msg := strings.ReplaceAll(strings.TrimPrefix(err.Error(), "yaml: "), "\n", "; ")
	line := 0
	if m := linePrefix().FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	for _, p := range parserProblems {
		if strings.HasPrefix(msg, p) {
			line++
			break
		}
	}
	if line == 0 && (strings.Contains(msg, "UTF-8") || strings.Contains(msg, "characters are not allowed") ||
		strings.Contains(msg, "invalid Unicode character")) {
		line = badCharLine(text) // a reader error: no position at all
	}
	if m := unknownAnchor().FindStringSubmatch(msg); line == 0 && m != nil {
		line = lineOf(text, bytes.Index(text, []byte("*"+m[1])))
	}
	// at the end of the text the parser's mark may stand one line past the last one
	last := bytes.Count(text, []byte("\n"))
	if !bytes.HasSuffix(text, []byte("\n")) {
		last++
	}
	return min(max(line, 1), max(last, 1)), msg
}

// Error rewrites a yaml.v3 error as "line N: message".
func Error(err error, text []byte) error {
	line, msg := Locate(err, text)
	return fmt.Errorf("line %d: %s", line, msg)
}

// lineOf returns the line of the byte at offset i (0 when i < 0).
func lineOf(text []byte, i int) int {
	if i < 0 {
		return 0
	}
	return bytes.Count(text[:i], []byte("\n")) + 1
}

// badCharLine returns the line of the first byte that YAML does not accept, 0 if none.
func badCharLine(text []byte) int {
	line := 1
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRune(text[i:])
		if (r == utf8.RuneError && size == 1) || !printable(r) {
			return line
		}
		if r == '\n' {
			line++
		}
		i += size
	}
	return 0
}

// printable reports whether YAML 1.2 accepts r in a document.
func printable(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r' || r == 0x85:
		return true
	case r < 0x20 || (r >= 0x7f && r < 0xa0):
		return false
	case r == 0xfffe || r == 0xffff:
		return false
	}
	return true
}
