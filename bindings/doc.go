// Package bindings is the only bridge between Lua and the Go packages of aslmcli: one folder
// per module, each converting arguments and results (and holding the module's LuaLS
// definition file, aspera.NAME.d.lua), on the shared kit of bindings/kit:
//
//	bindings/kit        handles, options, errors, the client constructor, transfer jobs
//	bindings/cli        aspera.cli, and the plugin loader (declaration table -> command tree)
//	bindings/config     aspera.config
//	bindings/rest       aspera.rest
//	bindings/node       aspera.node (and its simulator)
//	bindings/aoc        aspera.aoc (and its simulator)
//	bindings/server     aspera.server
//	bindings/transfer   aspera.transfer
//	bindings/httpgw     aspera.httpgw
//	bindings/console    aspera.console
//	bindings/shares     aspera.shares (its repository is an aspera.node client)
//	bindings/shares2    aspera.shares2 (end-of-life, from the old plugin's facts)
//	bindings/detect     aspera.detect (which product answers at a URL)
//	bindings/faspex5    aspera.faspex5 (and its simulator)
//	bindings/faspex     aspera.faspex (Faspex 4, and its test server)
//	bindings/orchestrator aspera.orchestrator (and its simulator)
//	bindings/ats        aspera.ats (and its simulator)
//	bindings/preview    aspera.preview
//	bindings/vault      aspera.vault (the vault of secrets: the encrypted file or the OS keychain)
//
// This package lists them (All, Modules). docs/adding-a-product.md shows how a product's
// binding is written.
package bindings

import (
	"github.com/asperalm/aslmcli/bindings/aoc"
	"github.com/asperalm/aslmcli/bindings/ats"
	"github.com/asperalm/aslmcli/bindings/cli"
	"github.com/asperalm/aslmcli/bindings/client"
	"github.com/asperalm/aslmcli/bindings/config"
	"github.com/asperalm/aslmcli/bindings/console"
	"github.com/asperalm/aslmcli/bindings/detect"
	"github.com/asperalm/aslmcli/bindings/faspex"
	"github.com/asperalm/aslmcli/bindings/faspex5"
	"github.com/asperalm/aslmcli/bindings/httpgw"
	"github.com/asperalm/aslmcli/bindings/kit"
	"github.com/asperalm/aslmcli/bindings/node"
	"github.com/asperalm/aslmcli/bindings/orchestrator"
	"github.com/asperalm/aslmcli/bindings/preview"
	"github.com/asperalm/aslmcli/bindings/rest"
	"github.com/asperalm/aslmcli/bindings/server"
	"github.com/asperalm/aslmcli/bindings/shares"
	"github.com/asperalm/aslmcli/bindings/shares2"
	"github.com/asperalm/aslmcli/bindings/transfer"
	"github.com/asperalm/aslmcli/bindings/vault"
	"github.com/asperalm/aslmcli/runtime"
)

// All returns the binding modules.
func All() []kit.Module {
	return []kit.Module{cli.Module, config.Module, rest.Module, node.Module, transfer.Module, httpgw.Module, server.Module,
		console.Module, shares.Module, shares2.Module, aoc.Module,
		faspex5.Module, faspex.Module, orchestrator.Module, ats.Module, preview.Module, detect.Module, client.Module,
		vault.Module}
}

// Modules returns the binding modules for the engine.
func Modules() []runtime.Module {
	all := All()
	out := make([]runtime.Module, len(all))
	for i, m := range all {
		out[i] = m.Runtime()
	}
	return out
}
