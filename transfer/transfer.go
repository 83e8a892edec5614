// Package transfer is what every transfer agent shares: the Agent and Job interfaces, the
// typed events an agent reports while a transfer runs, the result of a job, the job base
// (JobBase) and the registry of agents (direct/ascp, node, connect, httpgw, sftp). It knows no
// Lua and no product.
//
// An agent starts a job from a transfer spec (transfer/spec) and reports Events through the
// callback given in Options, from its own goroutines; the caller (bindings, asession) moves
// them to where they are used. Wait returns once every session of the job has ended.
//
// Decisions:
//   - Agents describe themselves: each registers an Info (Register) with its name, aliases,
//     one line of help, its settings and the run's inputs it takes. Everything a host shows or
//     accepts of the agents comes from there: the values of --transfer, the agents' options
//     in aslmcli -h, the settings listed in help, asession's checks. A new agent package is
//     imported by the host and nothing else changes.
//   - Settings are a typed struct per agent, described by field tags (setting, help, enum):
//     OptionsOf makes the help from it, Decode (through Typed) fills it from the settings map
//     with one generic decoder (our own: it is short, it gives the error messages we want,
//     it reads durations as seconds as the original tool does, and it needs no dependency).
//     Unknown keys are errors naming the keys users may set; null values are absent.
//   - A setting tagged cli is also a command-line option of the same name (--ascp-path). The
//     options of all agents share one namespace: Register refuses an option that another
//     agent declares with another type, and a host declares each name once.
//   - What an agent takes from the run beyond the user's settings is an Input (HTTP
//     settings, SSH host key checking, the default node), declared in its Info. A host
//     (cmd/aslmcli, cmd/asession) implements each input once in a Host, and Settings
//     assembles any agent's settings from the user's (--transfer-info), the agent's
//     command-line options and its inputs, in that order of precedence. No host branches on
//     an agent's name. runtime/cli stays free of this package: cmd/aslmcli converts the
//     registry into its option declarations.
//   - Every job embeds JobBase, which holds Wait, Cancel and the outcome, and reports the one
//     final event (done or error, a canceled job included); agents report their sessions'
//     progress, never a final event of their own.
//   - Changing the rate of a running transfer is a capability: a job that can is a
//     RateSetter, and SetRate says so plainly for the others.
//   - Every agent's Start validates the spec for itself first (CheckSpec): nothing starts
//     with a spec the agent would misread (asession, the bindings, Go callers alike).
//   - transfer/agenttest is the conformance suite each agent runs from its package test.
package transfer

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/asperalm/aslmcli/transfer/spec"
)

// EventType names what happened.
type EventType string

// The event types, in the order a job usually reports them. Every job ends with exactly one
// final event, done or error (JobBase.Finish).
const (
	SessionStart EventType = "session_start" // a session (one ascp, one node job...) started
	Sizes        EventType = "sizes"         // the total of the job is known (Total, Files)
	Progress     EventType = "progress"      // bytes moved so far (Bytes), rate (RateKbps)
	FileDone     EventType = "file_done"     // one file is complete (File)
	FileError    EventType = "file_error"    // one file failed (File, Message)
	SessionError EventType = "error"         // final: the job failed or was canceled (Code, Message, Retryable)
	Retry        EventType = "retry"         // a session starts again after a retryable error (Code, Message, Attempt, Wait)
	SessionDone  EventType = "done"          // final: the job ended well (Bytes, Files)
)

// Event is one report of a running job. Counters are for the whole job, across sessions.
type Event struct {
	Type      EventType         `json:"type"`
	Time      time.Time         `json:"time"`
	Agent     string            `json:"agent,omitempty"`
	Session   string            `json:"session_id,omitempty"`
	Bytes     int64             `json:"bytes,omitempty"`     // bytes moved (progress)
	Total     int64             `json:"total,omitempty"`     // bytes expected, 0 when unknown
	Files     int64             `json:"files,omitempty"`     // files done, or expected (sizes)
	RateKbps  int64             `json:"rate_kbps,omitempty"` // current rate
	File      string            `json:"file,omitempty"`      // file of a file event
	Code      int               `json:"code,omitempty"`      // error code of the agent (ascp's management codes)
	Message   string            `json:"message,omitempty"`   // error text
	Retryable bool              `json:"retryable,omitempty"` // the error may go away on a new try
	Attempt   int               `json:"attempt,omitempty"`   // retry number
	Wait      time.Duration     `json:"wait_ns,omitempty"`   // retry delay
	Raw       map[string]string `json:"raw,omitempty"`       // the agent's own fields (ascp management event)
}

// Status is the outcome of a job.
type Status string

// Job outcomes.
const (
	Succeeded Status = "success"
	Failed    Status = "failed"
	Canceled  Status = "canceled"
)

// Result is what a finished job reports.
type Result struct {
	Status   Status        `json:"status"`
	Agent    string        `json:"agent"`
	Sessions int           `json:"sessions"`
	Bytes    int64         `json:"bytes"`
	Files    int64         `json:"files"`
	Elapsed  time.Duration `json:"elapsed_ns"`
	Errors   []string      `json:"errors,omitempty"`
}

// Options are the caller's wishes for a job.
type Options struct {
	// OnEvent receives every event, from the agent's goroutines (never concurrently for one job).
	OnEvent func(Event)
	// RefreshToken, when set, gives a new transfer token after the remote refused the spec's
	// bearer token (an expired OAuth token): the direct agent retries with it; the other
	// agents do not use it.
	RefreshToken func(ctx context.Context) (string, error)
}

// Job is a running transfer. Jobs embed JobBase, which gives these methods. A job whose
// agent can change the rate of a running transfer is also a RateSetter.
type Job interface {
	// Agent returns the name of the agent that runs the job.
	Agent() string
	// Wait blocks until the job ends and returns its result; the error is set when the job
	// did not succeed. A ctx that ends first cancels the job, and Wait still waits for its end.
	Wait(ctx context.Context) (Result, error)
	// Cancel stops the job (every session); Wait then returns a Canceled result.
	Cancel()
}

// Agent starts jobs.
type Agent interface {
	// Name is the agent's name (direct, node, connect, httpgw, sftp).
	Name() string
	// Start begins a transfer of s. It checks s first (CheckSpec: an invalid spec starts
	// nothing and is an error wrapping ErrInvalidSpec), and returns once the job runs (or
	// failed to start).
	Start(ctx context.Context, s spec.Spec, o Options) (Job, error)
}

// Error is the failure of a job: the agent's code and message, and whether a new try may help.
type Error struct {
	Agent     string
	Code      int
	Message   string
	Retryable bool
}

// ErrorCode returns Code: hosts that cannot import this package (the node simulator) read
// the code through an interface.
func (e *Error) ErrorCode() int { return e.Code }

func (e *Error) Error() string {
	if e.Code != 0 {
		return fmt.Sprintf("%s: error %d: %s", e.Agent, e.Code, e.Message)
	}
	return e.Agent + ": " + e.Message
}

// Number reads a count of a product's answer: a JSON number (json.Number, float64, int,
// int64, rounded) or a numeric string; 0 otherwise.
func Number(v any) int64 {
	switch t := v.(type) {
	case int64:
		return t
	case int:
		return int64(t)
	case float64:
		return int64(math.Round(t))
	case json.Number:
		return parseNumber(string(t))
	case string:
		return parseNumber(t)
	}
	return 0
}

func parseNumber(s string) int64 {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return int64(math.Round(f))
	}
	return 0
}
