package rest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/asperalm/aslmcli/internal/secret"
)

// dumper is the --rest-debug RoundTripper. The request block (method, URL, headers, body) is
// written before the request is sent; the response block (status, time, headers) when the
// headers arrive, and its body when the caller has read it (at EOF or Close), so that a
// download is never buffered: only the first bytes of a textual body are kept as the caller
// reads (up to 1 MiB for JSON and forms, which are redacted whole, max+1 for other text). A
// binary body (by its content type, or not UTF-8) is shown as its size and is not read by the
// dump: an upload is not held in memory. The body the request sends and the one the caller
// reads are the same bytes as without the dump.
type dumper struct {
	next http.RoundTripper
	w    io.Writer
	max  int
	mu   sync.Mutex // one block at a time
}

func (d *dumper) write(s string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	_, _ = io.WriteString(d.w, s)
}

func (d *dumper) RoundTrip(r *http.Request) (*http.Response, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "> %s %s\n", r.Method, CleanURL(r.URL))
	writeHeaders(&b, "> ", r.Header)
	if r.Body != nil && r.Body != http.NoBody {
		ct := r.Header.Get("Content-Type")
		if !isText(ct) {
			// a binary upload is neither read nor held
			b.WriteString(sizeLine("> ", r.ContentLength))
		} else {
			limit := d.keep(ct) + 1
			head, err := io.ReadAll(io.LimitReader(r.Body, int64(limit)))
			if err != nil {
				r.Body.Close()
				return nil, err
			}
			orig := r.Body
			r = r.Clone(r.Context())
			r.Body = struct {
				io.Reader
				io.Closer
			}{io.MultiReader(bytes.NewReader(head), orig), orig}
			total := r.ContentLength
			complete := len(head) < limit
			if complete {
				total = int64(len(head))
			} else if total <= 0 {
				total = -1
			}
			b.WriteString(d.body("> ", ct, head, total, complete))
		}
	}
	d.write(b.String())
	start := time.Now()
	resp, err := d.next.RoundTrip(r)
	if err != nil {
		d.write(fmt.Sprintf("< error after %s: %s\n\n", time.Since(start).Round(time.Millisecond), secret.RedactString(err.Error())))
		return resp, err
	}
	b.Reset()
	fmt.Fprintf(&b, "< %s (%s)\n", StatusLine(resp.StatusCode), time.Since(start).Round(time.Millisecond))
	writeHeaders(&b, "< ", resp.Header)
	ct := resp.Header.Get("Content-Type")
	if resp.Body == nil || resp.Body == http.NoBody || !isText(ct) {
		if n := resp.ContentLength; n > 0 {
			b.WriteString(sizeLine("< ", n))
		}
		b.WriteString("\n")
		d.write(b.String())
		return resp, nil
	}
	d.write(b.String())
	resp.Body = &bodyTap{ReadCloser: resp.Body, d: d, ct: ct}
	return resp, nil
}

// bodyTap records the first bytes of a response body as the caller reads it.
type bodyTap struct {
	io.ReadCloser
	d    *dumper
	ct   string
	head []byte
	n    int
	done bool
}

func (t *bodyTap) Read(p []byte) (int, error) {
	n, err := t.ReadCloser.Read(p)
	t.n += n
	if room := t.d.keep(t.ct) - len(t.head); room > 0 && n > 0 {
		t.head = append(t.head, p[:min(n, room)]...)
	}
	if err != nil {
		t.flush()
	}
	return n, err
}

func (t *bodyTap) Close() error {
	t.flush()
	return t.ReadCloser.Close()
}

func (t *bodyTap) flush() {
	if t.done {
		return
	}
	t.done = true
	if t.n == 0 {
		t.d.write("\n")
		return
	}
	t.d.write(t.d.body("< ", t.ct, t.head, int64(t.n), t.n == len(t.head)) + "\n")
}

func writeHeaders(b *strings.Builder, prefix string, h http.Header) {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := strings.Join(h[k], ", ")
		if secretHeader(k) {
			v = secret.Mask
		} else {
			v = secret.RedactString(v)
		}
		fmt.Fprintf(b, "%s%s: %s\n", prefix, k, v)
	}
}

// secretHeader tells whether a header's value is hidden in the dump.
func secretHeader(name string) bool {
	switch strings.ToLower(name) {
	case "authorization", "proxy-authorization", "cookie", "set-cookie", "x-aspera-accesskey":
		return true
	}
	return secret.IsSecretKey(name)
}

func isText(contentType string) bool {
	mt, _, _ := mime.ParseMediaType(contentType)
	return mt == "" || strings.HasPrefix(mt, "text/") || strings.Contains(mt, "json") ||
		strings.Contains(mt, "xml") || mt == "application/x-www-form-urlencoded" || mt == "application/javascript"
}

