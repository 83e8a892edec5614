// Package shares2 is the binding of aspera.shares2, IBM Aspera Shares 2 (products/shares2,
// end-of-life): organizations, projects, teams and shares named by id or name, the system
// collections, the repository (a node client of bindings/node on the node API), appinfo and
// userinfo, and the local simulator built from the old plugin's facts (shares2sim).
package shares2

import (
	"context"
	_ "embed"
	"fmt"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/bindings/kit"
	"github.com/asperalm/aslmcli/bindings/node"
	"github.com/asperalm/aslmcli/products/oauth"
	"github.com/asperalm/aslmcli/products/rest"
	api "github.com/asperalm/aslmcli/products/shares2"
	"github.com/asperalm/aslmcli/products/shares2/shares2sim"
	"github.com/asperalm/aslmcli/runtime"
)

//go:embed aspera.shares2.d.lua
var meta string

// Module is `aspera.shares2`.
var Module = kit.Module{Name: "aspera.shares2", Doc: "IBM Aspera Shares 2 (end-of-life): organizations, projects, teams, shares, system collections, the repository, a local simulator",
	Meta: meta, Funcs: funcs, Types: map[string]*kit.Handle{"client": Handle, "simulator": simHandle}}

var funcs = map[string]lua.LGFunction{
	"new":         constructor.New,
	"from_preset": constructor.FromPreset,
	"simulator":   startSimulator,
}

// Handle is the type of a Shares 2 client.
var Handle = &kit.Handle{Name: "aspera.shares2.client", Methods: methods,
	String: func(v any) string { return "aspera.shares2(" + rest.CleanURL(v.(*api.Client).API.BaseURL) + ")" }}

// Keys are the shares2 plugin's option names.
var constructor = &kit.Client[*api.Client]{Module: "shares2", Handle: Handle,
	Keys: []string{"url", "username", "password"}, Build: build}

func build(L *lua.LState, o kit.Options) (*api.Client, error) {
	return api.NewFromOptions(o.Str("url"), oauth.Options{Username: o.Str("username"), Password: o.Str("password")}, kit.AuthEnv(L))
}

var errs = kit.Errors{Kinds: map[error]string{api.ErrUsage: runtime.KindUsage}}

const what = "shares2 client"

func check(L *lua.LState) *api.Client { return kit.Arg[*api.Client](L, 1, what) }

func scope(s kit.Scope) api.Scope {
	return api.Scope{Organization: s["organization"], Project: s["project"]}
}

// resource returns the methods of a kind of the organizations tree; parents are its scope.
func resource(kind, plural string, parents ...string) map[string]lua.LGFunction {
	return kit.Entity[*api.Client]{Singular: kind, Plural: plural, What: what, Scope: parents,
		List: func(ctx context.Context, c *api.Client, s kit.Scope, q map[string]any, max int) (*rest.Iterator, error) {
			return c.List(ctx, kind, scope(s), q, max)
		},
		Show: func(ctx context.Context, c *api.Client, s kit.Scope, id string) (any, error) {
			return c.Show(ctx, kind, scope(s), id)
		},
		Create: func(ctx context.Context, c *api.Client, s kit.Scope, f map[string]any) (any, error) {
			return c.Create(ctx, kind, scope(s), f)
		},
		Delete: func(ctx context.Context, c *api.Client, s kit.Scope, id string) error {
			return c.Delete(ctx, kind, scope(s), id)
		},
	}.Methods(errs)
}

// system returns the methods of a system collection (users, groups, nodes).
func system(kind string) map[string]lua.LGFunction {
	return kit.Entity[*api.Client]{Singular: "system_" + kind[:len(kind)-1], Plural: "system_" + kind, What: what,
		List: func(ctx context.Context, c *api.Client, _ kit.Scope, q map[string]any, max int) (*rest.Iterator, error) {
			query, err := kit.Query(q)
			if err != nil {
				return nil, fmt.Errorf("%w: %v", api.ErrUsage, err)
			}
			return c.AdminList(ctx, kind, query, max)
		},
		Show: func(ctx context.Context, c *api.Client, _ kit.Scope, id string) (any, error) {
			return c.AdminShow(ctx, kind, id)
		},
		Create: func(ctx context.Context, c *api.Client, _ kit.Scope, f map[string]any) (any, error) {
			return c.AdminCreate(ctx, kind, f)
		},
		Modify: func(ctx context.Context, c *api.Client, _ kit.Scope, id string, f map[string]any) (any, error) {
			return c.AdminModify(ctx, kind, id, f)
		},
		Delete: func(ctx context.Context, c *api.Client, _ kit.Scope, id string) error {
			return c.AdminDelete(ctx, kind, id)
		},
	}.Methods(errs)
}

var methods = kit.Methods(
	resource(api.Organization, "organizations"),
	resource(api.Project, "projects", "organization"),
	resource(api.Team, "teams", "organization"),
	resource(api.Share, "shares", "organization", "project"),
	system("users"), system("groups"), system("nodes"),
	map[string]lua.LGFunction{
		"repository": func(L *lua.LState) int { node.Handle.Push(L, check(L).Node); return 1 },
		"app_info":   func(L *lua.LState) int { v, err := check(L).AppInfo(kit.Ctx(L)); return errs.Push(L, v, err) },
		"user_info":  func(L *lua.LState) int { v, err := check(L).UserInfo(kit.Ctx(L)); return errs.Push(L, v, err) },
		"url":        func(L *lua.LState) int { L.Push(lua.LString(rest.CleanURL(check(L).API.BaseURL))); return 1 },
	},
)

var simHandle = kit.SimulatorHandle("aspera.shares2.simulator")

// startSimulator is shares2.simulator{root=, port=, host=, username=, password=}.
func startSimulator(L *lua.LState) int {
	o := kit.OptionsArg(L, 1, "shares2.simulator", "root", "port", "host", "username", "password")
	port, err := o.Int("port")
	if err != nil {
		L.ArgError(1, err.Error())
	}
	cfg := shares2sim.Config{Root: o.Str("root"), Port: port, Host: o.Str("host"), Username: o.Str("username"), Password: o.Str("password")}
	cfg.Logger = kit.Logger(L)
	return kit.StartSimulator(L, simHandle, "shares2.simulator", &cfg.Root, func() (*shares2sim.Server, error) { return shares2sim.Start(cfg) },
		func(srv *shares2sim.Server) *kit.Simulator {
			user, pass := srv.Credentials()
			return &kit.Simulator{URL: srv.URL, Credentials: map[string]any{"username": user, "password": pass}}
		})
}
