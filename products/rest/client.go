package rest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/asperalm/aslmcli/internal/secret"
)

// Client is bound to a base URL and an authenticator. It is safe for concurrent use.
type Client struct {
	BaseURL  *url.URL
	Auth     Auth        // nil = None
	Header   http.Header // extra headers sent on every request
	Settings *Settings
}

// New returns a client of baseURL (absolute http or https). Credentials in the URL's user
// info become Basic authentication when auth is nil, and are removed from BaseURL. s nil means
// default settings.
func New(baseURL string, auth Auth, s *Settings) (*Client, error) {
	u, err := url.Parse(strings.TrimSpace(baseURL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		shown := CleanURL(u)
		if err != nil {
			shown = withoutUserInfo(baseURL)
		}
		return nil, fmt.Errorf("invalid URL %q: an absolute http:// or https:// URL is expected", shown)
	}
	if u.User != nil {
		if auth == nil {
			p, _ := u.User.Password()
			auth = Basic{Username: u.User.Username(), Password: p}
		}
		u.User = nil
	}
	if s == nil {
		s = &Settings{}
	}
	return &Client{BaseURL: u, Auth: auth, Settings: s}, nil
}

// Request is one HTTP request of a Client.
type Request struct {
	Method      string      // default GET
	Path        string      // URL reference joined to the base URL's path ("x" and "/x" alike, see Client.URL); an absolute http(s) URL is used as is
	Query       url.Values  // added to the URL's query
	JSON        any         // JSON body (Content-Type application/json)
	Form        url.Values  // form body (application/x-www-form-urlencoded)
	Body        io.Reader   // raw body (not closed); replayed from its position when it is a working io.Seeker, else sent once and never retried
	ContentType string      // of Body; default application/octet-stream
	Header      http.Header // more headers
	Retry       *bool       // nil: retry idempotent methods only; true or false forces
	NoAuth      bool        // send no credentials
}

// Response is a complete 2xx answer of Do.
type Response struct {
	Status int         // HTTP status (2xx)
	Header http.Header // the answer's headers
	Body   []byte      // the whole body
}

// Data returns the body decoded as JSON (numbers as json.Number), nil and no error for an empty
// body, an error when the body is not JSON.
func (r *Response) Data() (any, error) {
	if len(bytes.TrimSpace(r.Body)) == 0 {
		return nil, nil
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(r.Body))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("the answer is not JSON: %w", err)
	}
	return v, nil
}

// Decode decodes the JSON body into out (a pointer to a struct, map...); numbers decoded into
// an interface are json.Number.
func (r *Response) Decode(out any) error {
	dec := json.NewDecoder(bytes.NewReader(r.Body))
	dec.UseNumber()
	if err := dec.Decode(out); err != nil {
		return fmt.Errorf("the answer is not the JSON expected: %w", err)
	}
	return nil
}

// URL returns the full URL of a path (see Request.Path) with a query added. A relative path
// is a URL reference: percent escapes are kept as they are ("a%2Fb" stays one segment) and a
// "?" starts a query, so a name holding "?", "#" or "%" must be escaped with url.PathEscape.
func (c *Client) URL(path string, query url.Values) (*url.URL, error) {
	var u *url.URL
	if strings.HasPrefix(path, "http://") || strings.HasPrefix(path, "https://") {
		p, err := url.Parse(path)
		if err != nil {
			return nil, fmt.Errorf("invalid URL: %w", stripURLError(err))
		}
		u = p
	} else {
		base := *c.BaseURL
		rel, err := url.Parse(strings.TrimPrefix(path, "/"))
		if err != nil || rel.IsAbs() || rel.Host != "" {
			return nil, fmt.Errorf("invalid path %q", path)
		}
		if rel.Path != "" {
			escaped := strings.TrimSuffix(base.EscapedPath(), "/") + "/" + rel.EscapedPath()
			if base.Path, err = url.PathUnescape(escaped); err != nil {
				return nil, fmt.Errorf("invalid path %q", path)
			}
			base.RawPath = escaped
		}
		if rel.RawQuery != "" {
			base.RawQuery = joinQuery(base.RawQuery, rel.RawQuery)
		}
		u = &base
	}
	if len(query) > 0 {
		c := *u
		c.RawQuery = joinQuery(c.RawQuery, query.Encode())
		u = &c
	}
	return u, nil
}

// withoutUserInfo removes "user:password@" from a URL that does not parse.
func withoutUserInfo(raw string) string {
	rest := raw
	prefix := ""
	if i := strings.Index(raw, "://"); i >= 0 {
		prefix, rest = raw[:i+3], raw[i+3:]
	}
	host := rest
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		host = rest[:i]
	}
	if i := strings.LastIndex(host, "@"); i >= 0 {
		rest = rest[i+1:]
	}
	return secret.RedactString(prefix + rest)
}

