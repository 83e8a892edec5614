// Package server is the binding of aspera.server: a High-Speed Transfer Server over SSH (file
// operations through ascmd, else SFTP; transfers), or this machine (local://), from
// products/server.
package server

import (
	_ "embed"
	"fmt"
	"log/slog"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/bindings/kit"
	"github.com/asperalm/aslmcli/products/server"
	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/transfer/spec"
)

//go:embed aspera.server.d.lua
var meta string

// Module is `aspera.server`.
var Module = kit.Module{Name: "aspera.server", Doc: "HSTS over SSH: file operations (ascmd, else SFTP; local:// in Go) and transfers",
	Meta: meta, Funcs: map[string]lua.LGFunction{"new": constructor.New, "from_preset": constructor.FromPreset},
	Types: map[string]*kit.Handle{"client": handle}}

// Context is what aspera.server needs from the run.
type Context struct {
	// KnownHosts returns the known_hosts files; new hosts are added to the first one.
	KnownHosts func() []string
}

type contextKey struct{}

// SetContext installs the server context of the states of e.
func SetContext(e *runtime.Engine, c *Context) { e.SetService(contextKey{}, c) }

func contextOf(L *lua.LState) *Context {
	if c, ok := runtime.Service(L, contextKey{}).(*Context); ok && c != nil {
		return c
	}
	return &Context{}
}

// client is a target and its file operations, connected on first use.
type client struct {
	target server.Target
	strict string
	files  server.Files
}

var handle = &kit.Handle{Name: "aspera.server.client", Methods: methods, String: func(v any) string {
	t := v.(*client).target
	if t.Local() {
		return "aspera.server(local://)"
	}
	return fmt.Sprintf("aspera.server(%s://%s@%s)", t.Scheme, t.User, t.Addr())
}}

var constructor = &kit.Client[*client]{Module: "server", Handle: handle, Build: build,
	Keys: []string{"url", "username", "password", "ssh_keys", "passphrase", "ssh_options"}}

func build(L *lua.LState, o kit.Options) (*client, error) {
	keys, err := o.Strings("ssh_keys")
	if err != nil {
		return nil, err
	}
	if o.Str("url") == "" {
		return nil, fmt.Errorf("url is required (ssh://host:port or local://)")
	}
	t, err := server.ParseTarget(o.Str("url"), o.Str("username"), o.Str("password"), keys, o.Str("passphrase"))
	if err != nil {
		return nil, err
	}
	sshOpts, err := o.Table("ssh_options")
	if err != nil {
		return nil, err
	}
	strict, err := server.StrictOf(sshOpts)
	if err != nil {
		return nil, err
	}
	c := &client{target: t, strict: strict}
	runtime.OnClose(L, func() {
		if c.files != nil {
			_ = c.files.Close()
		}
	})
	return c, nil
}

func check(L *lua.LState) *client { return kit.Arg[*client](L, 1, "server client") }

// files connects on first use.
func (c *client) filesOf(L *lua.LState) server.Files {
	if c.files == nil {
		var known []string
		if k := contextOf(L).KnownHosts; k != nil {
			known = k()
		}
		var log *slog.Logger
		if e := runtime.EngineOf(L); e != nil {
			log = e.Log
		}
		f, err := server.OpenFiles(kit.Ctx(L), c.target, known, c.strict, log)
		if err != nil {
			errs.Raise(L, err)
		}
		c.files = f
	}
	return c.files
}

// errs: an https target has no file operations (usage), an operation the server's SFTP
// cannot do is an ordinary failure, a local:// one is io, the rest is ssh (connection, authentication, host key, a
// refused operation).
var errs = kit.Errors{Default: runtime.KindSSH,
	Kinds: map[error]string{server.ErrNoFileOps: runtime.KindUsage, server.ErrNoRunner: runtime.KindUsage, server.ErrNotAvailable: runtime.KindError, server.ErrLocal: runtime.KindIO}}

func files(L *lua.LState) server.Files { return check(L).filesOf(L) }

