package agenttest

import (
	"fmt"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/asperalm/aslmcli/transfer"
)

func TestRecorder(t *testing.T) {
	r := &Recorder{}
	release := r.Hold(transfer.Progress)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, ty := range []transfer.EventType{transfer.SessionStart, transfer.Progress, transfer.Progress, transfer.SessionDone} {
			r.On(transfer.Event{Type: ty})
		}
	}()
	<-r.Reached(transfer.Progress)
	select {
	case <-done:
		t.Fatal("the held event did not wait")
	case <-time.After(20 * time.Millisecond):
	}
	if got := r.Types(); got != "session_start,progress" {
		t.Fatalf("while held: %s", got)
	}
	release()
	release()
	<-done
	if got := r.Types(); got != "session_start,progress,done" || r.Count(transfer.Progress) != 2 || len(r.Events()) != 4 {
		t.Fatalf("after: %s, %d progress", got, r.Count(transfer.Progress))
	}
}

// recTB records the failures of a check instead of failing the test.
type recTB struct {
	testing.TB
	mu   sync.Mutex
	errs []string
}

func (r *recTB) Helper() {}
func (r *recTB) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

// TestCheckEventsFails proves that the checks of an event stream can fail.
func TestCheckEventsFails(t *testing.T) {
	now := time.Now()
	ev := func(ty transfer.EventType, bytes int64, dt int) transfer.Event {
		return transfer.Event{Type: ty, Agent: "a", Bytes: bytes, Total: bytes, Time: now.Add(time.Duration(dt) * time.Millisecond)}
	}
	ok := transfer.Result{Status: transfer.Succeeded, Bytes: 10}
	good := []transfer.Event{ev(transfer.SessionStart, 0, 0), ev(transfer.Sizes, 10, 1), ev(transfer.Progress, 5, 2), ev(transfer.Progress, 10, 3), ev(transfer.SessionDone, 10, 4)}
	for name, c := range map[string]struct {
		ev   []transfer.Event
		res  transfer.Result
		want string
	}{
		"good":           {good, ok, ""},
		"no start":       {good[1:], ok, "the first event is sizes"},
		"two finals":     {append(append([]transfer.Event{}, good...), ev(transfer.SessionDone, 10, 5)), ok, "2 final events"},
		"final not last": {append(slices.Clone(good[:4]), ev(transfer.SessionDone, 10, 4), ev(transfer.Progress, 10, 5)), ok, "final event"},
		"wrong final":    {good, transfer.Result{Status: transfer.Failed, Bytes: 10}, "want error"},
		"time goes back": {[]transfer.Event{ev(transfer.SessionStart, 0, 5), ev(transfer.SessionDone, 10, 1)}, ok, "time"},
		"other agent":    {[]transfer.Event{ev(transfer.SessionStart, 0, 0), {Type: transfer.SessionDone, Agent: "b", Bytes: 10, Time: now}}, ok, `agent "b"`},
		"progress back":  {[]transfer.Event{good[0], ev(transfer.Progress, 8, 1), ev(transfer.Progress, 4, 2), good[4]}, ok, "went back"},
		"beyond":         {[]transfer.Event{good[0], ev(transfer.Progress, 11, 1), good[4]}, ok, "beyond"},
		"sizes":          {[]transfer.Event{good[0], ev(transfer.Sizes, 9, 1), good[4]}, ok, "sizes total 9"},
		"short progress": {[]transfer.Event{good[0], ev(transfer.Progress, 9, 1), good[4]}, ok, "the last progress is 9"},
		"final bytes":    {[]transfer.Event{good[0], ev(transfer.SessionDone, 9, 1)}, ok, "with the result's 10 bytes"},
	} {
		tb := &recTB{TB: t}
		checkEvents(tb, "a", c.ev, c.res, 10, true)
		got := strings.Join(tb.errs, "\n")
		if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
			t.Errorf("%s: %q, want %q", name, got, c.want)
		}
	}
}

// TestChildren proves that a child process left behind is seen.
func TestChildren(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("children are read from /proc (Linux)")
	}
	cmd := exec.Command("sleep", "30")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pid := strconv.Itoa(cmd.Process.Pid)
	if got := children("sleep"); !slices.Contains(got, pid) {
		t.Errorf("children = %v, want %s", got, pid)
	}
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	if got := children("sleep"); slices.Contains(got, pid) {
		t.Errorf("after the kill: %v", got)
	}
}
