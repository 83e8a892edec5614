package connect

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/asperalm/aslmcli/products/rest"
	"github.com/asperalm/aslmcli/transfer"
)

// job is one transfer of Connect.
type job struct {
	client *rest.Client
	appID  string
	id     string // Connect's transfer id (uuid)
	poll   time.Duration
	on     func(transfer.Event)
	cancel context.CancelFunc // stops following
	done   chan struct{}      // closed when following ended
	start  time.Time
	stop   sync.Once

	mu       sync.Mutex
	result   transfer.Result
	err      error
	canceled bool
	stopErr  error
}

// emit reports an event of the job.
func (j *job) emit(e transfer.Event) {
	if j.on == nil {
		return
	}
	e.Agent, e.Time, e.Session = "connect", time.Now(), j.id
	j.on(e)
}

// post sends a POST to Connect with the app_id added to the body.
func (j *job) post(ctx context.Context, path string, body map[string]any, retry bool) (map[string]any, error) {
	if body == nil {
		body = map[string]any{}
	}
	body["aspera_connect_settings"] = map[string]any{"app_id": j.appID}
	resp, err := j.client.Do(ctx, &rest.Request{Method: http.MethodPost, Path: path + "/" + url.PathEscape(j.id), JSON: body, Retry: &retry})
	if err != nil {
		return nil, err
	}
	v, err := resp.Data()
	if err != nil {
		return nil, err
	}
	m, _ := v.(map[string]any)
	if _, bad := m["error"]; bad {
		return nil, fmt.Errorf("%s: %s", path, rest.EmbeddedError(m))
	}
	return m, nil
}

// follow polls the transfer until it ends.
func (j *job) follow(ctx context.Context) {
	defer close(j.done)
	var written, expected int64
	attempt, retrying := 0, false
	t := time.NewTicker(j.poll)
	defer t.Stop()
	for {
		ans, err := j.post(ctx, "transfers/info", nil, true)
		if err != nil {
			if ctx.Err() != nil {
				j.finish(transfer.Canceled, nil)
				return
			}
			j.finish(transfer.Failed, fmt.Errorf("connect agent: follow %s: %w", j.id, err))
			return
		}
		ti, _ := ans["transfer_info"].(map[string]any)
		if e := num(ti["bytes_expected"]); e > 0 && e != expected {
			expected = e
			j.emit(transfer.Event{Type: transfer.Sizes, Total: e})
		}
		if w := num(ti["bytes_written"]); w != written {
			written = w
			j.emit(transfer.Event{Type: transfer.Progress, Bytes: w, Total: expected, RateKbps: num(ti["calculated_rate_kbps"])})
		}
		status, _ := ti["status"].(string)
		if status != "willretry" {
			retrying = false
		}
		switch status {
		case "completed":
			var files int64
			if fc, ok := ti["file_counts"].(map[string]any); ok {
				files = num(fc["completed"])
			}
			j.emit(transfer.Event{Type: transfer.SessionDone, Bytes: written, Files: files})
			j.mu.Lock()
			j.result.Bytes, j.result.Files = written, files
			j.mu.Unlock()
			j.finish(transfer.Succeeded, nil)
			return
		case "failed":
			code := int(num(ti["error_code"]))
			desc, _ := ti["error_desc"].(string)
			if desc == "" {
				desc = "the transfer failed"
			}
			j.emit(transfer.Event{Type: transfer.SessionError, Code: code, Message: desc})
			j.setBytes(written)
			j.finish(transfer.Failed, &transfer.Error{Agent: "connect", Code: code, Message: desc})
			return
		case "cancelled", "removed":
			j.setBytes(written)
			j.finish(transfer.Canceled, &transfer.Error{Agent: "connect", Message: "the transfer was " + status + " in Connect"})
			return
		case "willretry":
			if !retrying {
				retrying = true
				attempt++
				desc, _ := ti["error_desc"].(string)
				j.emit(transfer.Event{Type: transfer.Retry, Attempt: attempt, Message: desc, Code: int(num(ti["error_code"]))})
			}
		}
		select {
		case <-ctx.Done():
			j.setBytes(written)
			j.finish(transfer.Canceled, nil)
			return
		case <-t.C:
		}
	}
}

func (j *job) setBytes(n int64) {
	j.mu.Lock()
	j.result.Bytes = n
	j.mu.Unlock()
}

// finish records the outcome; a job canceled by Cancel is Canceled whatever Connect said.
func (j *job) finish(s transfer.Status, err error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.canceled && s != transfer.Succeeded {
		s = transfer.Canceled
		msg := "the transfer was canceled"
		if j.stopErr != nil {
			msg += " (stop failed: " + j.stopErr.Error() + ")"
		}
		err = &transfer.Error{Agent: "connect", Message: msg}
	}
	j.result, j.err = transfer.Conclude("connect", s, false, err, j.result, j.start)
}

// Wait returns when the transfer ended; ctx ending cancels it.
func (j *job) Wait(ctx context.Context) (transfer.Result, error) {
	transfer.Await(ctx, j.done, j.Cancel)
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.result, j.err
}

// Cancel asks Connect to stop the transfer (once) and stops following it.
func (j *job) Cancel() {
	select {
	case <-j.done:
		return
	default:
	}
	j.stop.Do(func() {
		j.mu.Lock()
		j.canceled = true
		j.mu.Unlock()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_, err := j.post(ctx, "transfers/stop", nil, false)
		j.mu.Lock()
		j.stopErr = err
		j.mu.Unlock()
		j.cancel()
	})
}

// SetRate changes the target rate of the transfer (POST transfers/modify).
func (j *job) SetRate(kbps int64) error {
	if kbps <= 0 {
		return fmt.Errorf("connect agent: invalid target rate %d kbps", kbps)
	}
	select {
	case <-j.done:
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

// num reads a JSON number (json.Number, float64, int...) or a numeric string; 0 otherwise.
func num(v any) int64 {
	switch t := v.(type) {
	case int64:
		return t
	case int:
		return int64(t)
	case float64:
		return int64(math.Round(t))
	case fmt.Stringer: // json.Number
		return parseNum(t.String())
	case string:
		return parseNum(t)
	}
	return 0
}

func parseNum(s string) int64 {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return int64(math.Round(f))
	}
	return 0
}
