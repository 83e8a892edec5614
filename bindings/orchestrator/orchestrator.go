// Package orchestrator is the binding of aspera.orchestrator, IBM Aspera Orchestrator
// (products/orchestrator): the instance, workflows, work orders started and waited for, work
// steps, and the local simulator (products/orchestrator/orchestratorsim).
package orchestrator

import (
	_ "embed"
	"errors"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/bindings/kit"
	orch "github.com/asperalm/aslmcli/products/orchestrator"
	"github.com/asperalm/aslmcli/products/rest"
	"github.com/asperalm/aslmcli/runtime"
)

//go:embed aspera.orchestrator.d.lua
var meta string

// Module is `aspera.orchestrator`.
var Module = kit.Module{Name: "aspera.orchestrator", Doc: "IBM Aspera Orchestrator: workflows, work orders started and waited for, a local simulator",
	Meta: meta, Funcs: funcs, Types: map[string]*kit.Handle{"client": Handle, "simulator": simHandle}}

var funcs = map[string]lua.LGFunction{
	"new":         constructor.New,
	"from_preset": constructor.FromPreset,
	"simulator":   startSimulator,
}

// Handle is the type of an Orchestrator client.
var Handle = &kit.Handle{Name: "aspera.orchestrator.client", Methods: methods,
	String: func(v any) string { return "aspera.orchestrator(" + rest.CleanURL(v.(*orch.Client).API.BaseURL) + ")" }}

// constructor makes clients from the orchestrator plugin's options.
var constructor = &kit.Client[*orch.Client]{Module: "orchestrator", Handle: Handle,
	Keys: []string{"url", "username", "password", "auth_style", "ret_style"}, Build: build}

func build(L *lua.LState, o kit.Options) (*orch.Client, error) {
	return orch.NewFromOptions(orch.Options{URL: o.Str("url"), Username: o.Str("username"), Password: o.Str("password"),
		AuthStyle: o.Str("auth_style"), RetStyle: o.Str("ret_style")}, kit.HTTPSettings(L))
}

func check(L *lua.LState) *orch.Client { return kit.Arg[*orch.Client](L, 1, "orchestrator client") }

// errs: a bad result location is a usage error; a work order that ends without success is an
// error whose details are the work order.
var errs = kit.Errors{Kinds: map[error]string{orch.ErrUsage: runtime.KindUsage}, Convert: func(err error) *runtime.Error {
	var we *orch.WorkOrderError
	if errors.As(err, &we) {
		return &runtime.Error{Kind: runtime.KindError, Message: we.Error(), Details: we.WorkOrder, Err: err}
	}
	return nil
}}

// id reads argument n: a workflow, work order or step id, given as a string or a number.
func id(L *lua.LState, n int) string {
	v := L.CheckAny(n)
	if num, ok := v.(lua.LNumber); ok {
		return num.String()
	}
	return L.CheckString(n)
}

// waitOpts reads {poll = seconds, on_status = function(work_order)} at argument n, with the
// other keys a method takes.
func waitOpts(L *lua.LState, n int, fn string, more ...string) (kit.Options, time.Duration, func(orch.Object)) {
	o := kit.OptionsArg(L, n, fn, append([]string{"poll", "on_status"}, more...)...)
	var poll time.Duration
	switch p := o["poll"].(type) {
	case nil:
	case int64:
		poll = time.Duration(p) * time.Second
	case float64:
		poll = time.Duration(p * float64(time.Second))
	default:
		L.ArgError(n, "poll: seconds expected")
	}
	var on func(orch.Object)
	if f, ok := L.Get(n).(*lua.LTable); ok {
		if cb, ok := f.RawGetString("on_status").(*lua.LFunction); ok {
			on = func(wo orch.Object) {
				if err := L.CallByParam(lua.P{Fn: cb, NRet: 0, Protect: true}, runtime.ToLua(L, wo)); err != nil {
					runtime.Raise(L, runtime.Wrap(runtime.KindLua, err))
				}
			}
		}
	}
	return o, poll, on
}

func listing(L *lua.LState, n int, fn string) int {
	max, _ := kit.ListOpts(L, n, fn)
	return max
}

