package aoc

import (
	"fmt"
	"net/url"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/bindings/kit"
	nodebind "github.com/asperalm/aslmcli/bindings/node"
	aocapi "github.com/asperalm/aslmcli/products/aoc"
	"github.com/asperalm/aslmcli/runtime"
)

// methods are the AoC client's methods: one short function each from Lua arguments to the
// products/aoc call and back.
var methods = map[string]lua.LGFunction{
	// the user and the organization
	"self":         func(L *lua.LState) int { v, err := check(L).Self(kit.Ctx(L)); return errs.Push(L, v, err) },
	"organization": func(L *lua.LState) int { v, err := check(L).Organization(kit.Ctx(L)); return errs.Push(L, v, err) },
	"servers":      func(L *lua.LState) int { v, err := check(L).Servers(kit.Ctx(L)); return errs.Push(L, v, err) },
	"public_link":  func(L *lua.LState) int { v, err := check(L).PublicLink(kit.Ctx(L)); return errs.Push(L, v, err) },
	"bearer_token": func(L *lua.LState) int { v, err := check(L).BearerToken(kit.Ctx(L)); return errs.Push(L, v, err) },
	"needs_password": func(L *lua.LState) int {
		v, err := check(L).NeedsPassword(kit.Ctx(L))
		return errs.Push(L, v, err)
	},
	"workspace": func(L *lua.LState) int {
		ws, err := check(L).Workspace(kit.Ctx(L))
		if err != nil {
			errs.Raise(L, err)
		}
		return errs.Push(L, ws.Value(), nil)
	},
	"workspaces": func(L *lua.LState) int {
		c := check(L)
		max, pmax, q := listOpts(L, 2, "workspaces")
		return errs.Collect(L, c.List(kit.Ctx(L), "workspaces", q, max, pmax))
	},
	"modify_profile": func(L *lua.LState) int {
		return errs.OK(L, check(L).ModifyProfile(kit.Ctx(L), kit.MapArg(L, 2)))
	},
	"admin": func(L *lua.LState) int {
		a, err := check(L).WithScope(aocapi.ScopeAdmin)
		if err != nil {
			errs.Raise(L, err)
		}
		L.Push(kit.Like(L, 1, &client{Client: a}))
		return 1
	},
	// files
	"files":      files,
	"resolve":    resolve,
	"browse":     func(L *lua.LState) int { return browse(L, false) },
	"each_file":  func(L *lua.LState) int { return browse(L, true) },
	"find":       func(L *lua.LState) int { return find(L, false) },
	"each_found": func(L *lua.LState) int { return find(L, true) },
	"show": func(L *lua.LState) int {
		c, from, _ := at(L, 3, "show")
		v, err := c.Show(kit.Ctx(L), from, L.CheckString(2))
		return errs.Push(L, v, err)
	},
	"mkdir": func(L *lua.LState) int {
		c, from, _ := at(L, 3, "mkdir")
		v, err := c.Mkdir(kit.Ctx(L), from, L.CheckString(2))
		return errs.Push(L, v, err)
	},
	"rename": func(L *lua.LState) int {
		c, from, _ := at(L, 4, "rename")
		return errs.OK(L, c.Rename(kit.Ctx(L), from, L.CheckString(2), L.CheckString(3)))
	},
	"delete": func(L *lua.LState) int {
		c, from, _ := at(L, 3, "delete")
		return errs.OK(L, c.DeletePath(kit.Ctx(L), from, L.CheckString(2)))
	},
	"modify": func(L *lua.LState) int {
		c, from, _ := at(L, 4, "modify")
		return errs.OK(L, c.ModifyEntry(kit.Ctx(L), from, L.CheckString(2), kit.MapArg(L, 3)))
	},
	"upload":        func(L *lua.LState) int { return transfer(L, true, false) },
	"download":      func(L *lua.LState) int { return transfer(L, false, false) },
	"upload_spec":   func(L *lua.LState) int { return transfer(L, true, true) },
	"download_spec": func(L *lua.LState) int { return transfer(L, false, true) },
	"download_http": downloadHTTP,
	"create_private_link": func(L *lua.LState) int {
		c, from, _ := at(L, 3, "create_private_link")
		v, err := c.CreatePrivateLink(kit.Ctx(L), from, L.CheckString(2))
		return errs.Push(L, v, err)
	},
	"private_links": func(L *lua.LState) int {
		c, from, _ := at(L, 3, "private_links")
		v, err := c.PrivateLinks(kit.Ctx(L), from, L.CheckString(2))
		return errs.Push(L, v, err)
	},
	"create_public_link": func(L *lua.LState) int {
		c, from, _ := at(L, 3, "create_public_link")
		v, err := c.CreatePublicLink(kit.Ctx(L), from, L.CheckString(2))
		return errs.Push(L, v, err)
	},
	"public_links": func(L *lua.LState) int {
		c, from, _ := at(L, 3, "public_links")
		v, err := c.PublicLinks(kit.Ctx(L), from, L.CheckString(2))
		return errs.Push(L, v, err)
	},
	"delete_short_link": func(L *lua.LState) int { return errs.OK(L, check(L).DeleteShortLink(kit.Ctx(L), L.CheckString(2))) },
	"permissions": func(L *lua.LState) int {
		c, from, _ := at(L, 3, "permissions")
		v, err := c.Permissions(kit.Ctx(L), from, L.CheckString(2))
		return errs.Push(L, v, err)
	},
	"create_permission": func(L *lua.LState) int {
		c, from, _ := at(L, 4, "create_permission")
		v, err := c.CreatePermission(kit.Ctx(L), from, L.CheckString(2), kit.MapArg(L, 3))
		return errs.Push(L, v, err)
	},
	"delete_permission": func(L *lua.LState) int {
		c, from, _ := at(L, 4, "delete_permission")
		return errs.OK(L, c.DeletePermission(kit.Ctx(L), from, L.CheckString(2), L.CheckString(3)))
	},
	// packages
	"packages": packages,
	"package": func(L *lua.LState) int {
		v, err := check(L).Package(kit.Ctx(L), L.CheckString(2))
		return errs.Push(L, v, err)
	},
	"delete_package": func(L *lua.LState) int { return errs.OK(L, check(L).DeletePackage(kit.Ctx(L), L.CheckString(2))) },
	"modify_package": func(L *lua.LState) int {
		return errs.OK(L, check(L).ModifyPackage(kit.Ctx(L), L.CheckString(2), kit.MapArg(L, 3)))
	},
	"send_package":    sendPackage,
	"receive_package": receivePackage,
	"receivable":      receivable,
	"mark_received":   func(L *lua.LState) int { return errs.OK(L, receivedList(L).Add(kit.StringsArg(L, 2)...)) },
	"reset_received":  func(L *lua.LState) int { return errs.OK(L, receivedList(L).Reset(kit.StringsArg(L, 2))) },
	"package_folder":  packageFolder,
	"resource_list":   resourceList,
	"resource_show": func(L *lua.LState) int {
		c, p := instance(L)
		v, err := c.Read(kit.Ctx(L), p)
		return errs.Push(L, v, err)
	},
	"resource_modify": func(L *lua.LState) int {
		c, p := instance(L)
		_, err := c.Modify(kit.Ctx(L), p, kit.MapArg(L, 4))
		return errs.OK(L, err)
	},
	"resource_delete": func(L *lua.LState) int { c, p := instance(L); return errs.OK(L, c.Delete(kit.Ctx(L), p)) },
	"resource_create": func(L *lua.LState) int {
		c := check(L)
		v, err := c.CreateResource(kit.Ctx(L), resource(L, 2), kit.MapArg(L, 3))
		return errs.Push(L, v, err)
	},
	"set_client_key": func(L *lua.LState) int {
		return errs.OK(L, check(L).SetClientKey(kit.Ctx(L), L.CheckString(2), L.CheckString(3), L.OptString(4, "")))
	},
	"events": func(L *lua.LState) int {
		c := check(L)
		v, err := c.Events(kit.Ctx(L), kit.QueryArg(L, 2))
		return errs.Push(L, v, err)
	},
	"transfer_events": transferEvents,
	"applications":    func(L *lua.LState) int { v, err := check(L).Applications(kit.Ctx(L)); return errs.Push(L, v, err) },
	"app_settings": func(L *lua.LState) int {
		v, err := check(L).AppSettings(kit.Ctx(L), L.CheckString(2))
		return errs.Push(L, v, err)
	},
	"modify_app_settings": func(L *lua.LState) int {
		return errs.OK(L, check(L).ModifyAppSettings(kit.Ctx(L), L.CheckString(2), kit.MapArg(L, 3)))
	},
	"app_memberships": func(L *lua.LState) int {
		c := check(L)
		max, pmax, q := listOpts(L, 2, "app_memberships")
		return errs.Collect(L, c.AppMemberships(kit.Ctx(L), q, max, pmax))
	},
	"gateway": startGateway,
}

