package kit

import (
	"io"
	"strconv"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/asperalm/aslmcli/transfer"
)

// progressBar draws the progress of a job on a terminal: bytes, rate, ETA and sessions, with
// github.com/schollz/progressbar (throttled, so that events are never the bottleneck).
type progressBar struct {
	bar      *progressbar.ProgressBar
	total    int64
	sessions map[string]bool
}

func newProgressBar(w io.Writer, agent string) *progressBar {
	bar := progressbar.NewOptions64(-1,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription(agent),
		progressbar.OptionShowBytes(true),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionShowElapsedTimeOnFinish(),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionFullWidth(),
	)
	_ = bar.RenderBlank()
	return &progressBar{bar: bar, sessions: map[string]bool{}}
}

// event updates the bar; it runs on the Lua goroutine (job:wait).
func (p *progressBar) event(e transfer.Event) {
	switch e.Type {
	case transfer.SessionStart:
		p.sessions[e.Session] = true
		if len(p.sessions) > 1 {
			p.bar.Describe(e.Agent + " (" + strconv.Itoa(len(p.sessions)) + " sessions)")
		}
	case transfer.Sizes:
		if e.Total > 0 && e.Total != p.total {
			p.total = e.Total
			p.bar.ChangeMax64(e.Total)
		}
	case transfer.Progress, transfer.SessionDone:
		_ = p.bar.Set64(e.Bytes)
	}
}

func (p *progressBar) finish() { _ = p.bar.Finish() }
