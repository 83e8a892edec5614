package bindings

import (
	"context"
	"crypto/rsa"
	_ "embed"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/products/node"
	"github.com/asperalm/aslmcli/products/oauth"
	"github.com/asperalm/aslmcli/products/rest"
	"github.com/asperalm/aslmcli/runtime"
)

//go:embed meta/aspera.node.d.lua
var nodeMeta string

// NodeModule is `aspera.node`: the Node API of HSTS and ATS.
var NodeModule = runtime.Module{Name: "aspera.node", Doc: "the Node API of HSTS/ATS: files by path and by id, access keys, transfers, bearer tokens, a local simulator", Open: openNode, Meta: nodeMeta}

const nodeTypeName = "aspera.node.client"

func openNode(L *lua.LState) int {
	L.Push(L.SetFuncs(L.NewTable(), nodeFuncs))
	return 1
}

var nodeFuncs = map[string]lua.LGFunction{
	"new":          nodeNew,
	"from_preset":  nodeFromPreset,
	"bearer_token": nodeBearerToken,
	"basic_token":  nodeBasicToken,
	"simulator":    nodeSimulator,
}

var nodeNewKeys = []string{"url", "username", "password", "access_key", "token", "preset"}

func nodeNew(L *lua.LState) int {
	o := optionsArg(L, 1, "node.new", nodeNewKeys...)
	if name := o.str("preset"); name != "" {
		p, err := presetValues(L, name)
		if err != nil {
			raiseHTTP(L, runtime.KindConfig, err)
		}
		for _, k := range nodeNewKeys {
			if _, given := o[k]; !given && p[k] != nil {
				o[k] = p[k]
			}
		}
	}
	L.Push(newNodeValue(L, mustNodeClient(L, o)))
	return 1
}

func nodeFromPreset(L *lua.LState) int {
	L.Push(newNodeValue(L, mustNodeClient(L, presetOptions(L, L.CheckString(1)))))
	return 1
}

func presetOptions(L *lua.LState, name string) options {
	p, err := presetValues(L, name)
	if err != nil {
		raiseHTTP(L, runtime.KindConfig, err)
	}
	return options(p)
}

// mustNodeClient builds a client: Basic with username/password, or a node Bearer token when
// token is given or the password starts with "Bearer " (the access key is access_key, else
// username, else the token's scope).
func mustNodeClient(L *lua.LState, o options) *node.Client {
	base := o.str("url")
	if base == "" {
		runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "node: url is required"))
	}
	s, err := httpOf(L).settings()
	if err != nil {
		raiseHTTP(L, runtime.KindUsage, err)
	}
	var auth rest.Auth
	token, ak := o.str("token"), o.str("access_key")
	if token == "" && strings.HasPrefix(o.str("password"), "Bearer ") {
		token = o.str("password")
	}
	switch {
	case token != "":
		if ak == "" {
			ak = o.str("username")
		}
		if ak == "" {
			if payload, _, _, err := node.ParseBearerToken(token); err == nil {
				scope, _ := payload["scope"].(string)
				ak = node.AccessKeyOfScope(scope)
			}
		}
		auth = rest.NodeBearer{Token: token, AccessKey: ak}
	case o.str("username") != "":
		auth = rest.Basic{Username: o.str("username"), Password: o.str("password")}
	}
	api, err := rest.New(base, auth, s)
	if err != nil {
		runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "node: %v", err))
	}
	return node.New(api)
}

func newNodeValue(L *lua.LState, n *node.Client) *lua.LUserData {
	return newHandle(L, nodeTypeName, nodeMethods, func(L *lua.LState) string {
		return "aspera.node(" + rest.CleanURL(checkNode(L).API.BaseURL) + ")"
	}, n)
}

func checkNode(L *lua.LState) *node.Client {
	return handleArg[*node.Client](L, "node client")
}

// nodeErr converts a failure of the node client.
func nodeErr(err error) *runtime.Error {
	var pe *node.PathsError
	if errors.As(err, &pe) {
		msg, status := pe.Error(), pe.Status()
		if status != 0 {
			msg = fmt.Sprintf("%d %s: %s", status, http.StatusText(status), msg)
		}
		return &runtime.Error{Kind: runtime.KindHTTP, Status: status, Message: msg, Details: pathResultsValue(pe.Results), Err: err}
	}
	if errors.Is(err, node.ErrSetup) {
		return &runtime.Error{Kind: runtime.KindHTTP, Message: err.Error(), Err: err}
	}
	return HTTPError(runtime.KindError, err)
}

func raiseNode(L *lua.LState, err error) { runtime.Raise(L, nodeErr(err)) }

