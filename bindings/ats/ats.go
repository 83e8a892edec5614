// Package ats is the binding of aspera.ats, the IBM Aspera Transfer Service (products/ats):
// clusters, access keys and their node (an aspera.node client), the subscription, API keys
// through IBM Cloud IAM, and the local simulator (products/ats/atssim).
//
// The repository of API keys is HOME/ats_api_keys.json, HOME being the folder of the run's
// token cache (HOME/persist_store); a `repository` option names another file.
package ats

import (
	_ "embed"
	"path/filepath"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/bindings/kit"
	"github.com/asperalm/aslmcli/bindings/node"
	"github.com/asperalm/aslmcli/products/ats"
	"github.com/asperalm/aslmcli/runtime"
)

//go:embed aspera.ats.d.lua
var meta string

// Module is `aspera.ats`.
var Module = kit.Module{Name: "aspera.ats", Doc: "IBM Aspera Transfer Service: clusters, access keys on cloud storage and their node, API keys, a local simulator",
	Meta: meta, Funcs: funcs, Types: map[string]*kit.Handle{"client": Handle, "simulator": simHandle}}

var funcs = map[string]lua.LGFunction{
	"new":         constructor.New,
	"from_preset": constructor.FromPreset,
	"simulator":   startSimulator,
	"clouds": func(L *lua.LState) int {
		L.Push(runtime.ToLua(L, ats.CloudList()))
		return 1
	},
}

// Handle is the type of an ATS client.
var Handle = &kit.Handle{Name: "aspera.ats.client", Methods: methods,
	String: func(v any) string { return "aspera.ats(" + v.(*ats.Client).Open.BaseURL.Host + ")" }}

// constructor makes clients from the ats plugin's options.
var constructor = &kit.Client[*ats.Client]{Module: "ats", Handle: Handle,
	Keys: []string{"url", "ats_key", "ats_secret", "ats_id", "ibm_api_key", "iam_url", "instance", "repository", "redirect_uri"}, Build: build}

func build(L *lua.LState, o kit.Options) (*ats.Client, error) {
	repo := o.Str("repository")
	if repo == "" {
		repo = repositoryPath(L)
	}
	return ats.New(ats.Options{URL: o.Str("url"), ATSKey: o.Str("ats_key"), ATSSecret: o.Str("ats_secret"), ATSID: o.Str("ats_id"),
		IBMAPIKey: o.Str("ibm_api_key"), IAMURL: o.Str("iam_url"), Instance: o.Str("instance"), Repository: repo,
		RedirectURI: o.Str("redirect_uri"), Env: kit.AuthEnv(L)})
}

// repositoryPath is HOME/ats_api_keys.json, "" when the run has no home folder.
func repositoryPath(L *lua.LState) string {
	if h := kit.HTTPOf(L); h.Tokens != nil {
		if c := h.Tokens(); c != nil && c.Dir != "" {
			return filepath.Join(filepath.Dir(c.Dir), ats.RepositoryFile)
		}
	}
	return ""
}

func check(L *lua.LState) *ats.Client { return kit.Arg[*ats.Client](L, 1, "ats client") }

var errs = kit.Errors{Kinds: map[error]string{ats.ErrUsage: runtime.KindUsage, ats.ErrNoAPIKey: runtime.KindUsage,
	ats.ErrNotFound: runtime.KindError}}

// secretOpt reads {secret = ...} at argument n.
func secretOpt(L *lua.LState, n int, fn string) string {
	return kit.OptionsArg(L, n, fn, "secret").Str("secret")
}

// accessKeys reads {max = n} at argument 2 and starts the lazy listing.
func accessKeys(L *lua.LState, fn string) kit.Lister {
	c := check(L)
	max, _ := kit.ListOpts(L, 2, fn)
	it, err := c.AccessKeys(kit.Ctx(L), max)
	if err != nil {
		errs.Raise(L, err)
	}
	return it
}

