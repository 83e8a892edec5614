package agenttest

import (
	"strings"
	"sync"
	"time"

	"github.com/asperalm/aslmcli/transfer"
)

// Recorder keeps the events of a job, for tests: its On is a transfer.Options.OnEvent (see
// Options). It is safe for concurrent use. The zero value is ready.
type Recorder struct {
	mu      sync.Mutex
	events  []transfer.Event
	reached map[transfer.EventType]chan struct{}
	hold    transfer.EventType
	held    chan struct{} // closed by the release of Hold
}

// Options returns the job options that report to r.
func (r *Recorder) Options() transfer.Options { return transfer.Options{OnEvent: r.On} }

// On records an event. The first event of the type given to Hold waits there until released.
func (r *Recorder) On(e transfer.Event) {
	r.mu.Lock()
	r.events = append(r.events, e)
	ch := r.channel(e.Type)
	var wait chan struct{}
	if r.held != nil && e.Type == r.hold {
		wait, r.held = r.held, nil // only the first one
	}
	r.mu.Unlock()
	select {
	case <-ch:
	default:
		close(ch)
	}
	if wait != nil {
		select {
		case <-wait:
		case <-time.After(30 * time.Second): // a test that forgot to release
		}
	}
}

// channel returns the channel closed at the first event of type t (r.mu held).
func (r *Recorder) channel(t transfer.EventType) chan struct{} {
	if r.reached == nil {
		r.reached = map[transfer.EventType]chan struct{}{}
	}
	ch := r.reached[t]
	if ch == nil {
		ch = make(chan struct{})
		r.reached[t] = ch
	}
	return ch
}

// Reached returns a channel closed at the first event of type t.
func (r *Recorder) Reached(t transfer.EventType) <-chan struct{} {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.channel(t)
}

// Hold makes the first event of type t wait in On, so that the job that reports it waits too
// (its other events queue behind it), until release is called; release may be called more
// than once. A test uses it to act on a job at a known point: cancel it midway.
func (r *Recorder) Hold(t transfer.EventType) (release func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	ch := make(chan struct{})
	r.hold, r.held = t, ch
	var once sync.Once
	return func() { once.Do(func() { close(ch) }) }
}

// Events returns a copy of the events so far.
func (r *Recorder) Events() []transfer.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]transfer.Event(nil), r.events...)
}

// Count returns the number of events of type t.
func (r *Recorder) Count(t transfer.EventType) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, e := range r.events {
		if e.Type == t {
			n++
		}
	}
	return n
}

// Types returns the event types in order, comma-separated, a run of progress events as one
// (their number varies from run to run).
func (r *Recorder) Types() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var t []string
	for _, e := range r.events {
		if e.Type == transfer.Progress && len(t) > 0 && t[len(t)-1] == string(transfer.Progress) {
			continue
		}
		t = append(t, string(e.Type))
	}
	return strings.Join(t, ",")
}