// maxStructured is how much of a JSON or form body is kept to be decoded and redacted
// whole; a larger one is not shown (a cut document could end inside a secret).
const maxStructured = 1 << 20

// keep returns how many bytes of a body of this type the dump keeps.
func (d *dumper) keep(contentType string) int {
	if structured(contentType) {
		return maxStructured
	}
	return d.max + 1
}

func structured(contentType string) bool {
	mt, _, _ := mime.ParseMediaType(contentType)
	return strings.Contains(mt, "json") || mt == "application/x-www-form-urlencoded"
}

// formSecrets are form fields that hide a secret whatever secret.IsSecretKey says.
var formSecrets = map[string]bool{"assertion": true, "code": true, "code_verifier": true,
	"client_secret": true, "refresh_token": true, "apikey": true, "password": true, "subject_token": true}

// sizeLine shows a body that is not dumped.
func sizeLine(prefix string, n int64) string {
	if n < 0 {
		return prefix + "[body of unknown size]\n"
	}
	return fmt.Sprintf("%s[%d bytes]\n", prefix, n)
}

// body renders a body with secrets hidden: data holds its first bytes, total its size (-1 when
// unknown) and complete tells whether data is all of it. JSON and form bodies are decoded whole
// and redacted field by field, then cut for display (a cut one is not shown at all: it could
// end inside a secret); other text goes through secret.RedactString and, when cut, a secret
// assignment broken by the cut is hidden to the end.
func (d *dumper) body(prefix, contentType string, data []byte, total int64, complete bool) string {
	mt, _, _ := mime.ParseMediaType(contentType)
	if !isText(contentType) || !utf8.Valid(trimPartialRune(data)) {
		return sizeLine(prefix, total)
	}
	size := fmt.Sprintf("... (%d bytes)", total)
	if total < 0 {
		size = "... (more)"
	}
	var text string
	switch {
	case structured(contentType) && !complete:
		if total < 0 {
			return prefix + "[body too large to show]\n"
		}
		return fmt.Sprintf("%s[%d bytes, too large to show]\n", prefix, total)
	case strings.Contains(mt, "json"):
		var v any
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		if err := dec.Decode(&v); err != nil {
			text = secret.RedactString(string(data))
			break
		}
		var out bytes.Buffer
		enc := json.NewEncoder(&out)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(secret.Redact(v))
		text = secret.RedactString(strings.TrimSuffix(out.String(), "\n")) // JSON text nested in strings
	case mt == "application/x-www-form-urlencoded":
		text = redactForm(string(data))
	default:
		text = string(trimPartialRune(data))
		text = secret.RedactString(text)
		if !complete {
			text = maskDangling(text)
		}
	}
	if len(text) > d.max {
		text = strings.ToValidUTF8(text[:d.max], "") + size
	} else if !complete {
		text += size
	}
	return prefix + strings.ReplaceAll(text, "\n", "\n"+prefix) + "\n"
}

// redactForm hides the secret fields of a form body, keeping the fields' order and encoding.
func redactForm(s string) string {
	parts := strings.Split(s, "&")
	for i, part := range parts {
		k, v, ok := strings.Cut(part, "=")
		if !ok || v == "" {
			continue
		}
		key, err := url.QueryUnescape(k)
		if err != nil {
			key = k
		}
		val, err := url.QueryUnescape(v)
		if err != nil {
			val = v
		}
		if formSecrets[strings.ToLower(key)] || secret.IsSecretKey(key) || secret.LooksSecret(val) {
			parts[i] = k + "=" + secret.Mask
		} else if r := secret.RedactString(val); r != val {
			parts[i] = k + "=" + r
		}
	}
	return strings.Join(parts, "&")
}

// assignment finds key=value and "key": "value" openings in text.
var assignment = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)"?([a-z0-9_\-]+)"?\s*[:=]\s*`) })

// maskDangling hides the value of the last secret assignment of a cut text when the cut
// happened inside it (secret.RedactString only hides complete values).
func maskDangling(s string) string {
	locs := assignment().FindAllStringSubmatchIndex(s, -1)
	for i := len(locs) - 1; i >= 0; i-- {
		m := locs[i]
		if !secret.IsSecretKey(s[m[2]:m[3]]) {
			continue
		}
		rest := s[m[1]:]
		switch {
		case strings.HasPrefix(rest, `"`):
			if !strings.Contains(rest[1:], `"`) {
				return s[:m[1]] + `"` + secret.Mask
			}
		case !strings.ContainsAny(rest, " \t\r\n,&;}"):
			return s[:m[1]] + secret.Mask
		}
		return s
	}
	return s
}

// trimPartialRune drops an incomplete UTF-8 sequence at the end of a cut body.
func trimPartialRune(b []byte) []byte {
	for i := 0; i < 3 && len(b) > 0; i++ {
		if utf8.Valid(b) {
			return b
		}
		b = b[:len(b)-1]
	}
	return b
}
