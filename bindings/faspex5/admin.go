package faspex5

import (
	"log/slog"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/bindings/kit"
	f5 "github.com/asperalm/aslmcli/products/faspex5"
	"github.com/asperalm/aslmcli/runtime"
)

// settingsMethods are the client's methods of invitations, server settings, events and the
// gateway, merged into methods.
var settingsMethods = map[string]lua.LGFunction{
	"create_invitation": func(L *lua.LState) int {
		v, err := check(L).CreateInvitation(kit.Ctx(L), kit.MapArg(L, 2))
		return errs.Push(L, v, err)
	},
	"resend_invitation": func(L *lua.LState) int {
		return errs.OK(L, check(L).ResendInvitation(kit.Ctx(L), L.CheckString(2)))
	},
	"configuration": func(L *lua.LState) int { v, err := check(L).Configuration(kit.Ctx(L)); return errs.Push(L, v, err) },
	"modify_configuration": func(L *lua.LState) int {
		v, err := check(L).ModifyConfiguration(kit.Ctx(L), kit.MapArg(L, 2))
		return errs.Push(L, v, err)
	},
	"smtp": func(L *lua.LState) int { v, err := check(L).SMTP(kit.Ctx(L)); return errs.Push(L, v, err) },
	"create_smtp": func(L *lua.LState) int {
		v, err := check(L).SetSMTP(kit.Ctx(L), true, kit.MapArg(L, 2))
		return errs.Push(L, v, err)
	},
	"modify_smtp": func(L *lua.LState) int {
		v, err := check(L).SetSMTP(kit.Ctx(L), false, kit.MapArg(L, 2))
		return errs.Push(L, v, err)
	},
	"delete_smtp": func(L *lua.LState) int { return errs.OK(L, check(L).DeleteSMTP(kit.Ctx(L))) },
	"test_smtp": func(L *lua.LState) int {
		c := check(L)
		var body map[string]any
		if s, ok := L.Get(2).(lua.LString); ok {
			body = map[string]any{"test_email_recipient": string(s)}
		} else {
			body = kit.MapArg(L, 2)
		}
		v, err := c.TestSMTP(kit.Ctx(L), body)
		return errs.Push(L, v, err)
	},
	"events":     events(false),
	"each_event": events(true),
	"clean_deleted": func(L *lua.LState) int {
		v, err := check(L).CleanDeleted(kit.Ctx(L), kit.ObjectArg(L, 2))
		return errs.Push(L, v, err)
	},
	"reset_password": func(L *lua.LState) int {
		return errs.OK(L, check(L).ResetPassword(kit.Ctx(L), L.CheckString(2)))
	},
	"gateway": gateway,
	"browse_node": func(L *lua.LState) int {
		c := check(L)
		id, path := L.CheckString(2), L.OptString(3, "/")
		max, _ := kit.ListOpts(L, 4, "browse_node")
		return iter(L, false, c.BrowseNode(kit.Ctx(L), id, path, max), nil)
	},
	"file_statuses": func(L *lua.LState) int {
		c := check(L)
		id := L.CheckString(2)
		max, _ := kit.ListOpts(L, 3, "file_statuses")
		return iter(L, false, c.FileStatuses(kit.Ctx(L), id, max), nil)
	},
	"send_remote": func(L *lua.LState) int {
		c := check(L)
		opts, pkg := split(L, L.CheckTable(2), "files", "shared_folder", "content_protection_password")
		paths, err := filesArg(L, opts)
		if err != nil {
			L.ArgError(2, err.Error())
		}
		created, tr, err := c.SendRemote(kit.Ctx(L), pkg, lua.LVAsString(opts.RawGetString("shared_folder")), paths,
			lua.LVAsString(opts.RawGetString("content_protection_password")))
		if err != nil {
			errs.Raise(L, err)
		}
		L.Push(runtime.ToLua(L, created))
		L.Push(runtime.ToLua(L, tr))
		return 2
	},
	"next_files": func(L *lua.LState) int {
		c := check(L)
		max, _ := kit.ListOpts(L, 2, "next_files")
		return iter(L, false, c.NextFiles(kit.Ctx(L), max), nil)
	},
	"set_file_statuses": func(L *lua.LState) int {
		v, err := check(L).SetFileStatuses(kit.Ctx(L), kit.MapArg(L, 2))
		return errs.Push(L, v, err)
	},
	"invite_external": func(L *lua.LState) int {
		v, err := check(L).InviteExternal(kit.Ctx(L), L.CheckString(2), kit.MapArg(L, 3))
		return errs.Push(L, v, err)
	},
	"members":     members(false),
	"each_member": members(true),
	"add_members": func(L *lua.LState) int {
		c := check(L)
		r := resourceArg(L, 2)
		v, err := c.AddMembers(kit.Ctx(L), r, L.CheckString(3), kit.StringsArg(L, 4), L.OptString(5, ""))
		return errs.Push(L, v, err)
	},
	"modify_member": func(L *lua.LState) int {
		c := check(L)
		v, err := c.ModifyMember(kit.Ctx(L), resourceArg(L, 2), L.CheckString(3), L.CheckString(4), kit.MapArg(L, 5))
		return errs.Push(L, v, err)
	},
	"remove_member": func(L *lua.LState) int {
		c := check(L)
		return errs.OK(L, c.RemoveMember(kit.Ctx(L), resourceArg(L, 2), L.CheckString(3), L.CheckString(4)))
	},
}

