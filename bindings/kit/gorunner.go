package kit

import (
	"context"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/transfer"
	"github.com/asperalm/aslmcli/transfer/spec"
)

// GoRunner returns a function that runs a transfer spec to its end from any goroutine, for
// Go code that transfers many times in parallel as steps of a longer operation (the preview
// generator's downloads and uploads), where RunJob, bound to the Lua goroutine, cannot serve.
// The agent (agent: "" is --transfer), its settings and the run's --ts values are read now,
// on the Lua goroutine; each call merges the --ts values over its spec, validates it, starts
// the agent and waits. No events reach Lua. An agent that cannot be made (no ascp...) is an
// error of each call, not of GoRunner, so that a run that transfers nothing does not fail.
func GoRunner(L *lua.LState, agent string) func(ctx context.Context, s spec.Spec) error {
	a, aerr := agentFor(L, agent)
	if aerr != nil {
		return func(context.Context, spec.Spec) error { return aerr }
	}
	var over map[string]any
	if t := TransferOf(L); t.Overrides != nil {
		var err error
		if over, err = t.Overrides(); err != nil {
			runtime.Raise(L, runtime.Wrap(runtime.KindUsage, err))
		}
	}
	return func(ctx context.Context, s spec.Spec) error {
		if over != nil {
			s = spec.Merge(s, over)
		}
		if err := s.Validate(); err != nil {
			return err
		}
		job, err := a.Start(ctx, s, transfer.Options{})
		if err != nil {
			return err
		}
		_, err = job.Wait(ctx)
		return err
	}
}
