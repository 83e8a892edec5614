// Package faspex5 is the binding of aspera.faspex5, IBM Aspera Faspex 5 (products/faspex5): the
// client (packages, shared folders, the user's profile, admin resources), public links,
// health, the wizard's setup, the postprocessing listener, and the local simulator
// (products/faspex5/faspex5sim).
package faspex5

import (
	_ "embed"
	"errors"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/bindings/kit"
	f5 "github.com/asperalm/aslmcli/products/faspex5"
	"github.com/asperalm/aslmcli/runtime"
)

//go:embed aspera.faspex5.d.lua
var meta string

// Module is `aspera.faspex5`.
var Module = kit.Module{Name: "aspera.faspex5", Doc: "IBM Aspera Faspex 5: packages, shared inboxes, shared folders, admin resources, public links, a local simulator",
	Meta: meta, Funcs: funcs, Types: map[string]*kit.Handle{"client": Handle, "simulator": simHandle, "listener": listenerHandle, "gateway": gatewayHandle}}

var funcs = map[string]lua.LGFunction{
	"new":            constructor.New,
	"from_preset":    constructor.FromPreset,
	"health":         health,
	"wizard":         wizard,
	"postprocessing": postprocessing,
	"simulator":      startSimulator,
}

// Handle is the type of a Faspex 5 client.
var Handle = &kit.Handle{Name: "aspera.faspex5.client", Methods: methods,
	String: func(v any) string {
		c := v.(*f5.Client)
		if c.Link != nil {
			return "aspera.faspex5(" + c.Base + ", public link)"
		}
		return "aspera.faspex5(" + c.Base + ")"
	}}

// Keys are the faspex5 plugin's option names that make a client.
var Keys = []string{"url", "auth", "username", "password", "client_id", "client_secret", "redirect_uri",
	"private_key", "passphrase", "link", "scope"}

var constructor = &kit.Client[*f5.Client]{Module: "faspex5", Handle: Handle, Keys: Keys, Build: build}

func build(L *lua.LState, o kit.Options) (*f5.Client, error) {
	c, err := f5.NewFromOptions(kit.Ctx(L), f5.Options{URL: o.Str("url"), Auth: o.Str("auth"), Username: o.Str("username"),
		Password: o.Str("password"), ClientID: o.Str("client_id"), ClientSecret: o.Str("client_secret"),
		RedirectURI: o.Str("redirect_uri"), PrivateKey: o.Str("private_key"), Passphrase: o.Str("passphrase"),
		Link: o.Str("link"), Scope: o.Str("scope")}, kit.AuthEnv(L))
	if err != nil {
		return nil, errs.Of(err) // a server that does not answer is not a usage error
	}
	return c, nil
}

func check(L *lua.LState) *f5.Client { return kit.Arg[*f5.Client](L, 1, "faspex5 client") }

// errs converts the client's errors: a wrong option, or a name that matches nothing (a
// shared inbox, a contact, %name:VALUE), is a usage error: the user's input, nothing changed.
var errs = kit.Errors{Kinds: map[error]string{f5.ErrSetup: runtime.KindUsage, f5.ErrNotFound: runtime.KindUsage}}

// errProtected is the error of a protected package received without a password.
var errProtected = errors.New("this package is protected (content protection): give its password (--content-protection-password)")