func texts(l []string) []any {
	out := make([]any, len(l))
	for i, s := range l {
		out[i] = s
	}
	return out
}

// listOpts reads {max=, pmax=, query=} at argument n.
func listOpts(L *lua.LState, n int, fn string) (int, int, url.Values) {
	o := kit.OptionsArg(L, n, fn, "max", "pmax", "query", "box")
	return listOptsOf(L, o, n)
}

func listOptsOf(L *lua.LState, o kit.Options, n int) (int, int, url.Values) {
	max, err := o.Int("max")
	if err != nil {
		L.ArgError(n, err.Error())
	}
	pmax, err := o.Int("pmax")
	if err != nil {
		L.ArgError(n, err.Error())
	}
	q, err := kit.Query(o["query"])
	if err != nil {
		L.ArgError(n, err.Error())
	}
	return max, pmax, q
}

// at returns the client, the folder the path of a file method is below, and the options
// (argument n, checked against the method's own keys): {node = ID} is the access key's root
// of that node (as an administrator), {package = ID} a package's files; the home otherwise.
func at(L *lua.LState, n int, fn string, keys ...string) (*client, aocapi.Location, kit.Options) {
	c := check(L)
	o := kit.OptionsArg(L, n, fn, append([]string{"node", "package"}, keys...)...)
	return c, locate(L, c, o), o
}

