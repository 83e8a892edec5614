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

// simulator is a running Faspex 5 simulator and the key of its users.
type simulator struct {
	srv     *faspex5sim.Server
	keyPath string
	temp    string // removed at stop when the simulator made it
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

// startSimulator is faspex5.simulator{port, host, root, key_file}: a Faspex 5 simulator on
// 127.0.0.1 whose users (admin, user1) sign their JWT with the private key of key_file (made
// when missing, in a temporary folder when not given).
func startSimulator(L *lua.LState) int {
	o := kit.OptionsArg(L, 1, "faspex5.simulator", "port", "host", "root", "key_file")
	port, err := o.Int("port")
	if err != nil {
		L.ArgError(1, err.Error())
	}
	s := &simulator{keyPath: o.Str("key_file")}
	if s.keyPath == "" {
		dir, err := os.MkdirTemp("", "aslmcli-faspex5-simulator-key-")
		if err != nil {
			runtime.RaiseIn(L, runtime.KindIO, "faspex5.simulator", err)
		}
		s.temp, s.keyPath = dir, filepath.Join(dir, "faspex5_user.pem")
	}
	pub, err := userKey(s.keyPath)
	if err != nil {
		s.stop()
		runtime.RaiseIn(L, runtime.KindIO, "faspex5.simulator", err)
	}
	cfg := faspex5sim.Config{Port: port, Host: o.Str("host"), Root: o.Str("root"), PublicKey: pub}
	if e := runtime.EngineOf(L); e != nil && e.Log != nil {
		cfg.Logger = e.Log
	}
	if s.srv, err = faspex5sim.Start(cfg); err != nil {
		s.stop()
		runtime.RaiseIn(L, runtime.KindIO, "faspex5.simulator", err)
	}
	runtime.OnClose(L, s.stop)
	simHandle.Push(L, s)
	return 1
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

var simHandle = &kit.Handle{Name: "aspera.faspex5.simulator", Methods: simMethods,
	String: func(v any) string { return "aspera.faspex5.simulator(" + v.(*simulator).url() + ")" }}

func (s *simulator) url() string {
	if s.srv == nil {
		return "stopped"
	}
	return s.srv.URL
}

func checkSim(L *lua.LState) *simulator {
	s := kit.Arg[*simulator](L, 1, "faspex5 simulator")
	if s.srv == nil {
		runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "the faspex5 simulator is stopped"))
	}
	return s
}

var simMethods = map[string]lua.LGFunction{
	"url": func(L *lua.LState) int { L.Push(lua.LString(checkSim(L).srv.URL)); return 1 },
	"credentials": func(L *lua.LState) int {
		s := checkSim(L)
		id, secret := s.srv.ClientID()
		L.Push(runtime.ToLua(L, map[string]any{"url": s.srv.URL, "client_id": id, "client_secret": secret,
			"username": "admin", "password": "admin_pass", "private_key": s.keyPath, "root": s.srv.Root()}))
		return 1
	},
	"link": func(L *lua.LState) int {
		u, err := checkSim(L).srv.Link(L.CheckString(2), L.CheckString(3))
		if err != nil {
			runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "faspex5 simulator link: %v", err))
		}
		L.Push(lua.LString(u))
		return 1
	},
	"add_package": func(L *lua.LState) int {
		s := checkSim(L)
		files := kit.ObjectArg(L, 5)
		var pf []faspex5sim.PackageFile
		for name, data := range files {
			pf = append(pf, faspex5sim.PackageFile{Name: name, Data: []byte(fmt.Sprint(data))})
		}
		id, err := s.srv.AddPackage(L.CheckString(2), L.CheckString(3), kit.StringsArg(L, 4), pf...)
		if err != nil {
			runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "faspex5 simulator add_package: %v", err))
		}
		L.Push(lua.LString(id))
		return 1
	},
	"client": func(L *lua.LState) int {
		s := checkSim(L)
		id, _ := s.srv.ClientID()
		key, err := os.ReadFile(s.keyPath)
		if err != nil {
			runtime.RaiseIn(L, runtime.KindIO, "faspex5 simulator client", err)
		}
		c, err := f5.NewFromOptions(kit.Ctx(L), f5.Options{URL: s.srv.URL, ClientID: id, Username: L.OptString(2, "admin"),
			PrivateKey: string(key)}, kit.AuthEnv(L))
		if err != nil {
			errs.Raise(L, err)
		}
		Handle.Push(L, c)
		return 1
	},
	"wait": func(L *lua.LState) int {
		s := checkSim(L)
		kit.WaitInterrupt(L) // Ctrl-C: the command ends normally (exit 0)
		s.stop()
		return 0
	},
	"stop": func(L *lua.LState) int { kit.Arg[*simulator](L, 1, "faspex5 simulator").stop(); return 0 },
}
