package ascp

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/asperalm/aslmcli/transfer"
	"github.com/asperalm/aslmcli/transfer/spec"
)

// Retry is the resume policy of the direct agent: a session that fails with a retryable
// error starts again after Initial, then Initial*Factor... up to Cap, at most Max times.
type Retry struct {
	Max     int           // default 7
	Initial time.Duration // default 2 s
	Factor  float64       // default 2
	Cap     time.Duration // default 60 s
}

func (r Retry) delay(n int) time.Duration {
	d, f, c := r.Initial, r.Factor, r.Cap
	if d <= 0 {
		d = 2 * time.Second
	}
	if f < 1 {
		f = 2
	}
	if c <= 0 {
		c = 60 * time.Second
	}
	for i := 0; i < n && d < c; i++ {
		d = time.Duration(float64(d) * f)
	}
	return min(d, c)
}

// Agent is the direct agent: it runs ascp on this machine.
type Agent struct {
	// Build makes the ascp invocation of a spec (argv, secrets in the environment, file lists).
	Build func(s spec.Spec) (Invocation, error)
	Retry Retry
	// NoMonitor runs ascp without the management port: its exit code decides
	// (transfer_info.monitor=false).
	NoMonitor    bool
	SpawnTimeout time.Duration // wait for ascp's management connection; default 10 s
	// SameUDPPort keeps one UDP port for every session of a multi-session transfer; by
	// default (multi_incr_udp) session i uses fasp_port+i-1 (33001 when fasp_port is unset).
	SameUDPPort bool
	Sessions    int // multi-session count; 0: the spec's multi_session (at most 128), else 1
	// Proxy is the FASP proxy (--fasp-proxy) of specs that name none (neither proxy nor
	// EX_fasp_proxy_url / transfer_info.fasp_proxy_url).
	Proxy string
}

// Name returns "direct".
func (a *Agent) Name() string { return "direct" }

// Start checks the spec, then runs the transfer: Sessions ascp processes (with -C i:N when
// more than one), each retried on retryable errors.
func (a *Agent) Start(ctx context.Context, s spec.Spec, o transfer.Options) (transfer.Job, error) {
	if err := transfer.CheckSpec(a.Name(), s); err != nil {
		return nil, err
	}
	if a.Build == nil {
		return nil, errors.New("direct agent: no argument builder")
	}
	n := max(a.Sessions, 1)
	if a.Sessions == 0 {
		if m, ok := s.Int("multi_session"); ok && m > 1 {
			n = min(int(m), 128)
		}
	}
	udpBase := int64(33001)
	incrUDP := n > 1 && !a.SameUDPPort
	if incrUDP {
		if p, ok := s.Int("fasp_port"); ok && p > 0 {
			udpBase = p
		}
		s = spec.Merge(s, map[string]any{"fasp_port": nil}) // each session gets its own -O
	}
	ext, err := s.Extensions()
	if err != nil {
		return nil, fmt.Errorf("direct agent: %w", err)
	}
	if a.Proxy != "" && s["proxy"] == nil && ext.FaspProxyURL == "" {
		s = spec.Merge(s, map[string]any{"proxy": a.Proxy})
	}
	inv, err := a.Build(s)
	if err != nil {
		return nil, fmt.Errorf("direct agent: %w", err)
	}
	jctx, cancel := context.WithCancel(ctx)
	j := &job{agent: a, monitor: !a.NoMonitor && ext.Monitor, refresh: o.RefreshToken,
		procs: make([]*process, n), bytes: make([]int64, n), files: make([]int64, n)}
	j.Init(a.Name(), o, func() error { cancel(); return nil })
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := 0; i < n; i++ {
		j.procs[i] = &process{}
		c := inv
		if n > 1 {
			prefix := []string{"-C", strconv.Itoa(i+1) + ":" + strconv.Itoa(n)}
			if incrUDP {
				prefix = append(prefix, "-O", strconv.FormatInt(udpBase+int64(i), 10))
			}
			c.Args = append(prefix, inv.Args...)
		}
		wg.Add(1)
		go func(i int, c Invocation) {
			defer wg.Done()
			errs[i] = j.session(jctx, i, c)
		}(i, c)
	}
	go func() {
		wg.Wait()
		cancel()
		j.finish(errors.Join(errs...))
		for _, f := range inv.Clean {
			removeQuiet(f)
		}
	}()
	return j, nil
}

