package transfer

import (
	"context"
	"time"
)

// Await blocks until done is closed; when ctx ends first it calls cancel and still waits for
// done. Agents' Job.Wait use it, so that a cancelled wait never leaves a job running.
func Await(ctx context.Context, done <-chan struct{}, cancel func()) {
	select {
	case <-done:
	case <-ctx.Done():
		cancel()
		<-done
	}
}

// Conclude makes the final result of a job: status s (Canceled when the job was canceled and
// did not succeed), the agent, Sessions (1 when 0), the elapsed time since start and the
// error's text. It returns the result and the error, which is a *Error "the transfer was
// canceled" for a canceled job without one.
func Conclude(agent string, s Status, canceled bool, err error, r Result, start time.Time) (Result, error) {
	if canceled && s != Succeeded {
		s = Canceled
	}
	if s == Canceled && err == nil {
		err = &Error{Agent: agent, Message: "the transfer was canceled"}
	}
	r.Status, r.Agent, r.Elapsed = s, agent, time.Since(start)
	if r.Sessions == 0 {
		r.Sessions = 1
	}
	if err != nil {
		r.Errors = append(r.Errors, err.Error())
	}
	return r, err
}