var methods = map[string]lua.LGFunction{
	"ls":     ls,
	"browse": ls,
	"rm":     rm,
	"delete": rm,
	"mv":     mv,
	"rename": mv,
	"info": func(L *lua.LState) int {
		if L.Get(2) == lua.LNil {
			a, err := files(L).About(kit.Ctx(L))
			return errs.Push(L, a, err)
		}
		e, err := files(L).Info(kit.Ctx(L), L.CheckString(2))
		return errs.Push(L, e, err)
	},
	"mkdir": func(L *lua.LState) int { return errs.OK(L, files(L).Mkdir(kit.Ctx(L), L.CheckString(2))) },
	"cp": func(L *lua.LState) int {
		return errs.OK(L, files(L).Copy(kit.Ctx(L), L.CheckString(2), L.CheckString(3)))
	},
	"du": func(L *lua.LState) int {
		u, err := files(L).Du(kit.Ctx(L), L.CheckString(2))
		return errs.Push(L, u, err)
	},
	"df": func(L *lua.LState) int {
		sp, err := files(L).Df(kit.Ctx(L), L.OptString(2, "/"))
		return errs.Push(L, sp, err)
	},
	"md5sum": func(L *lua.LState) int {
		p := L.CheckString(2)
		sum, err := files(L).MD5(kit.Ctx(L), p)
		return errs.Push(L, map[string]any{"path": p, "md5sum": sum}, err)
	},
	"access": func(L *lua.LState) int { L.Push(lua.LString(files(L).Kind())); return 1 },
	"transfer_spec": func(L *lua.LState) int {
		L.Push(runtime.ToLua(L, check(L).target.TransferSpec()))
		return 1
	},
	"upload":        kit.Transfer(true, "server client", transferSpec, errs),
	"download":      kit.Transfer(false, "server client", transferSpec, errs),
	"upload_spec":   kit.TransferSpec(true, "server client", transferSpec, errs),
	"download_spec": kit.TransferSpec(false, "server client", transferSpec, errs),
	"admin":         admin,
	"close": func(L *lua.LState) int {
		c := check(L)
		if c.files != nil {
			err := c.files.Close()
			c.files = nil
			if err != nil {
				errs.Raise(L, err)
			}
		}
		return 0
	},
}

// admin is s:admin(tool, args, {prefix=}): runs an HSTS administration tool (nodeadmin,
// userdata, configurator) with args (a list of strings) and returns its output as records
// when it has a known shape (nil otherwise), and as text.
func admin(L *lua.LState) int {
	name := L.CheckString(2)
	tool, ok := server.Tools[name]
	if !ok {
		L.ArgError(2, "nodeadmin, userdata or configurator expected")
	}
	var args []string
	if L.Get(3) != lua.LNil {
		args = kit.StringsArg(L, 3)
	}
	o := kit.OptionsArg(L, 4, "admin", "prefix")
	prefix, err := o.Strings("prefix")
	if err != nil {
		L.ArgError(4, err.Error())
	}
	r, err := server.RunnerOf(files(L))
	if err != nil {
		errs.Raise(L, err)
	}
	argv := append(append(prefix, tool), args...)
	out, err := r.Run(kit.Ctx(L), argv)
	if err != nil {
		errs.Raise(L, err)
	}
	if recs := server.ParseToolOutput(out); recs != nil {
		list := make([]any, len(recs))
		for i, x := range recs {
			list[i] = x
		}
		L.Push(runtime.ToLua(L, list))
	} else {
		L.Push(lua.LNil)
	}
	L.Push(lua.LString(out))
	return 2
}

func ls(L *lua.LState) int {
	l, err := files(L).List(kit.Ctx(L), L.CheckString(2))
	out := make([]any, len(l))
	for i, e := range l {
		out[i] = e
	}
	return errs.Push(L, out, err)
}

func rm(L *lua.LState) int { return errs.OK(L, files(L).Remove(kit.Ctx(L), L.CheckString(2))) }

func mv(L *lua.LState) int {
	return errs.OK(L, files(L).Rename(kit.Ctx(L), L.CheckString(2), L.CheckString(3)))
}

// transferSpec is the target's spec (host, port, user, credentials): the files and the
// destination are the request's. A local:// target has no transfers.
func transferSpec(_ *lua.LState, c *client, _ kit.Request) (spec.Spec, error) {
	if c.target.Local() {
		return nil, runtime.Errorf(runtime.KindUsage, "a local:// server has file operations only: transfer with ssh://host:port")
	}
	return spec.Spec(c.target.TransferSpec()), nil
}