// transferOptions are the keys of the options of the transfer methods.
var transferOptions = []string{"to_folder", "agent", "on_progress", "progress", "src_type"}

func locate(L *lua.LState, c *client, o kit.Options) aocapi.Location {
	var l aocapi.Location
	var err error
	switch {
	case o.Str("node") != "":
		l, err = c.NodeLocation(kit.Ctx(L), o.Str("node"))
	case o.Str("package") != "":
		l, err = c.PackageLocation(kit.Ctx(L), o.Str("package"))
	default:
		l, err = c.HomeLocation(kit.Ctx(L))
	}
	if err != nil {
		errs.Raise(L, err)
	}
	return l
}

// files is c:files([workspace]): the node of the workspace's home (an aspera.node client
// with a bearer token) and the home folder's id.
func files(L *lua.LState) int {
	c := check(L)
	if ws := L.OptString(2, ""); ws != "" {
		o := c.Options()
		o.Workspace = ws
		other, err := aocapi.New(kit.Ctx(L), o, kit.AuthEnv(L))
		if err != nil {
			errs.Raise(L, err)
		}
		c = &client{Client: other}
	}
	home, err := c.HomeLocation(kit.Ctx(L))
	if err != nil {
		errs.Raise(L, err)
	}
	nodebind.Handle.Push(L, home.Node.Client)
	L.Push(lua.LString(home.FileID))
	return 2
}

// resolve is c:resolve(path, opts): the node client, file id and entry at path (links
// followed, the last one too when the path ends with "/").
func resolve(L *lua.LState) int {
	c, from, _ := at(L, 3, "resolve")
	l, err := c.Resolve(kit.Ctx(L), from, L.CheckString(2), false)
	if err != nil {
		errs.Raise(L, err)
	}
	nodebind.Handle.Push(L, l.Node.Client)
	L.Push(lua.LString(l.FileID))
	L.Push(runtime.ToLua(L, l.Entry))
	return 3
}

// browse is c:browse(path, opts) (a list) and c:each_file(path, opts) (lazy); a file gives
// its own entry.
func browse(L *lua.LState, lazy bool) int {
	c, from, o := at(L, 3, "browse", "max", "pmax", "query")
	max, _, q := listOptsOf(L, o, 3)
	l, it, err := c.Browse(kit.Ctx(L), from, L.CheckString(2), q, max)
	if err != nil {
		errs.Raise(L, err)
	}
	if it == nil {
		one := []any{l.Entry}
		if lazy {
			done := false
			L.Push(runtime.NewIterator(L, func() (any, bool, error) {
				if done {
					return nil, false, nil
				}
				done = true
				return one[0], true, nil
			}))
			return 1
		}
		return errs.Push(L, one, nil)
	}
	if lazy {
		return errs.Iterator(L, it)
	}
	return errs.Collect(L, it)
}

