package orchestratorsim

import (
	"fmt"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Version is the version the simulator reports.
const Version = "4.1.0.sim"

func (s *Server) ping(w http.ResponseWriter, r *http.Request, _, f string) {
	host, _ := os.Hostname()
	write(w, 200, f, "remote_orchestrator_info", obj{
		"@time": timestamp(s.now()), "@action": "ping",
		"orchestrator-version":      Version,
		"orchestrator-status":       "running",
		"orchestrator-startup-time": timestamp(s.started),
		"hostname":                  host,
	})
}

func (s *Server) processes(w http.ResponseWriter, _ *http.Request, _, _ string) {
	procs := []any{}
	for i, name := range []string{"Engine", "Worker", "Monitor", "Scheduler"} {
		procs = append(procs, obj{"name": name, "status": "running", "pid": 4200 + i, "started_at": timestamp(s.started)})
	}
	write(w, 200, "xml", "processes_status", obj{"@time": timestamp(s.now()), "process": procs})
}

func (s *Server) plugins(w http.ResponseWriter, _ *http.Request, _, _ string) {
	list := []any{}
	for _, p := range [][2]string{{"Email", "1.6"}, {"FaspexDelivery", "2.3"}, {"FFmpeg", "1.4"}, {"NodeTransfer", "3.1"}, {"Ruby", "1.2"}} {
		list = append(list, obj{"name": p[0], "version": p[1]})
	}
	writeJSON(w, 200, obj{"Plugin": list})
}

func (s *Server) monitors(w http.ResponseWriter, _ *http.Request, _, f string) {
	s.mu.Lock()
	counts := s.counts(0)
	s.mu.Unlock()
	write(w, 200, f, "monitor", obj{
		"@time": timestamp(s.now()), "engine": "running", "workers": 4,
		"work_orders_in_progress": counts["In Progress"], "work_orders_queued": counts["Queued"],
		"work_orders_complete": counts["Complete"], "work_orders_failed": counts["Failed"],
	})
}

// counts returns the number of work orders by status, of one workflow (0: all); s.mu held.
func (s *Server) counts(wf int) map[string]int {
	out := map[string]int{}
	for _, o := range s.orders {
		if wf == 0 || o.wf.ID == wf {
			out[o.stateAt(s.now(), s.cfg.StepTime).status]++
		}
	}
	return out
}

// sortedWorkflows returns the workflows by id.
func (s *Server) sortedWorkflows() []*Workflow {
	out := make([]*Workflow, 0, len(s.workflows))
	for _, wf := range s.workflows {
		out = append(out, wf)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func (s *Server) workflowsList(w http.ResponseWriter, _ *http.Request, _, f string) {
	list := []any{}
	for _, wf := range s.sortedWorkflows() {
		list = append(list, obj{"id": wf.ID, "portable_id": fmt.Sprintf("wf-%04d-sim", wf.ID), "name": wf.Name,
			"published_status": "published", "published_revision_id": 3, "latest_revision_id": 3,
			"last_modification": timestamp(s.started)})
	}
	write(w, 200, f, "workflows", obj{"@time": timestamp(s.now()), "@action": "list", "workflow": list})
}

func (s *Server) workflowStatusRow(wf *Workflow) obj {
	c := s.counts(wf.ID)
	return obj{"@id": wf.ID, "@name": wf.Name, "status": "active", "in_progress": c["In Progress"], "queued": c["Queued"],
		"complete": c["Complete"], "failed": c["Failed"], "cancelled": c["Cancelled"]}
}

func (s *Server) workflowsStatus(w http.ResponseWriter, _ *http.Request, arg, f string) {
	var wfs []*Workflow
	if arg == "" {
		wfs = s.sortedWorkflows()
	} else if wf := s.workflow(w, arg); wf != nil {
		wfs = []*Workflow{wf}
	} else {
		return
	}
	s.mu.Lock()
	list := []any{}
	for _, wf := range wfs {
		list = append(list, s.workflowStatusRow(wf))
	}
	s.mu.Unlock()
	write(w, 200, f, "workflows", obj{"@time": timestamp(s.now()), "@action": "status", "workflow": list})
}

func (s *Server) workflowDetails(w http.ResponseWriter, _ *http.Request, arg, f string) {
	wf := s.workflow(w, arg)
	if wf == nil {
		return
	}
	s.mu.Lock()
	statuses := []any{}
	c := s.counts(wf.ID)
	for _, k := range []string{"Queued", "In Progress", "Complete", "Failed", "Cancelled"} {
		if c[k] > 0 { // only the statuses encountered are reported
			statuses = append(statuses, obj{"@type": k, "@count": c[k]})
		}
	}
	s.mu.Unlock()
	write(w, 200, f, "workflows", obj{"@time": timestamp(s.now()), "@action": "details", "@id": wf.ID,
		"workflow": obj{"@id": wf.ID, "@name": wf.Name, "statuses": statuses}})
}

func (s *Server) inputsSpec(w http.ResponseWriter, _ *http.Request, arg, f string) {
	wf := s.workflow(w, arg)
	if wf == nil {
		return
	}
	params := []any{}
	for i, in := range wf.Inputs {
		params = append(params, obj{"@id": wf.ID*100 + i, "@name": in.Name, "workflow_id": wf.ID, "value_type": "string",
			"optional": in.Optional, "value": in.Default})
	}
	write(w, 200, f, "workflow_inputs_spec", obj{"@time": timestamp(s.now()), "@action": "inputs_spec",
		"workflow_id": wf.ID, "workflow_name": wf.Name, "parameter": params})
}

func (s *Server) outputsSpec(w http.ResponseWriter, _ *http.Request, arg, f string) {
	wf := s.workflow(w, arg)
	if wf == nil {
		return
	}
	outputs := []any{}
	for i, st := range wf.Steps {
		if st.Outputs == nil {
			continue
		}
		sample := map[string]string{}
		for _, in := range wf.Inputs {
			sample[in.Name] = in.Default
		}
		for j, k := range sortedStrings(st.Outputs(sample)) {
			outputs = append(outputs, obj{"@id": wf.ID*1000 + i*10 + j, "workflow_id": wf.ID, "step_name": st.Name,
				"variable_name": k, "value_type": "string"})
		}
	}
	write(w, 200, f, "workflow_outputs_spec", obj{"@time": timestamp(s.now()), "@action": "opspec", "output": outputs})
}

func (s *Server) workOrdersList(w http.ResponseWriter, r *http.Request, arg, f string) {
	wf := s.workflow(w, arg)
	if wf == nil {
		return
	}
	max, _ := strconv.Atoi(r.URL.Query().Get("max_results"))
	s.mu.Lock()
	var ids []int
	for id, o := range s.orders {
		if o.wf == wf {
			ids = append(ids, id)
		}
	}
	sort.Sort(sort.Reverse(sort.IntSlice(ids))) // the latest first
	list := []any{}
	for _, id := range ids {
		if max > 0 && len(list) >= max {
			break
		}
		list = append(list, s.orders[id].view(s.now(), s.cfg.StepTime))
	}
	s.mu.Unlock()
	write(w, 200, f, "work_orders", list)
}

func (s *Server) export(w http.ResponseWriter, _ *http.Request, arg, _ string) {
	wf := s.workflow(w, arg)
	if wf == nil {
		return
	}
	steps := []any{}
	for i, st := range wf.Steps {
		steps = append(steps, obj{"@rank": i + 1, "@name": st.Name, "@type": st.Type})
	}
	inputs := []any{}
	for _, in := range wf.Inputs {
		inputs = append(inputs, obj{"@name": in.Name, "@optional": in.Optional})
	}
	write(w, 200, "xml", "workflow", obj{"@id": wf.ID, "@name": wf.Name, "@revision": 3,
		"inputs": obj{"input": inputs}, "steps": obj{"step": steps}})
}

// initiate starts a work order: external_parameters[NAME]=VALUE are its inputs; synchronous
// waits for its end; explicit_output_step and explicit_output_variable name the output to
// answer (as text).
func (s *Server) initiate(w http.ResponseWriter, r *http.Request, arg, f string) {
	wf := s.workflow(w, arg)
	if wf == nil {
		return
	}
	q := r.URL.Query()
	params := map[string]string{}
	for k, v := range q {
		if name, ok := strings.CutPrefix(k, "external_parameters["); ok && strings.HasSuffix(name, "]") {
			params[strings.TrimSuffix(name, "]")] = v[0]
		}
	}
	var missing []any
	for _, in := range wf.Inputs {
		if _, ok := params[in.Name]; !ok {
			if !in.Optional {
				missing = append(missing, in.Name)
			}
			params[in.Name] = in.Default
		}
	}
	if len(missing) > 0 {
		writeJSON(w, http.StatusBadRequest, obj{"work_order": obj{"status": "Failed", "workflow_id": wf.ID,
			"statusDetails": "Work order not initiated: required run-time parameters are missing"}, "missing_parameters": missing})
		return
	}
	user, _ := s.authenticate(r)
	s.mu.Lock()
	now := s.now()
	o := &workOrder{id: s.nextOrder, wf: wf, params: params, created: now, start: now, by: user}
	s.nextOrder++
	for range wf.Steps {
		o.stepIDs = append(o.stepIDs, s.nextStep)
		s.nextStep++
	}
	s.orders[o.id] = o
	view := o.view(now, s.cfg.StepTime)
	s.mu.Unlock()
	step, variable := q.Get("explicit_output_step"), q.Get("explicit_output_variable")
	if q.Get("synchronous") != "true" && step == "" {
		write(w, 200, f, "work_order", view)
		return
	}
	st := s.waitEnd(r, o)
	if step == "" {
		s.mu.Lock()
		view = o.view(s.now(), s.cfg.StepTime)
		s.mu.Unlock()
		write(w, 200, f, "work_order", view)
		return
	}
	for _, v := range o.outputs(st) {
		if v.(obj)["step_name"] == step && v.(obj)["variable_name"] == variable {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			fmt.Fprint(w, v.(obj)["value"])
			return
		}
	}
	writeJSON(w, http.StatusBadRequest, obj{"work_order": obj{"@id": o.id, "status": st.status,
		"statusDetails": fmt.Sprintf("%s; no output %s:%s", st.details, step, variable)}})
}

// waitEnd waits until the work order has ended (or the request or the server stops).
func (s *Server) waitEnd(r *http.Request, o *workOrder) state {
	for {
		s.mu.Lock()
		st := o.stateAt(s.now(), s.cfg.StepTime)
		s.mu.Unlock()
		switch st.status {
		case "Complete", "Failed", "Cancelled":
			return st
		}
		select {
		case <-r.Context().Done():
			return st
		case <-s.ctx.Done():
			return st
		case <-time.After(10 * time.Millisecond):
		}
	}
}

func (s *Server) workOrderStatus(w http.ResponseWriter, _ *http.Request, arg, f string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if o := s.order(w, arg); o != nil {
		write(w, 200, f, "work_order", o.view(s.now(), s.cfg.StepTime))
	}
}

func (s *Server) workOrderCancel(w http.ResponseWriter, _ *http.Request, arg, f string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.order(w, arg)
	if o == nil {
		return
	}
	if st := o.stateAt(s.now(), s.cfg.StepTime); st.status == "In Progress" || st.status == "Queued" {
		o.canceled = s.now()
	}
	write(w, 200, f, "work_order", o.view(s.now(), s.cfg.StepTime))
}

func (s *Server) workOrderReset(w http.ResponseWriter, _ *http.Request, arg, f string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if o := s.order(w, arg); o != nil {
		o.start, o.canceled = s.now(), time.Time{}
		write(w, 200, f, "work_order", o.view(s.now(), s.cfg.StepTime))
	}
}

func (s *Server) workOrderOutput(w http.ResponseWriter, _ *http.Request, arg, _ string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if o := s.order(w, arg); o != nil {
		st := o.stateAt(s.now(), s.cfg.StepTime)
		write(w, 200, "xml", "work_order_output", obj{"@time": timestamp(s.now()), "@work_order_id": o.id, "variable": o.outputs(st)})
	}
}

// step finds a work step by id (s.mu held): its work order and index, or answers 404.
func (s *Server) step(w http.ResponseWriter, arg string) (*workOrder, int) {
	id, err := strconv.Atoi(arg)
	if err == nil {
		for _, o := range s.orders {
			for i, sid := range o.stepIDs {
				if sid == id {
					return o, i
				}
			}
		}
	}
	writeError(w, http.StatusNotFound, fmt.Sprintf("no work step with id %q", arg))
	return nil, 0
}

func (s *Server) stepView(o *workOrder, i int) obj {
	view := o.view(s.now(), s.cfg.StepTime)
	ws := view["work_steps"].(obj)["work_step"].([]any)[i].(obj)
	return obj{"work_step": obj{"id": o.stepIDs[i], "workOrder_id": o.id, "workflow_id": o.wf.ID, "name": ws["name"],
		"step_type": ws["step_type"], "status": ws["status"], "rank": i + 1}}
}

func (s *Server) workStepStatus(w http.ResponseWriter, _ *http.Request, arg, f string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if o, i := s.step(w, arg); o != nil {
		write(w, 200, f, "Work-step-status", s.stepView(o, i))
	}
}

// workStepCancel cancels the work order when the step has not ended yet (a cancelled step
// stops its work order).
func (s *Server) workStepCancel(w http.ResponseWriter, _ *http.Request, arg, f string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, i := s.step(w, arg)
	if o == nil {
		return
	}
	if st := o.stateAt(s.now(), s.cfg.StepTime); st.status == "In Progress" && st.current <= i {
		o.canceled = s.now()
	}
	write(w, 200, f, "Work-step-status", s.stepView(o, i))
}
