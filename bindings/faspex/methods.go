package faspex

import (
	"context"
	"fmt"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/bindings/kit"
	f4 "github.com/asperalm/aslmcli/products/faspex"
	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/transfer/spec"
)

// packages is c:packages{box, max, query} (a list) or c:each_package{...} (an iterator).
func packages(lazy bool) lua.LGFunction {
	return func(L *lua.LState) int {
		c := check(L)
		o, max, q := kit.ListOptsWith(L, 2, "packages", "box")
		f, err := c.Packages(kit.Ctx(L), o.Str("box"), kit.QueryOf(L, q), max)
		if err != nil {
			errs.Raise(L, err)
		}
		next := func() (any, bool, error) {
			v, ok := f.Next()
			if !ok && f.Err() != nil {
				return nil, false, errs.Of(f.Err())
			}
			return v, ok, nil
		}
		if lazy {
			L.Push(runtime.NewIterator(L, next))
			return 1
		}
		out := []any{}
		for {
			v, ok, err := next()
			if err != nil {
				errs.Raise(L, err)
			}
			if !ok {
				break
			}
			out = append(out, v)
		}
		return errs.Push(L, out, nil)
	}
}

// str returns a string field of a Lua table ("" when absent).
func str(t *lua.LTable, k string) string {
	if v := t.RawGetString(k); v != lua.LNil {
		return lua.LVAsString(v)
	}
	return ""
}

// value returns a field of a Lua table as a Go value.
func value(L *lua.LState, t *lua.LTable, k string) any {
	v, err := runtime.FromLua(L, t.RawGetString(k))
	if err != nil {
		L.ArgError(2, k+": "+err.Error())
	}
	return v
}

// stringsOf returns a string or a list of strings (a text of recipients is split on commas
// by the caller).
func stringsOf(L *lua.LState, v any, what string) []string {
	switch x := v.(type) {
	case nil:
		return nil
	case string:
		return []string{x}
	case []any:
		out := make([]string, len(x))
		for i, e := range x {
			out[i] = fmt.Sprint(e)
		}
		return out
	}
	runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "faspex send: %s: a text or a list expected", what))
	return nil
}

var sendKeys = []string{"title", "note", "recipients", "metadata", "files", "source_id", "source_name", "agent", "on_progress", "progress", "src_type"}

// send is c:send{title, recipients, note, metadata, files, source_id|source_name, agent...}:
// the package is created and its upload started; it returns the job (nil with a remote
// source: Faspex transfers the files) and Faspex's answer.
func send(L *lua.LState) int {
	c := check(L)
	t := L.CheckTable(2)
	t.ForEach(func(k, _ lua.LValue) {
		for _, x := range sendKeys {
			if k.String() == x {
				return
			}
		}
		runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "faspex send: unknown field %q (known: %v)", k.String(), sendKeys))
	})
	files := stringsOf(L, value(L, t, "files"), "files")
	if len(files) == 0 {
		runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "faspex send: files: at least one file to send"))
	}
	meta, _ := value(L, t, "metadata").(map[string]any)
	p := f4.Send{Title: str(t, "title"), Note: str(t, "note"), Recipients: stringsOf(L, value(L, t, "recipients"), "recipients"),
		Metadata: meta, Files: files, SourceID: str(t, "source_id")}
	ctx := kit.Ctx(L)
	if name := str(t, "source_name"); name != "" && p.SourceID == "" {
		id, err := c.SourceID(ctx, name)
		if err != nil {
			errs.Raise(L, err)
		}
		p.SourceID = id
	}
	if p.SourceID == "" {
		kit.NewAgent(L, str(t, "agent")) // fails before the package is made when the agent cannot run
	}
	s, created, err := c.SendPackage(ctx, p)
	if err != nil {
		errs.Raise(L, err)
	}
	if s == nil {
		L.Push(lua.LNil)
	} else {
		L.Push(kit.Start(L, kit.Request{Upload: true, Files: files, SrcType: str(t, "src_type"), Opts: t}, s))
	}
	L.Push(runtime.ToLua(L, created))
	return 2
}

// receive is c:receive(id, {box, to_folder, agent, on_progress, progress}): the job of the
// package's download.
func receive(L *lua.LState) int {
	c := check(L)
	id := L.CheckString(2)
	opts := L.OptTable(3, L.NewTable())
	s, err := c.DownloadSpec(kit.Ctx(L), str(opts, "box"), id)
	if err != nil {
		errs.Raise(L, err)
	}
	L.Push(kit.Start(L, kit.Request{ToFolder: str(opts, "to_folder"), Opts: opts}, s))
	return 1
}

