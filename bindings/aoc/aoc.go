// Package aoc is the binding of aspera.aoc, IBM Aspera on Cloud (products/aoc): the client
// (user, workspaces, files through the nodes with bearer tokens, packages, administration,
// analytics, the Faspex 4 gateway), the wizard, and the simulator (products/aoc/aocsim).
// A workspace's files are a node client of aspera.node (bindings/node's Handle).
package aoc

import (
	_ "embed"
	"errors"
	"net/http"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/bindings/kit"
	aocapi "github.com/asperalm/aslmcli/products/aoc"
	"github.com/asperalm/aslmcli/runtime"
)

//go:embed aspera.aoc.d.lua
var meta string

// Module is `aspera.aoc`.
var Module = kit.Module{Name: "aspera.aoc", Doc: "IBM Aspera on Cloud: workspaces, files through the nodes, packages, administration, a local simulator",
	Meta: meta, Funcs: funcs, Types: map[string]*kit.Handle{"client": Handle, "simulator": simHandle, "gateway": gatewayHandle}}

var funcs = map[string]lua.LGFunction{
	"new":         constructor.New,
	"from_preset": constructor.FromPreset,
	"wizard":      wizard,
	"resources":   resources,
	"simulator":   startSimulator,
}

// client is the value of a client handle: the Go client and its list of packages received
// (--once-only), opened on first use.
type client struct {
	*aocapi.Client
	received *aocapi.Received
}

// Handle is the type of an AoC client.
var Handle = &kit.Handle{Name: "aspera.aoc.client", Methods: methods,
	String: func(v any) string {
		c := v.(*client)
		return "aspera.aoc(" + c.Site.URL + ", " + c.Scope() + ")"
	}}

// Keys are the aoc plugin's options: one preset serves the command line and Lua.
var Keys = []string{"url", "api_url", "auth", "client_id", "client_secret", "scope", "private_key", "passphrase",
	"username", "password", "redirect_uri", "workspace", "secret"}

var constructor = &kit.Client[*client]{Module: "aoc", Handle: Handle, Keys: Keys, Build: build}

func build(L *lua.LState, o kit.Options) (*client, error) {
	c, err := aocapi.New(kit.Ctx(L), options(o), kit.AuthEnv(L))
	if err != nil {
		return nil, err
	}
	return &client{Client: c}, nil
}

// options converts the options table (the plugin's option names).
func options(o kit.Options) aocapi.Options {
	return aocapi.Options{URL: o.Str("url"), APIURL: o.Str("api_url"), Auth: o.Str("auth"), ClientID: o.Str("client_id"),
		ClientSecret: o.Str("client_secret"), Scope: o.Str("scope"), PrivateKey: o.Str("private_key"), Passphrase: o.Str("passphrase"),
		Username: o.Str("username"), Password: o.Str("password"), RedirectURI: o.Str("redirect_uri"), Workspace: o.Str("workspace"),
		Secret: o.Str("secret")}
}

func check(L *lua.LState) *client { return kit.Arg[*client](L, 1, "aoc client") }

// errs converts the AoC client's errors: bad options are usage errors; a name or path that
// matches nothing is "http" with status 404, as the API answers for an id that does not exist
// (scripts test one condition: err.status == 404); other HTTP failures are "http" with the
// server's answer.
var errs = kit.Errors{Kinds: map[error]string{aocapi.ErrOptions: runtime.KindUsage},
	Convert: func(err error) *runtime.Error {
		if errors.Is(err, aocapi.ErrNotFound) {
			return &runtime.Error{Kind: runtime.KindHTTP, Status: http.StatusNotFound, Message: err.Error(), Err: err}
		}
		return nil
	}}
