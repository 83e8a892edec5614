package extval

import (
	"compress/zlib"
	"encoding/base64"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// decodeFunc decodes the text parameter of one decoder.
type decodeFunc func(c *call) (any, error)

// call is one application of a decoder.
type call struct {
	d       *Decoder
	name    string
	param   string
	tainted bool // the input derives from a sensitive value: errors must not show it
	taint   bool // set by the decoder when its output is sensitive
}

// order is the stable order of Names.
var order = []string{
	"val", "file", "path", "env", "stdin", "json", "yaml", "base64", "zlib",
	"list", "lines", "csvt", "none", "secret", "preset", "vault", "lua", "extend",
}

// registry maps names to decoders; filled by init to break the cycle through @extend:.
var registry map[string]decodeFunc

func init() {
	registry = map[string]decodeFunc{
		"val": decVal, "file": decFile, "path": decPath, "env": decEnv, "stdin": decStdin,
		"json": decJSON, "yaml": decYAML, "base64": decBase64, "zlib": decZlib,
		"list": decList, "lines": decLines, "csvt": decCSVT, "none": decNone,
		"secret": decSecret, "preset": decPreset, "vault": decVault, "lua": decLua, "extend": decExtend,
	}
}

// errf returns an *Error of this decoder with no offset.
func (c *call) errf(format string, args ...any) error {
	return &Error{Decoder: c.name, Offset: -1, Msg: oneLine(fmt.Sprintf(format, args...))}
}

// wrap returns an *Error of this decoder around err; msg prefixes err's text when not empty.
func (c *call) wrap(err error, msg string) error {
	text := oneLine(err.Error())
	if msg != "" {
		text = msg + ": " + text
	}
	return &Error{Decoder: c.name, Offset: -1, Msg: text, Err: err}
}

// show returns s for an error message, or a placeholder when the input is sensitive.
func (c *call) show(s string) string {
	if c.tainted {
		return "(hidden)"
	}
	return s
}

func decVal(c *call) (any, error) { return c.param, nil }

// expandHome replaces a leading "~" or "~/" with the user's home folder.
func expandHome(p string) (string, error) {
	if p != "~" && !strings.HasPrefix(p, "~/") {
		return p, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(home, p[1:]), nil
}

func decFile(c *call) (any, error) {
	if c.param == "" {
		return nil, c.errf("needs a file path")
	}
	p, err := expandHome(c.param)
	if err != nil {
		return nil, c.wrap(err, "cannot expand "+c.show(c.param))
	}
	data, err := readFile(p, c.d.maxSize)
	if errors.Is(err, errTooLarge) {
		return nil, c.tooLarge(-1)
	}
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return nil, &Error{Decoder: c.name, Offset: -1, Err: err,
				Msg: oneLine("cannot read " + c.show(c.param) + ": " + pe.Err.Error())}
		}
		return nil, c.wrap(err, "cannot read "+c.show(c.param))
	}
	return string(data), nil
}

func decPath(c *call) (any, error) {
	p, err := expandHome(c.param)
	if err == nil {
		p, err = filepath.Abs(p)
	}
	if err != nil {
		return nil, c.wrap(err, "cannot expand "+c.show(c.param))
	}
	return p, nil
}

func decEnv(c *call) (any, error) {
	if c.param == "" {
		return nil, c.errf("needs a variable name")
	}
	c.taint = true
	lookup := c.d.hooks.Getenv
	if lookup == nil {
		lookup = os.LookupEnv
	}
	if v, ok := lookup(c.param); ok {
		return v, nil
	}
	// unset is not empty: a missing password must not become "" silently
	return nil, c.errf("the environment variable %s is not set", c.param)
}

func decStdin(c *call) (any, error) {
	switch c.param {
	case "", "bin", "chomp":
	default:
		return nil, c.errf(`unknown mode %q, expected "", "bin" or "chomp"`, c.show(c.param))
	}
	text, err := c.d.readStdin()
	if errors.Is(err, errTooLarge) {
		return nil, c.tooLarge(-1)
	}
	if err != nil {
		return nil, c.wrap(err, "cannot read standard input")
	}
	if c.param == "chomp" {
		if t, ok := strings.CutSuffix(text, "\r\n"); ok {
			return t, nil
		}
		text = strings.TrimSuffix(text, "\n")
	}
	return text, nil
}

// readStdin reads standard input once and caches the text and the error.
func (d *Decoder) readStdin() (string, error) {
	d.stdinOnce.Do(func() {
		r := d.hooks.Stdin
		if r == nil {
			r = os.Stdin
		}
		data, err := readAtMost(r, d.maxSize)
		d.stdin, d.stdinErr = string(data), err
	})
	return d.stdin, d.stdinErr
}

func decBase64(c *call) (any, error) {
	clean, pos := stripSpace(c.param)
	enc := base64.RawStdEncoding
	if strings.ContainsAny(clean, "-_") {
		enc = base64.RawURLEncoding
	}
	clean = strings.TrimRight(clean, "=")
	if n := enc.DecodedLen(len(clean)); n > c.d.maxSize {
		return nil, c.tooLarge(n)
	}
	data, err := enc.DecodeString(clean)
	if err != nil {
		off := len(c.param)
		var ce base64.CorruptInputError
		if errors.As(err, &ce) && int(ce) < len(pos) {
			off = pos[ce]
		}
		return nil, &Error{Decoder: c.name, Offset: off, Err: err,
			Msg: fmt.Sprintf("illegal base64 data at offset %d", off)}
	}
	return string(data), nil
}

