package orchestrator

import (
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/bindings/kit"
	orch "github.com/asperalm/aslmcli/products/orchestrator"
	"github.com/asperalm/aslmcli/products/orchestrator/orchestratorsim"
	"github.com/asperalm/aslmcli/runtime"
)

// startSimulator is orchestrator.simulator{port=, host=, username=, password=, step_time=}:
// an Orchestrator simulator on 127.0.0.1, stopped by sim:stop() or when the script ends.
func startSimulator(L *lua.LState) int {
	o := kit.OptionsArg(L, 1, "orchestrator.simulator", "port", "host", "username", "password", "step_time")
	port, err := o.Int("port")
	if err != nil {
		L.ArgError(1, err.Error())
	}
	cfg := orchestratorsim.Config{Port: port, Host: o.Str("host"), Username: o.Str("username"), Password: o.Str("password")}
	switch st := o["step_time"].(type) {
	case nil:
	case int64:
		cfg.StepTime = time.Duration(st) * time.Second
	case float64:
		cfg.StepTime = time.Duration(st * float64(time.Second))
	default:
		L.ArgError(1, "step_time: seconds expected")
	}
	if cfg.StepTime == 0 && o["step_time"] != nil {
		cfg.StepTime = -1 // 0 asked: every step at once
	}
	cfg.Logger = kit.Logger(L)
	return kit.StartSimulator(L, simHandle, "orchestrator.simulator", nil, func() (*orchestratorsim.Server, error) { return orchestratorsim.Start(cfg) },
		func(srv *orchestratorsim.Server) *kit.Simulator {
			u, p := srv.Credentials()
			return &kit.Simulator{URL: srv.URL, Credentials: map[string]any{"username": u, "password": p}}
		})
}

// simHandle is the type of a running simulator: kit's methods and a client logged in to it.
var simHandle = kit.SimulatorHandle("aspera.orchestrator.simulator", map[string]lua.LGFunction{
	"client": func(L *lua.LState) int {
		s := kit.RunningSimulator(L)
		c, err := orch.NewFromOptions(orch.Options{URL: s.URL, Username: s.Credentials["username"].(string),
			Password: s.Credentials["password"].(string)}, kit.HTTPSettings(L))
		if err != nil {
			runtime.Raise(L, runtime.Wrap(runtime.KindError, err))
		}
		Handle.Push(L, c)
		return 1
	},
})