// find is c:find(path, {pattern=, predicate=, concurrency=}) (a list) and c:each_found
// (lazy): the walk is concurrent in Go, the predicate runs here, on the Lua goroutine.
func find(L *lua.LState, lazy bool) int {
	c, from, o := at(L, 3, "find", "pattern", "predicate", "concurrency")
	start, err := c.Resolve(kit.Ctx(L), from, L.CheckString(2), true)
	if err != nil {
		errs.Raise(L, err)
	}
	conc, err := o.Int("concurrency")
	if err != nil {
		L.ArgError(3, err.Error())
	}
	fo := aocapi.FindOptions{Glob: o.Str("pattern"), Concurrency: conc}
	if t, ok := L.Get(3).(*lua.LTable); ok {
		if f, ok := t.RawGetString("predicate").(*lua.LFunction); ok {
			fo.Match = func(e aocapi.Object) (bool, error) {
				if err := L.CallByParam(lua.P{Fn: f, NRet: 1, Protect: true}, runtime.ToLua(L, e)); err != nil {
					return false, runtime.Wrap(runtime.KindLua, err)
				}
				ok := lua.LVAsBool(L.Get(-1))
				L.Pop(1)
				return ok, nil
			}
		} else if t.RawGetString("predicate") != lua.LNil {
			L.ArgError(3, "predicate: a function expected")
		}
	}
	f := c.Find(kit.Ctx(L), start, fo)
	next := func() (any, bool, error) {
		e, ok := f.Next()
		if !ok && f.Err() != nil {
			return nil, false, errs.Of(f.Err())
		}
		return e, ok, nil
	}
	if lazy {
		L.Push(runtime.NewIterator(L, next))
		return 1
	}
	out := []any{}
	for {
		e, ok, err := next()
		if err != nil {
			runtime.Raise(L, err)
		}
		if !ok {
			break
		}
		out = append(out, e)
	}
	return errs.Push(L, out, nil)
}

// transfer is c:upload(files, opts) and c:download(files, opts) (and their _spec twins):
// the folder resolved (below opts.node, opts.package or the home), a download's sources
// named relative to their common folder.
func transfer(L *lua.LState, upload, onlySpec bool) int {
	c, from, _ := at(L, 3, "transfer", transferOptions...)
	r := kit.ReadRequest(L, upload, 2)
	var err error
	var s map[string]any
	if upload {
		s, err = c.UploadSpec(kit.Ctx(L), from, r.ToFolder)
		r.ToFolder = ""
	} else {
		var rel []string
		src := r.Sources()
		if src == nil {
			src = []string{"/"}
		}
		s, rel, err = c.DownloadSpec(kit.Ctx(L), from, src)
		if err == nil && r.Files != nil {
			step := 1
			if r.SrcType == "pair" {
				step = 2
			}
			for i := range rel {
				r.Files[i*step] = rel[i]
			}
		}
	}
	if err != nil {
		errs.Raise(L, err)
	}
	if onlySpec {
		L.Push(runtime.ToLua(L, map[string]any(r.Spec(L, s))))
		return 1
	}
	L.Push(r.Start(L, s))
	return 1
}

// downloadHTTP is c:download_http(files, {to_folder, node, package}): the files through the
// nodes' API (no transfer); it returns {status, agent = "node_http", files, bytes}.
func downloadHTTP(L *lua.LState) int {
	c, from, o := at(L, 3, "download_http", "to_folder")
	files := kit.StringsArg(L, 2)
	dest := o.Str("to_folder")
	if dest == "" {
		dest = "."
	}
	r, err := c.DownloadHTTP(kit.Ctx(L), from, files, dest)
	if err != nil {
		errs.Raise(L, err)
	}
	return errs.Push(L, map[string]any{"status": "success", "agent": "node_http", "files": r.Files, "bytes": r.Bytes}, nil)
}

// packages is c:packages{box=, max=, pmax=, query=}: a lazy listing.
func packages(L *lua.LState) int {
	c := check(L)
	o := kit.OptionsArg(L, 2, "packages", "box", "max", "pmax", "query")
	max, pmax, q := listOptsOf(L, o, 2)
	it, err := c.Packages(kit.Ctx(L), o.Str("box"), q, max, pmax)
	if err != nil {
		errs.Raise(L, err)
	}
	return errs.Iterator(L, it)
}

