package kit

import (
	"context"
	"errors"
	"sync"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/transfer"
	"github.com/asperalm/aslmcli/transfer/spec"
)

// luaJob is a job and the events waiting to be handed to Lua (agents report from their own
// goroutines; Lua runs on one).
type luaJob struct {
	job      transfer.Job
	agent    string
	progress *lua.LFunction
	bar      *progressBar
	mu       sync.Mutex
	queue    []transfer.Event
	signal   chan struct{}
	waited   bool
	result   transfer.Result
	err      error
}

// progressEvery is how often, at most, progress events reach Lua (and the bar): the other
// events are delivered as they come, progress is coalesced to the latest.
const progressEvery = 100 * time.Millisecond

func (j *luaJob) push(e transfer.Event) {
	j.mu.Lock()
	if e.Type == transfer.Progress {
		// replace a progress event still waiting at the end of the queue: Lua sees the latest
		if n := len(j.queue); n > 0 && j.queue[n-1].Type == transfer.Progress {
			j.queue[n-1] = e
			j.mu.Unlock()
			return
		}
		j.queue = append(j.queue, e)
		j.mu.Unlock()
		return // delivered at the next tick of wait, not woken for
	}
	j.queue = append(j.queue, e)
	j.mu.Unlock()
	select {
	case j.signal <- struct{}{}:
	default:
	}
}

func (j *luaJob) drain() []transfer.Event {
	j.mu.Lock()
	defer j.mu.Unlock()
	q := j.queue
	j.queue = nil
	return q
}

// StartJob starts a transfer of s with the options table o ({agent, on_progress, progress})
// and returns the job's Lua value: the one object of transfer.start and of the product
// modules' upload/download. The --ts overrides of the run are merged over s, then the spec
// is validated before the agent starts.
func StartJob(L *lua.LState, s spec.Spec, o *lua.LTable) *lua.LUserData {
	t := TransferOf(L)
	ts := Overridden(L, s)
	if err := transfer.CheckSpec(AgentName(L, lua.LVAsString(o.RawGetString("agent"))), ts); err != nil {
		runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "%v", errors.Unwrap(err)))
	}
	agent := NewAgent(L, lua.LVAsString(o.RawGetString("agent")))
	j := &luaJob{agent: agent.Name(), signal: make(chan struct{}, 1)}
	if f, ok := o.RawGetString("on_progress").(*lua.LFunction); ok {
		j.progress = f
	}
	showBar := t.Progress != nil && t.Progress()
	if v, ok := o.RawGetString("progress").(lua.LBool); ok {
		showBar = bool(v)
	}
	if e := runtime.EngineOf(L); showBar && e != nil && e.IO != nil {
		j.bar = newProgressBar(e.IO.Err, agent.Name())
	}
	job, err := agent.Start(runtime.Context(L), ts, transfer.Options{OnEvent: j.push})
	if err != nil {
		runtime.Raise(L, TransferError(err))
	}
	j.job = job
	runtime.OnClose(L, job.Cancel)
	return JobHandle.New(L, j)
}

// NewAgent makes the transfer agent name ("": --transfer, else direct) with the run's
// settings for it; it raises a usage error for an unknown agent, a config error for one that
// cannot run here (no ascp...).
func NewAgent(L *lua.LState, name string) transfer.Agent {
	a, err := agentFor(L, name)
	if err != nil {
		runtime.Raise(L, err)
	}
	return a
}

// AgentName returns the agent a transfer of the run uses: name, else --transfer, else direct.
func AgentName(L *lua.LState, name string) string {
	if t := TransferOf(L); name == "" && t.Default != nil {
		name = t.Default()
	}
	if name == "" {
		name = "direct"
	}
	return name
}

// ChoosesFiles tells whether the agent of a transfer of the run (AgentName) lets the user
// choose an upload's files (transfer.Info.ChoosesFiles: Connect's file dialog).
func ChoosesFiles(L *lua.LState, name string) bool {
	info, ok := transfer.Lookup(AgentName(L, name))
	return ok && info.ChoosesFiles
}

// agentFor is NewAgent returning its error.
func agentFor(L *lua.LState, name string) (transfer.Agent, *runtime.Error) {
	t := TransferOf(L)
	name = AgentName(L, name)
	settings := map[string]any{}
	if t.Settings != nil {
		st, err := t.Settings(name)
		if err != nil {
			return nil, runtime.Wrap(runtime.KindUsage, err)
		}
		settings = st
	}
	agent, err := transfer.New(name, settings)
	if err != nil {
		kind := runtime.KindConfig // the agent cannot run here (no ascp, no Connect...)
		if errors.Is(err, transfer.ErrUnknownAgent) || errors.Is(err, transfer.ErrSettings) {
			kind = runtime.KindUsage
		}
		return nil, runtime.Errorf(kind, "transfer.start: %v", err)
	}
	return agent, nil
}

// Overridden returns s with the run's --ts values merged over it (null deletes a key).
func Overridden(L *lua.LState, s spec.Spec) spec.Spec {
	t := TransferOf(L)
	if t.Overrides == nil {
		return s
	}
	over, err := t.Overrides()
	if err != nil {
		runtime.Raise(L, runtime.Wrap(runtime.KindUsage, err))
	}
	if over == nil {
		return s
	}
	return spec.Merge(s, over)
}

