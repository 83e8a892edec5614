// Package runtime is the Lua engine of aslmcli. It knows nothing of Aspera: it creates Lua
// states (gopher-lua, Lua 5.1) with the standard libraries and the registered Go modules
// preloaded, compiles scripts once per process and shares the compiled prototypes between
// states, loads embedded scripts and plugin folders, converts values between Go and Lua
// (JSON-faithful: a null sentinel, integers beyond 2^53 kept exact), carries the one error type
// the CLI maps to exit codes, and routes print/io.write/io.read through injectable streams so
// tests capture them.
//
// Rules the engine enforces:
//   - one *lua.LState per script run, never used from two goroutines;
//   - every state has a context: cancelling it stops the script at the next instruction, and Go
//     functions that block watch L.Context();
//   - os.exit does not call the Go os.Exit: it records the code and unwinds the script through
//     the host (deferred cleanup still runs), even through pcall;
//   - a raised error object is unwrapped to a Go *Error on the host side.
//
// The package is named runtime like Go's; import it under that name and Go's as goruntime
// where both are needed.
package runtime