var methods = map[string]lua.LGFunction{
	"clusters": func(L *lua.LState) int { v, err := check(L).Servers(kit.Ctx(L)); return errs.Push(L, v, err) },
	"cluster": func(L *lua.LState) int {
		v, err := check(L).Server(kit.Ctx(L), L.CheckString(2), L.CheckString(3))
		return errs.Push(L, v, err)
	},
	"cluster_by_id": func(L *lua.LState) int {
		v, err := check(L).ServerByID(kit.Ctx(L), L.CheckString(2), false)
		return errs.Push(L, v, err)
	},
	"provisioned":     func(L *lua.LState) int { v, err := check(L).Provisioned(kit.Ctx(L)); return errs.Push(L, v, err) },
	"access_keys":     func(L *lua.LState) int { return errs.Collect(L, accessKeys(L, "access_keys")) },
	"each_access_key": func(L *lua.LState) int { return errs.Iterator(L, accessKeys(L, "each_access_key")) },
	"access_key": func(L *lua.LState) int {
		v, err := check(L).AccessKey(kit.Ctx(L), L.CheckString(2))
		return errs.Push(L, v, err)
	},
	"create_access_key": func(L *lua.LState) int {
		c, params := check(L), kit.MapArg(L, 2)
		o := kit.OptionsArg(L, 3, "create_access_key", "cloud", "region")
		v, err := c.CreateAccessKey(kit.Ctx(L), params, o.Str("cloud"), o.Str("region"))
		return errs.Push(L, v, err)
	},
	"modify_access_key": func(L *lua.LState) int {
		c, id, change := check(L), L.CheckString(2), kit.MapArg(L, 3)
		return errs.OK(L, c.ModifyAccessKey(kit.Ctx(L), id, change))
	},
	"delete_access_key": func(L *lua.LState) int {
		return errs.OK(L, check(L).DeleteAccessKey(kit.Ctx(L), L.CheckString(2)))
	},
	"node": func(L *lua.LState) int {
		c, id := check(L), L.CheckString(2)
		kn, err := c.Node(kit.Ctx(L), id, secretOpt(L, 3, "node"))
		if err != nil {
			errs.Raise(L, err)
		}
		node.Handle.Push(L, kn.Node)
		L.Push(lua.LString(kn.RootFileID))
		return 2
	},
	"access_key_cluster": func(L *lua.LState) int {
		c, id := check(L), L.CheckString(2)
		v, err := c.AccessKeyServers(kit.Ctx(L), id, secretOpt(L, 3, "access_key_cluster"))
		return errs.Push(L, v, err)
	},
	"subscriptions": func(L *lua.LState) int { v, err := check(L).Subscriptions(kit.Ctx(L)); return errs.Push(L, v, err) },
	"aws_trust_policy": func(L *lua.LState) int {
		v, err := check(L).AWSTrustPolicy(kit.Ctx(L), L.OptString(2, ""))
		return errs.Push(L, v, err)
	},
	"instances": func(L *lua.LState) int { v, err := check(L).Instances(kit.Ctx(L)); return errs.Push(L, v, err) },
	"api_keys":  func(L *lua.LState) int { v, err := check(L).APIKeys(kit.Ctx(L)); return errs.Push(L, v, err) },
	"api_key": func(L *lua.LState) int {
		v, err := check(L).APIKey(kit.Ctx(L), L.CheckString(2))
		return errs.Push(L, v, err)
	},
	"create_api_key": func(L *lua.LState) int {
		v, err := check(L).CreateAPIKey(kit.Ctx(L), kit.ObjectArg(L, 2))
		return errs.Push(L, v, err)
	},
	"delete_api_key": func(L *lua.LState) int {
		return errs.OK(L, check(L).DeleteAPIKey(kit.Ctx(L), L.CheckString(2)))
	},
	"repository": func(L *lua.LState) int {
		keys, err := check(L).Repository().Keys()
		out := make([]any, len(keys))
		for i, k := range keys {
			out[i] = k
		}
		return errs.Push(L, out, err)
	},
	"forget_api_key": func(L *lua.LState) int {
		ok, err := check(L).Repository().Delete(L.CheckString(2))
		if err != nil {
			errs.Raise(L, err)
		}
		L.Push(lua.LBool(ok))
		return 1
	},
}
