package extval

import (
	"encoding/json"
	"io"
	"reflect"
	"strings"
	"sync"
)

// Hooks connect decoders that need the host. Any of them may be nil: @lua:, @preset: and
// @secret: and @vault: then fail with an *Error, Stdin defaults to os.Stdin and Getenv to os.LookupEnv.
type Hooks struct {
	Lua    func(code string) (any, error)      // @lua: evaluates code, returns any Go value
	Preset func(path string) (any, error)      // @preset: value at NAME[.KEY...] in the config
	Secret func(prompt string) (string, error) // @secret: asks the user, without echo
	Stdin  io.Reader                           // @stdin: (nil: os.Stdin)
	Getenv func(name string) (string, bool)    // @env: (nil: os.LookupEnv)
	Vault  func(name string) (any, error)      // @vault: secret of the vault entry NAME
}

// MaxSize bounds the text a decoder produces (@zlib:, @base64:, @file:, @stdin:, @extend:):
// past it the value is refused with an error rather than exhausting memory (a compression
// bomb inflates a few kilobytes to gigabytes).
const MaxSize = 256 << 20

// MaxYAMLAliasNodes bounds the nodes that the aliases of one @yaml: document add when they
// are expanded (nested aliases, the "billion laughs", multiply at each level).
const MaxYAMLAliasNodes = 1 << 20

// Decoder decodes extended values with a set of [Hooks]. It caches standard input (read at
// most once, on the first @stdin:). It is safe for concurrent use when its hooks are.
type Decoder struct {
	hooks     Hooks
	stdinOnce sync.Once
	stdin     string
	stdinErr  error
	maxSize   int // MaxSize; lowered by tests
	maxAlias  int // MaxYAMLAliasNodes; lowered by tests
}

// New returns a Decoder using the given hooks.
func New(h Hooks) *Decoder {
	return &Decoder{hooks: h, maxSize: MaxSize, maxAlias: MaxYAMLAliasNodes}
}

// Decode decodes one extended value "(@<decoder>:)*<text>", applying the decoders right to
// left. A string that does not start with "@name:" (a name: a letter, then letters, digits
// or underscores) is returned unchanged; "@name:" with a name that is not a decoder is an
// error, at the start as in the chain ("@json:@nosuch:x").
//
// Decoders (input -> output):
//
//	@val:TEXT        TEXT, nothing on its right is decoded
//	@file:PATH       file contents ("~" and "~/" are the user's home)
//	@path:PATH       absolute, cleaned path ("~" expanded)
//	@env:NAME        value of the environment variable (an error when it is not set)
//	@stdin:[bin|chomp]  all of standard input (read once); chomp drops one trailing newline
//	@json:TEXT       parsed JSON (map[string]any, []any, string, int64, float64, json.Number, bool, nil)
//	@yaml:TEXT       parsed YAML, normalised like JSON
//	@base64:TEXT     decoded bytes (standard or URL alphabet, padding optional, blanks ignored)
//	@zlib:BYTES      inflated bytes
//	@list:TEXT       []any of strings, the first character is the separator
//	@lines:TEXT      []any of lines
//	@csvt:TEXT       []any of map[string]any, the first non-empty CSV row gives the titles
//	@none:           nil (the parameter must be empty)
//	@secret:PROMPT   answer of Hooks.Secret (prompt "secret" when empty)
//	@preset:NAME[.KEY...]  result of Hooks.Preset
//	@vault:NAME      result of Hooks.Vault (the secret of the vault entry NAME)
//	@lua:CODE        result of Hooks.Lua
//	@extend:TEXT     TEXT with each inner "@name:param@" replaced by its value (string as is,
//	                 nil as empty, other values as compact JSON), repeated until stable
//
// Every error returned is an *[Error].
func (d *Decoder) Decode(s string) (any, error) {
	v, _, err := d.decode(s)
	if err != nil {
		return nil, err
	}
	return v, nil
}

// DecodeValue decodes v if it is a string and returns any other value unchanged (values read
// from YAML or JSON are not decoded again; maps and slices are not walked).
func (d *Decoder) DecodeValue(v any) (any, error) {
	if s, ok := v.(string); ok {
		return d.Decode(s)
	}
	return v, nil
}

// Names lists the decoder names in a stable order ("val", "file", ...), for help texts.
func Names() []string {
	return append([]string(nil), order...)
}

// IsExtended reports whether s starts with a registered "@name:" prefix.
func IsExtended(s string) bool {
	_, _, ok := prefixAt(s, 0)
	return ok
}

