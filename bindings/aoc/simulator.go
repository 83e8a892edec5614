package aoc

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/bindings/kit"
	aocapi "github.com/asperalm/aslmcli/products/aoc"
	"github.com/asperalm/aslmcli/products/aoc/aocsim"
	"github.com/asperalm/aslmcli/runtime"
)

// simulator is a running AoC simulator and the temporary folder it may own.
type simulator struct {
	srv  *aocsim.Server
	temp string
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

// startSimulator is aoc.simulator{root=, port=, org=, packages=}: an AoC simulator on
// 127.0.0.1 (its nodes on ports of their own), stopped by sim:stop() or when the script ends.
func startSimulator(L *lua.LState) int {
	o := kit.OptionsArg(L, 1, "aoc.simulator", "root", "port", "org", "packages")
	port, err := o.Int("port")
	if err != nil {
		L.ArgError(1, err.Error())
	}
	n, err := o.Int("packages")
	if err != nil {
		L.ArgError(1, err.Error())
	}
	s := &simulator{}
	cfg := aocsim.Config{Root: o.Str("root"), Port: port, Org: o.Str("org"), Packages: n,
		NoRunnerReason: "the AoC simulator's nodes run no transfer jobs (/ops/transfers): use the direct agent"}
	if cfg.Root == "" {
		dir, err := os.MkdirTemp("", "aslmcli-aoc-simulator-")
		if err != nil {
			runtime.RaiseIn(L, runtime.KindIO, "aoc.simulator", err)
		}
		cfg.Root, s.temp = dir, dir
	}
	if e := runtime.EngineOf(L); e != nil && e.Log != nil {
		cfg.Logger = e.Log
	}
	srv, err := aocsim.Start(cfg)
	if err != nil {
		s.stop()
		runtime.RaiseIn(L, runtime.KindIO, "aoc.simulator", err)
	}
	s.srv = srv
	runtime.OnClose(L, s.stop)
	simHandle.Push(L, s)
	return 1
}

var simHandle = &kit.Handle{Name: "aspera.aoc.simulator", Methods: simMethods,
	String: func(v any) string {
		if s := v.(*simulator); s.srv != nil {
			return "aspera.aoc.simulator(" + s.srv.URL + ")"
		}
		return "aspera.aoc.simulator(stopped)"
	}}

func checkSim(L *lua.LState) *aocsim.Server {
	s := kit.Arg[*simulator](L, 1, "aoc simulator")
	if s.srv == nil {
		runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "the AoC simulator is stopped"))
	}
	return s.srv
}

func pushString(L *lua.LState, s string) int {
	L.Push(lua.LString(s))
	return 1
}

var simMethods = map[string]lua.LGFunction{
	"url":         func(L *lua.LState) int { return pushString(L, checkSim(L).URL) },
	"api_url":     func(L *lua.LState) int { return pushString(L, checkSim(L).APIURL) },
	"org_url":     func(L *lua.LState) int { return pushString(L, checkSim(L).OrgURL) },
	"private_key": func(L *lua.LState) int { return pushString(L, checkSim(L).PrivateKey) },
	// credentials: {name, value} records in the order the command prints them
	"credentials": func(L *lua.LState) int {
		var out []any
		for _, c := range checkSim(L).Credentials() {
			out = append(out, map[string]any{"name": c[0], "value": c[1]})
		}
		return errs.Push(L, out, nil)
	},
	// links: the public links made at start
	"links": func(L *lua.LState) int {
		s := checkSim(L)
		l := s.PublicLinks()
		return errs.Push(L, map[string]any{"files": s.PublicLinkURL(l.Files), "files_protected": s.PublicLinkURL(l.FilesProtected),
			"password": l.Password, "dropbox": s.OrgURL + "/packages/public/send?token=" + l.Dropbox}, nil)
	},
	// options: those of aoc.new{} that log in as the administrator with the simulator's
	// client (the private key itself: a table's values are not decoded)
	"options": func(L *lua.LState) int {
		s := checkSim(L)
		return errs.Push(L, map[string]any{"url": s.OrgURL, "api_url": s.APIURL, "client_id": s.ClientID,
			"client_secret": s.ClientSecret, "username": s.AdminEmail, "private_key": s.PrivateKey}, nil)
	},
	"wait": func(L *lua.LState) int {
		s := kit.Arg[*simulator](L, 1, "aoc simulator")
		checkSim(L)
		kit.WaitInterrupt(L) // Ctrl-C: the command ends normally (exit 0)
		s.stop()
		return 0
	},
	"stop": func(L *lua.LState) int {
		kit.Arg[*simulator](L, 1, "aoc simulator").stop()
		return 0
	},
}

