package bindings

import (
	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/transfer/spec"
)

// The client methods of the node's other services (events, usage, async, streams, services,
// watch folders, permissions).
func init() {
	for name, fn := range map[string]lua.LGFunction{
		"gen4_spec": func(L *lua.LState) int {
			v, err := checkNode(L).Gen4Spec(ctxOf(L), L.CheckString(2), L.CheckString(3))
			return push(L, v, err)
		},
		"events": func(L *lua.LState) int {
			n := checkNode(L)
			v, err := n.Events(ctxOf(L), queryValues(L, objectArg(L, 2)))
			return push(L, v, err)
		},
		"usage": func(L *lua.LState) int {
			n := checkNode(L)
			v, err := n.Usage(ctxOf(L), queryValues(L, objectArg(L, 2)))
			return push(L, v, err)
		},
		"async_ids": func(L *lua.LState) int { v, err := checkNode(L).AsyncIDs(ctxOf(L)); return push(L, v, err) },
		"async_summary": func(L *lua.LState) int {
			v, err := checkNode(L).AsyncSummaries(ctxOf(L), L.CheckInt(2))
			return push(L, v, err)
		},
		"async_counters": func(L *lua.LState) int {
			v, err := checkNode(L).AsyncCounters(ctxOf(L), L.CheckInt(2))
			return push(L, v, err)
		},
		"create_stream": func(L *lua.LState) int {
			v, err := checkNode(L).CreateStream(ctxOf(L), objectArg(L, 2))
			return push(L, v, err)
		},
		"modify_stream": func(L *lua.LState) int {
			v, err := checkNode(L).ModifyStream(ctxOf(L), L.CheckString(2), objectArg(L, 3))
			return push(L, v, err)
		},
		"cancel_stream": func(L *lua.LState) int {
			v, err := checkNode(L).CancelStream(ctxOf(L), L.CheckString(2))
			return push(L, v, err)
		},
		"services": func(L *lua.LState) int { v, err := checkNode(L).Services(ctxOf(L)); return push(L, v, err) },
		"create_service": func(L *lua.LState) int {
			v, err := checkNode(L).CreateService(ctxOf(L), objectArg(L, 2))
			return push(L, v, err)
		},
		"delete_service": func(L *lua.LState) int {
			if err := checkNode(L).DeleteService(ctxOf(L), L.CheckString(2)); err != nil {
				raiseNode(L, err)
			}
			return 0
		},
		"watch_folders": func(L *lua.LState) int { v, err := checkNode(L).WatchFolders(ctxOf(L)); return push(L, v, err) },
		"watch_folder": func(L *lua.LState) int {
			v, err := checkNode(L).WatchFolder(ctxOf(L), L.CheckString(2))
			return push(L, v, err)
		},
		"create_watch_folder": func(L *lua.LState) int {
			v, err := checkNode(L).CreateWatchFolder(ctxOf(L), objectArg(L, 2))
			return push(L, v, err)
		},
		"modify_watch_folder": func(L *lua.LState) int {
			if err := checkNode(L).ModifyWatchFolder(ctxOf(L), L.CheckString(2), objectArg(L, 3)); err != nil {
				raiseNode(L, err)
			}
			return 0
		},
		"delete_watch_folder": func(L *lua.LState) int {
			if err := checkNode(L).DeleteWatchFolder(ctxOf(L), L.CheckString(2)); err != nil {
				raiseNode(L, err)
			}
			return 0
		},
		"permissions": func(L *lua.LState) int {
			v, err := checkNode(L).Permissions(ctxOf(L), L.CheckString(2), L.OptBool(3, false))
			return push(L, v, err)
		},
		"create_permission": func(L *lua.LState) int {
			v, err := checkNode(L).CreatePermission(ctxOf(L), objectArg(L, 2))
			return push(L, v, err)
		},
		"delete_permission": func(L *lua.LState) int {
			if err := checkNode(L).DeletePermission(ctxOf(L), L.CheckString(2)); err != nil {
				raiseNode(L, err)
			}
			return 0
		},
	} {
		nodeMethods[name] = fn
	}
}

// nodeTransfer is n:upload(files, opts) / n:download(files, opts): the transfer spec from
// upload_setup / download_setup with the files (nil: the paths of --ts; src_type "pair": files
// come as source, destination pairs), started like transfer.start (opts: to_folder, agent,
// src_type, on_progress, progress); returns the job.
func nodeTransfer(upload bool) lua.LGFunction {
	return func(L *lua.LState) int {
		n := checkNode(L)
		var files []string
		if L.Get(2) != lua.LNil { // nil: the paths come from --ts
			files = stringsArg(L, 2)
		}
		o := L.OptTable(3, L.NewTable())
		to := lua.LVAsString(o.RawGetString("to_folder"))
		srcType := lua.LVAsString(o.RawGetString("src_type"))
		var s map[string]any
		var err error
		if upload {
			if to == "" {
				to = "/"
			}
			s, err = n.UploadSetup(ctxOf(L), to, nil)
		} else {
			sources := files
			if srcType == "pair" {
				sources = nil
				for i := 0; i < len(files); i += 2 {
					sources = append(sources, files[i])
				}
			}
			s, err = n.DownloadSetup(ctxOf(L), sources, nil)
			if err == nil {
				if to == "" {
					to = "."
				}
				s["destination_root"] = to
			}
		}
		if err != nil {
			raiseNode(L, err)
		}
		ts := spec.Spec(s)
		if files != nil {
			if ts, err = spec.ApplyOptions(ts, spec.Options{Sources: files, SrcType: srcType}); err != nil {
				runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "%v", err))
			}
		}
		L.Push(startJob(L, ts, o))
		return 1
	}
}

func init() {
	nodeMethods["upload"] = nodeTransfer(true)
	nodeMethods["download"] = nodeTransfer(false)
}
