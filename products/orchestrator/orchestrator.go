// Package orchestrator is the client of IBM Aspera Orchestrator's API
// (https://host/aspera/orchestrator/api/...): the instance (remote_node_ping, processes,
// plugins, monitors), workflows (list, status, details, inputs and outputs specifications,
// export, work orders), starting a work order with run-time inputs and waiting for it, work
// orders and work steps (status, cancel, reset, output). It speaks through products/rest and
// knows no Lua.
//
// Every call is a GET. The API answers JSON or XML: the format is asked for with a query
// parameter (format=json, RetStyle "arg", the default), an Accept header ("header") or an
// extension of the path (".json", "ext"); some endpoints answer XML only (processes_status,
// work_order_output), which DecodeXML turns into plain values (encoding/xml, no regular
// expressions). JSON answers are decoded with exact numbers (json.Number). Each result is the
// content of the answer's root (the "workflows" of {"workflows": {...}}), the same whether the
// answer was JSON or XML.
//
// Authentication (AuthStyle): "head_basic" (the default) sends HTTP Basic credentials;
// "arg_pass" sends login and password as query parameters, as the API guide's examples do
// (the password is masked wherever a URL is shown).
//
// Decisions where the issue was silent:
//   - Starting a work order and waiting for it (Run with Synchronous, or a Result) polls
//     work_order_status every Poll (1 s by default) until the work order ends, rather than
//     holding one HTTP request open with the API's synchronous=true: a long workflow would
//     outlive the read timeout, and the poll can report progress and stop on Ctrl-C.
//   - A Result "STEP:PARAM" is read from work_order_output once the work order has ended
//     (the variable PARAM of the step STEP); a work order that fails, errors or is cancelled
//     is a *WorkOrderError carrying its status and details.
//   - Run-time inputs are sent as external_parameters[NAME]=VALUE (tables as JSON text).
//   - Listings that the API returns in one answer (workflows, work orders) are still lazy:
//     the request is sent when the first item is read.
//   - An error answer's message is the API's work_order.statusDetails and missing_parameters
//     when the generic extraction of products/rest finds none.
package orchestrator

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/asperalm/aslmcli/products/oauth"
	"github.com/asperalm/aslmcli/products/rest"
)

// Object is a decoded JSON object.
type Object = map[string]any

// Client is an Orchestrator API client.
type Client struct {
	API *rest.Client
	// RetStyle says how the answer format is asked for: "arg" (query format=, default),
	// "header" (Accept) or "ext" (a .json/.xml extension on the path).
	RetStyle string
}

// New returns a client over a REST client bound to Orchestrator's URL (…/aspera/orchestrator)
// and its credentials.
func New(api *rest.Client) *Client { return &Client{API: api} }

// Options are what a user gives to reach an Orchestrator.
type Options struct {
	URL                string // https://host/aspera/orchestrator
	Username, Password string
	AuthStyle          string // head_basic (default) or arg_pass
	RetStyle           string // arg (default), header or ext
}

// AuthStyles and RetStyles are the accepted values of Options.AuthStyle and RetStyle.
var (
	AuthStyles = []string{"head_basic", "arg_pass"}
	RetStyles  = []string{"arg", "header", "ext"}
)

// ErrUsage marks a bad option or argument (an unknown style, a malformed result location).
var ErrUsage = errors.New("usage")

// NewFromOptions returns the client of o with the run's HTTP settings s.
func NewFromOptions(o Options, s *rest.Settings) (*Client, error) {
	if o.URL == "" {
		return nil, fmt.Errorf("%w: the URL of Orchestrator is required", ErrUsage)
	}
	var auth rest.Auth
	switch o.AuthStyle {
	case "", "head_basic":
		a, err := oauth.Authenticator(oauth.Options{Type: "basic", Username: o.Username, Password: o.Password}, o.URL, oauth.Env{HTTP: s})
		if err != nil {
			return nil, err
		}
		auth = a
	case "arg_pass":
		auth = QueryLogin{Login: o.Username, Password: o.Password}
	default:
		return nil, fmt.Errorf("%w: auth style %q: use %s", ErrUsage, o.AuthStyle, strings.Join(AuthStyles, " or "))
	}
	switch o.RetStyle {
	case "", "arg", "header", "ext":
	default:
		return nil, fmt.Errorf("%w: ret style %q: use %s", ErrUsage, o.RetStyle, strings.Join(RetStyles, ", "))
	}
	api, err := rest.New(o.URL, auth, s)
	if err != nil {
		return nil, err
	}
	return &Client{API: api, RetStyle: o.RetStyle}, nil
}

