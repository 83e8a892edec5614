// Package rest is the binding of aspera.rest: any REST call to any URL with any
// authentication (none, basic, bearer, node bearer, every OAuth grant of products/oauth),
// lazy paginated listings and downloads.
package rest

import (
	_ "embed"
	"fmt"
	"net/http"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/bindings/kit"
	"github.com/asperalm/aslmcli/products/rest"
	"github.com/asperalm/aslmcli/runtime"
)

//go:embed aspera.rest.d.lua
var meta string

// Module is `aspera.rest`: any REST call to any URL with any authentication.
var Module = kit.Module{Name: "aspera.rest", Doc: "REST calls to any API with any authentication (basic, bearer, node bearer, OAuth)",
	Meta: meta, Funcs: map[string]lua.LGFunction{"new": restNew}, Types: map[string]*kit.Handle{"client": Handle}}

// Handle is the type of a REST client.
var Handle = &kit.Handle{Name: "aspera.rest.client", Methods: methods,
	String: func(v any) string { return "aspera.rest(" + rest.CleanURL(v.(*rest.Client).BaseURL) + ")" }}

// errs converts the errors of REST calls: kind http (with the status) for an exchange.
var errs = kit.HTTP(runtime.KindHTTP)

var restNewKeys = []string{"url", "auth", "preset", "headers"}

func restNew(L *lua.LState) int {
	o := kit.OptionsArg(L, 1, "rest.new", restNewKeys...)
	c, err := newRestClient(L, o)
	if err != nil {
		kit.HTTP(runtime.KindUsage).Raise(L, err)
	}
	Handle.Push(L, c)
	return 1
}

// newRestClient builds a client from {url, auth, preset, headers}: the preset's values come
// first and the table's fields override them.
func newRestClient(L *lua.LState, o kit.Options) (*rest.Client, error) {
	base := o.Str("url")
	authTable, err := o.Table("auth")
	if err != nil {
		return nil, fmt.Errorf("rest.new: %w", err)
	}
	if name := o.Str("preset"); name != "" {
		p, err := kit.PresetValues(L, name)
		if err != nil {
			return nil, err
		}
		if base == "" {
			base, _ = p["url"].(string)
		}
		authTable = mergeAuth(authFromPreset(p), authTable)
	}
	if base == "" {
		return nil, fmt.Errorf("rest.new: url is required (or a preset with url)")
	}
	auth, err := buildAuth(L, base, authTable)
	if err != nil {
		return nil, err
	}
	c, err := rest.New(base, auth, kit.HTTPSettings(L))
	if err != nil {
		return nil, fmt.Errorf("rest.new: %w", err)
	}
	headers, err := o.Table("headers")
	if err != nil {
		return nil, fmt.Errorf("rest.new: %w", err)
	}
	c.Header = kit.Header(headers)
	return c, nil
}

func checkRest(L *lua.LState) *rest.Client { return kit.Arg[*rest.Client](L, 1, "rest client") }

var methods = map[string]lua.LGFunction{
	"get":      restVerb(http.MethodGet, false),
	"delete":   restVerb(http.MethodDelete, false),
	"post":     restVerb(http.MethodPost, true),
	"put":      restVerb(http.MethodPut, true),
	"patch":    restVerb(http.MethodPatch, true),
	"call":     restCall,
	"each":     restEach,
	"download": restDownload,
	"url": func(L *lua.LState) int {
		L.Push(lua.LString(rest.CleanURL(checkRest(L).BaseURL)))
		return 1
	},
}

// restVerb returns api:get(path, query) / api:post(path, body): the decoded JSON answer and a
// table {status, headers}.
func restVerb(method string, withBody bool) lua.LGFunction {
	return func(L *lua.LState) int {
		c := checkRest(L)
		req := &rest.Request{Method: method, Path: L.OptString(2, "")}
		if withBody {
			if L.Get(3) != lua.LNil {
				req.JSON = kit.ValueArg(L, 3)
			}
		} else {
			req.Query = kit.QueryArg(L, 3)
		}
		return pushResponse(L, c, req)
	}
}

var callKeys = []string{"method", "path", "query", "json", "body", "content_type", "form", "headers", "retry", "auth"}

// restCall is api:call{method=, path=, query=, json=|body=|form=, headers=, retry=, auth=false}.
func restCall(L *lua.LState) int {
	c := checkRest(L)
	o := kit.OptionsArg(L, 2, "call", callKeys...)
	req, err := requestOf(o)
	if err != nil {
		runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "call: %s", err))
	}
	return pushResponse(L, c, req)
}

