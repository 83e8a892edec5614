package bindings

import (
	_ "embed"
	"errors"
	"fmt"
	"log/slog"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/products/server"
	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/transfer/spec"
)

//go:embed meta/aspera.server.d.lua
var serverMeta string

// ServerModule is `aspera.server`: a High-Speed Transfer Server over SSH (file operations
// through ascmd or SFTP, transfers), or this machine (local://).
var ServerModule = runtime.Module{Name: "aspera.server", Doc: "HSTS over SSH: file operations (ascmd, else SFTP; local:// in Go) and transfers", Open: openServer, Meta: serverMeta}

// ServerContext is what aspera.server needs from the run.
type ServerContext struct {
	// KnownHosts returns the known_hosts files; new hosts are added to the first one.
	KnownHosts func() []string
}

type serverKey struct{}

// SetServer installs the server context of the states of e.
func SetServer(e *runtime.Engine, s *ServerContext) { e.SetService(serverKey{}, s) }

func serverCtxOf(L *lua.LState) *ServerContext {
	if s, ok := runtime.Service(L, serverKey{}).(*ServerContext); ok && s != nil {
		return s
	}
	return &ServerContext{}
}

const serverTypeName = "aspera.server.client"

// luaServer is a target and its file operations, connected on first use.
type luaServer struct {
	target server.Target
	strict string
	files  server.Files
}

func openServer(L *lua.LState) int {
	L.Push(L.SetFuncs(L.NewTable(), map[string]lua.LGFunction{"new": serverNew}))
	return 1
}

var serverNewKeys = []string{"url", "username", "password", "ssh_keys", "passphrase", "ssh_options", "preset"}

func serverNew(L *lua.LState) int {
	o := optionsArg(L, 1, "server.new", serverNewKeys...)
	if name := o.str("preset"); name != "" {
		p, err := presetValues(L, name)
		if err != nil {
			raiseHTTP(L, runtime.KindConfig, err)
		}
		for _, k := range serverNewKeys {
			if _, given := o[k]; !given && p[k] != nil {
				o[k] = p[k]
			}
		}
	}
	var keys []string
	switch v := o["ssh_keys"].(type) {
	case nil:
	case string:
		keys = []string{v}
	case []any:
		for _, k := range v {
			keys = append(keys, fmt.Sprint(k))
		}
	default:
		runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "server.new: ssh_keys: a path or a list of paths expected"))
	}
	if o.str("url") == "" {
		runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "server.new: url is required (ssh://host:port or local://)"))
	}
	t, err := server.ParseTarget(o.str("url"), o.str("username"), o.str("password"), keys, o.str("passphrase"))
	if err != nil {
		runtime.Raise(L, runtime.Wrap(runtime.KindUsage, err))
	}
	s := &luaServer{target: t}
	sshOpts, err := o.table("ssh_options")
	if err != nil {
		runtime.Raise(L, runtime.Wrap(runtime.KindUsage, err))
	}
	for k, v := range sshOpts {
		switch k {
		case "strict_host_key_checking":
			s.strict = fmt.Sprint(v)
			if b, ok := v.(bool); ok { // YAML/JSON true and false
				s.strict = map[bool]string{true: server.StrictYes, false: server.StrictNo}[b]
			}
		default:
			runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "server.new: ssh_options: unknown %q (known: strict_host_key_checking)", k))
		}
	}
	switch s.strict {
	case "", server.StrictYes, server.StrictAcceptNew, server.StrictNo:
	default:
		runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "server.new: ssh_options: strict_host_key_checking: %q is not yes, accept-new or no", s.strict))
	}
	ud := newHandle(L, serverTypeName, serverMethods, func(L *lua.LState) string {
		t := handleArg[*luaServer](L, "server client").target
		if t.Local() {
			return "aspera.server(local://)"
		}
		return fmt.Sprintf("aspera.server(%s://%s@%s)", t.Scheme, t.User, t.Addr())
	}, s)
	runtime.OnClose(L, func() {
		if s.files != nil {
			_ = s.files.Close()
		}
	})
	L.Push(ud)
	return 1
}

func checkServer(L *lua.LState) *luaServer { return handleArg[*luaServer](L, "server client") }

// filesOf connects on first use.
func (s *luaServer) filesOf(L *lua.LState) server.Files {
	if s.files == nil {
		var known []string
		if k := serverCtxOf(L).KnownHosts; k != nil {
			known = k()
		}
		var log *slog.Logger
		if e := runtime.EngineOf(L); e != nil {
			log = e.Log
		}
		f, err := server.OpenFiles(ctxOf(L), s.target, known, s.strict, log)
		if err != nil {
			raiseServer(L, err)
		}
		s.files = f
	}
	return s.files
}

// raiseServer raises an error of a file operation: usage for https targets, io for local://
// ones, ssh otherwise (connection, authentication, host key, a refused operation).
func raiseServer(L *lua.LState, err error) {
	kind := runtime.KindSSH
	switch {
	case errors.Is(err, server.ErrNoFileOps):
		kind = runtime.KindUsage
	case errors.Is(err, server.ErrNotAvailable):
		kind = runtime.KindError
	case errors.Is(err, server.ErrLocal):
		kind = runtime.KindIO
	}
	runtime.Raise(L, runtime.Wrap(kind, err))
}

