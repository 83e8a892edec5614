// Command aslmcli is one binary for every IBM Aspera product, scriptable in Lua. This package
// composes the engine (runtime, runtime/cli, stdlib, bindings, scripts) and maps errors to
// exit codes; see app.go for the order in which a command line is processed.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/asperalm/aslmcli/runtime"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Main(ctx, os.Args[1:], runtime.SystemIO(), os.Environ())
	stop()
	os.Exit(code)
}
