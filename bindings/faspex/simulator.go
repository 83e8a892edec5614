package faspex

import (
	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/bindings/kit"
	f4 "github.com/asperalm/aslmcli/products/faspex"
	"github.com/asperalm/aslmcli/products/faspex/faspexsim"
	"github.com/asperalm/aslmcli/runtime"
)

// simulator is a running Faspex 4 test server (nil srv once stopped).
type simulator struct{ srv *faspexsim.Server }

func (s *simulator) stop() {
	if s.srv != nil {
		_ = s.srv.Close()
		s.srv = nil
	}
}

// startSimulator is faspex.simulator{port, host, root, page_size}.
func startSimulator(L *lua.LState) int {
	o := kit.OptionsArg(L, 1, "faspex.simulator", "port", "host", "root", "page_size")
	port, err := o.Int("port")
	if err != nil {
		L.ArgError(1, err.Error())
	}
	size, err := o.Int("page_size")
	if err != nil {
		L.ArgError(1, err.Error())
	}
	cfg := faspexsim.Config{Port: port, Host: o.Str("host"), Root: o.Str("root"), PageSize: size}
	if e := runtime.EngineOf(L); e != nil && e.Log != nil {
		cfg.Logger = e.Log
	}
	srv, err := faspexsim.Start(cfg)
	if err != nil {
		runtime.RaiseIn(L, runtime.KindIO, "faspex.simulator", err)
	}
	s := &simulator{srv: srv}
	runtime.OnClose(L, s.stop)
	simHandle.Push(L, s)
	return 1
}

func checkSim(L *lua.LState) *simulator {
	s := kit.Arg[*simulator](L, 1, "faspex simulator")
	if s.srv == nil {
		runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "the faspex simulator is stopped"))
	}
	return s
}

var simHandle = &kit.Handle{Name: "aspera.faspex.simulator", Methods: map[string]lua.LGFunction{
	"url": func(L *lua.LState) int { L.Push(lua.LString(checkSim(L).srv.URL)); return 1 },
	"credentials": func(L *lua.LState) int {
		s := checkSim(L)
		users := []any{}
		for _, u := range s.srv.Users() {
			users = append(users, map[string]any{"username": u.Name, "password": u.Password, "email": u.Email})
		}
		L.Push(runtime.ToLua(L, map[string]any{"url": s.srv.URL, "username": "admin", "password": "admin_pass", "users": users,
			"dropbox": "*" + faspexsim.Dropbox, "root": s.srv.Root()}))
		return 1
	},
	"add_package": func(L *lua.LState) int {
		s := checkSim(L)
		files := map[string]string{}
		for k, v := range kit.ObjectArg(L, 5) {
			files[k] = kit.ScalarText(v)
		}
		id, err := s.srv.AddPackage(L.CheckString(2), L.CheckString(3), kit.StringsArg(L, 4), files)
		if err != nil {
			runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "faspex simulator add_package: %v", err))
		}
		L.Push(lua.LString(id))
		return 1
	},
	"public_link": func(L *lua.LState) int {
		u, err := checkSim(L).srv.PublicLink(L.CheckString(2))
		if err != nil {
			runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "faspex simulator public_link: %v", err))
		}
		L.Push(lua.LString(u))
		return 1
	},
	"client": func(L *lua.LState) int {
		s := checkSim(L)
		name := L.OptString(2, "admin")
		for _, u := range s.srv.Users() {
			if u.Name == name {
				c, err := f4.NewFromOptions(f4.Options{URL: s.srv.URL, Username: u.Name, Password: u.Password}, kit.HTTPSettings(L))
				if err != nil {
					errs.Raise(L, err)
				}
				Handle.Push(L, c)
				return 1
			}
		}
		runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "faspex simulator client: no user %q", name))
		return 0
	},
	"wait": func(L *lua.LState) int {
		s := checkSim(L)
		kit.WaitInterrupt(L) // Ctrl-C: the command ends normally (exit 0)
		s.stop()
		return 0
	},
	"stop": func(L *lua.LState) int { kit.Arg[*simulator](L, 1, "faspex simulator").stop(); return 0 },
}, String: func(v any) string {
	if s := v.(*simulator); s.srv != nil {
		return "aspera.faspex.simulator(" + s.srv.URL + ")"
	}
	return "aspera.faspex.simulator(stopped)"
}}