func serverPush(L *lua.LState, v any, err error) int {
	if err != nil {
		raiseServer(L, err)
	}
	L.Push(runtime.ToLua(L, v))
	return 1
}

// serverDo runs an operation without a result; returns true.
func serverDo(L *lua.LState, err error) int {
	if err != nil {
		raiseServer(L, err)
	}
	L.Push(lua.LTrue)
	return 1
}

var serverMethods = map[string]lua.LGFunction{}

func init() {
	ls := func(L *lua.LState) int {
		s := checkServer(L)
		l, err := s.filesOf(L).List(ctxOf(L), L.CheckString(2))
		out := make([]any, len(l))
		for i, e := range l {
			out[i] = e
		}
		return serverPush(L, out, err)
	}
	rm := func(L *lua.LState) int {
		s := checkServer(L)
		return serverDo(L, s.filesOf(L).Remove(ctxOf(L), L.CheckString(2)))
	}
	mv := func(L *lua.LState) int {
		s := checkServer(L)
		return serverDo(L, s.filesOf(L).Rename(ctxOf(L), L.CheckString(2), L.CheckString(3)))
	}
	for name, fn := range map[string]lua.LGFunction{
		"ls": ls, "browse": ls, "rm": rm, "delete": rm, "mv": mv, "rename": mv,
		"info": func(L *lua.LState) int {
			s := checkServer(L)
			if L.Get(2) == lua.LNil {
				a, err := s.filesOf(L).About(ctxOf(L))
				return serverPush(L, a, err)
			}
			e, err := s.filesOf(L).Info(ctxOf(L), L.CheckString(2))
			return serverPush(L, e, err)
		},
		"mkdir": func(L *lua.LState) int {
			s := checkServer(L)
			return serverDo(L, s.filesOf(L).Mkdir(ctxOf(L), L.CheckString(2)))
		},
		"cp": func(L *lua.LState) int {
			s := checkServer(L)
			return serverDo(L, s.filesOf(L).Copy(ctxOf(L), L.CheckString(2), L.CheckString(3)))
		},
		"du": func(L *lua.LState) int {
			s := checkServer(L)
			u, err := s.filesOf(L).Du(ctxOf(L), L.CheckString(2))
			return serverPush(L, u, err)
		},
		"df": func(L *lua.LState) int {
			s := checkServer(L)
			sp, err := s.filesOf(L).Df(ctxOf(L), L.OptString(2, "/"))
			return serverPush(L, sp, err)
		},
		"md5sum": func(L *lua.LState) int {
			s := checkServer(L)
			p := L.CheckString(2)
			sum, err := s.filesOf(L).MD5(ctxOf(L), p)
			return serverPush(L, map[string]any{"path": p, "md5sum": sum}, err)
		},
		"access": func(L *lua.LState) int {
			L.Push(lua.LString(checkServer(L).filesOf(L).Kind()))
			return 1
		},
		"transfer_spec": func(L *lua.LState) int {
			L.Push(runtime.ToLua(L, checkServer(L).target.TransferSpec()))
			return 1
		},
		"upload":   serverTransfer(true),
		"download": serverTransfer(false),
		"close": func(L *lua.LState) int {
			s := checkServer(L)
			if s.files != nil {
				err := s.files.Close()
				s.files = nil
				if err != nil {
					raiseServer(L, err)
				}
			}
			return 0
		},
	} {
		serverMethods[name] = fn
	}
}

// serverTransfer is s:upload(files, opts) / s:download(files, opts): the target's transfer
// spec with the direction, the files (nil: the paths of --ts; src_type "pair": source,
// destination pairs) and the destination (to_folder: "/" for uploads, "." for downloads),
// started like transfer.start (opts: to_folder, agent, src_type, on_progress, progress).
func serverTransfer(upload bool) lua.LGFunction {
	return func(L *lua.LState) int {
		s := checkServer(L)
		if s.target.Local() {
			runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "a local:// server has file operations only: transfer with ssh://host:port"))
		}
		var files []string
		if L.Get(2) != lua.LNil {
			files = stringsArg(L, 2)
		}
		o := L.OptTable(3, L.NewTable())
		ts := spec.Spec(s.target.TransferSpec())
		to := lua.LVAsString(o.RawGetString("to_folder"))
		if upload {
			ts["direction"] = "send"
			if to == "" {
				to = "/"
			}
		} else {
			ts["direction"] = "receive"
			if to == "" {
				to = "."
			}
		}
		ts["destination_root"] = to
		if files != nil {
			var err error
			ts, err = spec.ApplyOptions(ts, spec.Options{Sources: files, SrcType: lua.LVAsString(o.RawGetString("src_type"))})
			if err != nil {
				runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "%v", err))
			}
		}
		L.Push(startJob(L, ts, o))
		return 1
	}
}
