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
	// AgentChooses: an upload whose agent lets the user choose the files (ChoosesFiles): no
	// files is then no error, the agent asks for them.
	AgentChooses bool
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
		r, s := requestSpec(L, upload, what, get, errs)
		L.Push(r.Start(L, s))
		return 1
	}
}

// TransferSpec returns the method x:upload_spec or x:download_spec: the spec that the method
// of Transfer would start (--ts merged), without starting it.
func TransferSpec[T any](upload bool, what string, get SpecFunc[T], errs Errors) lua.LGFunction {
	return func(L *lua.LState) int {
		r, s := requestSpec(L, upload, what, get, errs)
		L.Push(runtime.ToLua(L, map[string]any(r.Spec(L, s))))
		return 1
	}
}

// requestSpec reads the request (client, files, opts) and returns it with the product's spec.
func requestSpec[T any](L *lua.LState, upload bool, what string, get SpecFunc[T], errs Errors) (Request, spec.Spec) {
	c := Arg[T](L, 1, what)
	r := ReadRequest(L, upload, 2)
	s, err := get(L, c, r)
	if err != nil {
		errs.Raise(L, err)
	}
	return r, s
}

// ReadRequest reads the files (argument n: a path or a list; nil: the paths of --ts) and the
// options table (argument n+1) of an upload or download method. Methods whose spec depends
// on more than the request (a package created first, sources rewritten relative to a folder
// they resolved) read the request with it, make their spec, and start it with Start.
func ReadRequest(L *lua.LState, upload bool, n int) Request {
	var files []string
	if L.Get(n) != lua.LNil {
		files = StringsArg(L, n)
	}
	return NewRequest(L, upload, files, L.OptTable(n+1, L.NewTable()))
}

// NewRequest makes the request of files with the options opts ({to_folder, src_type, agent,
// on_progress, progress} and the product's own); an odd count of files in pair mode is a
// usage error.
func NewRequest(L *lua.LState, upload bool, files []string, opts *lua.LTable) Request {
	if opts == nil {
		opts = L.NewTable()
	}
	r := Request{Upload: upload, Files: files, Opts: opts}
	r.ToFolder, r.SrcType = r.Option("to_folder"), r.Option("src_type")
	r.TS = runOverrides(L)
	r.AgentChooses = upload && ChoosesFiles(L, r.Option("agent"))
	if r.SrcType == "pair" && len(r.Files)%2 != 0 {
		runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "--src-type=pair: %d sources, an even number (source, destination...) expected", len(r.Files)))
	}
	return r
}

// Spec returns the product's spec s with the request applied (direction, destination, paths)
// and the run's --ts merged: what Start starts. A bad request is a usage error.
func (r Request) Spec(L *lua.LState, s spec.Spec) spec.Spec {
	ts, err := r.apply(s)
	if err != nil {
		runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "%v", err))
	}
	return Overridden(L, ts)
}

// Start starts the transfer of the product's spec s for the request (apply, then StartJob
// with the request's options, which merges --ts) and returns the job.
func (r Request) Start(L *lua.LState, s spec.Spec) *lua.LUserData {
	ts, err := r.apply(s)
	if err != nil {
		runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "%v", err))
	}
	return StartJob(L, ts, r.Opts)
}

// apply makes the spec of the request from the product's spec (transfer/spec ForUpload or
// ForDownload): direction, paths (the files, else the product's, else those of --ts), and
// destination. The destination of a download is local: destination_root is set to it. The
// destination of an upload is the product's to decide (node upload_setup, a gen4 folder id):
// destination_root is set only when the product's spec has none.
func (r Request) apply(s spec.Spec) (spec.Spec, error) {
	q := spec.Request{Args: r.Files, SrcType: r.SrcType, ToFolder: r.ToFolder, TS: r.TS, AgentChooses: r.AgentChooses}
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

// Start starts the product's spec s of a request that a method read its own way (a package's
// receive(id, opts)): the paths, destination and direction of r are applied as for Transfer,
// then StartJob with r.Opts. It returns the job's Lua value.
func Start(L *lua.LState, r Request, s spec.Spec) *lua.LUserData {
	ts, err := r.apply(s)
	if err != nil {
		runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "%v", err))
	}
	opts := r.Opts
	if opts == nil {
		opts = L.NewTable()
	}
	return StartJob(L, ts, opts)
}

// Prepared returns what Start would start: r applied to s and the --ts values merged.
func Prepared(L *lua.LState, r Request, s spec.Spec) spec.Spec {
	ts, err := r.apply(s)
	if err != nil {
		runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "%v", err))
	}
	return Overridden(L, ts)
}
