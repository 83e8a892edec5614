// Package console is the binding of aspera.console, IBM Aspera Console's REST API
// (products/console): transfers in a time window, their files and controls, smart transfers,
// health, and the local simulator (products/console/consolesim).
package console

import (
	_ "embed"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/bindings/kit"
	consoleapi "github.com/asperalm/aslmcli/products/console"
	"github.com/asperalm/aslmcli/products/console/consolesim"
	"github.com/asperalm/aslmcli/products/oauth"
	"github.com/asperalm/aslmcli/products/rest"
	"github.com/asperalm/aslmcli/runtime"
)

//go:embed aspera.console.d.lua
var meta string

// Module is `aspera.console`.
var Module = kit.Module{Name: "aspera.console", Doc: "IBM Aspera Console: transfers (list, files, controls), smart transfers, health, a local simulator",
	Meta: meta, Funcs: funcs, Types: map[string]*kit.Handle{"client": Handle, "simulator": simHandle}}

var funcs = map[string]lua.LGFunction{
	"new":         constructor.New,
	"from_preset": constructor.FromPreset,
	"parse_date":  parseDate,
	"simulator":   startSimulator,
}

// Handle is the type of a Console client.
var Handle = &kit.Handle{Name: "aspera.console.client", Methods: methods,
	String: func(v any) string { return "aspera.console(" + rest.CleanURL(v.(*consoleapi.Client).API.BaseURL) + ")" }}

// Keys are the console plugin's option names.
var constructor = &kit.Client[*consoleapi.Client]{Module: "console", Handle: Handle,
	Keys: []string{"url", "username", "password"}, Build: build}

func build(L *lua.LState, o kit.Options) (*consoleapi.Client, error) {
	return consoleapi.NewFromOptions(o.Str("url"), oauth.Options{Username: o.Str("username"), Password: o.Str("password")}, kit.AuthEnv(L))
}

var errs = kit.Errors{Kinds: map[error]string{consoleapi.ErrUsage: runtime.KindUsage}}

func check(L *lua.LState) *consoleapi.Client {
	return kit.Arg[*consoleapi.Client](L, 1, "console client")
}

// transfersArg reads {from=, to=, query=, max=} of a transfer listing at argument n.
func transfersArg(L *lua.LState, n int, fn string) (*consoleapi.Client, consoleapi.ListOptions, int) {
	c := check(L)
	o, max, q := kit.ListOptsWith(L, n, fn, "from", "to")
	return c, consoleapi.ListOptions{From: o.Str("from"), To: o.Str("to"), Query: q}, max
}

func transfers(L *lua.LState, fn string) *rest.Iterator {
	c, o, max := transfersArg(L, 2, fn)
	it, err := c.Transfers(kit.Ctx(L), o, max)
	if err != nil {
		errs.Raise(L, err)
	}
	return it
}

func files(L *lua.LState, fn string) *rest.Iterator {
	c := check(L)
	id := kit.IDArg(L, 2)
	max, q := kit.ListOpts(L, 3, fn)
	return c.TransferFiles(kit.Ctx(L), id, kit.QueryOf(L, q), max)
}

// control returns the method of one action (c:pause_transfer(id, params)).
func control(action string) lua.LGFunction {
	return func(L *lua.LState) int {
		v, err := check(L).Control(kit.Ctx(L), kit.IDArg(L, 2), action, kit.ObjectArg(L, 3))
		return errs.Push(L, v, err)
	}
}

var methods = map[string]lua.LGFunction{
	"transfers":     func(L *lua.LState) int { return errs.Collect(L, transfers(L, "transfers")) },
	"each_transfer": func(L *lua.LState) int { return errs.Iterator(L, transfers(L, "each_transfer")) },
	"transfer": func(L *lua.LState) int {
		v, err := check(L).Transfer(kit.Ctx(L), kit.IDArg(L, 2))
		return errs.Push(L, v, err)
	},
	"transfer_files":     func(L *lua.LState) int { return errs.Collect(L, files(L, "transfer_files")) },
	"each_transfer_file": func(L *lua.LState) int { return errs.Iterator(L, files(L, "each_transfer_file")) },
	"control_transfer": func(L *lua.LState) int {
		v, err := check(L).Control(kit.Ctx(L), kit.IDArg(L, 2), L.CheckString(3), kit.ObjectArg(L, 4))
		return errs.Push(L, v, err)
	},
	"start_transfer":  control("start"),
	"pause_transfer":  control("pause"),
	"resume_transfer": control("resume"),
	"cancel_transfer": control("cancel"),
	"rerun_transfer":  control("rerun"),
	"smart_transfers": func(L *lua.LState) int {
		c := check(L)
		max, _ := kit.ListOpts(L, 2, "smart_transfers")
		return errs.Collect(L, c.SmartTransfers(kit.Ctx(L), max))
	},
	"submit_smart_transfer": func(L *lua.LState) int {
		v, err := check(L).SubmitSmartTransfer(kit.Ctx(L), kit.IDArg(L, 2), kit.ObjectArg(L, 3))
		return errs.Push(L, v, err)
	},
	"health": func(L *lua.LState) int { return errs.Push(L, check(L).Health(kit.Ctx(L)), nil) },
	"url":    func(L *lua.LState) int { L.Push(lua.LString(rest.CleanURL(check(L).API.BaseURL))); return 1 },
}

// parseDate is console.parse_date(text): the date in the API's form (UTC).
func parseDate(L *lua.LState) int {
	t, err := consoleapi.ParseDate(L.CheckString(1), time.Now(), nil)
	if err != nil {
		errs.Raise(L, err)
	}
	L.Push(lua.LString(consoleapi.FormatDate(t)))
	return 1
}

var simHandle = kit.SimulatorHandle("aspera.console.simulator")

// startSimulator is console.simulator{port=, host=, username=, password=}.
func startSimulator(L *lua.LState) int {
	o := kit.OptionsArg(L, 1, "console.simulator", "port", "host", "username", "password")
	port, err := o.Int("port")
	if err != nil {
		L.ArgError(1, err.Error())
	}
	cfg := consolesim.Config{Port: port, Host: o.Str("host"), Username: o.Str("username"), Password: o.Str("password"), Logger: kit.Logger(L)}
	return kit.StartSimulator(L, simHandle, "console.simulator", nil, func() (*consolesim.Server, error) { return consolesim.Start(cfg) },
		func(srv *consolesim.Server) *kit.Simulator {
			user, pass := srv.Credentials()
			return &kit.Simulator{URL: srv.URL, Credentials: map[string]any{"username": user, "password": pass}}
		})
}