// transferKeys are the keys of send_package and receive_package that go to the transfer.
var transferKeys = map[string]bool{"agent": true, "on_progress": true, "progress": true, "src_type": true}

// sendPackage is c:send_package{name|title, note, recipients, files, ...}: the package is
// created, then its files sent; it returns the package and the job.
func sendPackage(L *lua.LState) int {
	c := check(L)
	t := L.CheckTable(2)
	data := aocapi.Object{}
	topts := L.NewTable()
	var files []string
	var newUser aocapi.Object
	var bad error
	t.ForEach(func(k, v lua.LValue) {
		key := k.String()
		switch {
		case transferKeys[key]:
			topts.RawSetString(key, v)
		case key == "files":
			files = luaStrings(L, v, &bad)
		case key == "new_user_option":
			g, err := runtime.FromLua(L, v)
			if m, ok := g.(map[string]any); ok && err == nil {
				newUser = m
			}
		default:
			g, err := runtime.FromLua(L, v)
			if err != nil {
				bad = err
			}
			if key == "title" {
				key = "name"
			}
			data[key] = g
		}
	})
	if bad != nil {
		L.ArgError(2, bad.Error())
	}
	if len(files) == 0 {
		L.ArgError(2, "files: the files of the package are needed")
	}
	r := kit.NewRequest(L, true, files, topts)
	pkg, err := c.CreatePackage(kit.Ctx(L), data, newUser)
	if err != nil {
		errs.Raise(L, err)
	}
	s, err := c.PackageSpec(kit.Ctx(L), pkg, "send")
	if err != nil {
		errs.Raise(L, fmt.Errorf("package %s created, its transfer cannot start: %w", aocapi.ID(pkg["id"]), err))
	}
	L.Push(runtime.ToLua(L, pkg))
	L.Push(r.Start(L, s))
	return 2
}

func luaStrings(L *lua.LState, v lua.LValue, bad *error) []string {
	g, err := runtime.FromLua(L, v)
	if err != nil {
		*bad = err
		return nil
	}
	o, err := (kit.Options{"x": g}).Strings("x")
	if err != nil {
		*bad = fmt.Errorf("files: %w", err)
	}
	return o
}

// receivePackage is c:receive_package(id, {to_folder, files, package_folder, ...}): the
// package's files (all, or the paths given) into to_folder, or a folder of its own there;
// it returns the job and the folder.
func receivePackage(L *lua.LState) int {
	c := check(L)
	id := L.CheckString(2)
	o := kit.OptionsArg(L, 3, "receive_package", "to_folder", "files", "package_folder", "agent", "on_progress", "progress", "src_type")
	pkg, err := c.Package(kit.Ctx(L), id)
	if err != nil {
		errs.Raise(L, err)
	}
	dest := o.Str("to_folder")
	if dest == "" {
		dest = "."
	}
	if o["package_folder"] != nil && o["package_folder"] != false {
		fo, err := folderOptions(o["package_folder"])
		if err != nil {
			L.ArgError(3, err.Error())
		}
		if dest, err = aocapi.PreparePackageFolder(pkg, dest, fo); err != nil {
			errs.Raise(L, err)
		}
	}
	files, err := o.Strings("files")
	if err != nil {
		L.ArgError(3, err.Error())
	}
	if len(files) == 0 {
		files = []string{"."}
	}
	topts := L.NewTable()
	if t, ok := L.Get(3).(*lua.LTable); ok {
		for k := range transferKeys {
			topts.RawSetString(k, t.RawGetString(k))
		}
	}
	topts.RawSetString("to_folder", lua.LString(dest))
	r := kit.NewRequest(L, false, files, topts)
	s, err := c.PackageSpec(kit.Ctx(L), pkg, "receive")
	if err != nil {
		errs.Raise(L, err)
	}
	L.Push(r.Start(L, s))
	L.Push(lua.LString(dest))
	return 2
}

