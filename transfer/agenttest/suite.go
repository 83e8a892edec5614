// Package agenttest is the conformance suite of the transfer agents, and the one event
// recorder of their tests (Recorder). Every agent runs the suite from its own package test:
//
//	func TestConformance(t *testing.T) { agenttest.Run(t, agenttest.Fixture{...}) }
//
// against the real far end where one runs here (sftp: OpenSSH's sshd, internal/sshtest), else
// the agent's test double: direct: fakeascp (transfer/ascp/ascptest); node: the node
// simulator (products/node/nodesim) running its jobs with the direct agent and fakeascp;
// connect: connecttest (its Copy mode moves the bytes); httpgw: gwtest.
//
// The suite checks, for each agent: the upload and the download of a folder tree with spaces
// and non-ASCII names (bytes compared); the resume after an interruption; a cancel midway
// (the job ends Canceled, and no process the agent started is left); a failure (a missing
// source) carrying the agent's code; a spec that the agent refuses before it starts
// anything; the rate change capability (transfer.SetRate); and in every job, the events:
// session_start first, each with the agent's name and a time that never goes back, exactly one
// final event (done or error) and last, sizes and progress within the bytes moved, and a final
// event and result whose bytes are the bytes moved.
//
// Where a check cannot apply to an agent, its Caps say so with the reason, which the suite
// logs: no check is skipped silently, and a negative capability without a reason fails.
package agenttest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	goruntime "runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/asperalm/aslmcli/transfer"
	"github.com/asperalm/aslmcli/transfer/spec"
)

// Scenario is how the far end of one sub-test behaves.
type Scenario struct {
	// Slow: the far end moves bytes slowly enough for a cancel or a rate change to land midway,
	// and for the big file to take longer than the 3 s the cancel test waits for processes to
	// end (about 1 MB/s). A far end that cannot be slowed (sshd) is held through the job's first
	// progress event (Recorder.Hold).
	Slow bool
	// Interrupt: the far end breaks the next transfer once, midway, as a lost connection
	// would (only asked when Caps.ResumeInJob).
	Interrupt bool
}

// Env is one far end and the agent that reaches it.
type Env struct {
	Agent transfer.Agent
	// Spec holds the far end's connection fields (remote_host, credentials, token...): the
	// suite adds direction, paths and destination_root.
	Spec spec.Spec
	// Root is the local folder that holds the far end's files.
	Root string
	// Path is the spec's name of Root/rel (paths[].source of a download, destination_root of
	// an upload); nil: filepath.Join(Root, rel).
	Path func(rel string) string
}

func (e Env) path(rel string) string {
	if e.Path != nil {
		return e.Path(rel)
	}
	return filepath.Join(e.Root, filepath.FromSlash(rel))
}

// Caps are what the suite may expect of an agent. Each negative capability has a reason
// field, which must be set: the suite logs it where it leaves a check out.
type Caps struct {
	// Process is the name of the program the agent starts (ascp): after a cancel, no child
	// process of that name may remain. NoProcess says why the agent starts none.
	Process, NoProcess string
	// ResumeInJob: the far end can break a transfer midway (Scenario.Interrupt) and the job
	// resumes it and succeeds. Without it, NoResumeInJob says why, and the suite interrupts by
	// cancelling a job midway, then runs the transfer again in a new job.
	ResumeInJob   bool
	NoResumeInJob string
	// RetryEvent: a job resumed within the job reports a Retry event. NoRetryEvent: why not.
	RetryEvent   bool
	NoRetryEvent string
	// Code is the agent's code for a source that does not exist (ascp's 4, NO_SUCH_FILE);
	// 0 needs NoCode: why the agent reports no code.
	Code   int
	NoCode string
	// Rate: the agent's jobs are transfer.RateSetter; without it, NoRate says why, and the
	// suite checks that transfer.SetRate says the agent cannot.
	Rate   bool
	NoRate string
	// ZipFolders: a folder download arrives as one zip archive (ZIP_REQUIRED): the reason;
	// the suite then asks for a zip and compares its entries.
	ZipFolders string
	// NoFileCount says why the result of a job does not count the files moved ("" when it
	// does).
	NoFileCount string
}

// Fixture is one agent under the suite.
type Fixture struct {
	// Name is the agent's name, as its events and results carry it.
	Name string
	// Start prepares a new far end for one sub-test and returns it with its agent.
	Start func(t *testing.T, sc Scenario) Env
	Caps  Caps
}

