package bindings

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/products/oauth"
	"github.com/asperalm/aslmcli/products/rest"
	"github.com/asperalm/aslmcli/runtime"
)

// HTTPContext is the HTTP configuration of a run, shared by aspera.rest and the product
// modules: transport settings built from the global options, the OAuth token cache, and how
// to show an authorization URL to the user.
type HTTPContext struct {
	// Settings returns the run's HTTP settings, built once from the options.
	Settings func() (*rest.Settings, error)
	// Tokens returns the OAuth token cache (HOME/persist_store); nil keeps tokens in memory.
	Tokens func() *oauth.Cache
	// CacheTokens tells whether OAuth clients use the cache (--cache-tokens); nil means yes.
	CacheTokens func() bool
	// OpenURL shows a URL to the user: a browser in graphical mode, else printed.
	OpenURL func(ctx context.Context, url string) error
}

type httpKey struct{}

// SetHTTP installs the HTTP context of the states of e.
func SetHTTP(e *runtime.Engine, h *HTTPContext) { e.SetService(httpKey{}, h) }

func httpOf(L *lua.LState) *HTTPContext {
	if h, ok := runtime.Service(L, httpKey{}).(*HTTPContext); ok && h != nil {
		return h
	}
	return &HTTPContext{}
}

func (h *HTTPContext) settings() (*rest.Settings, error) {
	if h.Settings == nil {
		return &rest.Settings{}, nil
	}
	return h.Settings()
}

// tokens returns the cache OAuth clients use, nil when caching is off.
func (h *HTTPContext) tokens() *oauth.Cache {
	if h.Tokens == nil || (h.CacheTokens != nil && !h.CacheTokens()) {
		return nil
	}
	return h.Tokens()
}

// KindHTTP and KindAuth are the error kinds of HTTP exchanges and of authentication setup.
const (
	KindHTTP = runtime.KindHTTP
	KindAuth = runtime.KindAuth
)

// HTTPError converts an error of products/rest or products/oauth into the structured error:
// kind "http" with the status for an HTTP exchange, "interrupted" for a cancellation, else
// the given kind.
func HTTPError(kind string, err error) *runtime.Error {
	if err == nil {
		return nil
	}
	var re *runtime.Error
	if errors.As(err, &re) {
		return re
	}
	if errors.Is(err, context.Canceled) {
		return runtime.Wrap(runtime.KindInterrupted, err)
	}
	var he *rest.Error
	if errors.As(err, &he) {
		e := &runtime.Error{Kind: KindHTTP, Status: he.Status, Message: he.Error(), Err: err}
		if len(he.Body) > 0 {
			if d, derr := (&rest.Response{Body: he.Body}).Data(); derr == nil && d != nil {
				e.Details = d
			}
		}
		return e
	}
	return &runtime.Error{Kind: kind, Message: err.Error(), Err: err}
}

// raiseHTTP raises err (see HTTPError); it does not return.
func raiseHTTP(L *lua.LState, kind string, err error) {
	runtime.Raise(L, HTTPError(kind, err))
}

// options is a Lua option table converted to Go, with strict key checking.
type options map[string]any

func optionsArg(L *lua.LState, n int, fn string, known ...string) options {
	v := L.Get(n)
	if v == lua.LNil {
		return options{}
	}
	if _, ok := v.(*lua.LTable); !ok {
		L.ArgError(n, "option table expected")
	}
	g, err := runtime.FromLua(L, v)
	if err != nil {
		L.ArgError(n, err.Error())
	}
	m, ok := g.(map[string]any)
	if !ok {
		if l, isList := g.([]any); isList && len(l) == 0 {
			return options{}
		}
		L.ArgError(n, "option table expected")
	}
	if err := checkKeys(fn, m, known); err != nil {
		runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "%s", err.Error()))
	}
	return options(m)
}

func checkKeys(fn string, m map[string]any, known []string) error {
	var bad []string
	for k := range m {
		if !contains(known, k) {
			bad = append(bad, k)
		}
	}
	if len(bad) == 0 {
		return nil
	}
	sort.Strings(bad)
	k := append([]string(nil), known...)
	sort.Strings(k)
	return fmt.Errorf("%s: unknown option %s (known: %s)", fn, strings.Join(bad, ", "), strings.Join(k, ", "))
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// str returns a string option ("" when absent); numbers are accepted as text.
func (o options) str(key string) string {
	switch v := o[key].(type) {
	case string:
		return v
	case nil:
		return ""
	default:
		return fmt.Sprint(v)
	}
}

func (o options) integer(key string) (int, error) {
	switch v := o[key].(type) {
	case nil:
		return 0, nil
	case int64:
		return int(v), nil
	case float64:
		if v == float64(int(v)) {
			return int(v), nil
		}
	}
	return 0, fmt.Errorf("%s: integer expected, got %v", key, o[key])
}

func (o options) boolean(key string, def bool) (bool, error) {
	switch v := o[key].(type) {
	case nil:
		return def, nil
	case bool:
		return v, nil
	case string:
		switch strings.ToLower(v) {
		case "yes", "true":
			return true, nil
		case "no", "false":
			return false, nil
		}
	}
	return false, fmt.Errorf("%s: boolean expected, got %v", key, o[key])
}

func (o options) table(key string) (map[string]any, error) {
	switch v := o[key].(type) {
	case nil:
		return nil, nil
	case map[string]any:
		return v, nil
	case []any:
		if len(v) == 0 {
			return map[string]any{}, nil
		}
	}
	return nil, fmt.Errorf("%s: table expected", key)
}