// decode applies the chain of s and reports whether a sensitive decoder produced the value.
func (d *Decoder) decode(s string) (any, bool, error) {
	names, text := splitChain(s)
	literal := len(names) > 0 && (names[len(names)-1] == "val" || names[len(names)-1] == "extend")
	if name, ok := unknownPrefix(text); ok && !literal {
		return nil, false, &Error{Decoder: name, Offset: -1, Msg: "unknown decoder (use one of: @" +
			strings.Join(order, ": @") + ":; @val:TEXT keeps a text starting with \"@\" as it is)"}
	}
	var v any = text
	tainted := false
	for i := len(names) - 1; i >= 0; i-- {
		var err error
		v, tainted, err = d.apply(names[i], v, tainted)
		if err != nil {
			return nil, false, err
		}
	}
	return v, tainted, nil
}

// apply runs one decoder on its input; tainted tells whether the input is sensitive.
func (d *Decoder) apply(name string, in any, tainted bool) (any, bool, error) {
	text, ok := in.(string)
	if !ok {
		return nil, false, &Error{Decoder: name, Offset: -1, Msg: "expects text, got " + typeName(in)}
	}
	c := &call{d: d, name: name, param: text, tainted: tainted}
	out, err := registry[name](c)
	if err != nil {
		return nil, false, err
	}
	return out, tainted || c.taint, nil
}

// splitChain collects the leading registered decoders of s and returns them with the text.
func splitChain(s string) ([]string, string) {
	var names []string
	for {
		name, next, ok := prefixAt(s, 0)
		if !ok {
			return names, s
		}
		names = append(names, name)
		s = s[next:]
		if name == "val" || name == "extend" {
			return names, s
		}
	}
}

// prefixAt reports whether s[i:] starts with "@name:" for a registered name; next is the index
// just after the colon.
func prefixAt(s string, i int) (name string, next int, ok bool) {
	if i >= len(s) || s[i] != '@' {
		return "", 0, false
	}
	j := i + 1
	for j < len(s) && isNameByte(s[j]) {
		j++
	}
	if j == i+1 || j >= len(s) || s[j] != ':' {
		return "", 0, false
	}
	name = s[i+1 : j]
	if _, found := registry[name]; !found {
		return "", 0, false
	}
	return name, j + 1, true
}

func isNameByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '_'
}

// unknownPrefix reports whether s starts with "@name:" where name looks like a decoder name (a
// letter, then letters of either case, digits or underscores) but is none: a typo (@jsno:,
// @JSON:) or a decoder of another tool (@ruby:). Texts that merely contain "@" (emails,
// "@@x", "@:x", "@ x:") are not decoder references.
func unknownPrefix(s string) (string, bool) {
	if len(s) < 3 || s[0] != '@' || !isLetter(s[1]) {
		return "", false
	}
	j := 2
	for j < len(s) && (isLetter(s[j]) || s[j] >= '0' && s[j] <= '9' || s[j] == '_') {
		j++
	}
	if j >= len(s) || s[j] != ':' {
		return "", false
	}
	_, known := registry[s[1:j]]
	return s[1:j], !known
}

func isLetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }

// typeName names the kind of a decoded value for error messages.
func typeName(v any) string {
	switch v.(type) {
	case nil:
		return "nil"
	case json.Number:
		return "number"
	}
	switch reflect.TypeOf(v).Kind() {
	case reflect.String:
		return "text"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Map, reflect.Struct:
		return "object"
	case reflect.Slice, reflect.Array:
		return "list"
	case reflect.Func:
		return "function"
	}
	return reflect.TypeOf(v).String()
}

// Error is a bad extended value; the CLI reports it as a usage error (exit code 2).
type Error struct {
	Decoder string // "json", "file", ...
	Offset  int    // byte offset in the decoder's input for syntax errors, -1 when not applicable
	Msg     string // one line, no trailing period
	Err     error  // underlying error, may be nil
}

// Error returns "@<decoder>: <msg>" on one line.
func (e *Error) Error() string {
	msg := e.Msg
	if msg == "" && e.Err != nil {
		msg = oneLine(e.Err.Error())
	}
	return "@" + e.Decoder + ": " + msg
}

// Unwrap returns the underlying error, if any.
func (e *Error) Unwrap() error { return e.Err }

// oneLine joins the non-empty lines of s with "; " and drops a trailing period.
func oneLine(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	kept := lines[:0]
	for _, l := range lines {
		if l = strings.TrimSpace(l); l != "" {
			kept = append(kept, l)
		}
	}
	return strings.TrimSuffix(strings.Join(kept, "; "), ".")
}
