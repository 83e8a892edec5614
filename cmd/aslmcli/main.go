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
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		for s := range sigs {
			// Ctrl-C during a REPL call cancels that call only
			if s == os.Interrupt && interrupts.take() {
				continue
			}
			cancel()
		}
	}()
	code := Main(ctx, os.Args[1:], runtime.SystemIO(), os.Environ())
	signal.Stop(sigs)
	cancel()
	os.Exit(code)
}