// folderOptions reads package_folder: true (name, then id when the folder exists), or
// {fld = {...}, seq = bool, opt = bool} (the IBM sources' keys).
func folderOptions(v any) (aocapi.FolderOptions, error) {
	switch t := v.(type) {
	case bool:
		return aocapi.FolderOptions{Opt: true}, nil
	case string:
		if b, err := (kit.Options{"x": t}).Bool("x", false); err == nil && b {
			return aocapi.FolderOptions{Opt: true}, nil
		}
	case map[string]any:
		o := kit.Options(t)
		if err := kit.CheckKeys("package_folder", t, []string{"fld", "seq", "opt"}); err != nil {
			return aocapi.FolderOptions{}, err
		}
		fld, err := o.Strings("fld")
		if err != nil {
			return aocapi.FolderOptions{}, err
		}
		seq, err := o.Bool("seq", false)
		if err != nil {
			return aocapi.FolderOptions{}, err
		}
		opt, err := o.Bool("opt", false)
		return aocapi.FolderOptions{Fields: fld, Seq: seq, Opt: opt}, err
	}
	return aocapi.FolderOptions{}, fmt.Errorf("package_folder: yes, or {fld = {...}, seq = bool, opt = bool}")
}

// packageFolder is c:package_folder(package, base, opts): the folder a package would be
// received in (nothing is made).
func packageFolder(L *lua.LState) int {
	check(L)
	fo, err := folderOptions(kit.ValueArg(L, 4))
	if L.Get(4) == lua.LNil {
		fo, err = aocapi.FolderOptions{Opt: true}, nil
	}
	if err != nil {
		L.ArgError(4, err.Error())
	}
	p, err := aocapi.PackageFolder(kit.MapArg(L, 2), L.CheckString(3), fo)
	return errs.Push(L, p, err)
}

// receivable is c:receivable{box=, query=, once_only=}: the ids of the packages to receive
// (with once_only, those not received yet).
func receivable(L *lua.LState) int {
	c := check(L)
	o := kit.OptionsArg(L, 2, "receivable", "box", "query", "once_only")
	_, _, q := listOptsOf(L, o, 2)
	once, err := o.Bool("once_only", false)
	if err != nil {
		L.ArgError(2, err.Error())
	}
	var r *aocapi.Received
	if once {
		r = receivedList(L)
	}
	ids, err := c.Receivable(kit.Ctx(L), o.Str("box"), q, r)
	return errs.Push(L, texts(ids), err)
}

// receivedList opens the client's list of packages received (HOME/persist_store).
func receivedList(L *lua.LState) *aocapi.Received {
	c := check(L)
	if c.received == nil {
		r, err := c.OpenReceived(kit.Ctx(L), kit.PersistDir(L))
		if err != nil {
			errs.Raise(L, err)
		}
		c.received = r
	}
	return c.received
}

func resource(L *lua.LState, n int) aocapi.Resource {
	r, err := aocapi.LookupResource(L.CheckString(n))
	if err != nil {
		errs.Raise(L, err)
	}
	return r
}

// instance returns the client and the API path of resource (argument 2) id (argument 3).
func instance(L *lua.LState) (*client, string) {
	c := check(L)
	p, err := c.InstancePath(kit.Ctx(L), resource(L, 2), L.OptString(3, ""))
	if err != nil {
		errs.Raise(L, err)
	}
	return c, p
}

// resourceList is c:resource_list(name, {max, pmax, query}): lazy.
func resourceList(L *lua.LState) int {
	c := check(L)
	r := resource(L, 2)
	max, pmax, q := listOpts(L, 3, "resource_list")
	if r.Singleton {
		v, err := c.Read(kit.Ctx(L), r.Path)
		if err != nil {
			errs.Raise(L, err)
		}
		done := false
		L.Push(runtime.NewIterator(L, func() (any, bool, error) {
			if done {
				return nil, false, nil
			}
			done = true
			return v, true, nil
		}))
		return 1
	}
	return errs.Iterator(L, c.List(kit.Ctx(L), r.Path, q, max, pmax))
}

// transferEvents is c:transfer_events(resource, [id], {query}).
func transferEvents(L *lua.LState) int {
	c := check(L)
	q, err := kit.Query(kit.ValueArg(L, 4))
	if err != nil {
		L.ArgError(4, err.Error())
	}
	v, err := c.TransferEvents(kit.Ctx(L), L.CheckString(2), L.OptString(3, ""), q)
	return errs.Push(L, v, err)
}

// resources is aoc.resources(): the administration resources, {name, path, fields,
// singleton}, by name.
func resources(L *lua.LState) int {
	var out []any
	for _, n := range aocapi.ResourceNames() {
		r := aocapi.Resources[n]
		out = append(out, map[string]any{"name": r.Name, "path": r.Path, "fields": texts(r.Fields), "singleton": r.Singleton})
	}
	return errs.Push(L, out, nil)
}
