package node

import (
	"context"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/bindings/kit"
	nodeapi "github.com/asperalm/aslmcli/products/node"
	"github.com/asperalm/aslmcli/products/node/nodesim"
	"github.com/asperalm/aslmcli/products/rest"
	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/transfer"
	"github.com/asperalm/aslmcli/transfer/spec"
)

// startSimulator is node.simulator{root=, port=, host=, username=, password=}: a Node API
// simulator on 127.0.0.1 (kit.Simulator: its root a temporary folder unless given), stopped by
// sim:stop() or when the script ends.
func startSimulator(L *lua.LState) int {
	o := kit.OptionsArg(L, 1, "node.simulator", "root", "port", "host", "username", "password")
	port, err := o.Int("port")
	if err != nil {
		L.ArgError(1, err.Error())
	}
	cfg := nodesim.Config{Port: port, Host: o.Str("host"), Username: o.Str("username"), Password: o.Str("password"), Logger: kit.Logger(L)}
	if cfg.Username == "" {
		cfg.Username, cfg.Password = "node_user", "node_pass"
	}
	cfg.Root = o.Str("root")
	cfg.Runner, cfg.NoRunnerReason = DirectRunner(L)
	return kit.StartSimulator(L, simHandle, "node.simulator", &cfg.Root, func() (*nodesim.Server, error) { return nodesim.Start(cfg) },
		func(srv *nodesim.Server) *kit.Simulator {
			user, pass := srv.Credentials()
			return &kit.Simulator{URL: srv.URL, Credentials: map[string]any{"username": user, "password": pass},
				CredentialValues: []any{user, pass}}
		})
}

// simHandle is the type of a running simulator: kit's methods (credentials() returns the
// username and the password) and a client logged in to it.
var simHandle = kit.SimulatorHandle("aspera.node.simulator", map[string]lua.LGFunction{
	"node": func(L *lua.LState) int {
		s := kit.RunningSimulator(L)
		api, err := rest.New(s.URL, rest.Basic{Username: s.Credentials["username"].(string), Password: s.Credentials["password"].(string)},
			kit.HTTPSettings(L))
		if err != nil {
			runtime.Raise(L, runtime.Wrap(runtime.KindError, err))
		}
		Handle.Push(L, nodeapi.New(api))
		return 1
	},
})

// DirectRunner returns the runner of a node simulator's /ops/transfers (this one's, and those
// embedded in other products' simulators): the direct agent when an ascp is found
// (--ascp-path, --sdk-folder...), else nil and the reason.
func DirectRunner(L *lua.LState) (func(context.Context, map[string]any) error, string) {
	t := kit.TransferOf(L)
	settings := map[string]any{}
	if t.Settings != nil {
		if st, err := t.Settings("direct"); err == nil {
			settings = st
		}
	}
	agent, err := transfer.New("direct", settings)
	if err != nil {
		return nil, "this simulator cannot run transfers: " + err.Error()
	}
	return func(ctx context.Context, s map[string]any) error {
		job, err := agent.Start(ctx, spec.Spec(s), transfer.Options{})
		if err != nil {
			return err
		}
		_, err = job.Wait(ctx)
		return err
	}, ""
}