// Run runs the suite on one agent.
func Run(t *testing.T, f Fixture) {
	t.Helper()
	c := f.Caps
	for _, miss := range []struct {
		has    bool
		reason string
		what   string
	}{
		{c.Process != "", c.NoProcess, "Process or NoProcess"},
		{c.ResumeInJob, c.NoResumeInJob, "ResumeInJob or NoResumeInJob"},
		{c.RetryEvent || !c.ResumeInJob, c.NoRetryEvent, "RetryEvent or NoRetryEvent"},
		{c.Code != 0, c.NoCode, "Code or NoCode"},
		{c.Rate, c.NoRate, "Rate or NoRate"},
	} {
		if !miss.has && miss.reason == "" {
			t.Fatalf("%s: Caps need %s (a capability, or the reason it does not apply)", f.Name, miss.what)
		}
	}
	t.Run("Upload", func(t *testing.T) { upload(t, f) })
	t.Run("Download", func(t *testing.T) { download(t, f) })
	t.Run("Resume", func(t *testing.T) { resume(t, f) })
	t.Run("Cancel", func(t *testing.T) { cancel(t, f) })
	t.Run("Error", func(t *testing.T) { failure(t, f) })
	t.Run("InvalidSpec", func(t *testing.T) { invalid(t, f) })
}

// transferSpec is the spec of a transfer of sources to destination.
func transferSpec(e Env, direction, destination string, sources ...string) spec.Spec {
	l := make([]any, len(sources))
	for i, s := range sources {
		l[i] = map[string]any{"source": s}
	}
	return spec.Merge(e.Spec, map[string]any{"direction": direction, "paths": l, "destination_root": destination})
}

// start starts a job, failing the test on an error.
func start(t *testing.T, e Env, s spec.Spec, rec *Recorder) transfer.Job {
	t.Helper()
	j, err := e.Agent.Start(context.Background(), s, rec.Options())
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	return j
}

// wait waits for a job's end, at most a minute.
func wait(t *testing.T, j transfer.Job) (transfer.Result, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return j.Wait(ctx)
}

// succeeds runs s to its end and checks its success, its result and its events; want are
// the bytes moved and files the files (-1: not counted).
func succeeds(t *testing.T, f Fixture, e Env, s spec.Spec, want, files int64, resumed bool) {
	t.Helper()
	rec := &Recorder{}
	res, err := wait(t, start(t, e, s, rec))
	if err != nil || res.Status != transfer.Succeeded {
		t.Fatalf("Wait: %+v, %v (events %s)", res, err, rec.Types())
	}
	if res.Agent != f.Name || res.Bytes != want {
		t.Errorf("result %+v: want agent %s, %d bytes", res, f.Name, want)
	}
	switch {
	case files < 0:
	case f.Caps.NoFileCount != "":
		t.Logf("files not counted: %s", f.Caps.NoFileCount)
	case res.Files != files:
		t.Errorf("result: %d files, want %d", res.Files, files)
	}
	checkEvents(t, f.Name, rec.Events(), res, want, !resumed)
}

func upload(t *testing.T, f Fixture) {
	e := f.Start(t, Scenario{})
	local := t.TempDir()
	tree := makeTree(t, local)
	succeeds(t, f, e, transferSpec(e, spec.Send, e.path("up"), filepath.Join(local, treeName)), tree.size(), int64(len(tree)), false)
	sameFiles(t, "uploaded", tree, readTree(t, filepath.Join(e.Root, "up", treeName)))
}

func download(t *testing.T, f Fixture) {
	e := f.Start(t, Scenario{})
	tree := makeTree(t, filepath.Join(e.Root, "down"))
	dest := t.TempDir()
	s := transferSpec(e, spec.Receive, dest, e.path("down/"+treeName))
	if f.Caps.ZipFolders == "" {
		succeeds(t, f, e, s, tree.size(), int64(len(tree)), false)
		sameFiles(t, "downloaded", tree, readTree(t, filepath.Join(dest, treeName)))
		return
	}
	t.Logf("the folder comes as a zip archive: %s", f.Caps.ZipFolders)
	s["zip_required"] = true
	zipFile := filepath.Join(dest, treeName+".zip")
	rec := &Recorder{}
	res, err := wait(t, start(t, e, s, rec))
	st, serr := os.Stat(zipFile)
	if err != nil || serr != nil || res.Status != transfer.Succeeded || res.Bytes != st.Size() {
		t.Fatalf("Wait: %+v, %v; zip %v", res, err, serr)
	}
	checkEvents(t, f.Name, rec.Events(), res, st.Size(), true)
	sameFiles(t, "downloaded (zip)", tree, readZip(t, zipFile, treeName))
}

