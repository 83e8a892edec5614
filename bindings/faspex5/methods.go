package faspex5

import (
	"context"
	"fmt"
	"net/url"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/bindings/kit"
	f5 "github.com/asperalm/aslmcli/products/faspex5"
	"github.com/asperalm/aslmcli/products/rest"
	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/transfer/spec"
)

// mailboxKeys are the options that say which packages.
var mailboxKeys = []string{"box", "shared_inbox", "workgroup", "group_type"}

func mailboxOf(o kit.Options) f5.Mailbox {
	return f5.Mailbox{Box: o.Str("box"), SharedInbox: o.Str("shared_inbox"), Workgroup: o.Str("workgroup"), GroupType: o.Str("group_type")}
}

// listOpts reads {box..., max, query} of a package listing.
func listOpts(L *lua.LState, n int, fn string) (f5.Mailbox, int, url.Values) {
	o, max, q := kit.ListOptsWith(L, n, fn, mailboxKeys...)
	return mailboxOf(o), max, kit.QueryOf(L, q)
}

// iter pushes a listing that may have failed to start, as a list or an iterator.
func iter(L *lua.LState, lazy bool, it *rest.Iterator, err error) int {
	if err != nil {
		errs.Raise(L, err)
	}
	if lazy {
		return errs.Iterator(L, it)
	}
	return errs.Collect(L, it)
}

func packages(lazy bool) lua.LGFunction {
	return func(L *lua.LState) int {
		c := check(L)
		m, max, q := listOpts(L, 2, "packages")
		it, err := c.Packages(kit.Ctx(L), m, q, max)
		return iter(L, lazy, it, err)
	}
}

func browse(lazy bool) lua.LGFunction {
	return func(L *lua.LState) int {
		c := check(L)
		id, path := L.CheckString(2), L.OptString(3, "/")
		m, max, _ := listOpts(L, 4, "browse")
		it, err := c.Browse(kit.Ctx(L), id, m, path, max)
		return iter(L, lazy, it, err)
	}
}

func resourceArg(L *lua.LState, n int) f5.Resource {
	r, err := f5.ResourceOf(L.CheckString(n))
	if err != nil {
		errs.Raise(L, err)
	}
	return r
}

func resources(lazy bool) lua.LGFunction {
	return func(L *lua.LState) int {
		c := check(L)
		r := resourceArg(L, 2)
		max, q := kit.ListOpts(L, 3, "resources")
		if r.Types != nil {
			l := make([]any, len(r.Types))
			for i, t := range r.Types {
				l[i] = map[string]any{"type": t}
			}
			return errs.Push(L, l, nil)
		}
		return iter(L, lazy, c.List(kit.Ctx(L), r, kit.QueryOf(L, q), max), nil)
	}
}