func joinQuery(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "&" + b
}

// prepared is a request ready to be sent: any number of times, unless its body is a stream.
type prepared struct {
	method      string
	url         *url.URL
	body        []byte
	seeker      io.ReadSeeker // replayed from start, size bytes
	start, size int64
	stream      io.Reader // sent once: neither retried nor replayed after a 401
	sent        bool      // the stream was given to a request
	contentType string
	header      http.Header
	noAuth      bool
	retry       bool
}

// replayable tells whether the body can be sent again.
func (p *prepared) replayable() bool { return p.stream == nil }

func (c *Client) prepare(req *Request) (*prepared, error) {
	p := &prepared{method: strings.ToUpper(req.Method), header: http.Header{}, noAuth: req.NoAuth}
	if p.method == "" {
		p.method = http.MethodGet
	}
	u, err := c.URL(req.Path, req.Query)
	if err != nil {
		return nil, err
	}
	p.url = u
	switch {
	case req.JSON != nil:
		b, err := json.Marshal(req.JSON)
		if err != nil {
			return nil, fmt.Errorf("%s %s: encode the JSON body: %w", p.method, CleanURL(u), err)
		}
		p.body, p.contentType = b, "application/json"
	case req.Form != nil:
		p.body, p.contentType = []byte(req.Form.Encode()), "application/x-www-form-urlencoded"
	case req.Body != nil:
		p.contentType = req.ContentType
		if p.contentType == "" {
			p.contentType = "application/octet-stream"
		}
		p.stream = req.Body
		if s, ok := req.Body.(io.ReadSeeker); ok {
			// a pipe (os.Stdin) is an *os.File whose Seek fails: it is a stream
			if start, err := s.Seek(0, io.SeekCurrent); err == nil {
				if end, err := s.Seek(0, io.SeekEnd); err == nil && end >= start {
					if _, err := s.Seek(start, io.SeekStart); err == nil {
						p.seeker, p.start, p.size, p.stream = s, start, end-start, nil
					}
				}
			}
		}
	}
	for k, v := range c.Header {
		p.header[k] = v
	}
	for k, v := range req.Header {
		p.header[k] = v
	}
	if p.header.Get("Accept") == "" {
		p.header.Set("Accept", "application/json")
	}
	p.retry = idempotent(p.method)
	if req.Retry != nil {
		p.retry = *req.Retry
	}
	if !p.replayable() {
		p.retry = false
	}
	return p, nil
}

func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions:
		return true
	}
	return false
}

