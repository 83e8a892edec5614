package node

import (
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/bindings/kit"
	nodeapi "github.com/asperalm/aslmcli/products/node"
	"github.com/asperalm/aslmcli/products/rest"
	"github.com/asperalm/aslmcli/transfer/spec"
)

// methods are the node client's methods (n:browse(...)): one line each from Lua arguments to
// the products/node call and back.
var methods = map[string]lua.LGFunction{
	// gen3: files by path
	"info": func(L *lua.LState) int { v, err := check(L).Info(kit.Ctx(L)); return errs.Push(L, v, err) },
	"ping": func(L *lua.LState) int { return errs.OK(L, check(L).Ping(kit.Ctx(L))) },
	"space": func(L *lua.LState) int {
		v, err := check(L).Space(kit.Ctx(L), kit.StringsArg(L, 2)...)
		return errs.Push(L, v, err)
	},
	"browse": func(L *lua.LState) int {
		n := check(L)
		max, q := kit.ListOpts(L, 3, "browse")
		return errs.Collect(L, n.Browse(kit.Ctx(L), L.CheckString(2), q, max))
	},
	"each_file": func(L *lua.LState) int {
		n := check(L)
		max, q := kit.ListOpts(L, 3, "each_file")
		return errs.Iterator(L, n.Browse(kit.Ctx(L), L.CheckString(2), q, max))
	},
	"search": func(L *lua.LState) int {
		v, err := check(L).Search(kit.Ctx(L), L.CheckString(2), kit.ObjectArg(L, 3))
		return errs.Push(L, v, err)
	},
	"mkdir": func(L *lua.LState) int {
		r, err := check(L).Mkdir(kit.Ctx(L), kit.StringsArg(L, 2)...)
		return pushResults(L, r, err)
	},
	"mkfile": func(L *lua.LState) int {
		r, err := check(L).Mkfile(kit.Ctx(L), L.CheckString(2), []byte(L.CheckString(3)))
		return pushResults(L, r, err)
	},
	"mklink": func(L *lua.LState) int {
		r, err := check(L).Mklink(kit.Ctx(L), L.CheckString(2), L.CheckString(3))
		return pushResults(L, r, err)
	},
	"rename": func(L *lua.LState) int {
		r, err := check(L).Rename(kit.Ctx(L), L.CheckString(2), L.CheckString(3), L.CheckString(4))
		return pushResults(L, r, err)
	},
	"delete": func(L *lua.LState) int {
		r, err := check(L).Delete(kit.Ctx(L), kit.StringsArg(L, 2)...)
		return pushResults(L, r, err)
	},
	"du": func(L *lua.LState) int {
		v, err := check(L).Du(kit.Ctx(L), L.CheckString(2))
		return errs.Push(L, v, err)
	},
	"cat": func(L *lua.LState) int {
		b, err := check(L).Cat(kit.Ctx(L), L.CheckString(2))
		return errs.Push(L, string(b), err)
	},
	"upload_setup": func(L *lua.LState) int {
		v, err := check(L).UploadSetup(kit.Ctx(L), L.CheckString(2), kit.ObjectArg(L, 3))
		return errs.Push(L, v, err)
	},
	"download_setup": func(L *lua.LState) int {
		v, err := check(L).DownloadSetup(kit.Ctx(L), kit.StringsArg(L, 2), kit.ObjectArg(L, 3))
		return errs.Push(L, v, err)
	},
	"upload":        kit.Transfer(true, "node client", transferSpec, errs),
	"download":      kit.Transfer(false, "node client", transferSpec, errs),
	"upload_spec":   kit.TransferSpec(true, "node client", transferSpec, errs),
	"download_spec": kit.TransferSpec(false, "node client", transferSpec, errs),
	// gen4: files by id, under an access key
	"file": func(L *lua.LState) int {
		v, err := check(L).File(kit.Ctx(L), L.CheckString(2))
		return errs.Push(L, v, err)
	},
	"files": func(L *lua.LState) int {
		n := check(L)
		max, q := kit.ListOpts(L, 3, "files")
		return errs.Collect(L, n.Files(kit.Ctx(L), L.CheckString(2), kit.QueryOf(L, q), max))
	},
	"each_child": func(L *lua.LState) int {
		n := check(L)
		max, q := kit.ListOpts(L, 3, "each_child")
		return errs.Iterator(L, n.Files(kit.Ctx(L), L.CheckString(2), kit.QueryOf(L, q), max))
	},
	"create_in": func(L *lua.LState) int {
		v, err := check(L).CreateIn(kit.Ctx(L), L.CheckString(2), L.CheckString(3), L.OptString(4, "folder"), kit.ObjectArg(L, 5))
		return errs.Push(L, v, err)
	},
	"modify": func(L *lua.LState) int {
		return errs.OK(L, check(L).Modify(kit.Ctx(L), L.CheckString(2), kit.ObjectArg(L, 3)))
	},
	"delete_id": func(L *lua.LState) int { return errs.OK(L, check(L).DeleteID(kit.Ctx(L), L.CheckString(2))) },
	"resolve": func(L *lua.LState) int {
		v, err := check(L).Resolve(kit.Ctx(L), L.CheckString(2), L.CheckString(3))
		return errs.Push(L, v, err)
	},
	"gen4_spec": func(L *lua.LState) int {
		v, err := check(L).Gen4Spec(kit.Ctx(L), L.CheckString(2), L.CheckString(3))
		return errs.Push(L, v, err)
	},
	"permissions": func(L *lua.LState) int {
		v, err := check(L).Permissions(kit.Ctx(L), L.CheckString(2), L.OptBool(3, false))
		return errs.Push(L, v, err)
	},
	"create_permission": func(L *lua.LState) int {
		v, err := check(L).CreatePermission(kit.Ctx(L), kit.ObjectArg(L, 2))
		return errs.Push(L, v, err)
	},
	"delete_permission": func(L *lua.LState) int {
		return errs.OK(L, check(L).DeletePermission(kit.Ctx(L), L.CheckString(2)))
	},
	// access keys
	"access_keys": func(L *lua.LState) int {
		n := check(L)
		max, q := kit.ListOpts(L, 2, "access_keys")
		return errs.Collect(L, n.AccessKeys(kit.Ctx(L), kit.QueryOf(L, q), max))
	},
	"access_key": func(L *lua.LState) int {
		v, err := check(L).AccessKey(kit.Ctx(L), L.CheckString(2))
		return errs.Push(L, v, err)
	},
	"create_access_key": func(L *lua.LState) int {
		v, err := check(L).CreateAccessKey(kit.Ctx(L), kit.ObjectArg(L, 2))
		return errs.Push(L, v, err)
	},
	"modify_access_key": func(L *lua.LState) int {
		return errs.OK(L, check(L).ModifyAccessKey(kit.Ctx(L), L.CheckString(2), kit.ObjectArg(L, 3)))
	},
	"delete_access_key": func(L *lua.LState) int {
		return errs.OK(L, check(L).DeleteAccessKey(kit.Ctx(L), L.CheckString(2)))
	},
	"with_access_key": withAccessKey,
	// transfers (/ops/transfers)
	"transfers": func(L *lua.LState) int {
		n := check(L)
		max, q := kit.ListOpts(L, 2, "transfers")
		return errs.Collect(L, n.Transfers(kit.Ctx(L), kit.QueryOf(L, q), max))
	},
	"each_transfer": func(L *lua.LState) int {
		n := check(L)
		max, q := kit.ListOpts(L, 2, "each_transfer")
		return errs.Iterator(L, n.Transfers(kit.Ctx(L), kit.QueryOf(L, q), max))
	},
	"transfer": func(L *lua.LState) int {
		v, err := check(L).Transfer(kit.Ctx(L), L.CheckString(2))
		return errs.Push(L, v, err)
	},
	"start_transfer": func(L *lua.LState) int {
		v, err := check(L).StartTransfer(kit.Ctx(L), kit.ObjectArg(L, 2))
		return errs.Push(L, v, err)
	},
	"modify_transfer": func(L *lua.LState) int {
		v, err := check(L).ModifyTransfer(kit.Ctx(L), L.CheckString(2), kit.ObjectArg(L, 3))
		return errs.Push(L, v, err)
	},
	"cancel_transfer": func(L *lua.LState) int {
		v, err := check(L).CancelTransfer(kit.Ctx(L), L.CheckString(2))
		return errs.Push(L, v, err)
	},
	// the node's other services
	"events": func(L *lua.LState) int {
		v, err := check(L).Events(kit.Ctx(L), kit.QueryOf(L, kit.ObjectArg(L, 2)))
		return errs.Push(L, v, err)
	},
	"usage": func(L *lua.LState) int {
		v, err := check(L).Usage(kit.Ctx(L), kit.QueryOf(L, kit.ObjectArg(L, 2)))
		return errs.Push(L, v, err)
	},
	"async_ids": func(L *lua.LState) int { v, err := check(L).AsyncIDs(kit.Ctx(L)); return errs.Push(L, v, err) },
	"async_summary": func(L *lua.LState) int {
		v, err := check(L).AsyncSummaries(kit.Ctx(L), L.CheckInt(2))
		return errs.Push(L, v, err)
	},
	"async_counters": func(L *lua.LState) int {
		v, err := check(L).AsyncCounters(kit.Ctx(L), L.CheckInt(2))
		return errs.Push(L, v, err)
	},
	"create_stream": func(L *lua.LState) int {
		v, err := check(L).CreateStream(kit.Ctx(L), kit.ObjectArg(L, 2))
		return errs.Push(L, v, err)
	},
	"modify_stream": func(L *lua.LState) int {
		v, err := check(L).ModifyStream(kit.Ctx(L), L.CheckString(2), kit.ObjectArg(L, 3))
		return errs.Push(L, v, err)
	},
	"cancel_stream": func(L *lua.LState) int {
		v, err := check(L).CancelStream(kit.Ctx(L), L.CheckString(2))
		return errs.Push(L, v, err)
	},
	"services": func(L *lua.LState) int { v, err := check(L).Services(kit.Ctx(L)); return errs.Push(L, v, err) },
	"create_service": func(L *lua.LState) int {
		v, err := check(L).CreateService(kit.Ctx(L), kit.ObjectArg(L, 2))
		return errs.Push(L, v, err)
	},
	"delete_service": func(L *lua.LState) int { return errs.OK(L, check(L).DeleteService(kit.Ctx(L), L.CheckString(2))) },
	"watch_folders":  func(L *lua.LState) int { v, err := check(L).WatchFolders(kit.Ctx(L)); return errs.Push(L, v, err) },
	"watch_folder": func(L *lua.LState) int {
		v, err := check(L).WatchFolder(kit.Ctx(L), L.CheckString(2))
		return errs.Push(L, v, err)
	},
	"create_watch_folder": func(L *lua.LState) int {
		v, err := check(L).CreateWatchFolder(kit.Ctx(L), kit.ObjectArg(L, 2))
		return errs.Push(L, v, err)
	},
	"modify_watch_folder": func(L *lua.LState) int {
		return errs.OK(L, check(L).ModifyWatchFolder(kit.Ctx(L), L.CheckString(2), kit.ObjectArg(L, 3)))
	},
	"delete_watch_folder": func(L *lua.LState) int {
		return errs.OK(L, check(L).DeleteWatchFolder(kit.Ctx(L), L.CheckString(2)))
	},
	"cleanup":          cleanup,
	"forward":          forward,
	"postprocess":      postprocess,
	"central_sessions": central(false),
	"central_files":    central(true),
	"call":             call,
	"url":              func(L *lua.LState) int { L.Push(lua.LString(rest.CleanURL(check(L).API.BaseURL))); return 1 },
}

