package node

import (
	"context"
	"net/url"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/bindings/kit"
	nodeapi "github.com/asperalm/aslmcli/products/node"
	"github.com/asperalm/aslmcli/products/rest"
	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/transfer/spec"
)

// The original tool's housekeeping of a node (products/node/housekeeping.go): cleanup, forward
// and postprocess, each remembering where it stopped in a persistency file, and the central
// API.

// persistency opens the file of opts.persistency (required) for the node of n.
func persistency(L *lua.LState, n *nodeapi.Client, o kit.Options) *nodeapi.Persistency {
	path := o.Str("persistency")
	if path == "" {
		runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "a persistency file is required (--persistency=FILE)"))
	}
	p, err := nodeapi.OpenPersistency(path, rest.CleanURL(n.API.BaseURL))
	if err != nil {
		runtime.Raise(L, runtime.Wrap(runtime.KindConfig, err))
	}
	return p
}

// predicate converts a Lua function of one record into a Go predicate; Go calls it on the
// Lua goroutine (the housekeeping runs synchronously), and its error stops the run.
func predicate(L *lua.LState, v lua.LValue, n int) func(map[string]any) bool {
	fn, ok := v.(*lua.LFunction)
	if v == lua.LNil {
		return nil
	}
	if !ok {
		L.ArgError(n, "a function of a record expected")
	}
	return func(r map[string]any) bool {
		L.Push(fn)
		L.Push(runtime.ToLua(L, r))
		L.Call(1, 1)
		ret := L.Get(-1)
		L.Pop(1)
		return lua.LVAsBool(ret)
	}
}

// cleanup is n:cleanup{persistency=, filter=, transfer=fn, file=fn, dry_run=}.
func cleanup(L *lua.LState) int {
	n := check(L)
	t := L.OptTable(2, L.NewTable())
	o := kit.OptionsArg(L, 2, "cleanup", "persistency", "filter", "transfer", "file", "dry_run")
	dry, err := o.Bool("dry_run", false)
	if err != nil {
		L.ArgError(2, err.Error())
	}
	filter, err := o.Table("filter")
	if err != nil {
		L.ArgError(2, err.Error())
	}
	p := persistency(L, n, o)
	r, err := n.Cleanup(kit.Ctx(L), p, nodeapi.CleanupOptions{Query: queryOf(filter), DryRun: dry,
		Transfer: predicate(L, t.RawGetString("transfer"), 2), File: predicate(L, t.RawGetString("file"), 2)})
	if err != nil {
		errs.Raise(L, err)
	}
	return errs.Push(L, map[string]any{"transfers": r.Transfers, "selected": anyList(r.Selected), "deleted": pathResults(r.Deleted)}, nil)
}

// forward is n:forward{persistency=, filter=, delete=, to_folder=, agent=, on_progress=}: the
// files that arrived since the last run, downloaded into to_folder (default ".") with the
// transfer agent, deleted from the node when asked.
func forward(L *lua.LState) int {
	n := check(L)
	t := L.OptTable(2, L.NewTable())
	o := kit.OptionsArg(L, 2, "forward", "persistency", "filter", "delete", "to_folder", "agent", "on_progress", "progress")
	del, err := o.Bool("delete", false)
	if err != nil {
		L.ArgError(2, err.Error())
	}
	filter, err := o.Table("filter")
	if err != nil {
		L.ArgError(2, err.Error())
	}
	to := o.Str("to_folder")
	if to == "" {
		to = "."
	}
	p := persistency(L, n, o)
	r, err := n.Forward(kit.Ctx(L), p, nodeapi.ForwardOptions{Query: queryOf(filter), Delete: del},
		func(_ context.Context, s nodeapi.Object) error {
			ts := spec.Spec(s)
			ts["destination_root"] = to
			_, err := kit.RunJob(L, ts, t)
			return err
		})
	if err != nil {
		errs.Raise(L, err)
	}
	return errs.Push(L, map[string]any{"transfers": r.Transfers, "paths": anyList(r.Paths), "deleted": pathResults(r.Deleted)}, nil)
}

// postprocess is n:postprocess{persistency=, filter=}: the transfers received since the last run.
func postprocess(L *lua.LState) int {
	n := check(L)
	o := kit.OptionsArg(L, 2, "postprocess", "persistency", "filter")
	filter, err := o.Table("filter")
	if err != nil {
		L.ArgError(2, err.Error())
	}
	list, err := n.Postprocess(kit.Ctx(L), persistency(L, n, o), queryOf(filter))
	out := make([]any, len(list))
	for i, x := range list {
		out[i] = map[string]any(x)
	}
	return errs.Push(L, out, err)
}

// central returns n:central_sessions(request, {validator=}) or n:central_files: the list and
// the iteration token.
func central(files bool) lua.LGFunction {
	return func(L *lua.LState) int {
		n := check(L)
		req := kit.ObjectArg(L, 2)
		o := kit.OptionsArg(L, 3, "central", "validator")
		call := n.CentralSessions
		if files {
			call = n.CentralFiles
		}
		list, token, err := call(kit.Ctx(L), req, o.Str("validator"))
		errs.Push(L, list, err)
		L.Push(lua.LString(token))
		return 2
	}
}

func queryOf(filter map[string]any) url.Values {
	if filter == nil {
		return nil
	}
	return nodeapi.Query(filter)
}

func anyList(l []string) []any {
	out := make([]any, len(l))
	for i, s := range l {
		out[i] = s
	}
	return out
}