func resume(t *testing.T, f Fixture) {
	local := t.TempDir()
	big := makeBig(t, local, "resumed")
	src := filepath.Join(local, "resumed")
	if f.Caps.ResumeInJob {
		e := f.Start(t, Scenario{Interrupt: true})
		rec := &Recorder{}
		res, err := wait(t, start(t, e, transferSpec(e, spec.Send, e.path("up"), src), rec))
		if err != nil || res.Status != transfer.Succeeded || res.Bytes != big.size() {
			t.Fatalf("interrupted then resumed: %+v, %v (events %s)", res, err, rec.Types())
		}
		checkEvents(t, f.Name, rec.Events(), res, big.size(), false)
		if f.Caps.RetryEvent && rec.Count(transfer.Retry) == 0 {
			t.Errorf("no retry event: %s", rec.Types())
		}
		if !f.Caps.RetryEvent {
			t.Logf("no retry event expected: %s", f.Caps.NoRetryEvent)
		}
		sameFiles(t, "resumed upload", big, readTree(t, filepath.Join(e.Root, "up", "resumed")))
		return
	}
	t.Logf("interrupted by a cancel, then run again: %s", f.Caps.NoResumeInJob)
	e := f.Start(t, Scenario{Slow: true})
	s := transferSpec(e, spec.Send, e.path("up"), src)
	rec := &Recorder{}
	release := rec.Hold(transfer.Progress)
	j := start(t, e, s, rec)
	midway(t, rec)
	j.Cancel()
	release()
	if res, _ := wait(t, j); res.Status != transfer.Canceled {
		t.Fatalf("the interrupted job: %+v", res)
	}
	succeeds(t, f, e, s, big.size(), 1, true)
	sameFiles(t, "upload run again", big, readTree(t, filepath.Join(e.Root, "up", "resumed")))
}

// midway waits until the job is midway: its first progress event (held), or half a second
// into a slow far end for agents whose far end reports progress late.
func midway(t *testing.T, rec *Recorder) {
	t.Helper()
	select {
	case <-rec.Reached(transfer.Progress):
	case <-time.After(500 * time.Millisecond):
	}
}

func cancel(t *testing.T, f Fixture) {
	e := f.Start(t, Scenario{Slow: true})
	local := t.TempDir()
	makeBig(t, local, "canceled")
	rec := &Recorder{}
	release := rec.Hold(transfer.Progress)
	j := start(t, e, transferSpec(e, spec.Send, e.path("up"), filepath.Join(local, "canceled")), rec)
	midway(t, rec)
	err := transfer.SetRate(j, 1000)
	switch {
	case f.Caps.Rate && err != nil:
		t.Errorf("SetRate: %v", err)
	case !f.Caps.Rate:
		t.Logf("no rate change: %s", f.Caps.NoRate)
		if !errors.Is(err, transfer.ErrNoRate) || !strings.Contains(err.Error(), f.Name) {
			t.Errorf("SetRate: %v, want transfer.ErrNoRate naming %s", err, f.Name)
		}
	}
	j.Cancel()
	release()
	res, err := wait(t, j)
	var te *transfer.Error
	if res.Status != transfer.Canceled || !errors.As(err, &te) || te.Agent != f.Name {
		t.Fatalf("canceled job: %+v, %v (events %s)", res, err, rec.Types())
	}
	if res.Bytes >= bigSize {
		t.Errorf("the cancel came after the end: %+v", res)
	}
	checkEvents(t, f.Name, rec.Events(), res, -1, false)
	if f.Caps.Process == "" {
		t.Logf("no process to look for: %s", f.Caps.NoProcess)
		return
	}
	noChild(t, f.Caps.Process)
}

func failure(t *testing.T, f Fixture) {
	e := f.Start(t, Scenario{})
	if err := os.MkdirAll(filepath.Join(e.Root, "down"), 0o755); err != nil {
		t.Fatal(err)
	}
	rec := &Recorder{}
	j := start(t, e, transferSpec(e, spec.Receive, t.TempDir(), e.path("down/no such file.bin")), rec)
	res, err := wait(t, j)
	var te *transfer.Error
	if res.Status != transfer.Failed || !errors.As(err, &te) || te.Agent != f.Name || len(res.Errors) == 0 {
		t.Fatalf("a missing source: %+v, %v (events %s)", res, err, rec.Types())
	}
	ev := rec.Events()
	checkEvents(t, f.Name, ev, res, -1, false)
	if f.Caps.Code == 0 {
		t.Logf("no error code: %s", f.Caps.NoCode)
		return
	}
	if last := ev[len(ev)-1]; te.Code != f.Caps.Code || last.Code != f.Caps.Code {
		t.Errorf("code %d, final event %+v; want %d", te.Code, last, f.Caps.Code)
	}
}

