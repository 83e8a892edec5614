package rest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
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
		return nil, fmt.Errorf("invalid URL %q: an absolute http:// or https:// URL is expected", CleanURL(u))
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
	Path        string      // joined to the base URL's path; an absolute http(s) URL is used as is
	Query       url.Values  // added to the URL's query
	JSON        any         // JSON body (Content-Type application/json)
	Form        url.Values  // form body (application/x-www-form-urlencoded)
	Body        io.Reader   // raw body with ContentType; retried only when it is an io.Seeker
	ContentType string      // of Body
	Header      http.Header // more headers
	Retry       *bool       // nil: retry idempotent methods only; true or false forces
	NoAuth      bool        // send no credentials
}

// Response is a complete answer.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// Data returns the body decoded as JSON (numbers as json.Number), nil for an empty body.
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

// Decode decodes the JSON body into out (a pointer).
func (r *Response) Decode(out any) error {
	dec := json.NewDecoder(bytes.NewReader(r.Body))
	dec.UseNumber()
	if err := dec.Decode(out); err != nil {
		return fmt.Errorf("the answer is not the JSON expected: %w", err)
	}
	return nil
}

// URL returns the full URL of a path (see Request.Path) with a query.
func (c *Client) URL(path string, query url.Values) (*url.URL, error) {
	var u *url.URL
	if strings.HasPrefix(path, "http://") || strings.HasPrefix(path, "https://") {
		p, err := url.Parse(path)
		if err != nil {
			return nil, fmt.Errorf("invalid URL %q: %w", path, err)
		}
		u = p
	} else {
		base := *c.BaseURL
		rel, err := url.Parse(strings.TrimPrefix(path, "/"))
		if err != nil || rel.IsAbs() || rel.Host != "" {
			return nil, fmt.Errorf("invalid path %q", path)
		}
		if rel.Path != "" {
			base.Path = strings.TrimSuffix(base.Path, "/") + "/" + rel.Path
			base.RawPath = ""
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

func joinQuery(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "&" + b
}

// prepared is a request ready to be sent any number of times.
type prepared struct {
	method      string
	url         *url.URL
	body        []byte
	seeker      io.ReadSeeker
	contentType string
	header      http.Header
	noAuth      bool
	retry       bool
}

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
		if s, ok := req.Body.(io.ReadSeeker); ok {
			p.seeker = s
		} else {
			b, err := io.ReadAll(req.Body)
			if err != nil {
				return nil, fmt.Errorf("%s %s: read the body: %w", p.method, CleanURL(u), err)
			}
			p.body = b
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
	if p.seeker != nil {
		if _, err := p.seeker.Seek(0, io.SeekStart); err != nil {
			return nil, err
		}
		body = io.NopCloser(p.seeker)
	} else if p.body != nil {
		body = bytes.NewReader(p.body)
	}
	r, err := http.NewRequestWithContext(ctx, p.method, p.url.String(), body)
	if err != nil {
		return nil, err
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

// Do sends a request and reads the whole answer. A 2xx status is a success; any other status
// is an *Error with the server's message; no answer is an *Error wrapping the cause (so
// errors.Is(err, context.Canceled) holds after a cancellation). Temporary failures are retried
// (see Settings), and a 401 makes a Refresher auth refresh once and the request be sent once
// more.
func (c *Client) Do(ctx context.Context, req *Request) (*Response, error) {
	p, err := c.prepare(req)
	if err != nil {
		return nil, err
	}
	if t := c.cfg().RequestTimeout; t > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, t)
		defer cancel()
	}
	var resp *Response
	err = c.send(ctx, p, nil, func(hr *http.Request, r *http.Response) (bool, error) {
		body, rerr := io.ReadAll(r.Body)
		if rerr != nil {
			return true, TransportError(hr, fmt.Errorf("reading the answer: %w", rerr))
		}
		if r.StatusCode < 200 || r.StatusCode > 299 {
			if len(body) > maxErrorBody {
				body = body[:maxErrorBody]
			}
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

// cfg returns the client's settings (defaults when none were given).
func (c *Client) cfg() *Settings {
	if c.Settings == nil {
		c.Settings = &Settings{}
	}
	return c.Settings
}
