package orchestrator

import (
	"context"
	"net/url"
)

// Listing is a lazy listing of an endpoint that answers in one piece: nothing is sent before
// the first Next. It has the shape of rest.Iterator (Next, Err).
type Listing struct {
	fetch func() ([]any, error)
	items []any
	pos   int
	max   int
	done  bool
	err   error
}

func newListing(max int, fetch func() ([]any, error)) *Listing {
	return &Listing{fetch: fetch, max: max}
}

// Next returns the next item; false at the end or after an error (see Err).
func (l *Listing) Next() (any, bool) {
	if !l.done {
		l.done = true
		l.items, l.err = l.fetch()
	}
	if l.pos >= len(l.items) || (l.max > 0 && l.pos >= l.max) {
		return nil, false
	}
	v := l.items[l.pos]
	l.pos++
	return v, true
}

// Err returns the error that stopped the listing, if any.
func (l *Listing) Err() error { return l.err }

// Info returns the instance's information (remote_node_ping, XML): orchestrator-version,
// status, start time...
func (c *Client) Info(ctx context.Context) (Object, error) {
	v, err := c.get(ctx, "remote_node_ping", XML, "", nil)
	return object(v), err
}

// Health checks that the API answers and reports its version: rows of status (ok or
// critical), component and message, as ascli's health does.
func (c *Client) Health(ctx context.Context) []any {
	info, err := c.Info(ctx)
	if err != nil {
		return []any{Object{"status": "critical", "component": "api", "message": err.Error()}}
	}
	version, _ := info["orchestrator-version"].(string)
	if version == "" {
		version = "unknown"
	}
	return []any{
		Object{"status": "ok", "component": "api", "message": "accessible"},
		Object{"status": "ok", "component": "orchestrator", "message": "version " + version},
	}
}

// Processes returns the background processes (processes_status, which answers XML only).
func (c *Client) Processes(ctx context.Context) ([]any, error) {
	v, err := c.get(ctx, "processes_status", XML, "", nil)
	return List(path(v, "process")), err
}

// Plugins returns the installed plugins and their versions (plugin_version).
func (c *Client) Plugins(ctx context.Context) ([]any, error) {
	v, err := c.get(ctx, "plugin_version", JSON, "", nil)
	return List(path(v, "Plugin")), err
}

// Monitors returns the monitors' snapshot (monitor_snapshot).
func (c *Client) Monitors(ctx context.Context) (Object, error) {
	v, err := c.get(ctx, "monitor_snapshot", JSON, "monitor", nil)
	return object(v), err
}

// Workflows lists the workflows (workflows_list/0), at most max (0: all).
func (c *Client) Workflows(ctx context.Context, max int) *Listing {
	return newListing(max, func() ([]any, error) {
		v, err := c.get(ctx, "workflows_list/0", JSON, "workflows", nil)
		return List(path(v, "workflow")), err
	})
}

// WorkflowStatus returns the running status of one workflow, or of all when id is "" or
// "ALL" (workflows_status).
func (c *Client) WorkflowStatus(ctx context.Context, id string) ([]any, error) {
	endpoint := "workflows_status"
	if id != "" && id != "ALL" {
		endpoint += "/" + url.PathEscape(id)
	}
	v, err := c.get(ctx, endpoint, JSON, "workflows", nil)
	return List(path(v, "workflow")), err
}

// WorkflowDetails returns the count of work orders of a workflow by status (workflow_details).
func (c *Client) WorkflowDetails(ctx context.Context, id string) ([]any, error) {
	v, err := c.get(ctx, "workflow_details/"+url.PathEscape(id), JSON, "workflows", nil)
	return List(path(v, "workflow", "statuses")), err
}

// WorkflowInputs returns the run-time inputs specification of a workflow
// (workflow_inputs_spec): workflow_id, workflow_name and its parameter list.
func (c *Client) WorkflowInputs(ctx context.Context, id string) (Object, error) {
	v, err := c.get(ctx, "workflow_inputs_spec/"+url.PathEscape(id), JSON, "workflow_inputs_spec", nil)
	return object(v), err
}

// WorkflowOutputs returns the outputs specification of a workflow (workflow_outputs_spec):
// one row per step variable.
func (c *Client) WorkflowOutputs(ctx context.Context, id string) ([]any, error) {
	v, err := c.get(ctx, "workflow_outputs_spec/"+url.PathEscape(id), JSON, "workflow_outputs_spec", nil)
	return List(path(v, "output")), err
}

// WorkOrders lists the work orders of a workflow (work_orders_list), with the API's own query
// parameters (max_results...), at most max (0: all).
func (c *Client) WorkOrders(ctx context.Context, workflowID string, query url.Values, max int) *Listing {
	return newListing(max, func() ([]any, error) {
		v, err := c.get(ctx, "work_orders_list/"+url.PathEscape(workflowID), JSON, "work_orders", query)
		return List(v), err
	})
}

// ExportWorkflow returns the definition of a workflow as the API exports it (XML text).
func (c *Client) ExportWorkflow(ctx context.Context, id string) (string, error) {
	resp, err := c.do(ctx, "export_workflow/"+url.PathEscape(id), "", nil)
	if err != nil {
		return "", err
	}
	return string(resp.Body), nil
}

// WorkOrder returns the status of a work order and of its steps (work_order_status).
func (c *Client) WorkOrder(ctx context.Context, id string) (Object, error) {
	v, err := c.get(ctx, "work_order_status/"+url.PathEscape(id), JSON, "work_order", nil)
	return object(v), err
}

// CancelWorkOrder cancels a work order (work_order_cancel) and returns it.
func (c *Client) CancelWorkOrder(ctx context.Context, id string) (Object, error) {
	v, err := c.get(ctx, "work_order_cancel/"+url.PathEscape(id), JSON, "work_order", nil)
	return object(v), err
}

// ResetWorkOrder restarts a work order from its first step (work_order_reset) and returns it.
func (c *Client) ResetWorkOrder(ctx context.Context, id string) (Object, error) {
	v, err := c.get(ctx, "work_order_reset/"+url.PathEscape(id), JSON, "work_order", nil)
	return object(v), err
}

// WorkOrderOutput returns the output variables of a work order (work_order_output, XML):
// step_name, variable_name, value_type, value.
func (c *Client) WorkOrderOutput(ctx context.Context, id string) ([]any, error) {
	v, err := c.get(ctx, "work_order_output/"+url.PathEscape(id), XML, "", nil)
	return List(path(v, "variable")), err
}

// WorkStep returns the status of a work step (work_step_status).
func (c *Client) WorkStep(ctx context.Context, id string) (Object, error) {
	v, err := c.get(ctx, "work_step_status/"+url.PathEscape(id), JSON, "Work-step-status", nil)
	return object(path(v, "work_step")), err
}

// CancelWorkStep cancels a work step (work_step_cancel; a cancelled step stops its work
// order) and returns it.
func (c *Client) CancelWorkStep(ctx context.Context, id string) (Object, error) {
	v, err := c.get(ctx, "work_step_cancel/"+url.PathEscape(id), JSON, "Work-step-status", nil)
	return object(path(v, "work_step")), err
}
