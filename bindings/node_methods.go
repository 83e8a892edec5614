package bindings

import (
	"net/http"
	"net/url"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/products/node"
	"github.com/asperalm/aslmcli/products/rest"
	"github.com/asperalm/aslmcli/runtime"
)

var nodeMethods = map[string]lua.LGFunction{
	"info": func(L *lua.LState) int { v, err := checkNode(L).Info(ctxOf(L)); return push(L, v, err) },
	"ping": func(L *lua.LState) int {
		if err := checkNode(L).Ping(ctxOf(L)); err != nil {
			raiseNode(L, err)
		}
		L.Push(lua.LTrue)
		return 1
	},
	"space": func(L *lua.LState) int {
		v, err := checkNode(L).Space(ctxOf(L), stringsArg(L, 2)...)
		return push(L, v, err)
	},
	"browse": func(L *lua.LState) int {
		n := checkNode(L)
		max, q := listOpts(L, 3, "browse")
		return collect(L, n.Browse(ctxOf(L), L.CheckString(2), q, max))
	},
	"each_file": func(L *lua.LState) int {
		n := checkNode(L)
		max, q := listOpts(L, 3, "each_file")
		L.Push(iteratorValue(L, n.Browse(ctxOf(L), L.CheckString(2), q, max)))
		return 1
	},
	"search": func(L *lua.LState) int {
		v, err := checkNode(L).Search(ctxOf(L), L.CheckString(2), objectArg(L, 3))
		return push(L, v, err)
	},
	"mkdir": func(L *lua.LState) int {
		r, err := checkNode(L).Mkdir(ctxOf(L), stringsArg(L, 2)...)
		return pushResults(L, r, err)
	},
	"mkfile": func(L *lua.LState) int {
		r, err := checkNode(L).Mkfile(ctxOf(L), L.CheckString(2), []byte(L.CheckString(3)))
		return pushResults(L, r, err)
	},
	"mklink": func(L *lua.LState) int {
		r, err := checkNode(L).Mklink(ctxOf(L), L.CheckString(2), L.CheckString(3))
		return pushResults(L, r, err)
	},
	"rename": func(L *lua.LState) int {
		r, err := checkNode(L).Rename(ctxOf(L), L.CheckString(2), L.CheckString(3), L.CheckString(4))
		return pushResults(L, r, err)
	},
	"delete": func(L *lua.LState) int {
		r, err := checkNode(L).Delete(ctxOf(L), stringsArg(L, 2)...)
		return pushResults(L, r, err)
	},
	"du": func(L *lua.LState) int { v, err := checkNode(L).Du(ctxOf(L), L.CheckString(2)); return push(L, v, err) },
	"cat": func(L *lua.LState) int {
		b, err := checkNode(L).Cat(ctxOf(L), L.CheckString(2))
		if err != nil {
			raiseNode(L, err)
		}
		L.Push(lua.LString(b))
		return 1
	},
	"upload_setup": func(L *lua.LState) int {
		v, err := checkNode(L).UploadSetup(ctxOf(L), L.CheckString(2), objectArg(L, 3))
		return push(L, v, err)
	},
	"download_setup": func(L *lua.LState) int {
		v, err := checkNode(L).DownloadSetup(ctxOf(L), stringsArg(L, 2), objectArg(L, 3))
		return push(L, v, err)
	},
	// gen4
	"file": func(L *lua.LState) int {
		v, err := checkNode(L).File(ctxOf(L), L.CheckString(2))
		return push(L, v, err)
	},
	"files": func(L *lua.LState) int {
		n := checkNode(L)
		max, q := listOpts(L, 3, "files")
		return collect(L, n.Files(ctxOf(L), L.CheckString(2), queryValues(L, q), max))
	},
	"each_child": func(L *lua.LState) int {
		n := checkNode(L)
		max, q := listOpts(L, 3, "each_child")
		L.Push(iteratorValue(L, n.Files(ctxOf(L), L.CheckString(2), queryValues(L, q), max)))
		return 1
	},
	"create_in": func(L *lua.LState) int {
		v, err := checkNode(L).CreateIn(ctxOf(L), L.CheckString(2), L.CheckString(3), L.OptString(4, "folder"), objectArg(L, 5))
		return push(L, v, err)
	},
	"modify": func(L *lua.LState) int {
		if err := checkNode(L).Modify(ctxOf(L), L.CheckString(2), objectArg(L, 3)); err != nil {
			raiseNode(L, err)
		}
		return 0
	},
	"delete_id": func(L *lua.LState) int {
		if err := checkNode(L).DeleteID(ctxOf(L), L.CheckString(2)); err != nil {
			raiseNode(L, err)
		}
		return 0
	},
	"resolve": func(L *lua.LState) int {
		v, err := checkNode(L).Resolve(ctxOf(L), L.CheckString(2), L.CheckString(3))
		return push(L, v, err)
	},
	// access keys
	"access_keys": func(L *lua.LState) int {
		n := checkNode(L)
		max, q := listOpts(L, 2, "access_keys")
		return collect(L, n.AccessKeys(ctxOf(L), queryValues(L, q), max))
	},
	"access_key": func(L *lua.LState) int {
		v, err := checkNode(L).AccessKey(ctxOf(L), L.CheckString(2))
		return push(L, v, err)
	},
	"create_access_key": func(L *lua.LState) int {
		v, err := checkNode(L).CreateAccessKey(ctxOf(L), objectArg(L, 2))
		return push(L, v, err)
	},
	"modify_access_key": func(L *lua.LState) int {
		if err := checkNode(L).ModifyAccessKey(ctxOf(L), L.CheckString(2), objectArg(L, 3)); err != nil {
			raiseNode(L, err)
		}
		return 0
	},
	"delete_access_key": func(L *lua.LState) int {
		if err := checkNode(L).DeleteAccessKey(ctxOf(L), L.CheckString(2)); err != nil {
			raiseNode(L, err)
		}
		return 0
	},
	// transfers
	"transfers": func(L *lua.LState) int {
		n := checkNode(L)
		max, q := listOpts(L, 2, "transfers")
		return collect(L, n.Transfers(ctxOf(L), queryValues(L, q), max))
	},
	"each_transfer": func(L *lua.LState) int {
		n := checkNode(L)
		max, q := listOpts(L, 2, "each_transfer")
		L.Push(iteratorValue(L, n.Transfers(ctxOf(L), queryValues(L, q), max)))
		return 1
	},
	"transfer": func(L *lua.LState) int {
		v, err := checkNode(L).Transfer(ctxOf(L), L.CheckString(2))
		return push(L, v, err)
	},
	"start_transfer": func(L *lua.LState) int {
		v, err := checkNode(L).StartTransfer(ctxOf(L), objectArg(L, 2))
		return push(L, v, err)
	},
	"modify_transfer": func(L *lua.LState) int {
		v, err := checkNode(L).ModifyTransfer(ctxOf(L), L.CheckString(2), objectArg(L, 3))
		return push(L, v, err)
	},
	"cancel_transfer": func(L *lua.LState) int {
		v, err := checkNode(L).CancelTransfer(ctxOf(L), L.CheckString(2))
		return push(L, v, err)
	},
	"call": nodeCall,
	"url": func(L *lua.LState) int {
		L.Push(lua.LString(rest.CleanURL(checkNode(L).API.BaseURL)))
		return 1
	},
}

