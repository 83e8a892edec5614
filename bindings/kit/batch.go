package kit

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/transfer"
	"github.com/asperalm/aslmcli/transfer/spec"
)

// BatchOptions say how Batch receives its ids.
type BatchOptions struct {
	Concurrency int    // transfers at once; below 1 means 1
	Agent       string // "" = --transfer
	ToFolder    string // the local destination; "" = "."
	PerID       bool   // each id's files go to ToFolder/<id> (made when missing)
	Seen        *Seen  // the ids received are added to it (nil: none)
}

// SpecOf returns the product's download spec of one id of a batch. It runs on Batch's
// goroutines, several at once: it must be safe for concurrent use and must not touch Lua.
type SpecOf func(ctx context.Context, id string) (spec.Spec, error)

// Batch receives every id (the packages of "receive ALL"): for each, specOf gives the spec,
// the destination and the run's --ts values are applied, the spec is validated and the agent
// runs it; Concurrency transfers at once. It returns one result per id, in the order of ids:
// {id, status ("success", "failed", "canceled"), files, bytes, elapsed, folder, error}. An id
// whose transfer succeeded is added to Seen. The agent's events are not delivered to Lua.
// Ctrl-C (the script's context) cancels the transfers; the ids not started are "canceled".
func Batch(L *lua.LState, ids []string, specOf SpecOf, o BatchOptions) []map[string]any {
	var over map[string]any
	if t := TransferOf(L); t.Overrides != nil {
		var err error
		if over, err = t.Overrides(); err != nil {
			runtime.Raise(L, runtime.Wrap(runtime.KindUsage, err))
		}
	}
	agent := NewAgent(L, o.Agent)
	ctx := runtime.Context(L)
	n := max(1, o.Concurrency)
	results := make([]map[string]any, len(ids))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(n, len(ids)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] = receiveOne(ctx, agent, ids[i], specOf, over, o)
			}
		}()
	}
	for i := range ids {
		if ctx.Err() != nil {
			results[i] = map[string]any{"id": ids[i], "status": string(transfer.Canceled), "error": "interrupted"}
			continue
		}
		next <- i
	}
	close(next)
	wg.Wait()
	return results
}

// receiveOne runs the transfer of one id of a batch.
func receiveOne(ctx context.Context, agent transfer.Agent, id string, specOf SpecOf, over map[string]any, o BatchOptions) map[string]any {
	out := map[string]any{"id": id, "status": string(transfer.Failed)}
	fail := func(err error) map[string]any {
		out["error"] = err.Error()
		if errors.Is(err, context.Canceled) {
			out["status"] = string(transfer.Canceled)
		}
		return out
	}
	s, err := specOf(ctx, id)
	if err != nil {
		return fail(err)
	}
	to := o.ToFolder
	if to == "" {
		to = "."
	}
	if o.PerID {
		to = filepath.Join(to, safeName(id))
		if err := os.MkdirAll(to, 0o755); err != nil {
			return fail(err)
		}
	}
	out["folder"] = to
	ts, err := (Request{ToFolder: to}).apply(s)
	if err != nil {
		return fail(err)
	}
	if over != nil {
		ts = spec.Merge(ts, over)
	}
	if err := ts.Validate(); err != nil {
		return fail(err)
	}
	job, err := agent.Start(ctx, ts, transfer.Options{})
	if err != nil {
		return fail(err)
	}
	r, err := job.Wait(ctx)
	out["files"], out["bytes"], out["elapsed"] = r.Files, r.Bytes, r.Elapsed.Seconds()
	if err != nil {
		return fail(err)
	}
	out["status"] = string(r.Status)
	if o.Seen != nil && r.Status == transfer.Succeeded {
		if err := o.Seen.Add(id); err != nil {
			return fail(err)
		}
	}
	return out
}

// OnceOnly opens the set of ids that --once-only remembers for a receive ALL|INIT of cmd
// ("faspex5 receive"), named by parts (product, server, user, box): nil when once is false.
// INIT (init) without once is a usage error; a set that cannot be read is a config error.
func OnceOnly(L *lua.LState, cmd string, once, init bool, parts ...string) *Seen {
	if init && !once {
		runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "%s INIT: only with --once-only=yes", cmd))
	}
	if !once {
		return nil
	}
	seen, err := OpenSeen(PersistDir(L), parts...)
	if err != nil {
		runtime.Raise(L, runtime.Wrap(runtime.KindConfig, err))
	}
	return seen
}

// ReceiveAll is a product's receive ALL (Batch of ids) or, with init, its INIT: the ids are
// recorded in o.Seen as received and nothing moves (each result {id, status = "skipped"}).
// It returns the results as a list for Lua.
func ReceiveAll(L *lua.LState, ids []string, init bool, specOf SpecOf, o BatchOptions) []any {
	out := make([]any, len(ids))
	if init {
		if err := o.Seen.Reset(ids); err != nil {
			runtime.Raise(L, runtime.Wrap(runtime.KindConfig, err))
		}
		for i, id := range ids {
			out[i] = map[string]any{"id": id, "status": "skipped"}
		}
		return out
	}
	for i, r := range Batch(L, ids, specOf, o) {
		out[i] = r
	}
	return out
}

// ReceiveAllKeys are the option keys ReceiveAllOptions reads.
var ReceiveAllKeys = []string{"to_folder", "agent", "once_only", "init", "package_folder", "concurrency"}

// ReceiveAllOptions reads the options of a receive_all method (ReceiveAllKeys): once_only,
// init, and the BatchOptions (to_folder, agent, package_folder, concurrency; Seen is the
// caller's).
func ReceiveAllOptions(o Options) (once, init bool, b BatchOptions, err error) {
	var errs [4]error
	once, errs[0] = o.Bool("once_only", false)
	init, errs[1] = o.Bool("init", false)
	b.PerID, errs[2] = o.Bool("package_folder", false)
	b.Concurrency, errs[3] = o.Int("concurrency")
	b.Agent, b.ToFolder = o.Str("agent"), o.Str("to_folder")
	return once, init, b, errors.Join(errs[:]...)
}
