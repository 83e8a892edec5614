// Package shares is the binding of aspera.shares, IBM Aspera Shares (products/shares): the
// repository (a node client of bindings/node on Shares' node API), the administration API
// (users, groups, shares and their permissions, nodes, transfer settings), health, and the
// local simulator (products/shares/sharessim).
package shares

import (
	"context"
	_ "embed"
	"fmt"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/bindings/kit"
	"github.com/asperalm/aslmcli/bindings/node"
	"github.com/asperalm/aslmcli/products/oauth"
	"github.com/asperalm/aslmcli/products/rest"
	sharesapi "github.com/asperalm/aslmcli/products/shares"
	"github.com/asperalm/aslmcli/products/shares/sharessim"
	"github.com/asperalm/aslmcli/runtime"
)

//go:embed aspera.shares.d.lua
var meta string

// Module is `aspera.shares`.
var Module = kit.Module{Name: "aspera.shares", Doc: "IBM Aspera Shares: the repository (node API), users, groups, shares and permissions, nodes, transfer settings, a local simulator",
	Meta: meta, Funcs: funcs, Types: map[string]*kit.Handle{"client": Handle, "simulator": simHandle}}

var funcs = map[string]lua.LGFunction{
	"new":         constructor.New,
	"from_preset": constructor.FromPreset,
	"simulator":   startSimulator,
}

// Handle is the type of a Shares client.
var Handle = &kit.Handle{Name: "aspera.shares.client", Methods: methods,
	String: func(v any) string { return "aspera.shares(" + rest.CleanURL(v.(*sharesapi.Client).Web.BaseURL) + ")" }}

// Keys are the shares plugin's option names.
var constructor = &kit.Client[*sharesapi.Client]{Module: "shares", Handle: Handle,
	Keys: []string{"url", "username", "password"}, Build: build}

func build(L *lua.LState, o kit.Options) (*sharesapi.Client, error) {
	return sharesapi.NewFromOptions(o.Str("url"), oauth.Options{Username: o.Str("username"), Password: o.Str("password")}, kit.AuthEnv(L))
}

var errs = kit.Errors{Kinds: map[error]string{sharesapi.ErrUsage: runtime.KindUsage}}

const what = "shares client"

func check(L *lua.LState) *sharesapi.Client { return kit.Arg[*sharesapi.Client](L, 1, what) }

// entity returns the CRUD methods of an entity of the administration API.
func entity(singular, plural string, e sharesapi.Entity) map[string]lua.LGFunction {
	return kit.Entity[*sharesapi.Client]{Singular: singular, Plural: plural, What: what,
		List: func(ctx context.Context, c *sharesapi.Client, _ kit.Scope, q map[string]any, max int) (*rest.Iterator, error) {
			query, err := kit.Query(q)
			if err != nil {
				return nil, fmt.Errorf("%w: %v", sharesapi.ErrUsage, err)
			}
			return c.List(ctx, e, query, max), nil
		},
		Show: func(ctx context.Context, c *sharesapi.Client, _ kit.Scope, id string) (any, error) {
			return c.Show(ctx, e, id)
		},
		Create: func(ctx context.Context, c *sharesapi.Client, _ kit.Scope, f map[string]any) (any, error) {
			return c.Create(ctx, e, f)
		},
		Modify: func(ctx context.Context, c *sharesapi.Client, _ kit.Scope, id string, f map[string]any) (any, error) {
			return c.Modify(ctx, e, id, f)
		},
		Delete: func(ctx context.Context, c *sharesapi.Client, _ kit.Scope, id string) error {
			return c.Delete(ctx, e, id)
		},
	}.Methods(errs)
}

// permissions returns the methods of a share's user or group permissions (opts.share).
func permissions(kind sharesapi.PermissionKind) map[string]lua.LGFunction {
	share := func(s kit.Scope) (string, error) {
		if s["share"] == "" {
			return "", fmt.Errorf("%w: the share is required: {share = NAME or ID}", sharesapi.ErrUsage)
		}
		return s["share"], nil
	}
	return kit.Entity[*sharesapi.Client]{Singular: string(kind) + "_permission", Plural: string(kind) + "_permissions", What: what,
		Scope: []string{"share"},
		List: func(ctx context.Context, c *sharesapi.Client, s kit.Scope, _ map[string]any, max int) (*rest.Iterator, error) {
			sh, err := share(s)
			if err != nil {
				return nil, err
			}
			return c.SharePermissions(ctx, sh, kind, max)
		},
		Show: func(ctx context.Context, c *sharesapi.Client, s kit.Scope, id string) (any, error) {
			sh, err := share(s)
			if err != nil {
				return nil, err
			}
			return c.SharePermission(ctx, sh, kind, id)
		},
		Create: func(ctx context.Context, c *sharesapi.Client, s kit.Scope, f map[string]any) (any, error) {
			sh, err := share(s)
			if err != nil {
				return nil, err
			}
			return c.CreateSharePermission(ctx, sh, kind, f)
		},
		Modify: func(ctx context.Context, c *sharesapi.Client, s kit.Scope, id string, f map[string]any) (any, error) {
			sh, err := share(s)
			if err != nil {
				return nil, err
			}
			return c.ModifySharePermission(ctx, sh, kind, id, f)
		},
		Delete: func(ctx context.Context, c *sharesapi.Client, s kit.Scope, id string) error {
			sh, err := share(s)
			if err != nil {
				return err
			}
			return c.DeleteSharePermission(ctx, sh, kind, id)
		},
	}.Methods(errs)
}