// build makes the *http.Request of one try, with credentials.
func (c *Client) build(ctx context.Context, p *prepared, extra http.Header) (*http.Request, error) {
	var body io.Reader
	switch {
	case p.seeker != nil:
		if _, err := p.seeker.Seek(p.start, io.SeekStart); err != nil {
			return nil, err
		}
		body = http.NoBody
		if p.size > 0 {
			body = struct{ io.Reader }{io.LimitReader(p.seeker, p.size)} // the caller's file stays open
		}
	case p.stream != nil:
		if p.sent {
			return nil, fmt.Errorf("%s %s: the body stream was already sent", p.method, CleanURL(p.url))
		}
		p.sent = true
		body = struct{ io.Reader }{p.stream}
	case p.body != nil:
		body = bytes.NewReader(p.body)
	}
	r, err := http.NewRequestWithContext(ctx, p.method, p.url.String(), body)
	if err != nil {
		return nil, err
	}
	if p.seeker != nil && p.size > 0 {
		r.ContentLength = p.size
		r.GetBody = func() (io.ReadCloser, error) { // redirects (307, 308)
			if _, err := p.seeker.Seek(p.start, io.SeekStart); err != nil {
				return nil, err
			}
			return io.NopCloser(io.LimitReader(p.seeker, p.size)), nil
		}
	}
	for k, v := range p.header {
		r.Header[k] = v
	}
	for k, v := range extra {
		r.Header[k] = v
	}
	if p.contentType != "" {
		r.Header.Set("Content-Type", p.contentType)
	}
	if !p.noAuth && c.Auth != nil {
		if err := c.Auth.Apply(ctx, r); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// maxErrorBody caps the body read from an error answer.
const maxErrorBody = 1 << 20

// Do sends a request and reads the whole answer. It asks for JSON (Accept: application/json)
// unless the request says otherwise. A 2xx status is a success; any other status is an *Error
// with the server's message (from at most 1 MiB of its body); no answer, or an answer whose body
// breaks off, is an *Error wrapping the cause (so errors.Is(err, context.Canceled) holds after a
// cancellation). Settings.RequestTimeout bounds the whole call, retries included.
//
// Retries: a connection refused, reset or dropped mid-body, a timeout, and the statuses 429,
// 502, 503 and 504 are retried up to Settings.RetryMax times for GET, HEAD, PUT, DELETE and
// OPTIONS (Request.Retry overrides), after RetryBase*2^n capped at RetryCap with jitter, or the
// Retry-After the server asks for (at most 5 minutes); each retry is logged at Info. A 401 makes
// a Refresher auth refresh once and the request be sent once more, whatever its method. A
// Request.Body that is not seekable is sent once: neither retried nor replayed.
func (c *Client) Do(ctx context.Context, req *Request) (_ *Response, err error) {
	p, err := c.prepare(req)
	if err != nil {
		return nil, err
	}
	parent := ctx
	timeout := c.cfg().RequestTimeout
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	var resp *Response
	defer func() {
		var e *Error
		if timeout > 0 && parent.Err() == nil && errors.As(err, &e) && e.Status == 0 && errors.Is(e.Err, context.DeadlineExceeded) {
			e.Err = fmt.Errorf("no complete answer within the request timeout (%s): %w", timeout, context.DeadlineExceeded)
		}
	}()
	err = c.send(ctx, p, nil, func(hr *http.Request, r *http.Response) (bool, error) {
		defer r.Body.Close()
		ok := r.StatusCode >= 200 && r.StatusCode <= 299
		var src io.Reader = r.Body
		if !ok {
			src = io.LimitReader(r.Body, maxErrorBody)
		}
		body, rerr := io.ReadAll(src)
		if rerr != nil {
			return true, TransportError(hr, fmt.Errorf("reading the answer: %w", rerr))
		}
		if !ok {
			return false, ResponseError(hr, r.StatusCode, r.Header, body)
		}
		resp = &Response{Status: r.StatusCode, Header: r.Header, Body: body}
		return false, nil
	})
	return resp, err
}

// Get sends a GET and returns the decoded JSON answer.
func (c *Client) Get(ctx context.Context, path string, query url.Values) (any, error) {
	return c.data(ctx, &Request{Method: http.MethodGet, Path: path, Query: query})
}

// Post sends a POST with a JSON body (nil: none) and returns the decoded JSON answer.
func (c *Client) Post(ctx context.Context, path string, body any) (any, error) {
	return c.data(ctx, &Request{Method: http.MethodPost, Path: path, JSON: body})
}

// Put sends a PUT with a JSON body and returns the decoded JSON answer.
func (c *Client) Put(ctx context.Context, path string, body any) (any, error) {
	return c.data(ctx, &Request{Method: http.MethodPut, Path: path, JSON: body})
}

// Patch sends a PATCH with a JSON body and returns the decoded JSON answer.
func (c *Client) Patch(ctx context.Context, path string, body any) (any, error) {
	return c.data(ctx, &Request{Method: http.MethodPatch, Path: path, JSON: body})
}

// Delete sends a DELETE and returns the decoded JSON answer (nil when empty).
func (c *Client) Delete(ctx context.Context, path string, query url.Values) (any, error) {
	return c.data(ctx, &Request{Method: http.MethodDelete, Path: path, Query: query})
}

func (c *Client) data(ctx context.Context, req *Request) (any, error) {
	resp, err := c.Do(ctx, req)
	if err != nil {
		return nil, err
	}
	v, err := resp.Data()
	if err != nil {
		return nil, &Error{Method: req.Method, URL: CleanURL(mustURL(c, req)), Status: resp.Status, Message: err.Error(), Body: resp.Body}
	}
	return v, nil
}

func mustURL(c *Client, req *Request) *url.URL {
	u, _ := c.URL(req.Path, req.Query)
	return u
}

// Stream sends a request and returns the open 2xx answer; the caller closes its body. Any
// other status is an *Error. Only the sending is retried, never a body being read.
func (c *Client) Stream(ctx context.Context, req *Request) (*http.Response, error) {
	p, err := c.prepare(req)
	if err != nil {
		return nil, err
	}
	var out *http.Response
	err = c.send(ctx, p, nil, func(hr *http.Request, r *http.Response) (bool, error) {
		if r.StatusCode < 200 || r.StatusCode > 299 {
			body, _ := io.ReadAll(io.LimitReader(r.Body, maxErrorBody))
			return false, ResponseError(hr, r.StatusCode, r.Header, body)
		}
		out = r
		return false, nil
	})
	return out, err
}

// handler consumes an answer; it returns whether the failure it reports is temporary (the
// request may be sent again).
type handler func(*http.Request, *http.Response) (retryable bool, err error)

// cfg returns the client's settings (shared defaults when none were given).
func (c *Client) cfg() *Settings {
	if c.Settings == nil {
		return defaultSettings
	}
	return c.Settings
}
