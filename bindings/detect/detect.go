// Package detect is the binding of aspera.detect: which Aspera product answers at a URL
// (products/detect), for `config detect` and the configuration wizard.
package detect

import (
	_ "embed"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/bindings/kit"
	"github.com/asperalm/aslmcli/products/detect"
	"github.com/asperalm/aslmcli/runtime"
)

//go:embed aspera.detect.d.lua
var meta string

// Module is `aspera.detect`.
var Module = kit.Module{Name: "aspera.detect", Doc: "Which Aspera product answers at a URL, and its version", Meta: meta,
	Funcs: map[string]lua.LGFunction{
		"probe": func(L *lua.LState) int {
			r, err := detect.Probe(kit.Ctx(L), L.CheckString(1), detect.Options{Client: kit.HTTPSettings(L).HTTPClient()})
			if err != nil {
				errs.Raise(L, err)
			}
			return errs.Push(L, map[string]any{"product": r.Product, "version": r.Version, "url": r.URL}, nil)
		},
		"products": func(L *lua.LState) int {
			return errs.Push(L, detect.Products(), nil)
		},
	}}

var errs = kit.Errors{Kinds: map[error]string{detect.ErrBadURL: runtime.KindUsage}}
