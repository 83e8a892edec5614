package httpgw

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"sync"
	"time"

	"github.com/asperalm/aslmcli/transfer"
)

// job is what uploads and downloads share: events, result, Wait and Cancel.
type job struct {
	session string
	on      func(transfer.Event)
	cancel  context.CancelFunc // stops the transfer (closes the socket, cancels the request)
	done    chan struct{}
	start   time.Time

	emitMu sync.Mutex

	mu       sync.Mutex
	canceled bool
	result   transfer.Result
	err      error
}

func newJob(on func(transfer.Event), cancel context.CancelFunc) *job {
	return &job{session: newSessionID(), on: on, cancel: cancel, done: make(chan struct{}), start: time.Now()}
}

// emit reports an event, one at a time.
func (j *job) emit(e transfer.Event) {
	if j.on == nil {
		return
	}
	e.Agent, e.Time, e.Session = agentName, time.Now(), j.session
	j.emitMu.Lock()
	defer j.emitMu.Unlock()
	j.on(e)
}

// finish records the outcome (Canceled wins once Cancel was called), reports SessionDone or
// SessionError, and releases Wait.
func (j *job) finish(bytes, files int64, err error) {
	j.mu.Lock()
	status := transfer.Succeeded
	switch {
	case j.canceled:
		status = transfer.Canceled
		err = &transfer.Error{Agent: agentName, Message: "the transfer was canceled"}
	case err != nil:
		status = transfer.Failed
		var te *transfer.Error
		if !errors.As(err, &te) {
			err = &transfer.Error{Agent: agentName, Message: err.Error()}
		}
	}
	j.result, j.err = transfer.Conclude(agentName, status, false, err, transfer.Result{Bytes: bytes, Files: files}, j.start)
	j.mu.Unlock()
	if err == nil {
		j.emit(transfer.Event{Type: transfer.SessionDone, Bytes: bytes, Files: files})
	} else {
		var te *transfer.Error
		errors.As(err, &te)
		j.emit(transfer.Event{Type: transfer.SessionError, Message: te.Message, Code: te.Code, Retryable: te.Retryable, Bytes: bytes, Files: files})
	}
	j.cancel()
	close(j.done)
}

// Wait returns once the job ended; a done ctx cancels the job first.
func (j *job) Wait(ctx context.Context) (transfer.Result, error) {
	transfer.Await(ctx, j.done, j.Cancel)
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.result, j.err
}

// Cancel stops the job: the WebSocket is closed, or the download request canceled.
func (j *job) Cancel() {
	j.mu.Lock()
	select {
	case <-j.done:
	default:
		j.canceled = true
	}
	j.mu.Unlock()
	j.cancel()
}

// SetRate is not supported: the gateway runs the transfer at its own rate.
func (j *job) SetRate(int64) error {
	return errors.New("httpgw agent: changing the rate is not supported by the HTTP Gateway")
}

// toInt reads a whole number from a decoded value.
func toInt(v any) (int, bool) {
	switch t := v.(type) {
	case int:
		return t, true
	case int64:
		return int(t), true
	case float64:
		if t == math.Trunc(t) && math.Abs(t) < 1<<53 {
			return int(t), true
		}
	case json.Number:
		n, err := strconv.Atoi(string(t))
		return n, err == nil
	case string:
		n, err := strconv.Atoi(t)
		return n, err == nil
	}
	return 0, false
}