// members is c:members(resource, group_id, {max, query}): the members of a shared inbox or
// a workgroup.
func members(lazy bool) lua.LGFunction {
	return func(L *lua.LState) int {
		c := check(L)
		r := resourceArg(L, 2)
		gid := L.CheckString(3)
		max, q := kit.ListOpts(L, 4, "members")
		it, err := c.Members(kit.Ctx(L), r, gid, kit.QueryOf(L, q), max)
		return iter(L, lazy, it, err)
	}
}

func init() {
	for k, v := range settingsMethods {
		methods[k] = v
	}
}

// events is c:events(kind, {max, query}): application or webhook events.
func events(lazy bool) lua.LGFunction {
	return func(L *lua.LState) int {
		c := check(L)
		kind := L.CheckString(2)
		max, q := kit.ListOpts(L, 3, "events")
		it, err := c.Events(kit.Ctx(L), kind, kit.QueryOf(L, q), max)
		return iter(L, lazy, it, err)
	}
}

// gateway is c:gateway{url}: the Faspex 4 gateway of the client's Faspex 5.
func gateway(L *lua.LState) int {
	c := check(L)
	o := kit.OptionsArg(L, 2, "gateway", "url")
	var log *slog.Logger
	if e := runtime.EngineOf(L); e != nil {
		log = e.Log
	}
	g, err := f5.ListenGateway(o.Str("url"), c, log)
	if err != nil {
		errs.Raise(L, err)
	}
	runtime.OnClose(L, func() { _ = g.Close() })
	gatewayHandle.Push(L, g)
	return 1
}

var gatewayHandle = &kit.Handle{Name: "aspera.faspex5.gateway", Methods: map[string]lua.LGFunction{
	"url": func(L *lua.LState) int {
		L.Push(lua.LString(kit.Arg[*f5.Gateway](L, 1, "gateway").URL))
		return 1
	},
	"serve": func(L *lua.LState) int {
		return errs.OK(L, kit.Arg[*f5.Gateway](L, 1, "gateway").Serve(runtime.Context(L)))
	},
	"stop": func(L *lua.LState) int {
		kit.Arg[*f5.Gateway](L, 1, "gateway").Stop()
		return 0
	},
}, String: func(v any) string { return "aspera.faspex5.gateway(" + v.(*f5.Gateway).URL + ")" }}
