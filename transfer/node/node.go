// Package node is the "node" transfer agent: it asks a Node API server to run the transfer
// (POST /ops/transfers with the transfer spec), follows it (GET /ops/transfers/{id}, every
// second by default), turns the node's statuses into transfer events, cancels it on Ctrl-C
// (the HTTP method CANCEL) and changes its rate (PUT target_rate_kbps).
//
// Decisions, after the IBM aspera-cli sources (agent/node.rb):
//   - "waiting" and "partially_completed" mean the job is still starting; "running" reports
//     bytes_transferred, with the total from precalc.bytes_expected once precalc is ready.
//   - "failed" with error_code 0 and no error_desc is a success (an HSTS quirk).
//   - When tags.aspera exists, tags.aspera.xfer_retry is set to 150 (the node retries).
//   - EX_* fields and transfer_info are the client's: they are not sent to the node.
//   - The package registers itself as "node" (Settings: the node's url and credentials, made a
//     client by products/node's NewFromOptions, and poll); it takes the run's HTTP settings
//     and, when no url is given, the node of the command or of the default node preset
//     (transfer.InputHTTP, transfer.InputNode). The jobs are transfer.RateSetter.
package node

import (
	"context"
	"fmt"
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

// Start checks the spec, posts it to the node and follows the job.
func (a *Agent) Start(ctx context.Context, s spec.Spec, o transfer.Options) (transfer.Job, error) {
	if err := transfer.CheckSpec(a.Name(), s); err != nil {
		return nil, err
	}
	started, err := a.Client.StartTransfer(ctx, outgoing(s))
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
	j := &job{client: a.Client, id: id, poll: poll}
	j.Init(a.Name(), o, func() error {
		// ask the node to cancel, and stop following
		defer cancel()
		ctx, done := context.WithTimeout(context.Background(), 10*time.Second)
		defer done()
		_, err := a.Client.CancelTransfer(ctx, id)
		return err
	})
	j.SetSession(id)
	j.Emit(transfer.Event{Type: transfer.SessionStart})
	go func() {
		defer cancel()
		j.follow(jctx)
	}()
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

// job is a transfer the node runs.
type job struct {
	transfer.JobBase
	client *nodeapi.Client
	id     string
	poll   time.Duration
}

// follow polls the job until it ends.
func (j *job) follow(ctx context.Context) {
	var lastBytes int64
	sized := false
	t := time.NewTicker(j.poll)
	defer t.Stop()
	for {
		st, err := j.client.Transfer(ctx, j.id)
		if err != nil {
			if ctx.Err() != nil {
				j.Finish(transfer.Canceled, transfer.Result{Bytes: lastBytes}, ctx.Err())
				return
			}
			j.Finish(transfer.Failed, transfer.Result{Bytes: lastBytes}, fmt.Errorf("node agent: follow %s: %w", j.id, err))
			return
		}
		bytes := transfer.Number(st["bytes_transferred"])
		if pre, ok := st["precalc"].(map[string]any); ok && !sized && pre["status"] == "ready" {
			sized = true
			j.Emit(transfer.Event{Type: transfer.Sizes, Total: transfer.Number(pre["bytes_expected"]), Files: transfer.Number(pre["files_expected"])})
		}
		r := transfer.Result{Bytes: bytes, Files: transfer.Number(st["files_completed"])}
		switch status, _ := st["status"].(string); status {
		case "running":
			if bytes != lastBytes {
				lastBytes = bytes
				j.Emit(transfer.Event{Type: transfer.Progress, Bytes: bytes, RateKbps: transfer.Number(st["current_rate_kbps"])})
			}
		case "completed":
			j.Finish(transfer.Succeeded, r, nil)
			return
		case "failed":
			code, desc := int(transfer.Number(st["error_code"])), fmt.Sprint(orEmpty(st["error_desc"]))
			if code == 0 && desc == "" {
				j.Finish(transfer.Succeeded, r, nil)
				return
			}
			j.Finish(transfer.Failed, r, &transfer.Error{Agent: "node", Code: code, Message: desc})
			return
		case "canceled", "cancelled":
			j.Finish(transfer.Canceled, r, &transfer.Error{Agent: "node", Message: "the transfer was canceled on the node"})
			return
		}
		select {
		case <-ctx.Done():
			j.Finish(transfer.Canceled, r, ctx.Err())
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

// SetRate changes the target rate of the node's job: the node agent is a
// transfer.RateSetter.
func (j *job) SetRate(kbps int64) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err := j.client.ModifyTransfer(ctx, j.id, nodeapi.Object{"target_rate_kbps": kbps})
	return err
}