// stripSpace removes ASCII white space from s; pos[i] is the offset in s of clean[i].
func stripSpace(s string) (string, []int) {
	var b strings.Builder
	pos := make([]int, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\n', '\r', '\f', '\v':
			continue
		}
		b.WriteByte(s[i])
		pos = append(pos, i)
	}
	return b.String(), pos
}

// decZlib inflates in two passes: the first counts the bytes (up to the limit) and keeps
// none, so that a compression bomb costs no memory; the second fills a buffer of that size.
func decZlib(c *call) (any, error) {
	inflate := func(dst io.Writer) (int64, error) {
		r, err := zlib.NewReader(strings.NewReader(c.param))
		if err != nil {
			return 0, err
		}
		defer r.Close()
		return io.Copy(dst, io.LimitReader(r, int64(c.d.maxSize)+1))
	}
	n, err := inflate(io.Discard)
	if err != nil {
		return nil, c.wrap(err, "cannot inflate")
	}
	if n > int64(c.d.maxSize) {
		return nil, c.tooLarge(-1)
	}
	var b strings.Builder
	b.Grow(int(n))
	if _, err := inflate(&b); err != nil {
		return nil, c.wrap(err, "cannot inflate")
	}
	return b.String(), nil
}

// errTooLarge is returned by readAtMost past its limit.
var errTooLarge = errors.New("too large")

// readAtMost reads r to its end, or fails with errTooLarge past max bytes.
func readAtMost(r io.Reader, max int) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, int64(max)+1))
	if err == nil && len(data) > max {
		return nil, errTooLarge
	}
	return data, err
}

// readFile reads a file of at most max bytes: a regular file larger than that is refused
// before it is read, a device (/dev/zero has no end) is read up to the limit.
func readFile(path string, max int) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() && st.Size() > int64(max) {
		return nil, errTooLarge
	}
	return readAtMost(f, max)
}

// tooLarge is the error of a value past the size limit; n is its size when known, else -1.
func (c *call) tooLarge(n int) error {
	size := "more than"
	if n >= 0 {
		size = fmt.Sprintf("%d bytes, more than", n)
	}
	return c.errf("the value is too large (%s the limit of %s)", size, sizeText(c.d.maxSize))
}

// sizeText is a size limit in MiB when it is a whole number of them, else in bytes.
func sizeText(n int) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

func decList(c *call) (any, error) {
	_, size := utf8.DecodeRuneInString(c.param)
	sep, rest := c.param[:size], c.param[size:]
	items := []any{}
	if rest == "" {
		return items, nil
	}
	for _, s := range strings.Split(rest, sep) {
		items = append(items, s)
	}
	return items, nil
}

func decLines(c *call) (any, error) {
	items := []any{}
	if c.param == "" {
		return items, nil
	}
	text := strings.TrimSuffix(c.param, "\n")
	for _, l := range strings.Split(text, "\n") {
		items = append(items, strings.TrimSuffix(l, "\r"))
	}
	return items, nil
}

func decCSVT(c *call) (any, error) {
	r := csv.NewReader(strings.NewReader(c.param))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		return nil, c.wrap(err, "")
	}
	items := []any{}
	var titles []string
	for _, row := range rows {
		switch {
		case allEmpty(row):
		case titles == nil:
			titles = row
		default:
			items = append(items, csvRow(titles, row))
		}
	}
	return items, nil
}

// csvRow maps titles to the cells of row: missing cells are nil, extra cells are dropped.
func csvRow(titles, row []string) map[string]any {
	m := make(map[string]any, len(titles))
	for i, t := range titles {
		if i < len(row) {
			m[t] = row[i]
		} else {
			m[t] = nil
		}
	}
	return m
}

func allEmpty(row []string) bool {
	for _, s := range row {
		if s != "" {
			return false
		}
	}
	return true
}

func decNone(c *call) (any, error) {
	if c.param != "" {
		return nil, c.errf("expects an empty value, got %q", c.show(c.param))
	}
	return nil, nil
}

func decSecret(c *call) (any, error) {
	if c.d.hooks.Secret == nil {
		return nil, c.errf("no terminal to ask for a secret")
	}
	prompt := c.param
	if prompt == "" {
		prompt = "secret"
	}
	c.taint = true
	v, err := c.d.hooks.Secret(prompt)
	if err != nil {
		return nil, c.wrap(err, "")
	}
	return v, nil
}

func decPreset(c *call) (any, error) {
	if c.d.hooks.Preset == nil {
		return nil, c.errf("no configuration to read presets from")
	}
	c.taint = true
	v, err := c.d.hooks.Preset(c.param)
	if err != nil {
		return nil, c.wrap(err, "")
	}
	return v, nil
}

func decVault(c *call) (any, error) {
	if c.d.hooks.Vault == nil {
		return nil, c.errf("no vault to read secrets from")
	}
	c.taint = true
	v, err := c.d.hooks.Vault(c.param)
	if err != nil {
		return nil, c.wrap(err, "")
	}
	return v, nil
}

func decLua(c *call) (any, error) {
	if c.d.hooks.Lua == nil {
		return nil, c.errf("no Lua engine to evaluate code")
	}
	v, err := c.d.hooks.Lua(c.param)
	if err != nil {
		return nil, c.wrap(err, "")
	}
	return v, nil
}
