package transfer

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/asperalm/aslmcli/transfer/spec"
)

// JobBase is what every job shares: reporting events, the outcome, Wait and Cancel. An agent's
// job embeds it, calls Init before the job runs, Emit for its events and Finish once, when
// the transfer ended; JobBase then gives the Job methods (Agent, Wait, Cancel).
//
// The final event is JobBase's: Finish reports exactly one, SessionDone on success or
// SessionError otherwise (a canceled job too), with the result's counters, and drops any
// event reported after it. Agents report no SessionDone or SessionError themselves (a
// session's error followed by a new try is a Retry event).
type JobBase struct {
	agent string
	on    func(Event)
	stop  func() error
	done  chan struct{}
	start time.Time

	emitMu  sync.Mutex
	final   bool   // the final event was reported
	session string // session id of events that carry none

	mu       sync.Mutex
	finished bool // Finish was called
	canceled bool
	stopErr  error
	result   Result
	err      error
}

// Init prepares the base of a job of agent, reporting to o.OnEvent. stop is what Cancel does
// to a running job (kill ascp, ask the node to cancel...); its error, if any, is told in the
// job's error.
func (b *JobBase) Init(agent string, o Options, stop func() error) {
	b.agent, b.on, b.stop = agent, o.OnEvent, stop
	b.done = make(chan struct{})
	b.start = time.Now()
}

// SetSession sets the session id of the events that carry none (a node's job id...).
func (b *JobBase) SetSession(id string) {
	b.emitMu.Lock()
	b.session = id
	b.emitMu.Unlock()
}

// Emit reports an event with its agent and time set, one at a time; events after the final
// one are dropped.
func (b *JobBase) Emit(e Event) {
	b.emitMu.Lock()
	defer b.emitMu.Unlock()
	if b.final || b.on == nil {
		return
	}
	e.Agent, e.Time = b.agent, time.Now()
	if e.Session == "" {
		e.Session = b.session
	}
	b.on(e)
}

// Agent returns the name of the job's agent.
func (b *JobBase) Agent() string { return b.agent }

// Done is closed when the job ended (after its final event).
func (b *JobBase) Done() <-chan struct{} { return b.done }

// Canceled tells whether Cancel was called before the job ended.
func (b *JobBase) Canceled() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.canceled
}

// Finish records the outcome of the job, reports the final event and releases Wait; only
// the first call counts. s is the status as the agent saw it; a job that Cancel stopped,
// or whose error is a context cancellation, is Canceled unless it succeeded. The error of a
// failed job is the first *Error in err when there is one; a canceled job's is an *Error
// "the transfer was canceled" (with the agent's own reason when it gave one, e.g. a
// cancellation decided by the far end). Result gets its Status, Agent, Elapsed time and
// Errors, and Sessions 1 when 0.
func (b *JobBase) Finish(s Status, r Result, err error) {
	b.mu.Lock()
	if b.finished {
		b.mu.Unlock()
		return
	}
	b.finished = true
	if s != Succeeded && (b.canceled || errors.Is(err, context.Canceled)) {
		s = Canceled
	}
	if s == Succeeded {
		err = nil
	}
	var te *Error
	switch {
	case s == Canceled:
		msg := "the transfer was canceled"
		if errors.As(err, &te) && !b.canceled {
			msg = te.Message // canceled by the far end: its words
		}
		if b.stopErr != nil {
			msg += " (stop failed: " + b.stopErr.Error() + ")"
		}
		err = &Error{Agent: b.agent, Message: msg}
	case err == nil && s == Failed:
		err = &Error{Agent: b.agent, Message: "the transfer failed"}
	case errors.As(err, &te):
		err = te
	}
	r.Status, r.Agent, r.Elapsed = s, b.agent, time.Since(b.start)
	if r.Sessions == 0 {
		r.Sessions = 1
	}
	if err != nil {
		r.Errors = append(r.Errors, err.Error())
	}
	b.result, b.err = r, err
	b.mu.Unlock()

	final := Event{Type: SessionDone, Bytes: r.Bytes, Files: r.Files}
	if err != nil {
		final = Event{Type: SessionError, Bytes: r.Bytes, Files: r.Files, Message: err.Error()}
		if errors.As(err, &te) {
			final.Code, final.Message, final.Retryable = te.Code, te.Message, te.Retryable
		}
	}
	b.Emit(final)
	b.emitMu.Lock()
	b.final = true
	b.emitMu.Unlock()
	close(b.done)
}

// Wait blocks until the job ended and returns its result; a ctx that ends first cancels the
// job, and Wait still waits for its end, so that no job outlives a cancelled wait.
func (b *JobBase) Wait(ctx context.Context) (Result, error) {
	select {
	case <-b.done:
	case <-ctx.Done():
		b.Cancel()
		<-b.done
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.result, b.err
}

// Cancel stops a running job once (the agent's stop); a job that ended is left alone.
func (b *JobBase) Cancel() {
	b.mu.Lock()
	if b.finished || b.canceled {
		b.mu.Unlock()
		return
	}
	b.canceled = true
	b.mu.Unlock()
	if b.stop == nil {
		return
	}
	if err := b.stop(); err != nil {
		b.mu.Lock()
		b.stopErr = err
		b.mu.Unlock()
	}
}

// RateSetter is a job whose agent can change the target rate of the running transfer.
type RateSetter interface {
	SetRate(kbps int64) error
}

// ErrNoRate is wrapped by the error of SetRate for a job whose agent cannot change the rate.
var ErrNoRate = errors.New("cannot change the rate of a running transfer")

// SetRate changes the target rate of a running job (kbps > 0), when its agent can.
func SetRate(j Job, kbps int64) error {
	r, ok := j.(RateSetter)
	if !ok {
		return fmt.Errorf("the %s agent %w", j.Agent(), ErrNoRate)
	}
	if kbps <= 0 {
		return fmt.Errorf("%s agent: invalid target rate %d kbps: a positive number expected", j.Agent(), kbps)
	}
	return r.SetRate(kbps)
}

// Run starts a transfer with a and waits for its end: Start, then Wait.
func Run(ctx context.Context, a Agent, s spec.Spec, o Options) (Result, error) {
	j, err := a.Start(ctx, s, o)
	if err != nil {
		return Result{Status: Failed, Agent: a.Name(), Errors: []string{err.Error()}}, err
	}
	return j.Wait(ctx)
}

// ErrInvalidSpec is wrapped by the error of a spec that CheckSpec refuses.
var ErrInvalidSpec = errors.New("invalid transfer spec")

// CheckSpec validates s for agent (spec.Validate, or spec.ValidateChosen for an agent whose
// Info.ChoosesFiles); every agent's Start calls it first. The error wraps ErrInvalidSpec and
// the validation's errors.
func CheckSpec(agent string, s spec.Spec) error {
	var err error
	if info, ok := Lookup(agent); ok && info.ChoosesFiles {
		err = s.ValidateChosen(agent)
	} else {
		err = s.Validate(agent)
	}
	if err != nil {
		return &invalidSpec{agent: agent, err: err}
	}
	return nil
}

type invalidSpec struct {
	agent string
	err   error
}

func (e *invalidSpec) Error() string        { return e.agent + " agent: " + e.err.Error() }
func (e *invalidSpec) Unwrap() error        { return e.err }
func (e *invalidSpec) Is(target error) bool { return target == ErrInvalidSpec }
