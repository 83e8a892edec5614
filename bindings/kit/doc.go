// Package kit is what every binding module shares, so that a product's binding is a short
// file of conversions and nothing else (docs/adding-a-product.md shows the pattern):
//
//   - Module: a module's functions, its handle types and its LuaLS definition file, from which
//     the engine's runtime.Module, the REPL's help and the definition-file test all come.
//   - Handle and Arg: userdata handles (clients, jobs, simulators) with a method table, and the
//     check of argument 1 of a method (x:method(), with a colon).
//   - Client: the one constructor of a product client, serving module.new{...} and
//     module.from_preset(name) with the command line's precedence (global preset < the named
//     preset < the table's fields), preset values decoded as extended values.
//   - Errors: the one converter of a module's Go errors into structured Lua errors (kinds
//     http, auth, usage, interrupted, ...), and the Push/OK/Collect/Iterator helpers that raise
//     through it.
//   - Options and the argument helpers: Lua option tables checked against the names a function
//     knows, lists of strings, objects, queries.
//   - The run's services (HTTPContext, ConfigContext, TransferContext), installed by the host
//     (cmd/aslmcli) and read by every module.
//   - StartJob and Transfer: the transfer job handle (progress bar, on_progress events on the
//     Lua goroutine) and the upload/download methods made from a Go function that returns the
//     product's transfer spec; ReadRequest, NewRequest and Request.Start for the methods that
//     make their spec from more than the request (a package created first, sources made
//     relative to the folder they resolved); Start for methods that read their request their
//     own way (a package's receive(id, opts)); NewAgent, the agent of a name with the run's
//     settings.
//   - Batch and Seen: "receive ALL" of the package products (one transfer per id, n at a time)
//     and --once-only (the ids received, kept in HOME/persist_store, PersistDir; the set is
//     internal/statefile's, which products use too).
//   - Simulator, SimulatorHandle and StartSimulator: every module's simulator{...} (a
//     temporary root, the handle with url/credentials/root/wait/stop and the module's own
//     methods, stopped at the end of the script).
//   - GoRunner: transfers run to their end from Go goroutines (no Lua events), for Go code
//     that transfers many times in parallel (preview remote).
//
// The kit knows Lua and converts; logic (auth selection, spec building) lives in the Go
// packages it calls (products/oauth, transfer/spec).
package kit
