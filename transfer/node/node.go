// Package node is the "node" transfer agent: it asks a Node API server to run the transfer
// (POST /ops/transfers with the transfer spec), follows it (GET /ops/transfers/{id}, every
// second by default), turns the node's statuses into transfer events, cancels it on Ctrl-C
// (the CANCEL method) and changes its rate (PUT target_rate_kbps).
//
// Decisions, after the IBM aspera-cli sources (agent/node.rb):
//   - "waiting" and "partially_completed" mean the job is still starting; "running" reports
//     bytes_transferred, with the total from precalc.bytes_expected once precalc is ready.
//   - "failed" with error_code 0 and no error_desc is a success (an HSTS quirk).
//   - When tags.aspera exists, tags.aspera.xfer_retry is set to 150 (the node retries).
//   - EX_* fields and transfer_info are the client's: they are not sent to the node.
package node

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"time"

	nodeapi "github.com/asperalm/aslmcli/products/node"
	"github.com/asperalm/aslmcli/transfer"
	"github.com/asperalm/aslmcli/transfer/spec"
)

// Agent runs transfers on a node.
type Agent struct {
	Client *nodeapi.Client
	Poll   time.Duration // default 1 s
}

// Name returns "node".
func (a *Agent) Name() string { return "node" }

// Start posts the spec to the node and follows the job.
func (a *Agent) Start(ctx context.Context, s spec.Spec, o transfer.Options) (transfer.Job, error) {
	body := outgoing(s)
	started, err := a.Client.StartTransfer(ctx, body)
	if err != nil {
		return nil, fmt.Errorf("node agent: start: %w", err)
	}
	id, _ := started["id"].(string)
	if id == "" {
		return nil, fmt.Errorf("node agent: the node answered no transfer id")
	}
	poll := a.Poll
	if poll <= 0 {
		poll = time.Second
	}
	jctx, cancel := context.WithCancel(context.Background())
	j := &job{agent: a, id: id, poll: poll, on: o.OnEvent, cancel: cancel, done: make(chan struct{}), start: time.Now()}
	j.emit(transfer.Event{Type: transfer.SessionStart, Session: id})
	go j.follow(jctx)
	return j, nil
}

// outgoing is the spec as the node gets it: without the client's EX_* and transfer_info, and
// with tags.aspera.xfer_retry set when tags.aspera exists.
func outgoing(s spec.Spec) map[string]any {
	body := map[string]any(s.Clean())
	if tags, ok := body["tags"].(map[string]any); ok {
		if asp, ok := tags["aspera"].(map[string]any); ok {
			body["tags"] = spec.Merge(spec.Spec(tags), map[string]any{"aspera": spec.Merge(spec.Spec(asp), map[string]any{"xfer_retry": 150})})
		}
	}
	return body
}

type job struct {
	agent  *Agent
	id     string
	poll   time.Duration
	on     func(transfer.Event)
	cancel context.CancelFunc
	done   chan struct{}
	start  time.Time

	mu       sync.Mutex
	result   transfer.Result
	err      error
	canceled bool
}

func (j *job) emit(e transfer.Event) {
	if j.on == nil {
		return
	}
	e.Agent, e.Time = "node", time.Now()
	if e.Session == "" {
		e.Session = j.id
	}
	j.on(e)
}

// follow polls the job until it ends.
func (j *job) follow(ctx context.Context) {
	defer close(j.done)
	var lastBytes int64
	sized := false
	t := time.NewTicker(j.poll)
	defer t.Stop()
	for {
		st, err := j.agent.Client.Transfer(ctx, j.id)
		if err != nil {
			if ctx.Err() != nil {
				j.finish(transfer.Canceled, nil)
				return
			}
			j.finish(transfer.Failed, fmt.Errorf("node agent: follow %s: %w", j.id, err))
			return
		}
		bytes := num(st["bytes_transferred"])
		if pre, ok := st["precalc"].(map[string]any); ok && !sized && pre["status"] == "ready" {
			sized = true
			j.emit(transfer.Event{Type: transfer.Sizes, Total: num(pre["bytes_expected"]), Files: num(pre["files_expected"])})
		}
		switch status, _ := st["status"].(string); status {
		case "running":
			if bytes != lastBytes {
				lastBytes = bytes
				j.emit(transfer.Event{Type: transfer.Progress, Bytes: bytes, RateKbps: num(st["current_rate_kbps"])})
			}
		case "completed":
			j.succeed(bytes, num(st["files_completed"]))
			return
		case "failed":
			code, desc := int(num(st["error_code"])), fmt.Sprint(orEmpty(st["error_desc"]))
			if code == 0 && desc == "" {
				j.succeed(bytes, num(st["files_completed"]))
				return
			}
			e := &transfer.Error{Agent: "node", Code: code, Message: desc}
			j.emit(transfer.Event{Type: transfer.SessionError, Code: code, Message: desc})
			j.finish(transfer.Failed, e)
			return
		case "canceled", "cancelled":
			j.finish(transfer.Canceled, &transfer.Error{Agent: "node", Message: "the transfer was canceled"})
			return
		}
		select {
		case <-ctx.Done():
			j.finish(transfer.Canceled, &transfer.Error{Agent: "node", Message: "the transfer was canceled"})
			return
		case <-t.C:
		}
	}
}

func orEmpty(v any) any {
	if v == nil {
		return ""
	}
	return v
}

func num(v any) int64 {
	switch t := v.(type) {
	case float64:
		return int64(t)
	case int64:
		return t
	case int:
		return int64(t)
	case fmt.Stringer:
		n, _ := strconv.ParseInt(t.String(), 10, 64)
		return n
	case string:
		n, _ := strconv.ParseInt(t, 10, 64)
		return n
	}
	return 0
}

func (j *job) succeed(bytes, files int64) {
	j.emit(transfer.Event{Type: transfer.SessionDone, Bytes: bytes, Files: files})
	j.mu.Lock()
	j.result.Bytes, j.result.Files = bytes, files
	j.mu.Unlock()
	j.finish(transfer.Succeeded, nil)
}

func (j *job) finish(s transfer.Status, err error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.result, j.err = transfer.Conclude("node", s, j.canceled, err, j.result, j.start)
}

// Wait returns when the node's job ended (or ctx is done, which cancels it).
func (j *job) Wait(ctx context.Context) (transfer.Result, error) {
	transfer.Await(ctx, j.done, j.Cancel)
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.result, j.err
}

// Cancel asks the node to cancel the job, and stops following it; a job that ended is left
// alone.
func (j *job) Cancel() {
	select {
	case <-j.done:
		return
	default:
	}
	j.mu.Lock()
	j.canceled = true
	j.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, _ = j.agent.Client.CancelTransfer(ctx, j.id)
	j.cancel()
}

// SetRate changes the target rate of the node's job.
func (j *job) SetRate(kbps int64) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err := j.agent.Client.ModifyTransfer(ctx, j.id, nodeapi.Object{"target_rate_kbps": kbps})
	return err
}