// receiveAll is c:receive_all{box, to_folder, agent, once_only, init, package_folder,
// concurrency}: every package of the box not received yet, one result each.
func receiveAll(L *lua.LState) int {
	c := check(L)
	o := kit.OptionsArg(L, 2, "receive_all", append([]string{"box"}, kit.ReceiveAllKeys...)...)
	once, init, b, err := kit.ReceiveAllOptions(o)
	if err != nil {
		L.ArgError(2, err.Error())
	}
	box := o.Str("box")
	b.Seen = kit.OnceOnly(L, "faspex receive", once, init, "faspex_recv", c.Base, c.Username, c.Recipient, box)
	f, err := c.Packages(kit.Ctx(L), box, nil, 0)
	if err != nil {
		errs.Raise(L, err)
	}
	var ids []string
	for p, ok := f.Next(); ok; p, ok = f.Next() {
		id := fmt.Sprint(p["package_id"])
		if p["link"] != nil && (b.Seen == nil || init || !b.Seen.Has(id)) {
			ids = append(ids, id)
		}
	}
	if f.Err() != nil {
		errs.Raise(L, f.Err())
	}
	return errs.Push(L, kit.ReceiveAll(L, ids, init, func(ctx context.Context, id string) (spec.Spec, error) {
		return c.DownloadSpec(ctx, box, id)
	}, b), nil)
}

// methods are the client's methods.
var methods = map[string]lua.LGFunction{
	"me":           func(L *lua.LState) int { v, err := check(L).Me(kit.Ctx(L)); return errs.Push(L, v, err) },
	"dropboxes":    func(L *lua.LState) int { v, err := check(L).Dropboxes(kit.Ctx(L)); return errs.Push(L, v, err) },
	"sources":      func(L *lua.LState) int { v, err := check(L).Sources(kit.Ctx(L)); return errs.Push(L, v, err) },
	"packages":     packages(false),
	"each_package": packages(true),
	"package": func(L *lua.LState) int {
		c := check(L)
		id := L.CheckString(2)
		o := kit.OptionsArg(L, 3, "package", "box")
		e, err := c.Package(kit.Ctx(L), o.Str("box"), id)
		if err != nil {
			errs.Raise(L, err)
		}
		return errs.Push(L, e.Object(id), nil)
	},
	"download_spec": func(L *lua.LState) int {
		c := check(L)
		id := L.CheckString(2)
		o := kit.OptionsArg(L, 3, "download_spec", "box")
		s, err := c.DownloadSpec(kit.Ctx(L), o.Str("box"), id)
		return errs.Push(L, map[string]any(s), err)
	},
	"send":        send,
	"receive":     receive,
	"receive_all": receiveAll,
	// the v4 API (v4.go)
	"resources":       v4Resources(false),
	"each_resource":   v4Resources(true),
	"resource":        v4Item,
	"create_resource": v4Create,
	"modify_resource": v4Modify,
	"delete_resource": v4Delete,
	// account.go
	"health":              health,
	"address_book":        addressBook,
	"login_methods":       loginMethods,
	"delete_package":      deletePackage,
	"user_packages":       userPackages(false),
	"each_user_package":   userPackages(true),
	"user_package":        userPackage,
	"delete_user_package": deleteUserPackage,
}

// parseFaspe is faspex.parse_faspe(uri): the transfer spec of a faspe: URI.
func parseFaspe(L *lua.LState) int {
	s, err := f4.ParseFaspe(L.CheckString(1))
	return errs.Push(L, map[string]any(s), err)
}

// linkSpec is faspex.link_spec(url): the download spec of a public link and its package.
func linkSpec(L *lua.LState) int {
	s, p, err := f4.LinkSpec(kit.Ctx(L), kit.HTTPSettings(L), L.CheckString(1))
	if err != nil {
		errs.Raise(L, err)
	}
	L.Push(runtime.ToLua(L, map[string]any(s)))
	L.Push(runtime.ToLua(L, p))
	return 2
}

// receiveLink is faspex.receive_link(url, {to_folder, agent, ...}): the job that receives the
// package of a public link (no credentials).
func receiveLink(L *lua.LState) int {
	s, _, err := f4.LinkSpec(kit.Ctx(L), kit.HTTPSettings(L), L.CheckString(1))
	if err != nil {
		errs.Raise(L, err)
	}
	opts := L.OptTable(2, L.NewTable())
	L.Push(kit.Start(L, kit.Request{ToFolder: str(opts, "to_folder"), Opts: opts}, s))
	return 1
}
