package node

import (
	"context"
	"os"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/bindings/kit"
	nodeapi "github.com/asperalm/aslmcli/products/node"
	"github.com/asperalm/aslmcli/products/node/nodesim"
	"github.com/asperalm/aslmcli/products/rest"
	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/transfer"
	"github.com/asperalm/aslmcli/transfer/spec"
)

// simulator is a running node simulator and the temporary folder it may own.
type simulator struct {
	srv  *nodesim.Server
	cfg  nodesim.Config
	temp string // removed at stop when the simulator made it
}

func (s *simulator) stop() {
	if s.srv != nil {
		_ = s.srv.Close()
		s.srv = nil
	}
	if s.temp != "" {
		_ = os.RemoveAll(s.temp)
		s.temp = ""
	}
}

// startSimulator is node.simulator{root=, port=, host=, username=, password=}: a Node API
// simulator on 127.0.0.1, stopped by sim:stop() or when the script ends.
func startSimulator(L *lua.LState) int {
	o := kit.OptionsArg(L, 1, "node.simulator", "root", "port", "host", "username", "password")
	port, err := o.Int("port")
	if err != nil {
		L.ArgError(1, err.Error())
	}
	s := &simulator{cfg: nodesim.Config{Root: o.Str("root"), Port: port, Host: o.Str("host"), Username: o.Str("username"), Password: o.Str("password")}}
	if s.cfg.Root == "" {
		dir, err := os.MkdirTemp("", "aslmcli-node-simulator-")
		if err != nil {
			runtime.RaiseIn(L, runtime.KindIO, "node.simulator", err)
		}
		s.cfg.Root, s.temp = dir, dir
	}
	if s.cfg.Username == "" {
		s.cfg.Username, s.cfg.Password = "node_user", "node_pass"
	}
	if e := runtime.EngineOf(L); e != nil && e.Log != nil {
		s.cfg.Logger = e.Log
	}
	s.cfg.Runner, s.cfg.NoRunnerReason = DirectRunner(L)
	srv, err := nodesim.Start(s.cfg)
	if err != nil {
		s.stop()
		runtime.RaiseIn(L, runtime.KindIO, "node.simulator", err)
	}
	s.srv = srv
	runtime.OnClose(L, s.stop)
	simHandle.Push(L, s)
	return 1
}

// simHandle is the type of a running simulator.
var simHandle = &kit.Handle{Name: "aspera.node.simulator", Methods: simMethods,
	String: func(v any) string { return "aspera.node.simulator(" + v.(*simulator).url() + ")" }}

func (s *simulator) url() string {
	if s.srv == nil {
		return "stopped"
	}
	return s.srv.URL
}

func checkSim(L *lua.LState) *simulator {
	s := kit.Arg[*simulator](L, 1, "node simulator")
	if s.srv == nil {
		runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "the node simulator is stopped"))
	}
	return s
}

var simMethods = map[string]lua.LGFunction{
	"url": func(L *lua.LState) int {
		L.Push(lua.LString(checkSim(L).srv.URL))
		return 1
	},
	"root": func(L *lua.LState) int {
		L.Push(lua.LString(checkSim(L).cfg.Root))
		return 1
	},
	"credentials": func(L *lua.LState) int {
		u, p := checkSim(L).srv.Credentials()
		L.Push(lua.LString(u))
		L.Push(lua.LString(p))
		return 2
	},
	"node": func(L *lua.LState) int {
		s := checkSim(L)
		api, err := rest.New(s.srv.URL, rest.Basic{Username: s.cfg.Username, Password: s.cfg.Password}, kit.HTTPSettings(L))
		if err != nil {
			runtime.Raise(L, runtime.Wrap(runtime.KindError, err))
		}
		Handle.Push(L, nodeapi.New(api))
		return 1
	},
	"wait": func(L *lua.LState) int {
		s := checkSim(L)
		kit.WaitInterrupt(L) // Ctrl-C: the command ends normally (exit 0)
		s.stop()
		return 0
	},
	"stop": func(L *lua.LState) int {
		kit.Arg[*simulator](L, 1, "node simulator").stop()
		return 0
	},
}

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
