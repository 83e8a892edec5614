package ats

import (
	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/bindings/kit"
	"github.com/asperalm/aslmcli/bindings/node"
	"github.com/asperalm/aslmcli/products/ats"
	"github.com/asperalm/aslmcli/products/ats/atssim"
	"github.com/asperalm/aslmcli/runtime"
)

// startSimulator is ats.simulator{port=, host=, root=, ats_key=, ats_secret=, ibm_api_key=}: an
// ATS simulator on 127.0.0.1 with its embedded node, stopped by sim:stop() or when the script
// ends. The node runs transfers with the direct agent when an ascp is found.
func startSimulator(L *lua.LState) int {
	o := kit.OptionsArg(L, 1, "ats.simulator", "port", "host", "root", "ats_key", "ats_secret", "ibm_api_key")
	port, err := o.Int("port")
	if err != nil {
		L.ArgError(1, err.Error())
	}
	if (o.Str("ats_key") == "") != (o.Str("ats_secret") == "") {
		L.ArgError(1, "ats_key and ats_secret go together")
	}
	cfg := atssim.Config{Port: port, Host: o.Str("host"), Root: o.Str("root"), ATSKey: o.Str("ats_key"),
		ATSSecret: o.Str("ats_secret"), IBMAPIKey: o.Str("ibm_api_key"), Logger: kit.Logger(L)}
	cfg.NodeRunner, cfg.NoRunnerReason = node.DirectRunner(L)
	// atssim makes and removes a temporary root when none is given
	return kit.StartSimulator(L, simHandle, "ats.simulator", nil, func() (*atssim.Server, error) { return atssim.Start(cfg) },
		func(srv *atssim.Server) *kit.Simulator {
			c := srv.Credentials()
			return &kit.Simulator{URL: srv.URL, Root: srv.Root(), Credentials: map[string]any{"ats_key": c.ATSKey,
				"ats_secret": c.ATSSecret, "ibm_api_key": c.IBMAPIKey, "iam_url": c.IAMURL, "instance": c.Instance}}
		})
}

// simHandle is the type of a running simulator: kit's methods, its node's URL and a client.
var simHandle = kit.SimulatorHandle("aspera.ats.simulator", map[string]lua.LGFunction{
	"node_url": func(L *lua.LState) int {
		L.Push(lua.LString(kit.RunningSimulator(L).Server.(*atssim.Server).Node.URL))
		return 1
	},
	"client": func(L *lua.LState) int {
		srv := kit.RunningSimulator(L).Server.(*atssim.Server)
		c := srv.Credentials()
		cl, err := ats.New(ats.Options{URL: srv.URL, ATSKey: c.ATSKey, ATSSecret: c.ATSSecret, IBMAPIKey: c.IBMAPIKey,
			IAMURL: c.IAMURL, Env: kit.AuthEnv(L)})
		if err != nil {
			runtime.Raise(L, runtime.Wrap(runtime.KindError, err))
		}
		Handle.Push(L, cl)
		return 1
	},
})
