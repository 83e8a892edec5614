package faspex

import (
	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/bindings/kit"
	f4 "github.com/asperalm/aslmcli/products/faspex"
	"github.com/asperalm/aslmcli/products/faspex/faspexsim"
	"github.com/asperalm/aslmcli/runtime"
)

// startSimulator is faspex.simulator{port, host, root, page_size}: a Faspex 4 test server on
// 127.0.0.1, stopped by sim:stop() or when the script ends.
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
	return kit.StartSimulator(L, simHandle, "faspex.simulator", nil, func() (*faspexsim.Server, error) {
		return faspexsim.Start(faspexsim.Config{Port: port, Host: o.Str("host"), Root: o.Str("root"), PageSize: size, Logger: kit.Logger(L)})
	},
		func(srv *faspexsim.Server) *kit.Simulator {
			users := []any{}
			for _, u := range srv.Users() {
				users = append(users, map[string]any{"username": u.Name, "password": u.Password, "email": u.Email})
			}
			return &kit.Simulator{URL: srv.URL, Root: srv.Root(), Credentials: map[string]any{"url": srv.URL, "username": "admin", "password": "admin_pass", "users": users,
				"dropbox": "*" + faspexsim.Dropbox, "root": srv.Root()}}
		})
}

// checkSim returns the server of the running simulator at argument 1.
func checkSim(L *lua.LState) *faspexsim.Server {
	return kit.RunningSimulator(L).Server.(*faspexsim.Server)
}

// simHandle is the type of a running simulator: kit's methods, packages, links and clients.
var simHandle = kit.SimulatorHandle("aspera.faspex.simulator", map[string]lua.LGFunction{
	"add_package": func(L *lua.LState) int {
		srv := checkSim(L)
		files := map[string]string{}
		for k, v := range kit.ObjectArg(L, 5) {
			files[k] = kit.ScalarText(v)
		}
		id, err := srv.AddPackage(L.CheckString(2), L.CheckString(3), kit.StringsArg(L, 4), files)
		if err != nil {
			runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "faspex simulator add_package: %v", err))
		}
		L.Push(lua.LString(id))
		return 1
	},
	"public_link": func(L *lua.LState) int {
		u, err := checkSim(L).PublicLink(L.CheckString(2))
		if err != nil {
			runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "faspex simulator public_link: %v", err))
		}
		L.Push(lua.LString(u))
		return 1
	},
	"client": func(L *lua.LState) int {
		srv := checkSim(L)
		name := L.OptString(2, "admin")
		for _, u := range srv.Users() {
			if u.Name == name {
				c, err := f4.NewFromOptions(f4.Options{URL: srv.URL, Username: u.Name, Password: u.Password}, kit.HTTPSettings(L))
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
})