func requestOf(o kit.Options) (*rest.Request, error) {
	req := &rest.Request{Method: strings.ToUpper(o.Str("method")), Path: o.Str("path")}
	q, err := kit.Query(o["query"])
	if err != nil {
		return nil, err
	}
	req.Query = q
	if v, ok := o["json"]; ok {
		req.JSON = v
	}
	if b, ok := o["body"].(string); ok {
		req.Body, req.ContentType = strings.NewReader(b), o.Str("content_type")
	}
	if f, ok := o["form"]; ok {
		if req.Form, err = kit.Query(f); err != nil {
			return nil, err
		}
	}
	headers, err := o.Table("headers")
	if err != nil {
		return nil, err
	}
	req.Header = kit.Header(headers)
	if _, ok := o["retry"]; ok {
		r, err := o.Bool("retry", false)
		if err != nil {
			return nil, err
		}
		req.Retry = &r
	}
	if a, err := o.Bool("auth", true); err != nil {
		return nil, err
	} else {
		req.NoAuth = !a
	}
	return req, nil
}

func pushResponse(L *lua.LState, c *rest.Client, req *rest.Request) int {
	resp, err := c.Do(runtime.Context(L), req)
	if err != nil {
		errs.Raise(L, err)
	}
	data, err := resp.Data()
	if err != nil {
		L.Push(lua.LString(resp.Body))
	} else {
		L.Push(runtime.ToLua(L, data))
	}
	L.Push(responseInfo(L, resp))
	return 2
}

func responseInfo(L *lua.LState, resp *rest.Response) *lua.LTable {
	t := L.NewTable()
	t.RawSetString("status", lua.LNumber(resp.Status))
	h := L.NewTable()
	for k, v := range resp.Header {
		h.RawSetString(strings.ToLower(k), lua.LString(strings.Join(v, ", ")))
	}
	t.RawSetString("headers", h)
	return t
}

var eachKeys = []string{"paging", "items", "max", "pmax", "per_page", "query", "method", "json",
	"token_header", "token_param", "page_param", "per_page_param", "total_header",
	"offset_param", "limit_param", "total_key", "in_body"}

// restEach is api:each(path, {paging=..., max=...}): a for-in iterator over the items of a
// paginated listing, fetching pages only as the loop needs them.
func restEach(L *lua.LState) int {
	c := checkRest(L)
	path := L.CheckString(2)
	o := kit.OptionsArg(L, 3, "each", eachKeys...)
	p, req, err := pagingOf(path, o)
	if err != nil {
		runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "each: %s", err))
	}
	it := c.Each(runtime.Context(L), req, p)
	L.Push(L.NewFunction(func(L *lua.LState) int {
		item, ok := it.Next()
		if !ok {
			if err := it.Err(); err != nil {
				errs.Raise(L, err)
			}
			L.Push(lua.LNil)
			return 1
		}
		L.Push(runtime.ToLua(L, item))
		return 1
	}))
	return 1
}

func pagingOf(path string, o kit.Options) (rest.Paging, *rest.Request, error) {
	p := rest.Paging{
		Style: o.Str("paging"), ItemsKey: o.Str("items"),
		TokenHeader: o.Str("token_header"), TokenParam: o.Str("token_param"),
		PageParam: o.Str("page_param"), PerPageParam: o.Str("per_page_param"), TotalHeader: o.Str("total_header"),
		OffsetParam: o.Str("offset_param"), LimitParam: o.Str("limit_param"), TotalKey: o.Str("total_key"),
	}
	switch p.Style {
	case "", "none", "link", "token", "page", "offset":
	default:
		return p, nil, fmt.Errorf("paging: unknown style %q (use link, token, page, offset or none)", p.Style)
	}
	var err error
	for key, dst := range map[string]*int{"max": &p.Max, "pmax": &p.PMax, "per_page": &p.PerPage} {
		if *dst, err = o.Int(key); err != nil {
			return p, nil, err
		}
	}
	if p.InBody, err = o.Bool("in_body", false); err != nil {
		return p, nil, err
	}
	req := &rest.Request{Method: strings.ToUpper(o.Str("method")), Path: path}
	if req.Query, err = kit.Query(o["query"]); err != nil {
		return p, nil, err
	}
	if v, ok := o["json"]; ok {
		req.JSON = v
	}
	return p, req, nil
}

// restDownload is api:download(path, dest, {query=}): streams the answer to dest (through a
// ".partial" file, resumed when present) and returns the number of bytes written.
func restDownload(L *lua.LState) int {
	c := checkRest(L)
	path := L.CheckString(2)
	dest := L.CheckString(3)
	o := kit.OptionsArg(L, 4, "download", "query")
	q, err := kit.Query(o["query"])
	if err != nil {
		L.ArgError(4, err.Error())
	}
	n, err := c.Download(runtime.Context(L), &rest.Request{Path: path, Query: q}, dest, nil)
	if err != nil {
		errs.Raise(L, err)
	}
	L.Push(lua.LNumber(n))
	return 1
}
