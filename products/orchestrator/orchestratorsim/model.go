package orchestratorsim

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Workflow is a workflow of the simulator: its run-time inputs and its steps, run in order.
type Workflow struct {
	ID     int
	Name   string
	Inputs []Input
	Steps  []Step
}

// Input is a run-time input of a workflow.
type Input struct {
	Name     string
	Optional bool
	Default  string
}

// Step is a work step: what it outputs once complete, or the failure it ends with.
type Step struct {
	Name string
	Type string // the step type shown (e.g. "Ruby", "Email")
	// Outputs computes the step's output variables from the work order's inputs.
	Outputs func(params map[string]string) map[string]string
	// Fail, when not empty, makes the step fail with this message.
	Fail string
}

// DefaultWorkflows are the workflows of a simulator started without any: 10 "Hello" (the
// manual's examples: input Param, output ResultStep:Complete_status_message), 11 "Failing"
// (its second step fails) and 12 "Transcode" (no input, four steps).
func DefaultWorkflows() []Workflow {
	return []Workflow{
		{ID: 10, Name: "Hello", Inputs: []Input{{Name: "Param"}},
			Steps: []Step{
				{Name: "Start", Type: "Manual Start"},
				{Name: "Greet", Type: "Ruby", Outputs: func(p map[string]string) map[string]string {
					return map[string]string{"greeting": "Hello " + p["Param"]}
				}},
				{Name: "ResultStep", Type: "Ruby", Outputs: func(p map[string]string) map[string]string {
					return map[string]string{"Complete_status_message": "Hello " + p["Param"] + ": workflow complete"}
				}},
			}},
		{ID: 11, Name: "Failing", Steps: []Step{
			{Name: "Start", Type: "Manual Start"},
			{Name: "Broken", Type: "Ruby", Fail: "simulated failure of step Broken"},
			{Name: "Never", Type: "Ruby"},
		}},
		{ID: 12, Name: "Transcode", Inputs: []Input{{Name: "file", Optional: true, Default: "/in/movie.mov"}},
			Steps: []Step{
				{Name: "Start", Type: "Manual Start"},
				{Name: "Fetch", Type: "Node Transfer"},
				{Name: "Transcode", Type: "FFmpeg", Outputs: func(p map[string]string) map[string]string {
					return map[string]string{"output_file": strings.TrimSuffix(p["file"], ".mov") + ".mp4"}
				}},
				{Name: "Notify", Type: "Email"},
			}},
	}
}

// workOrder is a run of a workflow. Its progress is computed from the time: each step takes
// the simulator's StepTime from start (reset restarts it), so that nothing runs in the
// background.
type workOrder struct {
	id       int
	wf       *Workflow
	params   map[string]string
	created  time.Time
	start    time.Time // of the current run (reset moves it)
	canceled time.Time // zero unless cancelled
	stepIDs  []int
	by       string // initiated by
}

// state is a work order at an instant.
type state struct {
	status  string // Queued, In Progress, Complete, Failed, Cancelled
	details string
	current int // index of the running (or failed, or cancelled) step; len(steps) when complete
	end     time.Time
}

// stateAt computes the work order's state at now, with steps of length d.
func (o *workOrder) stateAt(now time.Time, d time.Duration) state {
	at := now
	if !o.canceled.IsZero() && o.canceled.Before(now) {
		at = o.canceled
	}
	steps := len(o.wf.Steps)
	idx := steps
	if d > 0 {
		idx = int(at.Sub(o.start) / d)
	}
	for i := 0; i < steps && i < idx; i++ {
		if msg := o.wf.Steps[i].Fail; msg != "" {
			return state{status: "Failed", details: fmt.Sprintf("Step %s failed: %s", o.wf.Steps[i].Name, msg), current: i,
				end: o.start.Add(time.Duration(i+1) * d)}
		}
	}
	if idx >= steps {
		return state{status: "Complete", details: "Work order complete", current: steps, end: o.start.Add(time.Duration(steps) * d)}
	}
	if !o.canceled.IsZero() && !o.canceled.After(now) {
		return state{status: "Cancelled", details: "Cancelled by user at step " + o.wf.Steps[idx].Name, current: idx, end: o.canceled}
	}
	if idx < 0 {
		return state{status: "Queued", details: "Queued", current: 0}
	}
	return state{status: "In Progress", details: fmt.Sprintf("Executing Step: %s (%d)", o.wf.Steps[idx].Name, o.stepIDs[idx]), current: idx}
}

// outputs returns the output variables of the complete steps, in step order.
func (o *workOrder) outputs(st state) []any {
	out := []any{}
	for i := 0; i < st.current && i < len(o.wf.Steps); i++ {
		s := o.wf.Steps[i]
		if s.Outputs == nil || s.Fail != "" {
			continue
		}
		vals := s.Outputs(o.params)
		for _, k := range sortedStrings(vals) {
			out = append(out, obj{"step_name": s.Name, "variable_name": k, "value_type": "string", "value": vals[k]})
		}
	}
	return out
}

func sortedStrings(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func timestamp(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format("2006-01-02 15:04:05 UTC")
}

// view is the work order as work_order_status shows it, with its steps.
func (o *workOrder) view(now time.Time, d time.Duration) obj {
	st := o.stateAt(now, d)
	steps := []any{}
	for i, s := range o.wf.Steps {
		status := "Waiting"
		switch {
		case i < st.current:
			status = "Complete"
		case i == st.current && st.status == "In Progress":
			status = "In Progress"
		case i == st.current && st.status == "Failed":
			status = "Failed"
		case i == st.current && st.status == "Cancelled":
			status = "Cancelled"
		}
		steps = append(steps, obj{"@id": o.stepIDs[i], "name": s.Name, "step_type": s.Type, "status": status, "rank": i + 1})
	}
	var completed any
	if st.status == "Complete" || st.status == "Failed" || st.status == "Cancelled" {
		completed = timestamp(st.end)
	}
	return obj{
		"@id":           o.id,
		"name":          fmt.Sprintf("%s #%d", o.wf.Name, o.id),
		"workflow_id":   o.wf.ID,
		"workflow_name": o.wf.Name,
		"status":        st.status,
		"statusDetails": st.details,
		"initiated_by":  o.by,
		"created_at":    timestamp(o.created),
		"updated_at":    timestamp(now),
		"completed_at":  completed,
		"work_steps":    obj{"work_step": steps},
	}
}
