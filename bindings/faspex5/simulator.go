package faspex5

import (
	"fmt"
	"os"
	"path/filepath"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/bindings/kit"
	f5 "github.com/asperalm/aslmcli/products/faspex5"
	"github.com/asperalm/aslmcli/products/faspex5/faspex5sim"
	"github.com/asperalm/aslmcli/products/oauth"
	"github.com/asperalm/aslmcli/runtime"
)

// startSimulator is faspex5.simulator{port, host, root, key_file}: a Faspex 5 simulator on
// 127.0.0.1 whose users (admin, user1) sign their JWT with the private key of key_file (made
// when missing, in a temporary folder when not given).
func startSimulator(L *lua.LState) int {
	o := kit.OptionsArg(L, 1, "faspex5.simulator", "port", "host", "root", "key_file")
	port, err := o.Int("port")
	if err != nil {
		L.ArgError(1, err.Error())
	}
	keyPath, keyDir := o.Str("key_file"), (*string)(nil)
	if keyPath == "" {
		keyDir = new(string) // a temporary folder, removed at stop
	}
	start := func() (*faspex5sim.Server, error) {
		if keyDir != nil {
			keyPath = filepath.Join(*keyDir, "faspex5_user.pem")
		}
		pub, err := userKey(keyPath)
		if err != nil {
			return nil, err
		}
		return faspex5sim.Start(faspex5sim.Config{Port: port, Host: o.Str("host"), Root: o.Str("root"), PublicKey: pub, Logger: kit.Logger(L)})
	}
	return kit.StartSimulator(L, simHandle, "faspex5.simulator", keyDir, start, func(srv *faspex5sim.Server) *kit.Simulator {
		id, secret := srv.ClientID()
		return &kit.Simulator{URL: srv.URL, Root: srv.Root(), Credentials: map[string]any{"url": srv.URL, "client_id": id,
			"client_secret": secret, "username": "admin", "password": "admin_pass", "private_key": keyPath, "root": srv.Root()}}
	})
}

// userKey returns the public key of the private key at path, made (2048 bits, 0600) when
// the file is missing.
func userKey(path string) (string, error) {
	pemData, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		if pemData, err = oauth.GenerateKey(2048); err != nil {
			return "", err
		}
		err = os.WriteFile(path, pemData, 0o600)
	}
	if err != nil {
		return "", err
	}
	return oauth.PublicKeyOf(pemData, "")
}

// simHandle is the type of a running simulator: kit's methods, links, packages and clients.
var simHandle = kit.SimulatorHandle("aspera.faspex5.simulator", map[string]lua.LGFunction{
	"link": func(L *lua.LState) int {
		u, err := checkSim(L).Link(L.CheckString(2), L.CheckString(3))
		if err != nil {
			runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "faspex5 simulator link: %v", err))
		}
		L.Push(lua.LString(u))
		return 1
	},
	"add_package": func(L *lua.LState) int {
		srv := checkSim(L)
		files := kit.ObjectArg(L, 5)
		var pf []faspex5sim.PackageFile
		for name, data := range files {
			pf = append(pf, faspex5sim.PackageFile{Name: name, Data: []byte(fmt.Sprint(data))})
		}
		id, err := srv.AddPackage(L.CheckString(2), L.CheckString(3), kit.StringsArg(L, 4), pf...)
		if err != nil {
			runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "faspex5 simulator add_package: %v", err))
		}
		L.Push(lua.LString(id))
		return 1
	},
	"client": func(L *lua.LState) int {
		s := kit.RunningSimulator(L)
		id, _ := s.Server.(*faspex5sim.Server).ClientID()
		key, err := os.ReadFile(s.Credentials["private_key"].(string))
		if err != nil {
			runtime.RaiseIn(L, runtime.KindIO, "faspex5 simulator client", err)
		}
		c, err := f5.NewFromOptions(kit.Ctx(L), f5.Options{URL: s.URL, ClientID: id, Username: L.OptString(2, "admin"),
			PrivateKey: string(key)}, kit.AuthEnv(L))
		if err != nil {
			errs.Raise(L, err)
		}
		Handle.Push(L, c)
		return 1
	},
})

// checkSim returns the server of the running simulator at argument 1.
func checkSim(L *lua.LState) *faspex5sim.Server {
	return kit.RunningSimulator(L).Server.(*faspex5sim.Server)
}