var methods = map[string]lua.LGFunction{
	"info":      func(L *lua.LState) int { v, err := check(L).Info(kit.Ctx(L)); return errs.Push(L, v, err) },
	"health":    func(L *lua.LState) int { return errs.Push(L, check(L).Health(kit.Ctx(L)), nil) },
	"processes": func(L *lua.LState) int { v, err := check(L).Processes(kit.Ctx(L)); return errs.Push(L, v, err) },
	"plugins":   func(L *lua.LState) int { v, err := check(L).Plugins(kit.Ctx(L)); return errs.Push(L, v, err) },
	"monitors":  func(L *lua.LState) int { v, err := check(L).Monitors(kit.Ctx(L)); return errs.Push(L, v, err) },
	"workflows": func(L *lua.LState) int {
		c := check(L)
		return errs.Collect(L, c.Workflows(kit.Ctx(L), listing(L, 2, "workflows")))
	},
	"each_workflow": func(L *lua.LState) int {
		c := check(L)
		return errs.Iterator(L, c.Workflows(kit.Ctx(L), listing(L, 2, "each_workflow")))
	},
	"workflow_status": func(L *lua.LState) int {
		v, err := check(L).WorkflowStatus(kit.Ctx(L), L.OptString(2, ""))
		return errs.Push(L, v, err)
	},
	"workflow_details": func(L *lua.LState) int {
		v, err := check(L).WorkflowDetails(kit.Ctx(L), id(L, 2))
		return errs.Push(L, v, err)
	},
	"workflow_inputs": func(L *lua.LState) int {
		v, err := check(L).WorkflowInputs(kit.Ctx(L), id(L, 2))
		return errs.Push(L, v, err)
	},
	"workflow_outputs": func(L *lua.LState) int {
		v, err := check(L).WorkflowOutputs(kit.Ctx(L), id(L, 2))
		return errs.Push(L, v, err)
	},
	"export_workflow": func(L *lua.LState) int {
		v, err := check(L).ExportWorkflow(kit.Ctx(L), id(L, 2))
		return errs.Push(L, v, err)
	},
	"work_orders": func(L *lua.LState) int {
		c, wf := check(L), id(L, 2)
		max, q := kit.ListOpts(L, 3, "work_orders")
		return errs.Collect(L, c.WorkOrders(kit.Ctx(L), wf, kit.QueryOf(L, q), max))
	},
	"each_work_order": func(L *lua.LState) int {
		c, wf := check(L), id(L, 2)
		max, q := kit.ListOpts(L, 3, "each_work_order")
		return errs.Iterator(L, c.WorkOrders(kit.Ctx(L), wf, kit.QueryOf(L, q), max))
	},
	"start": func(L *lua.LState) int {
		c, wf := check(L), id(L, 2)
		params := kit.ObjectArg(L, 3)
		o, poll, on := waitOpts(L, 4, "start", "result", "synchronous")
		sync, err := o.Bool("synchronous", false)
		if err != nil {
			L.ArgError(4, err.Error())
		}
		v, err := c.Run(kit.Ctx(L), wf, params, orch.RunOptions{Result: o.Str("result"), Synchronous: sync, Poll: poll, OnStatus: on})
		return errs.Push(L, v, err)
	},
	"wait": func(L *lua.LState) int {
		c, wo := check(L), id(L, 2)
		_, poll, on := waitOpts(L, 3, "wait")
		v, err := c.Wait(kit.Ctx(L), wo, poll, on)
		return errs.Push(L, v, err)
	},
	"result": func(L *lua.LState) int {
		c, wo := check(L), id(L, 2)
		step, variable, err := orch.ParseResult(L.CheckString(3))
		if err != nil {
			errs.Raise(L, err)
		}
		v, err := c.Result(kit.Ctx(L), wo, step, variable)
		return errs.Push(L, v, err)
	},
	"work_order": func(L *lua.LState) int {
		v, err := check(L).WorkOrder(kit.Ctx(L), id(L, 2))
		return errs.Push(L, v, err)
	},
	"cancel_work_order": func(L *lua.LState) int {
		v, err := check(L).CancelWorkOrder(kit.Ctx(L), id(L, 2))
		return errs.Push(L, v, err)
	},
	"reset_work_order": func(L *lua.LState) int {
		v, err := check(L).ResetWorkOrder(kit.Ctx(L), id(L, 2))
		return errs.Push(L, v, err)
	},
	"work_order_output": func(L *lua.LState) int {
		v, err := check(L).WorkOrderOutput(kit.Ctx(L), id(L, 2))
		return errs.Push(L, v, err)
	},
	"work_step": func(L *lua.LState) int {
		v, err := check(L).WorkStep(kit.Ctx(L), id(L, 2))
		return errs.Push(L, v, err)
	},
	"cancel_work_step": func(L *lua.LState) int {
		v, err := check(L).CancelWorkStep(kit.Ctx(L), id(L, 2))
		return errs.Push(L, v, err)
	},
}