func invalid(t *testing.T, f Fixture) {
	e := f.Start(t, Scenario{})
	local := t.TempDir()
	makeTree(t, local)
	s := transferSpec(e, "sideways", e.path("up"), filepath.Join(local, treeName))
	s["target_rate_kbps"] = "fast"
	rec := &Recorder{}
	j, err := e.Agent.Start(context.Background(), s, rec.Options())
	if !errors.Is(err, transfer.ErrInvalidSpec) || j != nil || !strings.Contains(err.Error(), `"direction": "sideways" is not one of send, receive`) ||
		!strings.Contains(err.Error(), `"target_rate_kbps": integer expected`) {
		t.Fatalf("Start of an invalid spec: %v, %v", j, err)
	}
	if ev := rec.Events(); len(ev) != 0 {
		t.Errorf("events of a refused spec: %v", ev)
	}
	if got := readTree(t, filepath.Join(e.Root, "up")); len(got) != 0 {
		t.Errorf("a refused spec moved files: %v", got)
	}
}

// checkEvents checks the events of a job that ended with res; want are the bytes moved (-1:
// not known) and monotonic tells that progress never goes back (no resume within the job).
func checkEvents(t testing.TB, agent string, ev []transfer.Event, res transfer.Result, want int64, monotonic bool) {
	t.Helper()
	if len(ev) == 0 {
		t.Fatal("no event")
	}
	if ev[0].Type != transfer.SessionStart {
		t.Errorf("the first event is %s, not session_start", ev[0].Type)
	}
	var last time.Time
	var progress int64
	finals := 0
	for i, e := range ev {
		if e.Agent != agent || e.Time.IsZero() || e.Time.Before(last) {
			t.Errorf("event %d %+v: agent %q (want %q), time %v after %v", i, e, e.Agent, agent, e.Time, last)
		}
		last = e.Time
		switch e.Type {
		case transfer.SessionDone, transfer.SessionError:
			finals++
		case transfer.Sizes:
			if want >= 0 && e.Total != want {
				t.Errorf("sizes total %d, want %d", e.Total, want)
			}
		case transfer.Progress:
			if want >= 0 && e.Bytes > want {
				t.Errorf("progress %d beyond the %d bytes moved", e.Bytes, want)
			}
			if monotonic && e.Bytes < progress {
				t.Errorf("progress went back from %d to %d", progress, e.Bytes)
			}
			progress = e.Bytes
		}
	}
	final := ev[len(ev)-1]
	if finals != 1 {
		t.Errorf("%d final events, want exactly one: %v", finals, types(ev))
	}
	wantType := transfer.SessionError
	if res.Status == transfer.Succeeded {
		wantType = transfer.SessionDone
	}
	if final.Type != wantType || final.Bytes != res.Bytes {
		t.Errorf("final event %+v: want %s with the result's %d bytes", final, wantType, res.Bytes)
	}
	if want >= 0 && progress > 0 && progress != want && monotonic {
		t.Errorf("the last progress is %d, want the %d bytes moved", progress, want)
	}
}

func types(ev []transfer.Event) []string {
	var out []string
	for _, e := range ev {
		out = append(out, string(e.Type))
	}
	return out
}

// noChild fails the test when a child process of this one named name remains after 3 s (a far
// end running in this process stops its own children after the job's end). The slow far ends
// of the fixtures take longer than that to finish: a process that was not stopped is seen.
func noChild(t *testing.T, name string) {
	t.Helper()
	if goruntime.GOOS != "linux" {
		t.Logf("child processes are listed from /proc: not on %s", goruntime.GOOS)
		return
	}
	var left []string
	for deadline := time.Now().Add(3 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		left = children(name)
		if len(left) == 0 || time.Now().After(deadline) {
			break
		}
	}
	if len(left) > 0 {
		t.Errorf("%s survived the cancel: pids %v", name, left)
	}
}

// children lists the child processes of this one named name (a zombie counts: nobody waited
// for it).
func children(name string) []string {
	self := strconv.Itoa(os.Getpid())
	dirs, _ := os.ReadDir("/proc")
	var out []string
	for _, d := range dirs {
		b, err := os.ReadFile(filepath.Join("/proc", d.Name(), "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...: comm may hold spaces and parentheses
		s := string(b)
		open, shut := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
		if open < 0 || shut < open {
			continue
		}
		fields := strings.Fields(s[shut+1:])
		if s[open+1:shut] == name && len(fields) > 1 && fields[1] == self {
			out = append(out, d.Name())
		}
	}
	return out
}
