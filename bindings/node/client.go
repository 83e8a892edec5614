// Package node is the binding of aspera.node, the Node API of HSTS and ATS (products/node):
// the client (files by path and by id, access keys, transfers, services), bearer tokens, and
// the local simulator (products/node/nodesim).
package node

import (
	"crypto/rsa"
	_ "embed"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/bindings/kit"
	nodeapi "github.com/asperalm/aslmcli/products/node"
	"github.com/asperalm/aslmcli/products/oauth"
	"github.com/asperalm/aslmcli/products/rest"
	"github.com/asperalm/aslmcli/runtime"
)

//go:embed aspera.node.d.lua
var meta string

// Module is `aspera.node`.
var Module = kit.Module{Name: "aspera.node", Doc: "the Node API of HSTS/ATS: files by path and by id, access keys, transfers, bearer tokens, a local simulator",
	Meta: meta, Funcs: funcs, Types: map[string]*kit.Handle{"client": Handle, "simulator": simHandle}}

var funcs = map[string]lua.LGFunction{
	"new":          constructor.New,
	"from_preset":  constructor.FromPreset,
	"bearer_token": bearerToken,
	"basic_token":  basicToken,
	"simulator":    startSimulator,
}

// Handle is the type of a node client; other modules push node clients with it (an AoC
// workspace's files are a node reached with a bearer token).
var Handle = &kit.Handle{Name: "aspera.node.client", Methods: methods,
	String: func(v any) string { return "aspera.node(" + rest.CleanURL(v.(*nodeapi.Client).API.BaseURL) + ")" }}

// constructor makes clients from the node plugin's options.
var constructor = &kit.Client[*nodeapi.Client]{Module: "node", Handle: Handle,
	Keys: []string{"url", "username", "password", "access_key", "token"}, Build: build}

// build makes the client with products/node's NewFromOptions (the one place that chooses
// Basic or a node bearer token).
func build(L *lua.LState, o kit.Options) (*nodeapi.Client, error) {
	return nodeapi.NewFromOptions(nodeapi.Options{URL: o.Str("url"), Username: o.Str("username"), Password: o.Str("password"),
		Token: o.Str("token"), AccessKey: o.Str("access_key")}, kit.HTTPSettings(L))
}

func check(L *lua.LState) *nodeapi.Client { return kit.Arg[*nodeapi.Client](L, 1, "node client") }

// errs converts the node client's errors: per-path failures carry their results as details,
// a refused transfer setup is an http error.
var errs = kit.Errors{Kinds: map[error]string{nodeapi.ErrSetup: runtime.KindHTTP}, Convert: func(err error) *runtime.Error {
	var pe *nodeapi.PathsError
	if errors.As(err, &pe) {
		msg, status := pe.Error(), pe.Status()
		if status != 0 {
			msg = fmt.Sprintf("%d %s: %s", status, http.StatusText(status), msg)
		}
		return &runtime.Error{Kind: runtime.KindHTTP, Status: status, Message: msg, Details: pathResults(pe.Results), Err: err}
	}
	return nil
}}

func pathResults(results []nodeapi.PathResult) []any {
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

// pushResults pushes per-path results, or raises err.
func pushResults(L *lua.LState, results []nodeapi.PathResult, err error) int {
	return errs.Push(L, pathResults(results), err)
}

func bearerToken(L *lua.LState) int {
	pemText := L.CheckString(1)
	payload := kit.ObjectArg(L, 2)
	o := kit.OptionsArg(L, 3, "node.bearer_token", "access_key", "validity", "passphrase")
	key, err := oauth.ParsePrivateKey([]byte(pemText), o.Str("passphrase"))
	if err != nil {
		runtime.RaiseIn(L, runtime.KindUsage, "node.bearer_token", err)
	}
	rk, ok := key.(*rsa.PrivateKey)
	if !ok {
		runtime.RaiseIn(L, runtime.KindUsage, "node.bearer_token", fmt.Errorf("an RSA private key is needed"))
	}
	validity, err := o.Int("validity")
	if err != nil {
		L.ArgError(3, err.Error())
	}
	p, extra := nodeapi.BearerPayloadOf(payload)
	tok, err := nodeapi.NewBearerToken(rk, o.Str("access_key"), p, extra, time.Duration(validity)*time.Second, time.Now())
	if err != nil {
		runtime.RaiseIn(L, runtime.KindUsage, "node.bearer_token", err)
	}
	L.Push(lua.LString("Bearer " + tok))
	return 1
}

func basicToken(L *lua.LState) int {
	u, p := L.CheckString(1), L.CheckString(2)
	L.Push(lua.LString("Basic " + base64.StdEncoding.EncodeToString([]byte(u+":"+p))))
	return 1
}