// methods are the client's methods (c:packages{...}): from Lua arguments to the
// products/faspex5 call and back.
var methods = map[string]lua.LGFunction{
	"version": func(L *lua.LState) int { v, err := check(L).Version(kit.Ctx(L)); return errs.Push(L, v, err) },
	"account": func(L *lua.LState) int { v, err := check(L).Account(kit.Ctx(L)); return errs.Push(L, v, err) },
	"profile": func(L *lua.LState) int { v, err := check(L).Profile(kit.Ctx(L)); return errs.Push(L, v, err) },
	"modify_profile": func(L *lua.LState) int {
		v, err := check(L).ModifyProfile(kit.Ctx(L), kit.MapArg(L, 2))
		return errs.Push(L, v, err)
	},
	"bearer_token": func(L *lua.LState) int {
		c := check(L)
		a, ok := c.API.Auth.(rest.OAuth)
		if !ok {
			runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "bearer_token: the client has no OAuth token (--auth=boot gives its own)"))
		}
		tok, err := a.Source.Token(kit.Ctx(L))
		return errs.Push(L, "Bearer "+tok, err)
	},
	"link": func(L *lua.LState) int {
		c := check(L)
		if c.Link == nil {
			L.Push(lua.LNil)
			return 1
		}
		return errs.Push(L, c.Link, nil)
	},
	"packages":     packages(false),
	"each_package": packages(true),
	"package": func(L *lua.LState) int {
		c := check(L)
		v, err := c.Package(kit.Ctx(L), L.CheckString(2), kit.QueryArg(L, 3))
		return errs.Push(L, v, err)
	},
	"browse":    browse(false),
	"each_file": browse(true),
	"status": func(L *lua.LState) int {
		v, err := check(L).UploadDetails(kit.Ctx(L), L.CheckString(2))
		return errs.Push(L, v, err)
	},
	"wait_status": func(L *lua.LState) int {
		c := check(L)
		id := L.CheckString(2)
		o := kit.OptionsArg(L, 3, "wait_status", "states")
		states, err := o.Strings("states")
		if err != nil {
			L.ArgError(3, err.Error())
		}
		v, err := c.WaitStatus(kit.Ctx(L), id, states, nil)
		return errs.Push(L, v, err)
	},
	"delete_package": func(L *lua.LState) int { return errs.OK(L, check(L).Delete(kit.Ctx(L), kit.StringsArg(L, 2)...)) },
	"send":           send,
	"receive":        receive,
	"receive_all":    receiveAll,
	"shared_folders": func(L *lua.LState) int {
		c := check(L)
		max, _ := kit.ListOpts(L, 2, "shared_folders")
		return errs.Collect(L, c.SharedFolders(kit.Ctx(L), max))
	},
	"browse_shared_folder": func(L *lua.LState) int {
		c := check(L)
		name, path := L.CheckString(2), L.OptString(3, "/")
		max, _ := kit.ListOpts(L, 4, "browse_shared_folder")
		it, err := c.BrowseSharedFolder(kit.Ctx(L), name, path, max)
		return iter(L, false, it, err)
	},
	"resources":     resources(false),
	"each_resource": resources(true),
	"resource": func(L *lua.LState) int {
		v, err := check(L).Show(kit.Ctx(L), resourceArg(L, 2), L.CheckString(3))
		return errs.Push(L, v, err)
	},
	"create_resource": func(L *lua.LState) int {
		v, err := check(L).Create(kit.Ctx(L), resourceArg(L, 2), kit.MapArg(L, 3))
		return errs.Push(L, v, err)
	},
	"modify_resource": func(L *lua.LState) int {
		v, err := check(L).Modify(kit.Ctx(L), resourceArg(L, 2), L.CheckString(3), kit.MapArg(L, 4))
		return errs.Push(L, v, err)
	},
	"delete_resource": func(L *lua.LState) int {
		return errs.OK(L, check(L).Remove(kit.Ctx(L), resourceArg(L, 2), L.CheckString(3)))
	},
	"lookup": func(L *lua.LState) int {
		v, err := check(L).Lookup(kit.Ctx(L), resourceArg(L, 2), L.CheckString(3), L.CheckString(4))
		return errs.Push(L, v, err)
	},
}

// split separates the keys of a Lua table: those of keys stay in a new table (transfer options
// and functions), the others are converted to Go (the API's fields).
func split(L *lua.LState, t *lua.LTable, keys ...string) (*lua.LTable, map[string]any) {
	mine, rest := L.NewTable(), L.NewTable()
	t.ForEach(func(k, v lua.LValue) {
		for _, x := range keys {
			if k.String() == x {
				mine.RawSet(k, v)
				return
			}
		}
		rest.RawSet(k, v)
	})
	g, err := runtime.FromLua(L, rest)
	if err != nil {
		L.ArgError(2, err.Error())
	}
	m, _ := g.(map[string]any)
	if m == nil {
		m = map[string]any{}
	}
	return mine, m
}

// protect sets the content protection password of a spec that needs one: the option, else
// the ask_password function's answer, else a usage error.
func protect(L *lua.LState, s spec.Spec, opts *lua.LTable) {
	if !f5.NeedsPassword(s) {
		return
	}
	pw := lua.LVAsString(opts.RawGetString("content_protection_password"))
	if ask, ok := opts.RawGetString("ask_password").(*lua.LFunction); ok && pw == "" {
		L.Push(ask)
		L.Call(0, 1)
		pw = lua.LVAsString(L.Get(-1))
		L.Pop(1)
	}
	if pw == "" {
		runtime.Raise(L, runtime.Wrap(runtime.KindUsage, errProtected))
	}
	s["content_protection_password"] = pw
}