// with_access_key makes a client whose methods are nodeMethods: set at init (a literal would
// refer to itself).
func init() { nodeMethods["with_access_key"] = nodeWithAccessKey }

func queryValues(L *lua.LState, q node.Object) url.Values {
	if q == nil {
		return nil
	}
	v, err := queryOf(map[string]any(q))
	if err != nil {
		runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "query: %v", err))
	}
	return v
}

// nodeWithAccessKey is n:with_access_key(id, secret) or n:with_access_key(id, {token=...}):
// a client of the same node authenticated as the access key (the gen4 API).
func nodeWithAccessKey(L *lua.LState) int {
	n := checkNode(L)
	id := L.CheckString(2)
	var auth rest.Auth
	switch v := L.Get(3).(type) {
	case lua.LString:
		auth = rest.Basic{Username: id, Password: string(v)}
	case *lua.LTable:
		o := optionsArg(L, 3, "with_access_key", "token", "secret")
		if tok := o.str("token"); tok != "" {
			auth = rest.NodeBearer{Token: tok, AccessKey: id}
		} else {
			auth = rest.Basic{Username: id, Password: o.str("secret")}
		}
	default:
		L.ArgError(3, "the access key's secret, or {token=...}")
	}
	api := *n.API
	api.Auth = auth
	L.Push(newNodeValue(L, node.New(&api)))
	return 1
}

// nodeCall is n:call(method, path, {query=, json=, headers=}) for the endpoints without a method.
func nodeCall(L *lua.LState) int {
	n := checkNode(L)
	method, path := strings.ToUpper(L.CheckString(2)), L.CheckString(3)
	o := optionsArg(L, 4, "call", "query", "json", "headers")
	q, err := queryOf(o["query"])
	if err != nil {
		L.ArgError(4, err.Error())
	}
	var header http.Header
	if h, _ := o.table("headers"); len(h) > 0 {
		header = http.Header{}
		for k, v := range h {
			header.Set(k, scalarText(v))
		}
	}
	v, err := n.Call(ctxOf(L), method, path, q, o["json"], header)
	return push(L, v, err)
}
