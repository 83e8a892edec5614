package connect

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/asperalm/aslmcli/products/rest"
	"github.com/asperalm/aslmcli/transfer"
)

// job is one transfer of Connect.
type job struct {
	transfer.JobBase
	client *rest.Client
	appID  string
	id     string // Connect's transfer id (uuid)
	poll   time.Duration
}

// post sends a POST about the transfer (path/id) with the app_id added to the body.
func (j *job) post(ctx context.Context, path string, body map[string]any, retry bool) (map[string]any, error) {
	if body == nil {
		body = map[string]any{}
	}
	body["aspera_connect_settings"] = settings(j.appID)
	return post(ctx, j.client, path+"/"+url.PathEscape(j.id), body, retry)
}

// follow polls the transfer until it ends.
func (j *job) follow(ctx context.Context) {
	var written, expected int64
	attempt, retrying := 0, false
	t := time.NewTicker(j.poll)
	defer t.Stop()
	for {
		ans, err := j.post(ctx, "transfers/info", nil, true)
		if err != nil {
			if ctx.Err() != nil {
				j.Finish(transfer.Canceled, transfer.Result{Bytes: written}, ctx.Err())
				return
			}
			j.Finish(transfer.Failed, transfer.Result{Bytes: written}, fmt.Errorf("connect agent: follow %s: %w", j.id, err))
			return
		}
		ti, _ := ans["transfer_info"].(map[string]any)
		if e := transfer.Number(ti["bytes_expected"]); e > 0 && e != expected {
			expected = e
			j.Emit(transfer.Event{Type: transfer.Sizes, Total: e})
		}
		if w := transfer.Number(ti["bytes_written"]); w != written {
			written = w
			j.Emit(transfer.Event{Type: transfer.Progress, Bytes: w, Total: expected, RateKbps: transfer.Number(ti["calculated_rate_kbps"])})
		}
		status, _ := ti["status"].(string)
		if status != "willretry" {
			retrying = false
		}
		r := transfer.Result{Bytes: written}
		switch status {
		case "completed":
			if fc, ok := ti["file_counts"].(map[string]any); ok {
				r.Files = transfer.Number(fc["completed"])
			}
			j.Finish(transfer.Succeeded, r, nil)
			return
		case "failed":
			code := int(transfer.Number(ti["error_code"]))
			desc, _ := ti["error_desc"].(string)
			if desc == "" {
				desc = "the transfer failed"
			}
			j.Finish(transfer.Failed, r, &transfer.Error{Agent: "connect", Code: code, Message: desc})
			return
		case "cancelled", "removed":
			j.Finish(transfer.Canceled, r, &transfer.Error{Agent: "connect", Message: "the transfer was " + status + " in Connect"})
			return
		case "willretry":
			if !retrying {
				retrying = true
				attempt++
				desc, _ := ti["error_desc"].(string)
				j.Emit(transfer.Event{Type: transfer.Retry, Attempt: attempt, Message: desc, Code: int(transfer.Number(ti["error_code"]))})
			}
		}
		select {
		case <-ctx.Done():
			j.Finish(transfer.Canceled, r, ctx.Err())
			return
		case <-t.C:
		}
	}
}

// SetRate changes the target rate of the transfer (POST transfers/modify): the connect agent
// is a transfer.RateSetter.
func (j *job) SetRate(kbps int64) error {
	select {
	case <-j.Done():
		return fmt.Errorf("connect agent: transfer %s has ended", j.id)
	default:
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := j.post(ctx, "transfers/modify", map[string]any{"target_rate_kbps": kbps}, false); err != nil {
		return fmt.Errorf("connect agent: set rate: %w", err)
	}
	return nil
}
