package bindings

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/products/rest"
	"github.com/asperalm/aslmcli/runtime"
)

//go:embed meta/aspera.rest.d.lua
var restMeta string

// RestModule is `aspera.rest`: any REST call to any URL with any authentication.
var RestModule = runtime.Module{Name: "aspera.rest", Doc: "REST calls to any API with any authentication (basic, bearer, node bearer, OAuth)", Open: openRest, Meta: restMeta}

const restTypeName = "aspera.rest.client"

func openRest(L *lua.LState) int {
	L.Push(L.SetFuncs(L.NewTable(), map[string]lua.LGFunction{"new": restNew}))
	return 1
}

var restNewKeys = []string{"url", "auth", "preset", "headers"}

func restNew(L *lua.LState) int {
	o := optionsArg(L, 1, "rest.new", restNewKeys...)
	c, err := newRestClient(L, o)
	if err != nil {
		raiseHTTP(L, runtime.KindUsage, err)
	}
	L.Push(newRestValue(L, c))
	return 1
}

// newRestClient builds a client from {url, auth, preset, headers}: the preset's values come
// first and the table's fields override them.
func newRestClient(L *lua.LState, o options) (*rest.Client, error) {
	base := o.str("url")
	authTable, err := o.table("auth")
	if err != nil {
		return nil, fmt.Errorf("rest.new: %w", err)
	}
	if name := o.str("preset"); name != "" {
		p, err := presetValues(L, name)
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
	h := httpOf(L)
	s, err := h.settings()
	if err != nil {
		return nil, err
	}
	auth, err := buildAuth(L, h, s, base, authTable)
	if err != nil {
		return nil, err
	}
	c, err := rest.New(base, auth, s)
	if err != nil {
		return nil, fmt.Errorf("rest.new: %w", err)
	}
	headers, err := o.table("headers")
	if err != nil {
		return nil, fmt.Errorf("rest.new: %w", err)
	}
	if len(headers) > 0 {
		c.Header = http.Header{}
		for k, v := range headers {
			c.Header.Set(k, fmt.Sprint(v))
		}
	}
	return c, nil
}

func newRestValue(L *lua.LState, c *rest.Client) *lua.LUserData {
	return newHandle(L, restTypeName, restMethods, func(L *lua.LState) string {
		return "aspera.rest(" + rest.CleanURL(checkRest(L).BaseURL) + ")"
	}, c)
}

func checkRest(L *lua.LState) *rest.Client {
	return handleArg[*rest.Client](L, "rest client")
}

var restMethods = map[string]lua.LGFunction{
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
				req.JSON = valueArg(L, 3)
			}
		} else {
			q, err := queryOf(valueArg(L, 3))
			if err != nil {
				L.ArgError(3, err.Error())
			}
			req.Query = q
		}
		return pushResponse(L, c, req)
	}
}

var callKeys = []string{"method", "path", "query", "json", "body", "content_type", "form", "headers", "retry", "auth"}

// restCall is api:call{method=, path=, query=, json=|body=|form=, headers=, retry=, auth=false}.
func restCall(L *lua.LState) int {
	c := checkRest(L)
	o := optionsArg(L, 2, "call", callKeys...)
	req, err := requestOf(o)
	if err != nil {
		runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "call: %s", err))
	}
	return pushResponse(L, c, req)
}

func requestOf(o options) (*rest.Request, error) {
	req := &rest.Request{Method: strings.ToUpper(o.str("method")), Path: o.str("path")}
	q, err := queryOf(o["query"])
	if err != nil {
		return nil, err
	}
	req.Query = q
	if v, ok := o["json"]; ok {
		req.JSON = v
	}
	if b, ok := o["body"].(string); ok {
		req.Body, req.ContentType = strings.NewReader(b), o.str("content_type")
	}
	if f, ok := o["form"]; ok {
		if req.Form, err = queryOf(f); err != nil {
			return nil, err
		}
	}
	headers, err := o.table("headers")
	if err != nil {
		return nil, err
	}
	if len(headers) > 0 {
		req.Header = http.Header{}
		for k, v := range headers {
			req.Header.Set(k, fmt.Sprint(v))
		}
	}
	if _, ok := o["retry"]; ok {
		r, err := o.boolean("retry", false)
		if err != nil {
			return nil, err
		}
		req.Retry = &r
	}
	if a, err := o.boolean("auth", true); err != nil {
		return nil, err
	} else {
		req.NoAuth = !a
	}
	return req, nil
}

