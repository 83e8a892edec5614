package rest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
)

// Error is the one error of an HTTP exchange: a transport failure (Status 0, Err set) or an
// answer that is not a success (Status set, Message taken from the body). URL never carries
// credentials (user info and secret-looking query parameters are masked).
type Error struct {
	Method  string      // HTTP method
	URL     string      // request URL, credentials removed
	Status  int         // HTTP status; 0 when no answer was received
	Message string      // the server's message, extracted from the body; may be empty
	Body    []byte      // the answer's body, possibly cut (not printed by Error)
	Header  http.Header // the answer's headers (Retry-After, WWW-Authenticate...); nil when no answer
	Err     error       // the transport error when Status is 0
}

// Error returns one line: "404 Not Found: GET https://host/path: <message>", or
// "GET https://host/path: <transport error>" when there was no answer.
func (e *Error) Error() string {
	var b strings.Builder
	if e.Status != 0 {
		b.WriteString(StatusLine(e.Status))
		b.WriteString(": ")
	}
	b.WriteString(e.Method)
	b.WriteString(" ")
	b.WriteString(e.URL)
	switch {
	case e.Message != "":
		b.WriteString(": ")
		b.WriteString(oneLine(e.Message))
	case e.Err != nil:
		b.WriteString(": ")
		b.WriteString(oneLine(e.Err.Error()))
	}
	return b.String()
}

// Unwrap returns the transport error, if any.
func (e *Error) Unwrap() error { return e.Err }

// StatusLine returns "404 Not Found" for 404 (the code alone when the code has no text).
func StatusLine(code int) string {
	if t := http.StatusText(code); t != "" {
		return fmt.Sprintf("%d %s", code, t)
	}
	return fmt.Sprintf("%d", code)
}

func oneLine(s string) string {
	s = strings.TrimSpace(s)
	s = strings.ReplaceAll(s, "\r\n", " ")
	return strings.ReplaceAll(s, "\n", " ")
}

// CleanURL returns u as text without user info and with secret-looking query values masked.
func CleanURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	c := *u
	c.User = nil
	if c.RawQuery != "" {
		q := c.Query()
		changed := false
		for k := range q {
			if isSecretParam(k) {
				q[k] = []string{"***"}
				changed = true
			}
		}
		if changed {
			c.RawQuery = q.Encode()
		}
	}
	return c.String()
}

// ResponseError builds the Error of a non-success answer to req. body is the answer's body
// (already read; it may be cut).
func ResponseError(req *http.Request, status int, header http.Header, body []byte) *Error {
	e := &Error{Method: req.Method, URL: CleanURL(req.URL), Status: status, Body: body, Header: header}
	e.Message = MessageOf(header.Get("Content-Type"), body)
	return e
}

// TransportError builds the Error of a request that got no answer.
func TransportError(req *http.Request, err error) *Error {
	return &Error{Method: req.Method, URL: CleanURL(req.URL), Err: stripURLError(err)}
}

// stripURLError removes net/http's "Get \"url\": " prefix, which Error already prints.
func stripURLError(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err
	}
	return err
}

// MessageOf extracts the server's message from an answer body, in the formats the Aspera
// products use: {"error":{"user_message"|"description"|"internal_message"|"message"|"reason"|"code"}}
// (the first present),
// {"error":"..","error_description":".."}, {"message":..}, {"errors":[..]} or {"errors":{k:v}},
// {"errorMessage":..} (IBM IAM), {"user_message":..}, {"failure":..}, node setup answers with
// errors inside transfer_specs, and text bodies (first line, cut). It returns "" when the body
// says nothing useful.
func MessageOf(contentType string, body []byte) string {
	text := strings.TrimSpace(string(body))
	if text == "" {
		return ""
	}
	var v any
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	if err := dec.Decode(&v); err == nil {
		if m := EmbeddedError(v); m != "" {
			return m
		}
		if s, ok := v.(string); ok {
			return cut(s)
		}
		return ""
	}
	if strings.Contains(contentType, "html") || strings.HasPrefix(text, "<") {
		return htmlTitle(text)
	}
	return cut(firstLine(text))
}

// EmbeddedError returns the error message carried by a decoded JSON body, or "". It also
// finds the errors a node's upload_setup/download_setup puts inside a 200 answer
// ({"transfer_specs":[{"error":{...}}]}).
func EmbeddedError(v any) string {
	m, ok := v.(map[string]any)
	if !ok {
		return ""
	}
	var parts []string
	sep := "; "
	add := func(s string) {
		s = strings.TrimSpace(s)
		if s != "" && !contains(parts, s) {
			parts = append(parts, s)
		}
	}
	switch e := m["error"].(type) {
	case string:
		add(e)
		if d, ok := m["error_description"].(string); ok {
			add(d)
			sep = ": " // OAuth: "invalid_grant: the reason"
		}
	case map[string]any:
		// the first message present; "reason" (often the status text) only when there is none
		for _, k := range []string{"user_message", "description", "internal_message", "message", "reason"} {
			if s, ok := e[k].(string); ok && strings.TrimSpace(s) != "" {
				add(s)
				break
			}
		}
		if len(parts) == 0 {
			if c := scalar(e["code"]); c != "" {
				add("code " + c)
			}
		}
	}
	if len(parts) == 0 {
		for _, k := range []string{"error_description", "message", "errorMessage", "user_message", "failure", "detail"} {
			if s, ok := m[k].(string); ok {
				add(s)
			}
		}
	}
	if len(parts) == 0 {
		switch e := m["errors"].(type) {
		case []any:
			for _, item := range e {
				if s, ok := item.(string); ok {
					add(s)
				} else if s := EmbeddedError(item); s != "" {
					add(s)
				} else if im, ok := item.(map[string]any); ok {
					add(scalar(im["message"]))
				}
			}
		case map[string]any:
			if _, connect := m["min_connect_version"]; !connect {
				for _, k := range sortedKeys(e) {
					add(k + ": " + scalar(e[k]))
				}
			}
		}
	}
	if len(parts) == 0 {
		if specs, ok := m["transfer_specs"].([]any); ok {
			for _, s := range specs {
				sm, _ := s.(map[string]any)
				if msg := EmbeddedError(sm); msg != "" {
					add(msg)
				} else if ts, ok := sm["transfer_spec"].(map[string]any); ok {
					add(EmbeddedError(ts))
				}
			}
		}
	}
	return cut(strings.Join(parts, sep))
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func scalar(v any) string {
	switch t := v.(type) {
	case nil:
		return ""
	case string:
		return t
	case json.Number:
		return t.String()
	default:
		b, _ := json.Marshal(t)
		return string(b)
	}
}

func firstLine(s string) string {
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		return s[:i]
	}
	return s
}

func htmlTitle(s string) string {
	lower := strings.ToLower(s)
	for _, tag := range []string{"title", "h1"} {
		i := strings.Index(lower, "<"+tag)
		if i < 0 {
			continue
		}
		j := strings.Index(lower[i:], ">")
		k := strings.Index(lower[i:], "</"+tag)
		if j >= 0 && k > j {
			return cut(strings.TrimSpace(s[i+j+1 : i+k]))
		}
	}
	return ""
}

const maxMessage = 300

func cut(s string) string {
	s = oneLine(s)
	if len(s) > maxMessage {
		return s[:maxMessage] + "..."
	}
	return s
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
