// Package faspex is the binding of aspera.faspex, IBM Aspera Faspex 4 (products/faspex): the
// client (packages of the inbox, sent and archive feeds, send, receive, the user, dropboxes,
// remote sources), public links, faspe: URIs, and the local test server
// (products/faspex/faspexsim).
package faspex

import (
	_ "embed"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/bindings/kit"
	f4 "github.com/asperalm/aslmcli/products/faspex"
	"github.com/asperalm/aslmcli/runtime"
)

//go:embed aspera.faspex.d.lua
var meta string

// Module is `aspera.faspex`.
var Module = kit.Module{Name: "aspera.faspex", Doc: "IBM Aspera Faspex 4: packages (inbox, sent, archive), send, receive, public links, faspe: URIs, a local test server",
	Meta: meta, Funcs: funcs, Types: map[string]*kit.Handle{"client": Handle, "simulator": simHandle}}

var funcs = map[string]lua.LGFunction{
	"new":          constructor.New,
	"from_preset":  constructor.FromPreset,
	"parse_faspe":  parseFaspe,
	"link_spec":    linkSpec,
	"receive_link": receiveLink,
	"simulator":    startSimulator,
}

// Handle is the type of a Faspex 4 client.
var Handle = &kit.Handle{Name: "aspera.faspex.client", Methods: methods,
	String: func(v any) string { return "aspera.faspex(" + v.(*f4.Client).Base + ")" }}

// Keys are the faspex plugin's option names that make a client.
var Keys = []string{"url", "username", "password", "recipient"}

var constructor = &kit.Client[*f4.Client]{Module: "faspex", Handle: Handle, Keys: Keys, Build: build}

func build(L *lua.LState, o kit.Options) (*f4.Client, error) {
	c, err := f4.NewFromOptions(f4.Options{URL: o.Str("url"), Username: o.Str("username"), Password: o.Str("password"),
		Recipient: o.Str("recipient")}, kit.HTTPSettings(L))
	if err != nil {
		return nil, errs.Of(err)
	}
	return c, nil
}

func check(L *lua.LState) *f4.Client { return kit.Arg[*f4.Client](L, 1, "faspex client") }

// errs converts the client's errors: a wrong option, or a name or id that matches nothing,
// is a usage error (nothing changed).
var errs = kit.Errors{Kinds: map[error]string{f4.ErrSetup: runtime.KindUsage, f4.ErrNotFound: runtime.KindUsage}}