func pushResponse(L *lua.LState, c *rest.Client, req *rest.Request) int {
	resp, err := c.Do(runtime.Context(L), req)
	if err != nil {
		raiseHTTP(L, KindHTTP, err)
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

// queryOf converts a Lua query table: scalars as text, lists as repeated keys, tables as JSON.
func queryOf(v any) (url.Values, error) {
	switch t := v.(type) {
	case nil:
		return nil, nil
	case []any:
		if len(t) == 0 {
			return nil, nil
		}
		return nil, fmt.Errorf("query: table of names to values expected")
	case map[string]any:
		q := url.Values{}
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			switch x := t[k].(type) {
			case []any:
				for _, item := range x {
					q.Add(k, scalarText(item))
				}
			default:
				q.Set(k, scalarText(x))
			}
		}
		return q, nil
	case string:
		return url.ParseQuery(strings.TrimPrefix(t, "?"))
	}
	return nil, fmt.Errorf("query: table expected")
}

func scalarText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case map[string]any, []any:
		b, _ := json.Marshal(x)
		return string(b)
	default:
		return fmt.Sprint(x)
	}
}

var eachKeys = []string{"paging", "items", "max", "pmax", "per_page", "query", "method", "json",
	"token_header", "token_param", "page_param", "per_page_param", "total_header",
	"offset_param", "limit_param", "total_key", "in_body"}

// restEach is api:each(path, {paging=..., max=...}): a for-in iterator over the items of a
// paginated listing, fetching pages only as the loop needs them.
func restEach(L *lua.LState) int {
	c := checkRest(L)
	path := L.CheckString(2)
	o := optionsArg(L, 3, "each", eachKeys...)
	p, req, err := pagingOf(path, o)
	if err != nil {
		runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "each: %s", err))
	}
	it := c.Each(runtime.Context(L), req, p)
	L.Push(L.NewFunction(func(L *lua.LState) int {
		item, ok := it.Next()
		if !ok {
			if err := it.Err(); err != nil {
				raiseHTTP(L, KindHTTP, err)
			}
			L.Push(lua.LNil)
			return 1
		}
		L.Push(runtime.ToLua(L, item))
		return 1
	}))
	return 1
}

func pagingOf(path string, o options) (rest.Paging, *rest.Request, error) {
	p := rest.Paging{
		Style: o.str("paging"), ItemsKey: o.str("items"),
		TokenHeader: o.str("token_header"), TokenParam: o.str("token_param"),
		PageParam: o.str("page_param"), PerPageParam: o.str("per_page_param"), TotalHeader: o.str("total_header"),
		OffsetParam: o.str("offset_param"), LimitParam: o.str("limit_param"), TotalKey: o.str("total_key"),
	}
	switch p.Style {
	case "", "none", "link", "token", "page", "offset":
	default:
		return p, nil, fmt.Errorf("paging: unknown style %q (use link, token, page, offset or none)", p.Style)
	}
	var err error
	for key, dst := range map[string]*int{"max": &p.Max, "pmax": &p.PMax, "per_page": &p.PerPage} {
		if *dst, err = o.integer(key); err != nil {
			return p, nil, err
		}
	}
	if p.InBody, err = o.boolean("in_body", false); err != nil {
		return p, nil, err
	}
	req := &rest.Request{Method: strings.ToUpper(o.str("method")), Path: path}
	if req.Query, err = queryOf(o["query"]); err != nil {
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
	o := optionsArg(L, 4, "download", "query")
	q, err := queryOf(o["query"])
	if err != nil {
		L.ArgError(4, err.Error())
	}
	n, err := c.Download(runtime.Context(L), &rest.Request{Path: path, Query: q}, dest, nil)
	if err != nil {
		raiseHTTP(L, KindHTTP, err)
	}
	L.Push(lua.LNumber(n))
	return 1
}
