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
	if e := runtime.EngineOf(L); e != nil && e.Log != nil {
		cfg.Logger = e.Log
	}
	srv, err := orchestratorsim.Start(cfg)
	if err != nil {
		runtime.RaiseIn(L, runtime.KindIO, "orchestrator.simulator", err)
	}
	s := &simulator{srv: srv}
	runtime.OnClose(L, s.stop)
	simHandle.Push(L, s)
	return 1
}

// simulator is a running simulator.
type simulator struct{ srv *orchestratorsim.Server }

func (s *simulator) stop() {
	if s.srv != nil {
		_ = s.srv.Close()
		s.srv = nil
	}
}

var simHandle = &kit.Handle{Name: "aspera.orchestrator.simulator", Methods: simMethods,
	String: func(v any) string {
		if s := v.(*simulator); s.srv != nil {
			return "aspera.orchestrator.simulator(" + s.srv.URL + ")"
		}
		return "aspera.orchestrator.simulator(stopped)"
	}}

func checkSim(L *lua.LState) *simulator {
	s := kit.Arg[*simulator](L, 1, "orchestrator simulator")
	if s.srv == nil {
		runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "the orchestrator simulator is stopped"))
	}
	return s
}

var simMethods = map[string]lua.LGFunction{
	"url": func(L *lua.LState) int {
		L.Push(lua.LString(checkSim(L).srv.URL))
		return 1
	},
	"credentials": func(L *lua.LState) int {
		u, p := checkSim(L).srv.Credentials()
		L.Push(runtime.ToLua(L, map[string]any{"username": u, "password": p}))
		return 1
	},
	"client": func(L *lua.LState) int {
		s := checkSim(L)
		u, p := s.srv.Credentials()
		c, err := orch.NewFromOptions(orch.Options{URL: s.srv.URL, Username: u, Password: p}, kit.HTTPSettings(L))
		if err != nil {
			runtime.Raise(L, runtime.Wrap(runtime.KindError, err))
		}
		Handle.Push(L, c)
		return 1
	},
	"wait": func(L *lua.LState) int {
		s := checkSim(L)
		kit.WaitInterrupt(L)
		s.stop()
		return 0
	},
	"stop": func(L *lua.LState) int {
		kit.Arg[*simulator](L, 1, "orchestrator simulator").stop()
		return 0
	},
}