// push pushes a decoded JSON value or raises err.
func push(L *lua.LState, v any, err error) int {
	if err != nil {
		raiseNode(L, err)
	}
	L.Push(runtime.ToLua(L, v))
	return 1
}

func pathResultsValue(results []node.PathResult) []any {
	out := make([]any, 0, len(results))
	for _, r := range results {
		m := map[string]any{"path": r.Path}
		if r.Error != "" {
			m["error"] = r.Error
		}
		for _, k := range []string{"source", "destination"} {
			if v, ok := r.Data[k]; ok {
				m[k] = v
			}
		}
		out = append(out, m)
	}
	return out
}

func pushResults(L *lua.LState, results []node.PathResult, err error) int {
	if err != nil {
		raiseNode(L, err)
	}
	L.Push(runtime.ToLua(L, pathResultsValue(results)))
	return 1
}

// stringsArg reads argument n as a string or a list of strings.
func stringsArg(L *lua.LState, n int) []string {
	switch v := valueArg(L, n).(type) {
	case string:
		return []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			s, ok := x.(string)
			if !ok {
				L.ArgError(n, "list of strings expected")
			}
			out = append(out, s)
		}
		return out
	}
	L.ArgError(n, "a path or a list of paths expected")
	return nil
}

func objectArg(L *lua.LState, n int) node.Object {
	if L.Get(n) == lua.LNil {
		return nil
	}
	v := valueArg(L, n)
	if m, ok := v.(map[string]any); ok {
		return m
	}
	if l, ok := v.([]any); ok && len(l) == 0 {
		return node.Object{}
	}
	L.ArgError(n, "table of fields expected")
	return nil
}

// iteratorValue adapts a rest iterator to a runtime.Iterator (errors converted).
func iteratorValue(L *lua.LState, it *rest.Iterator) *lua.LUserData {
	return runtime.NewIterator(L, func() (any, bool, error) {
		v, ok := it.Next()
		if !ok && it.Err() != nil {
			return nil, false, nodeErr(it.Err())
		}
		return v, ok, nil
	})
}

// collect reads a whole iterator into a list.
func collect(L *lua.LState, it *rest.Iterator) int {
	out := []any{}
	for v, ok := it.Next(); ok; v, ok = it.Next() {
		out = append(out, v)
	}
	if err := it.Err(); err != nil {
		raiseNode(L, err)
	}
	L.Push(runtime.ToLua(L, out))
	return 1
}

// listOpts reads {max=, query=} of the listing methods.
func listOpts(L *lua.LState, n int, fn string) (int, node.Object) {
	o := optionsArg(L, n, fn, "max", "query")
	max, err := o.integer("max")
	if err != nil {
		L.ArgError(n, err.Error())
	}
	q, err := o.table("query")
	if err != nil {
		L.ArgError(n, err.Error())
	}
	return max, q
}

func ctxOf(L *lua.LState) context.Context { return runtime.Context(L) }

func nodeBearerToken(L *lua.LState) int {
	pemText := L.CheckString(1)
	payload := objectArg(L, 2)
	o := optionsArg(L, 3, "node.bearer_token", "access_key", "validity", "passphrase")
	key, err := oauth.ParsePrivateKey([]byte(pemText), o.str("passphrase"))
	if err != nil {
		runtime.RaiseIn(L, runtime.KindUsage, "node.bearer_token", err)
	}
	rk, ok := key.(*rsa.PrivateKey)
	if !ok {
		runtime.RaiseIn(L, runtime.KindUsage, "node.bearer_token", fmt.Errorf("an RSA private key is needed"))
	}
	validity, err := o.integer("validity")
	if err != nil {
		L.ArgError(3, err.Error())
	}
	var p node.BearerPayload
	extra := map[string]any{}
	for k, v := range payload {
		s, _ := v.(string)
		switch k {
		case "user_id":
			p.UserID = s
		case "scope":
			p.Scope = s
		case "auth_type":
			p.AuthType = s
		case "expires_at":
			p.ExpiresAt = s
		case "organization_id":
			p.OrganizationID = s
		case "group_ids":
			l, _ := v.([]any)
			for _, g := range l {
				p.GroupIDs = append(p.GroupIDs, fmt.Sprint(g))
			}
		default:
			extra[k] = v
		}
	}
	tok, err := node.NewBearerToken(rk, o.str("access_key"), p, extra, time.Duration(validity)*time.Second, time.Now())
	if err != nil {
		runtime.RaiseIn(L, runtime.KindUsage, "node.bearer_token", err)
	}
	L.Push(lua.LString("Bearer " + tok))
	return 1
}

func nodeBasicToken(L *lua.LState) int {
	u, p := L.CheckString(1), L.CheckString(2)
	L.Push(lua.LString("Basic " + base64.StdEncoding.EncodeToString([]byte(u+":"+p))))
	return 1
}