// QueryLogin is the "arg_pass" authentication: login and password in the query of every
// request.
type QueryLogin struct{ Login, Password string }

// Apply adds login and password to the request's query.
func (q QueryLogin) Apply(_ context.Context, req *http.Request) error {
	v := req.URL.Query()
	v.Set("login", q.Login)
	v.Set("password", q.Password)
	req.URL.RawQuery = v.Encode()
	return nil
}

// Formats of answers.
const (
	JSON = "json"
	XML  = "xml"
)

// do sends GET api/endpoint asking for format ("" asks for none) with query.
func (c *Client) do(ctx context.Context, endpoint, format string, query url.Values) (*rest.Response, error) {
	req := &rest.Request{Path: "api/" + endpoint, Query: url.Values{}, Header: http.Header{}}
	for k, v := range query {
		req.Query[k] = v
	}
	if format != "" {
		switch c.RetStyle {
		case "header":
			req.Header.Set("Accept", "application/"+format)
		case "ext":
			req.Path += "." + format
		default:
			req.Query.Set("format", format)
		}
	} else {
		req.Header.Set("Accept", "*/*")
	}
	resp, err := c.API.Do(ctx, req)
	if err != nil {
		return nil, withMessage(err)
	}
	return resp, nil
}

// get calls an endpoint and returns the content of the answer's root element (root: the
// expected root of a JSON answer; XML roots are dropped whatever their name).
func (c *Client) get(ctx context.Context, endpoint, format, root string, query url.Values) (any, error) {
	resp, err := c.do(ctx, endpoint, format, query)
	if err != nil {
		return nil, err
	}
	return content(resp, root)
}

// content decodes an answer by its content type (XML or JSON) and returns its root's content.
func content(resp *rest.Response, root string) (any, error) {
	if isXML(resp) {
		_, v, err := DecodeXML(bytes.NewReader(resp.Body))
		return v, err
	}
	v, err := resp.Data()
	if err != nil || root == "" {
		return v, err
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("the answer is not an object with %q", root)
	}
	inner, ok := m[root]
	if !ok {
		return nil, fmt.Errorf("the answer has no %q", root)
	}
	return inner, nil
}

func isXML(resp *rest.Response) bool {
	ct := strings.ToLower(resp.Header.Get("Content-Type"))
	if strings.Contains(ct, "xml") {
		return true
	}
	if strings.Contains(ct, "json") {
		return false
	}
	return bytes.HasPrefix(bytes.TrimSpace(resp.Body), []byte("<"))
}

// withMessage completes an HTTP error with Orchestrator's own error fields: the
// work_order's statusDetails and the missing_parameters.
func withMessage(err error) error {
	var he *rest.Error
	if !errors.As(err, &he) || he.Message != "" || len(he.Body) == 0 {
		return err
	}
	var v map[string]any
	if json.Unmarshal(he.Body, &v) != nil {
		root, x, xerr := DecodeXML(bytes.NewReader(he.Body))
		if xerr != nil {
			return err
		}
		if v = object(x); root == "work_order" {
			v = Object{"work_order": v}
		}
	}
	var parts []string
	if wo, ok := v["work_order"].(map[string]any); ok {
		if s, ok := wo["statusDetails"].(string); ok && s != "" {
			parts = append(parts, s)
		}
	}
	for _, p := range List(v["missing_parameters"]) {
		if s, ok := p.(string); ok {
			parts = append(parts, "missing parameter: "+s)
		}
	}
	if len(parts) > 0 {
		he.Message = strings.Join(parts, "; ")
	}
	return err
}

// object returns v as an object (nil when it is not one).
func object(v any) Object {
	m, _ := v.(map[string]any)
	return m
}

// path returns the value at the keys of v (nil when absent).
func path(v any, keys ...string) any {
	for _, k := range keys {
		v = object(v)[k]
	}
	return v
}
