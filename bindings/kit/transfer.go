package kit

import (
	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/transfer/spec"
)

// Request is what an upload or download method reads from Lua: x:upload(files, opts) and
// x:download(files, opts), files a path or a list (nil: the paths of --ts), opts {to_folder,
// src_type, agent, on_progress, progress}.
type Request struct {
	Upload   bool
	Files    []string // as given; nil when the paths come from --ts
	SrcType  string   // "list" (default) or "pair": files are source, destination pairs
	ToFolder string   // as given; "" for the default
	// TS is the run's --ts: the paths of a request without files come from it.
	TS map[string]any
	// Opts is the option table, for the product's own options (a gen4 folder_id...).
	Opts *lua.LTable
}

// Option returns a string option of the request's table ("" when absent).
func (r Request) Option(key string) string {
	if r.Opts == nil {
		return ""
	}
	return lua.LVAsString(r.Opts.RawGetString(key))
}

// Sources returns the sources of the request: Files, or every other one in pair mode.
func (r Request) Sources() []string {
	if r.SrcType != "pair" {
		return r.Files
	}
	var out []string
	for i := 0; i < len(r.Files); i += 2 {
		out = append(out, r.Files[i])
	}
	return out
}

// Destination returns ToFolder, else "/" for an upload (the remote root) and "." for a
// download (the current folder).
func (r Request) Destination() string {
	switch {
	case r.ToFolder != "":
		return r.ToFolder
	case r.Upload:
		return "/"
	default:
		return "."
	}
}

// SpecFunc returns the product's transfer spec for a request made on the client c.
type SpecFunc[T any] func(L *lua.LState, c T, r Request) (spec.Spec, error)

// Transfer returns the method x:upload (upload true) or x:download of a client of type T
// (named what in argument errors): get gives the product's spec, the kit sets the direction,
// the paths and the destination from the request (transfer/spec), starts it with the agent
// of opts.agent or --transfer, and returns the job (StartJob). get's errors go through errs.
func Transfer[T any](upload bool, what string, get SpecFunc[T], errs Errors) lua.LGFunction {
	return func(L *lua.LState) int {
		s, opts := requestSpec(L, upload, what, get, errs)
		L.Push(StartJob(L, s, opts))
		return 1
	}
}

// TransferSpec returns the method x:upload_spec or x:download_spec: the spec that the method
// of Transfer would start (--ts merged), without starting it.
func TransferSpec[T any](upload bool, what string, get SpecFunc[T], errs Errors) lua.LGFunction {
	return func(L *lua.LState) int {
		s, _ := requestSpec(L, upload, what, get, errs)
		L.Push(runtime.ToLua(L, map[string]any(Overridden(L, s))))
		return 1
	}
}

// requestSpec reads the request (client, files, opts) and returns its spec and the options.
func requestSpec[T any](L *lua.LState, upload bool, what string, get SpecFunc[T], errs Errors) (spec.Spec, *lua.LTable) {
	c := Arg[T](L, 1, what)
	r := Request{Upload: upload}
	if L.Get(2) != lua.LNil {
		r.Files = StringsArg(L, 2)
	}
	r.Opts = L.OptTable(3, L.NewTable())
	r.ToFolder, r.SrcType = r.Option("to_folder"), r.Option("src_type")
	r.TS = runOverrides(L)
	if r.SrcType == "pair" && len(r.Files)%2 != 0 {
		runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "--src-type=pair: %d sources, an even number (source, destination...) expected", len(r.Files)))
	}
	s, err := get(L, c, r)
	if err != nil {
		errs.Raise(L, err)
	}
	ts, err := r.apply(s)
	if err != nil {
		runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "%v", err))
	}
	return ts, r.Opts
}

// apply makes the spec of the request from the product's spec (transfer/spec ForUpload or
// ForDownload): direction, paths (the files, else the product's, else those of --ts), and
// destination. The destination of a download is local: destination_root is set to it. The
// destination of an upload is the product's to decide (node upload_setup, a gen4 folder id):
// destination_root is set only when the product's spec has none.
func (r Request) apply(s spec.Spec) (spec.Spec, error) {
	q := spec.Request{Args: r.Files, SrcType: r.SrcType, ToFolder: r.ToFolder, TS: r.TS}
	if r.Files == nil {
		own := spec.Spec{}
		if s["paths"] != nil {
			own["paths"] = s["paths"]
		}
		q.Sources, q.TS = spec.SourcesTS, spec.Merge(own, r.TS)
	}
	if r.Upload {
		return spec.ForUpload(s, q)
	}
	return spec.ForDownload(s, q)
}

// runOverrides is the run's --ts (nil when none, or when it does not decode: StartJob says
// why).
func runOverrides(L *lua.LState) map[string]any {
	t := TransferOf(L)
	if t.Overrides == nil {
		return nil
	}
	over, _ := t.Overrides()
	return over
}