// wizard is aoc.wizard(url, {username, client_id, client_secret, password, api_url,
// key_file, bits}): the key pair made (or reused), the preset to write and the steps to
// register the public key. The key goes to HOME unless key_file says. Other keys are
// ignored: `config wizard` passes the command line's options as they are.
func wizard(L *lua.LState) int {
	u := L.CheckString(1)
	o := kit.Options{}
	if L.Get(2) != lua.LNil {
		o = kit.Options(kit.MapArg(L, 2))
	}
	bits, err := o.Int("bits")
	if err != nil {
		L.ArgError(2, err.Error())
	}
	home := ""
	if cc := kit.ConfigOf(L); cc.Store != nil {
		if v, err := cc.Store.Get("home"); err == nil && v != nil {
			home = fmt.Sprint(v)
		}
	}
	r, err := aocapi.Prepare(aocapi.Wizard{URL: u, APIURL: o.Str("api_url"), Username: o.Str("username"), ClientID: o.Str("client_id"),
		ClientSecret: o.Str("client_secret"), Password: o.Str("password"), Dir: home, KeyFile: o.Str("key_file"), Bits: bits})
	if err != nil {
		errs.Raise(L, err)
	}
	return errs.Push(L, map[string]any{"preset": r.Preset, "values": r.Values, "key_file": r.KeyFile, "generated": r.Generated,
		"public_key": r.PublicKey, "steps": texts(r.Steps), "check": r.Check, "plugins": []any{"aoc", "files"}}, nil)
}

// gateway is a running Faspex 4 gateway.
type gateway struct {
	srv *http.Server
	url string
}

func (g *gateway) stop() {
	if g.srv != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = g.srv.Shutdown(ctx)
		g.srv = nil
	}
}

// startGateway is c:gateway{url=}: the Faspex 4 gateway (POST /aspera/faspex/send creates
// AoC packages) listening at url (default http://localhost:8080; port 0: a free one).
func startGateway(L *lua.LState) int {
	c := check(L)
	o := kit.OptionsArg(L, 2, "gateway", "url")
	raw := o.Str("url")
	if raw == "" {
		raw = "http://localhost:8080"
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "http" || u.Host == "" {
		runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "gateway: url %q: http://HOST:PORT expected (https: put a TLS proxy in front)", raw))
	}
	ln, err := net.Listen("tcp", u.Host)
	if err != nil {
		runtime.RaiseIn(L, runtime.KindIO, "gateway", err)
	}
	log := slog.New(slog.DiscardHandler)
	if e := runtime.EngineOf(L); e != nil && e.Log != nil {
		log = e.Log
	}
	g := &gateway{srv: &http.Server{Handler: c.Gateway(log), ReadHeaderTimeout: 30 * time.Second},
		url: "http://" + ln.Addr().String()}
	go func() {
		if err := g.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Warn("gateway stopped", "error", err.Error())
		}
	}()
	runtime.OnClose(L, g.stop)
	gatewayHandle.Push(L, g)
	return 1
}

var gatewayHandle = &kit.Handle{Name: "aspera.aoc.gateway", Methods: map[string]lua.LGFunction{
	"url": func(L *lua.LState) int { return pushString(L, kit.Arg[*gateway](L, 1, "gateway").url) },
	"wait": func(L *lua.LState) int {
		g := kit.Arg[*gateway](L, 1, "gateway")
		kit.WaitInterrupt(L) // Ctrl-C: the command ends normally (exit 0)
		g.stop()
		return 0
	},
	"stop": func(L *lua.LState) int { kit.Arg[*gateway](L, 1, "gateway").stop(); return 0 },
}, String: func(v any) string { return "aspera.aoc.gateway(" + v.(*gateway).url + ")" }}
