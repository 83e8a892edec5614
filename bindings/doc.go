// Package bindings is the only bridge between Lua and the Go packages of aslmcli: one file
// per module (aspera.cli, aspera.config, ...), each converting arguments and results and
// nothing else, plus the LuaLS definition file of each module (meta/*.d.lua).
//
// It also turns the declaration table a plugin script returns into the command tree of
// runtime/cli (plugin.go), so that built-in and user plugins share one shape:
//
//	return {
//	  help = "one line",
//	  options = { {name="greeting", type="string", default="Hello", help="..."} },
//	  commands = {
//	    world = { help = "...", usage = "[NAME]", run = function(cli) ... end },
//	  },
//	}
package bindings

import "github.com/asperalm/aslmcli/runtime"

// Modules returns the modules this package provides.
func Modules() []runtime.Module {
	return []runtime.Module{CLIModule, ConfigModule, RestModule, NodeModule, TransferModule, HTTPGWModule, ServerModule}
}
