package orchestrator

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"
)

// Start initiates a work order of a workflow with run-time inputs (initiate, asynchronous)
// and returns the work order (id, status...).
func (c *Client) Start(ctx context.Context, workflowID string, params map[string]any) (Object, error) {
	q := url.Values{}
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		q.Set("external_parameters["+k+"]", text(params[k]))
	}
	v, err := c.get(ctx, "initiate/"+url.PathEscape(workflowID), JSON, "work_order", q)
	if err != nil {
		return nil, fmt.Errorf("start workflow %s: %w", workflowID, err)
	}
	wo := object(v)
	if wo == nil || ID(wo) == "" {
		return nil, fmt.Errorf("start workflow %s: the answer has no work order id", workflowID)
	}
	return wo, nil
}

// text is the value of a run-time input: strings as they are, other values as JSON.
func text(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case json.Number:
		return t.String()
	case nil:
		return ""
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// ID returns the id of a work order, work step or workflow object as text.
func ID(o Object) string {
	switch t := o["id"].(type) {
	case string:
		return t
	case json.Number:
		return t.String()
	case nil:
		return ""
	default:
		return fmt.Sprint(t)
	}
}

// Status returns the status of a work order: its "status" text, or the "state" of a status
// element.
func Status(wo Object) string {
	switch t := wo["status"].(type) {
	case string:
		return t
	case map[string]any:
		s, _ := t["state"].(string)
		return s
	}
	return ""
}

// Ended tells whether a work order status is final, and whether it is a success.
func Ended(status string) (ended, ok bool) {
	switch strings.ToLower(status) {
	case "complete", "completed", "success":
		return true, true
	case "failed", "error", "cancelled", "canceled":
		return true, false
	}
	return false, false
}

// WorkOrderError is a work order that ended without success.
type WorkOrderError struct {
	ID, Status, Details string
	WorkOrder           Object
}

func (e *WorkOrderError) Error() string {
	msg := fmt.Sprintf("work order %s: %s", e.ID, e.Status)
	if e.Details != "" {
		msg += ": " + e.Details
	}
	return msg
}

// DefaultPoll is the interval between two status requests of Wait.
const DefaultPoll = time.Second

// Wait polls a work order until it ends and returns its last status; each status read is
// given to onStatus (may be nil). A work order that does not end in success is a
// *WorkOrderError. ctx stops the wait.
func (c *Client) Wait(ctx context.Context, id string, poll time.Duration, onStatus func(Object)) (Object, error) {
	if poll <= 0 {
		poll = DefaultPoll
	}
	for {
		wo, err := c.WorkOrder(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("work order %s: %w", id, err)
		}
		if onStatus != nil {
			onStatus(wo)
		}
		status := Status(wo)
		if ended, ok := Ended(status); ended {
			if !ok {
				details, _ := wo["statusDetails"].(string)
				return wo, &WorkOrderError{ID: id, Status: status, Details: details, WorkOrder: wo}
			}
			return wo, nil
		}
		t := time.NewTimer(poll)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, fmt.Errorf("waiting for work order %s: %w", id, ctx.Err())
		case <-t.C:
		}
	}
}

// ParseResult reads a result location "STEP:PARAM" (the work step's name and the name of
// its output variable).
func ParseResult(location string) (step, variable string, err error) {
	parts := strings.Split(location, ":")
	if len(parts) != 2 || parts[0] == "" || parts[1] == "" {
		return "", "", fmt.Errorf("%w: result %q: expected STEP:PARAM (the work step and the name of its output)", ErrUsage, location)
	}
	return parts[0], parts[1], nil
}

// Result returns the value of the output variable of a step of a work order.
func (c *Client) Result(ctx context.Context, id, step, variable string) (any, error) {
	vars, err := c.WorkOrderOutput(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("work order %s output: %w", id, err)
	}
	var known []string
	for _, v := range vars {
		o := object(v)
		s, _ := o["step_name"].(string)
		n, _ := o["variable_name"].(string)
		if s == step && n == variable {
			return o["value"], nil
		}
		known = append(known, s+":"+n)
	}
	return nil, fmt.Errorf("work order %s has no output %s:%s (outputs: %s)", id, step, variable, strings.Join(known, ", "))
}

// RunOptions say how Run waits.
type RunOptions struct {
	// Result is "STEP:PARAM": wait for the work order, then return that output's value.
	Result string
	// Synchronous waits for the work order (implied by Result).
	Synchronous bool
	// Poll is the interval between status requests (DefaultPoll when 0).
	Poll time.Duration
	// OnStatus receives each status read while waiting (may be nil).
	OnStatus func(Object)
}

// Run starts a work order and, when o asks for it, waits for its end: it returns the work
// order as started (asynchronous), the final work order (Synchronous), or the value of the
// Result output.
func (c *Client) Run(ctx context.Context, workflowID string, params map[string]any, o RunOptions) (any, error) {
	var step, variable string
	if o.Result != "" {
		var err error
		if step, variable, err = ParseResult(o.Result); err != nil {
			return nil, err
		}
	}
	wo, err := c.Start(ctx, workflowID, params)
	if err != nil || (!o.Synchronous && o.Result == "") {
		return wo, err
	}
	final, err := c.Wait(ctx, ID(wo), o.Poll, o.OnStatus)
	if err != nil || o.Result == "" {
		return final, err
	}
	return c.Result(ctx, ID(wo), step, variable)
}
