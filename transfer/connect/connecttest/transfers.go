package connecttest

import (
	"encoding/json"
	"net/http"
)

func (s *Server) start(w http.ResponseWriter, body map[string]any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	specs, settings, ok := s.checkStart(body)
	if !ok {
		fail(w, APIError{Code: 400, Internal: "bad transfer_specs"})
		return
	}
	if s.script.StartError != nil {
		fail(w, *s.script.StartError)
		return
	}
	out := make([]any, 0, len(specs))
	for i, ts := range specs {
		x := &xfer{uuid: uuid(), xferID: uuid(), spec: ts, settings: settings[i], index: i}
		if s.script.Copy != nil {
			x.copy = startCopy(*s.script.Copy, ts)
		}
		s.transfers[x.uuid], s.transfers[x.xferID] = x, x
		s.starts = append(s.starts, ts)
		s.order = append(s.order, x)
		out = append(out, x.output())
	}
	reply(w, http.StatusOK, map[string]any{"transfer_specs": out})
}

// output is the transfer as the start (and resume) answers it: the SDK's TransferOutput.
func (x *xfer) output() map[string]any {
	return map[string]any{
		"transfer_spec":           x.spec,
		"uuid":                    x.uuid,
		"aspera_connect_settings": x.settings,
		"tags":                    map[string]any{"aspera": map[string]any{"index": x.index, "xfer_id": x.xferID, "xfer_retry": 3600}},
	}
}

// activity answers transfers/activity: every transfer, each advanced by one poll.
func (s *Server) activity(w http.ResponseWriter, body map[string]any) {
	if _, ok := body["iteration_token"].(json.Number); !ok {
		s.t.Errorf("connecttest: activity: iteration_token %v is not a number", body["iteration_token"])
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.polls++
	s.iteration++
	list := []any{}
	for _, x := range s.order {
		list = append(list, s.poll(x))
	}
	reply(w, http.StatusOK, map[string]any{"iteration_token": s.iteration, "result_count": len(list), "transfers": list})
}

// onTransfer answers the calls on one transfer: info, modify, stop, remove, resume.
func (s *Server) onTransfer(w http.ResponseWriter, call, id string, body map[string]any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	x := s.transfers[id]
	switch call {
	case "info":
		s.polls++
	case "stop":
		s.stops = append(s.stops, id)
	case "modify":
		b := make(map[string]any, len(body))
		for k, v := range body {
			if k != "aspera_connect_settings" {
				b[k] = v
			}
		}
		s.modifies = append(s.modifies, Modify{ID: id, Body: b})
	}
	if x == nil {
		s.t.Errorf("connecttest: %s: unknown transfer id %q", call, id)
		fail(w, APIError{Status: http.StatusNotFound, Code: 404, Internal: "transfer not found", User: "Transfer not found"})
		return
	}
	switch call {
	case "info":
		reply(w, http.StatusOK, map[string]any{"transfer_info": s.poll(x)})
		return
	case "stop", "remove":
		x.stopped = map[string]string{"stop": "cancelled", "remove": "removed"}[call]
		if x.copy != nil {
			x.copy.stop()
		}
	case "resume": // a stopped, removed or failed copy starts again (copytree resumes the files)
		if x.copy != nil && (x.stopped != "" || x.copy.state() == "failed") {
			x.copy = startCopy(*s.script.Copy, x.spec)
		}
		x.stopped = ""
		reply(w, http.StatusOK, map[string]any{"transfer_spec": x.output()})
		return
	}
	reply(w, http.StatusOK, map[string]any{})
}

// poll advances a transfer by one poll and returns its transfer_info (s.mu held).
func (s *Server) poll(x *xfer) map[string]any {
	step := s.script.Steps[min(x.polls, len(s.script.Steps)-1)]
	x.polls++
	if x.copy != nil {
		step = x.copy.step()
	}
	if x.stopped != "" {
		if x.copy == nil {
			step = x.last
		}
		step.Status = x.stopped
	}
	x.last = step
	pct := 0.0
	if step.Expected > 0 {
		pct = float64(step.Written) / float64(step.Expected)
	}
	return map[string]any{
		"uuid":                     x.uuid,
		"status":                   step.Status,
		"bytes_written":            step.Written,
		"bytes_expected":           step.Expected,
		"percentage":               pct,
		"calculated_rate_kbps":     step.Rate,
		"current_file":             step.CurrentFile,
		"error_code":               step.ErrorCode,
		"error_desc":               step.ErrorDesc,
		"file_counts":              map[string]any{"attempted": step.FilesCompleted, "completed": step.FilesCompleted, "failed": 0, "skipped": 0},
		"files":                    []any{},
		"transfer_spec":            x.spec,
		"aspera_connect_settings":  x.settings,
		"transfer_iteration_token": s.iteration,
	}
}
