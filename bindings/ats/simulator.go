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
		ATSSecret: o.Str("ats_secret"), IBMAPIKey: o.Str("ibm_api_key")}
	cfg.NodeRunner, cfg.NoRunnerReason = node.DirectRunner(L)
	if e := runtime.EngineOf(L); e != nil && e.Log != nil {
		cfg.Logger = e.Log
	}
	srv, err := atssim.Start(cfg)
	if err != nil {
		runtime.RaiseIn(L, runtime.KindIO, "ats.simulator", err)
	}
	s := &simulator{srv: srv}
	runtime.OnClose(L, s.stop)
	simHandle.Push(L, s)
	return 1
}

// simulator is a running simulator.
type simulator struct{ srv *atssim.Server }

func (s *simulator) stop() {
	if s.srv != nil {
		_ = s.srv.Close()
		s.srv = nil
	}
}

var simHandle = &kit.Handle{Name: "aspera.ats.simulator", Methods: simMethods,
	String: func(v any) string {
		if s := v.(*simulator); s.srv != nil {
			return "aspera.ats.simulator(" + s.srv.URL + ")"
		}
		return "aspera.ats.simulator(stopped)"
	}}

func checkSim(L *lua.LState) *simulator {
	s := kit.Arg[*simulator](L, 1, "ats simulator")
	if s.srv == nil {
		runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "the ats simulator is stopped"))
	}
	return s
}

var simMethods = map[string]lua.LGFunction{
	"url": func(L *lua.LState) int {
		L.Push(lua.LString(checkSim(L).srv.URL))
		return 1
	},
	"node_url": func(L *lua.LState) int {
		L.Push(lua.LString(checkSim(L).srv.Node.URL))
		return 1
	},
	"root": func(L *lua.LState) int {
		L.Push(lua.LString(checkSim(L).srv.Root()))
		return 1
	},
	"credentials": func(L *lua.LState) int {
		c := checkSim(L).srv.Credentials()
		L.Push(runtime.ToLua(L, map[string]any{"ats_key": c.ATSKey, "ats_secret": c.ATSSecret,
			"ibm_api_key": c.IBMAPIKey, "iam_url": c.IAMURL, "instance": c.Instance}))
		return 1
	},
	"client": func(L *lua.LState) int {
		s := checkSim(L)
		c := s.srv.Credentials()
		cl, err := ats.New(ats.Options{URL: s.srv.URL, ATSKey: c.ATSKey, ATSSecret: c.ATSSecret, IBMAPIKey: c.IBMAPIKey,
			IAMURL: c.IAMURL, Env: kit.AuthEnv(L)})
		if err != nil {
			runtime.Raise(L, runtime.Wrap(runtime.KindError, err))
		}
		Handle.Push(L, cl)
		return 1
	},
	"wait": func(L *lua.LState) int {
		s := checkSim(L)
		kit.WaitInterrupt(L)
		s.stop()
		return 0
	},
	"stop": func(L *lua.LState) int {
		kit.Arg[*simulator](L, 1, "ats simulator").stop()
		return 0
	},
}