// TransferError converts the error of a transfer: kind "transfer" with the agent's code and
// whether a new try may help as details; "interrupted" for a cancellation.
func TransferError(err error) *runtime.Error {
	var te *transfer.Error
	if errors.As(err, &te) {
		return &runtime.Error{Kind: runtime.KindTransfer, Message: te.Error(), Details: map[string]any{"code": te.Code, "retryable": te.Retryable}, Err: err}
	}
	if errors.Is(err, context.Canceled) {
		return runtime.Wrap(runtime.KindInterrupted, err)
	}
	return HTTP(runtime.KindTransfer).Of(err)
}

func eventValue(e transfer.Event) map[string]any {
	m := map[string]any{"type": string(e.Type), "agent": e.Agent, "time": e.Time.UTC().Format("2006-01-02T15:04:05.000Z")}
	set := func(k string, v any, ok bool) {
		if ok {
			m[k] = v
		}
	}
	set("session_id", e.Session, e.Session != "")
	set("bytes", e.Bytes, e.Bytes != 0)
	set("total", e.Total, e.Total != 0)
	if e.Total > 0 {
		m["percent"] = float64(e.Bytes) * 100 / float64(e.Total)
	}
	set("files", e.Files, e.Files != 0)
	set("rate_kbps", e.RateKbps, e.RateKbps != 0)
	set("file", e.File, e.File != "")
	set("code", e.Code, e.Code != 0)
	set("message", e.Message, e.Message != "")
	set("retryable", e.Retryable, e.Retryable)
	return m
}

// deliver calls on_progress for the queued events, on the Lua goroutine.
func (j *luaJob) deliver(L *lua.LState) {
	for _, e := range j.drain() {
		if j.bar != nil {
			j.bar.event(e)
		}
		if j.progress == nil {
			continue
		}
		L.Push(j.progress)
		L.Push(runtime.ToLua(L, eventValue(e)))
		L.Call(1, 0)
	}
}

func resultValue(r transfer.Result) map[string]any {
	m := map[string]any{"status": string(r.Status), "agent": r.Agent, "sessions": r.Sessions, "bytes": r.Bytes,
		"files": r.Files, "elapsed": r.Elapsed.Seconds()}
	if len(r.Errors) > 0 {
		l := make([]any, len(r.Errors))
		for i, e := range r.Errors {
			l[i] = e
		}
		m["errors"] = l
	}
	return m
}

// wait delivers the events to on_progress (and the bar) until the job ends, once; it returns
// the result, and the "transfer" error of a job that failed (its details hold the result).
func (j *luaJob) wait(L *lua.LState) (transfer.Result, *runtime.Error) {
	if !j.waited {
		ctx := runtime.Context(L)
		done := make(chan struct{})
		go func() {
			j.result, j.err = j.job.Wait(ctx)
			close(done)
		}()
		tick := time.NewTicker(progressEvery)
		for finished := false; !finished; {
			select {
			case <-j.signal:
			case <-tick.C:
			case <-done:
				finished = true
			}
			j.deliver(L)
		}
		tick.Stop()
		if j.bar != nil {
			j.bar.finish()
		}
		j.waited = true
	}
	if j.err != nil {
		e := TransferError(j.err)
		if d, ok := e.Details.(map[string]any); ok {
			d["result"] = resultValue(j.result)
		}
		return j.result, e
	}
	return j.result, nil
}

// RunJob starts s like StartJob and waits for it on the Lua goroutine (on_progress called
// there): for Go code that transfers as one step of a longer operation (node forward...).
func RunJob(L *lua.LState, s spec.Spec, o *lua.LTable) (transfer.Result, error) {
	ud := StartJob(L, s, o)
	r, err := ud.Value.(*luaJob).wait(L)
	if err != nil {
		return r, err
	}
	return r, nil
}

// JobHandle is the handle of a transfer job (aspera.transfer.job).
var JobHandle = &Handle{Name: "aspera.transfer.job", Methods: JobMethods,
	String: func(v any) string { return "aspera.transfer.job(" + v.(*luaJob).agent + ")" }}

// JobMethods are the methods of a transfer job: wait, cancel, set_rate.
var JobMethods = map[string]lua.LGFunction{
	// wait delivers the events to on_progress until the job ends; returns the result table,
	// raises a "transfer" error when the job failed.
	"wait": func(L *lua.LState) int {
		j := Arg[*luaJob](L, 1, "transfer job")
		r, err := j.wait(L)
		if err != nil {
			runtime.Raise(L, err)
		}
		L.Push(runtime.ToLua(L, resultValue(r)))
		return 1
	},
	"cancel": func(L *lua.LState) int {
		Arg[*luaJob](L, 1, "transfer job").job.Cancel()
		return 0
	},
	"set_rate": func(L *lua.LState) int {
		j := Arg[*luaJob](L, 1, "transfer job")
		if err := transfer.SetRate(j.job, int64(L.CheckInt64(2))); err != nil {
			runtime.Raise(L, TransferError(err))
		}
		return 0
	},
}
