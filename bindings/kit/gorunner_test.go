package kit_test

import (
	"context"
	"sync"
	"testing"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/bindings/internal/bindtest"
	"github.com/asperalm/aslmcli/bindings/kit"
	"github.com/asperalm/aslmcli/transfer"
	"github.com/asperalm/aslmcli/transfer/spec"
)

// recordingAgent is a transfer agent of the tests: its jobs succeed at once and it keeps
// the specs it was given.
type recordingAgent struct {
	mu    sync.Mutex
	specs []spec.Spec
}

func (a *recordingAgent) Name() string { return "kit-go-test" }
func (a *recordingAgent) Start(_ context.Context, s spec.Spec, _ transfer.Options) (transfer.Job, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.specs = append(a.specs, s)
	return doneJob{}, nil
}

type doneJob struct{}

func (doneJob) Wait(context.Context) (transfer.Result, error) {
	return transfer.Result{Status: transfer.Succeeded}, nil
}
func (doneJob) Cancel()       {}
func (doneJob) Agent() string { return "kit-go-test" }

var goAgent = &recordingAgent{}

func init() {
	transfer.Register(transfer.Info{Name: "kit-go-test", Help: "a test agent that records specs",
		New: func(map[string]any) (transfer.Agent, error) { return goAgent, nil }})
}

// TestGoRunner: the runner made on the Lua goroutine runs specs from other goroutines, with
// the --ts values merged and the spec validated; an agent that cannot be made is the error of
// each call, not of the runner's making.
func TestGoRunner(t *testing.T) {
	var errs []error
	mod := kit.Module{Name: "test.gorunner", Funcs: map[string]lua.LGFunction{
		"run": func(L *lua.LState) int {
			run := kit.GoRunner(L, L.OptString(1, ""))
			var wg sync.WaitGroup
			results := make([]error, 3)
			for i := range results {
				wg.Add(1)
				go func() {
					defer wg.Done()
					s := spec.Spec{"direction": "send", "remote_host": "h", "remote_user": "u", "paths": []any{map[string]any{"source": "a"}}}
					if i == 2 {
						delete(s, "remote_host")
					}
					results[i] = run(context.Background(), s)
				}()
			}
			wg.Wait()
			errs = results
			return 0
		},
	}}
	w := bindtest.New(t, []kit.Module{mod})
	kit.SetTransfer(w.Engine, &kit.TransferContext{Default: func() string { return "kit-go-test" },
		Overrides: func() (map[string]any, error) { return map[string]any{"target_rate_kbps": int64(5)}, nil }})
	w.String(`require("test.gorunner").run() return ""`)
	if errs[0] != nil || errs[1] != nil || errs[2] == nil {
		t.Fatalf("errors %v", errs)
	}
	if len(goAgent.specs) != 2 || goAgent.specs[0]["target_rate_kbps"] != int64(5) {
		t.Fatalf("specs %v", goAgent.specs)
	}
	w.String(`require("test.gorunner").run("no-such-agent") return ""`)
	if errs[0] == nil || errs[1] == nil {
		t.Fatalf("an unknown agent: %v", errs)
	}
}
