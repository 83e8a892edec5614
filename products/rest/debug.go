package rest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/asperalm/aslmcli/internal/secret"
)

// dumper is the --rest-debug RoundTripper. The request block (method, URL, headers, body) is
// written before the request is sent; the response block (status, time, headers) when the
// headers arrive, and its body prefix when the caller has read it (at EOF or Close), so that a
// download is never buffered: only the first max bytes of a textual body are kept.
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
		body, err := io.ReadAll(r.Body)
		r.Body.Close()
		if err != nil {
			return nil, err
		}
		r = r.Clone(r.Context())
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
		b.WriteString(d.body("> ", r.Header.Get("Content-Type"), body, len(body)))
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
			fmt.Fprintf(&b, "< [%d bytes]\n", n)
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
	t.d.write(t.d.body("< ", t.ct, t.head, t.n) + "\n")
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

// body renders a body (data holds its first bytes, total its size) with secrets hidden.
// JSON and form bodies are decoded whole and redacted field by field, then cut for display;
// other text goes through secret.RedactString.
func (d *dumper) body(prefix, contentType string, data []byte, total int) string {
	mt, _, _ := mime.ParseMediaType(contentType)
	if !isText(contentType) || !utf8.Valid(trimPartialRune(data)) {
		return fmt.Sprintf("%s[%d bytes]\n", prefix, total)
	}
	var text string
	switch {
	case structured(contentType) && total > len(data):
		return fmt.Sprintf("%s[%d bytes, too large to show]\n", prefix, total)
	case strings.Contains(mt, "json"):
		var v any
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		if err := dec.Decode(&v); err != nil {
			text = secret.RedactString(string(data))
			break
		}
		out, _ := json.Marshal(secret.Redact(v))
		text = secret.RedactString(string(out)) // JSON text nested in strings
	case mt == "application/x-www-form-urlencoded":
		text = redactForm(string(data))
	default:
		text = secret.RedactString(string(data))
	}
	if len(text) > d.max {
		text = text[:d.max] + fmt.Sprintf("... (%d bytes)", total)
	} else if total > len(data) {
		text += fmt.Sprintf("... (%d bytes)", total)
	}
	return prefix + strings.ReplaceAll(text, "\n", "\n"+prefix) + "\n"
}

func redactForm(s string) string {
	q, err := url.ParseQuery(s)
	if err != nil {
		return secret.RedactString(s)
	}
	for k := range q {
		if formSecrets[strings.ToLower(k)] || secret.IsSecretKey(k) {
			q[k] = []string{secret.Mask}
			continue
		}
		for i, v := range q[k] {
			if secret.LooksSecret(v) {
				q[k][i] = secret.Mask
			}
		}
	}
	return q.Encode()
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