// owner reads {user=} or {group=} (neither: Shares' own settings) at argument n.
func owner(L *lua.LState, n int, fn string) (sharesapi.PermissionKind, string) {
	o := kit.OptionsArg(L, n, fn, "user", "group")
	switch {
	case o.Str("user") != "" && o.Str("group") != "":
		L.ArgError(n, "user or group, not both")
	case o.Str("user") != "":
		return sharesapi.UserPermission, o.Str("user")
	case o.Str("group") != "":
		return sharesapi.GroupPermission, o.Str("group")
	}
	return "", ""
}

var methods = kit.Methods(
	entity("user", "users", sharesapi.Users),
	entity("local_user", "local_users", sharesapi.LocalUsers),
	entity("group", "groups", sharesapi.Groups),
	entity("share", "shares", sharesapi.Shares),
	entity("node", "nodes", sharesapi.Nodes),
	permissions(sharesapi.UserPermission),
	permissions(sharesapi.GroupPermission),
	map[string]lua.LGFunction{
		"repository": func(L *lua.LState) int { node.Handle.Push(L, check(L).Node); return 1 },
		"info":       func(L *lua.LState) int { v, err := check(L).Info(kit.Ctx(L)); return errs.Push(L, v, err) },
		"health":     func(L *lua.LState) int { return errs.Push(L, check(L).Health(kit.Ctx(L)), nil) },
		"add_ldap_user": func(L *lua.LState) int {
			v, err := check(L).AddLDAPUser(kit.Ctx(L), L.CheckString(2))
			return errs.Push(L, v, err)
		},
		"import_saml_user": func(L *lua.LState) int {
			v, err := check(L).ImportSAMLUser(kit.Ctx(L), kit.MapArg(L, 2))
			return errs.Push(L, v, err)
		},
		"user_share_permissions": func(L *lua.LState) int {
			c := check(L)
			user := kit.IDArg(L, 2)
			max, _ := kit.ListOpts(L, 3, "user_share_permissions")
			it, err := c.UserSharePermissions(kit.Ctx(L), user, max)
			if err != nil {
				errs.Raise(L, err)
			}
			return errs.Collect(L, it)
		},
		"transfer_settings": func(L *lua.LState) int {
			c := check(L)
			kind, ref := owner(L, 2, "transfer_settings")
			v, err := c.TransferSettings(kit.Ctx(L), kind, ref)
			return errs.Push(L, v, err)
		},
		"modify_transfer_settings": func(L *lua.LState) int {
			c := check(L)
			fields := kit.MapArg(L, 2)
			kind, ref := owner(L, 3, "modify_transfer_settings")
			v, err := c.ModifyTransferSettings(kit.Ctx(L), kind, ref, fields)
			return errs.Push(L, v, err)
		},
		"delete_transfer_settings": func(L *lua.LState) int {
			c := check(L)
			kind, ref := owner(L, 2, "delete_transfer_settings")
			return errs.OK(L, c.DeleteTransferSettings(kit.Ctx(L), kind, ref))
		},
		"url": func(L *lua.LState) int { L.Push(lua.LString(rest.CleanURL(check(L).Web.BaseURL))); return 1 },
	},
)

var simHandle = kit.SimulatorHandle("aspera.shares.simulator")

// startSimulator is shares.simulator{root=, port=, host=, username=, password=}.
func startSimulator(L *lua.LState) int {
	o := kit.OptionsArg(L, 1, "shares.simulator", "root", "port", "host", "username", "password")
	port, err := o.Int("port")
	if err != nil {
		L.ArgError(1, err.Error())
	}
	cfg := sharessim.Config{Root: o.Str("root"), Port: port, Host: o.Str("host"), Username: o.Str("username"), Password: o.Str("password")}
	cfg.Logger = kit.Logger(L)
	return kit.StartSimulator(L, simHandle, "shares.simulator", &cfg.Root, func() (*sharessim.Server, error) { return sharessim.Start(cfg) },
		func(srv *sharessim.Server) *kit.Simulator {
			user, pass := srv.Credentials()
			return &kit.Simulator{URL: srv.URL, Credentials: map[string]any{"username": user, "password": pass}}
		})
}
