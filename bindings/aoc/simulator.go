package aoc

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/bindings/kit"
	aocapi "github.com/asperalm/aslmcli/products/aoc"
	"github.com/asperalm/aslmcli/products/aoc/aocsim"
	"github.com/asperalm/aslmcli/runtime"
)

// startSimulator is aoc.simulator{root=, port=, org=, packages=}: an AoC simulator on
// 127.0.0.1 (its nodes on ports of their own; kit.Simulator: its root a temporary folder
// unless given), stopped by sim:stop() or when the script ends.
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
	cfg := aocsim.Config{Root: o.Str("root"), Port: port, Org: o.Str("org"), Packages: n, Logger: kit.Logger(L),
		NoRunnerReason: "the AoC simulator's nodes run no transfer jobs (/ops/transfers): use the direct agent"}
	return kit.StartSimulator(L, simHandle, "aoc.simulator", &cfg.Root, func() (*aocsim.Server, error) { return aocsim.Start(cfg) },
		func(srv *aocsim.Server) *kit.Simulator {
			creds, records := map[string]any{}, []any{} // records: {name, value} in the order the command prints them
			for _, c := range srv.Credentials() {
				creds[c[0]] = c[1]
				records = append(records, map[string]any{"name": c[0], "value": c[1]})
			}
			return &kit.Simulator{URL: srv.URL, Credentials: creds, CredentialValues: []any{records}}
		})
}

// simHandle is the type of a running simulator: kit's methods and those of AoC's URLs, key
// and links.
var simHandle = kit.SimulatorHandle("aspera.aoc.simulator", map[string]lua.LGFunction{
	"api_url":     func(L *lua.LState) int { return pushString(L, checkSim(L).APIURL) },
	"org_url":     func(L *lua.LState) int { return pushString(L, checkSim(L).OrgURL) },
	"private_key": func(L *lua.LState) int { return pushString(L, checkSim(L).PrivateKey) },
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
})

// checkSim returns the server of the running simulator at argument 1.
func checkSim(L *lua.LState) *aocsim.Server { return kit.RunningSimulator(L).Server.(*aocsim.Server) }

func pushString(L *lua.LState, s string) int {
	L.Push(lua.LString(s))
	return 1
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