// transferSpec is the node's spec of an upload (upload_setup to the destination) or a
// download (download_setup of the sources); with opts.folder_id, the gen4 spec of that folder
// (the files are then relative to it).
func transferSpec(L *lua.LState, n *nodeapi.Client, r kit.Request) (spec.Spec, error) {
	if id := r.Option("folder_id"); id != "" {
		dir := "receive"
		if r.Upload {
			dir = "send"
		}
		return n.Gen4Spec(kit.Ctx(L), dir, id)
	}
	if r.Upload {
		return n.UploadSetup(kit.Ctx(L), r.Destination(), nil)
	}
	return n.DownloadSetup(kit.Ctx(L), r.Sources(), nil)
}

// withAccessKey is n:with_access_key(id, secret) or n:with_access_key(id, {token=...}): a
// client of the same node authenticated as the access key (the gen4 API).
func withAccessKey(L *lua.LState) int {
	n := check(L)
	id := L.CheckString(2)
	o := nodeapi.Options{Username: id}
	switch v := L.Get(3).(type) {
	case lua.LString:
		o.Password = string(v)
	case *lua.LTable:
		t := kit.OptionsArg(L, 3, "with_access_key", "token", "secret")
		o.Password, o.Token, o.AccessKey = t.Str("secret"), t.Str("token"), id
	default:
		L.ArgError(3, "the access key's secret, or {token=...}")
	}
	api := *n.API
	api.Auth = o.Auth()
	L.Push(kit.Like(L, 1, nodeapi.New(&api)))
	return 1
}

// call is n:call(method, path, {query=, json=, headers=}) for the endpoints without a method.
func call(L *lua.LState) int {
	n := check(L)
	method, path := strings.ToUpper(L.CheckString(2)), L.CheckString(3)
	o := kit.OptionsArg(L, 4, "call", "query", "json", "headers")
	q, err := kit.Query(o["query"])
	if err != nil {
		L.ArgError(4, err.Error())
	}
	h, err := o.Table("headers")
	if err != nil {
		L.ArgError(4, err.Error())
	}
	v, err := n.Call(kit.Ctx(L), method, path, q, o["json"], kit.Header(h))
	return errs.Push(L, v, err)
}