// job is a transfer of one or more ascp sessions.
type job struct {
	transfer.JobBase
	agent   *Agent
	monitor bool // follow ascp on its management port
	refresh func(context.Context) (string, error)
	procs   []*process

	mu    sync.Mutex // serialises the counters and the events of the sessions
	bytes []int64    // per session
	files []int64
}

// session runs one ascp, with retries.
func (j *job) session(ctx context.Context, i int, c Invocation) error {
	r := j.agent.Retry
	maxTries := r.Max
	if maxTries == 0 {
		maxTries = 7
	}
	spawn := j.agent.SpawnTimeout
	if spawn <= 0 {
		spawn = 10 * time.Second
	}
	for attempt := 0; ; attempt++ {
		err := run(ctx, c, j.monitor, spawn, j.procs[i], func(ev []transfer.Event) { j.events(i, ev) })
		if err == nil || ctx.Err() != nil {
			return err
		}
		var te *transfer.Error
		if !errors.As(err, &te) || attempt >= maxTries {
			return err
		}
		if bearerRefused(te) && j.refresh != nil {
			// the remote refused the bearer token: a new one, then a new try
			tok, rerr := j.refresh(ctx)
			if rerr != nil {
				return fmt.Errorf("%w (and a new token could not be obtained: %v)", err, rerr)
			}
			c.Env = withEnv(c.Env, "ASPERA_SCP_TOKEN", tok)
		} else if !te.Retryable {
			return err
		}
		wait := r.delay(attempt)
		j.Emit(transfer.Event{Type: transfer.Retry, Code: te.Code, Message: te.Message, Attempt: attempt + 1, Wait: wait})
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// events folds the events of session i into the job's counters and reports them. A
// session's end (DONE, ERROR) is not reported: the job's final event is JobBase's, and a
// session that starts again reports Retry.
func (j *job) events(i int, evs []transfer.Event) {
	j.mu.Lock()
	defer j.mu.Unlock()
	for _, e := range evs {
		if e.Type == transfer.Progress || e.Type == transfer.SessionDone {
			j.bytes[i] = e.Bytes
		}
		if e.Type == transfer.FileDone {
			j.files[i]++
		}
		if e.Type == transfer.SessionDone || e.Type == transfer.SessionError {
			continue
		}
		var total, files int64
		for k := range j.bytes {
			total += j.bytes[k]
			files += j.files[k]
		}
		if e.Type == transfer.Progress {
			e.Bytes = total
		}
		if e.Type == transfer.FileDone {
			e.Files = files
		}
		j.Emit(e)
	}
}

// finish ends the job with the sum of the sessions' counters.
func (j *job) finish(err error) {
	j.mu.Lock()
	r := transfer.Result{Sessions: len(j.procs)}
	for k := range j.bytes {
		r.Bytes += j.bytes[k]
		r.Files += j.files[k]
	}
	j.mu.Unlock()
	status := transfer.Succeeded
	if err != nil {
		status = transfer.Failed
	}
	j.Finish(status, r, err)
}

// SetRate sends a RATE command to every running ascp (kbps, ascp takes bits per second): the
// direct agent is a transfer.RateSetter.
func (j *job) SetRate(kbps int64) error {
	var errs []error
	for _, p := range j.procs {
		if err := p.send(Command("RATE", "Rate", strconv.FormatInt(kbps*1000, 10))); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// bearerRefused tells whether ascp failed because the remote refused the bearer token.
func bearerRefused(e *transfer.Error) bool {
	return strings.Contains(strings.ToLower(e.Message), "bearer token")
}

// withEnv returns env with NAME=value set (replaced when present).
func withEnv(env []string, name, value string) []string {
	out := make([]string, 0, len(env)+1)
	for _, kv := range env {
		if !strings.HasPrefix(kv, name+"=") {
			out = append(out, kv)
		}
	}
	return append(out, name+"="+value)
}