// filesArg returns the files of the options table of argument 2 (a name or a list).
func filesArg(L *lua.LState, opts *lua.LTable) ([]string, error) {
	files := kit.Options{"files": nil}
	if v := opts.RawGetString("files"); v != lua.LNil {
		g, err := runtime.FromLua(L, v)
		if err != nil {
			L.ArgError(2, err.Error())
		}
		files["files"] = g
	}
	return files.Strings("files")
}

var transferKeys = []string{"files", "agent", "on_progress", "progress", "content_protection_password", "ask_password", "src_type"}

// send is c:send{title, recipients, note, files, ...}: the package is created, its upload
// spec asked, and the transfer started; it returns the job and the package.
func send(L *lua.LState) int {
	c := check(L)
	opts, pkg := split(L, L.CheckTable(2), transferKeys...)
	list, err := filesArg(L, opts)
	if err != nil || len(list) == 0 {
		runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "faspex5 send: files: at least one file to send"))
	}
	kit.NewAgent(L, lua.LVAsString(opts.RawGetString("agent"))) // fails before the package is made when the agent cannot run
	ctx := kit.Ctx(L)
	body, err := c.PrepareSend(ctx, pkg, lua.LVAsString(opts.RawGetString("content_protection_password")) != "")
	if err != nil {
		errs.Raise(L, err)
	}
	created, err := c.CreatePackage(ctx, body)
	if err != nil {
		errs.Raise(L, err)
	}
	s, err := c.UploadSpec(ctx, fmt.Sprint(created["id"]), list)
	if err != nil {
		errs.Raise(L, err)
	}
	protect(L, s, opts)
	r := kit.Request{Upload: true, Files: list, SrcType: lua.LVAsString(opts.RawGetString("src_type")), Opts: opts}
	L.Push(kit.Start(L, r, s))
	L.Push(runtime.ToLua(L, created))
	return 2
}

var receiveKeys = append([]string{"to_folder", "files", "agent", "on_progress", "progress", "content_protection_password", "ask_password"}, mailboxKeys...)

// receive is c:receive(id, {to_folder, files, box...}): the job of the package's download.
func receive(L *lua.LState) int {
	c := check(L)
	id := L.CheckString(2)
	opts := L.OptTable(3, L.NewTable())
	_, o := split(L, opts, "on_progress", "ask_password")
	if err := kit.CheckKeys("faspex5 receive", o, receiveKeys); err != nil {
		runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "%v", err))
	}
	ko := kit.Options(o)
	paths, err := ko.Strings("files")
	if err != nil {
		L.ArgError(3, err.Error())
	}
	s, err := c.DownloadSpec(kit.Ctx(L), id, mailboxOf(ko), paths)
	if err != nil {
		errs.Raise(L, err)
	}
	protect(L, s, opts)
	L.Push(kit.Start(L, kit.Request{ToFolder: ko.Str("to_folder"), Opts: opts}, s))
	return 1
}

var receiveAllKeys = append(append([]string{"content_protection_password"}, kit.ReceiveAllKeys...), mailboxKeys...)

// receiveAll is c:receive_all{box..., once_only, package_folder, concurrency, init}: every
// completed package of a mailbox not received yet, one result each.
func receiveAll(L *lua.LState) int {
	c := check(L)
	o := kit.OptionsArg(L, 2, "receive_all", receiveAllKeys...)
	m := mailboxOf(o)
	once, init, b, err := kit.ReceiveAllOptions(o)
	if err != nil {
		L.ArgError(2, err.Error())
	}
	b.Seen = kit.OnceOnly(L, "faspex5 receive", once, init, "faspex5_recv", c.Base, c.User, fmt.Sprintf("%+v", m))
	ctx := kit.Ctx(L)
	var skip func(string) bool
	if b.Seen != nil && !init {
		skip = b.Seen.Has
	}
	ids, err := c.ReceivableIDs(ctx, m, skip)
	if err != nil {
		errs.Raise(L, err)
	}
	pw := o.Str("content_protection_password")
	return errs.Push(L, kit.ReceiveAll(L, ids, init, func(ctx context.Context, id string) (spec.Spec, error) {
		s, err := c.DownloadSpec(ctx, id, m, nil)
		if err == nil && f5.NeedsPassword(s) {
			if pw == "" {
				return nil, errProtected
			}
			s["content_protection_password"] = pw
		}
		return s, err
	}, b), nil)
}
