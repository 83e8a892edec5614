package connecttest

import (
	"errors"
	"path/filepath"
	"sync"
	"time"

	"github.com/asperalm/aslmcli/internal/copytree"
)

// copying is a transfer of a Copy script, run by its own goroutine.
type copying struct {
	mu        sync.Mutex
	expected  int64
	written   int64
	files     int64
	status    string // running willretry completed failed cancelled
	code      int
	desc      string
	stopped   bool
	stopCh    chan struct{} // closed by stop
	retrySeen chan struct{} // closed when a poll saw "willretry"
}

// startCopy plans and starts the copy of the spec's paths.
func startCopy(c Copy, spec map[string]any) *copying {
	x := &copying{status: "running", stopCh: make(chan struct{}), retrySeen: make(chan struct{})}
	var sources []string
	paths, _ := spec["paths"].([]any)
	for _, p := range paths {
		m, _ := p.(map[string]any)
		if src, _ := m["source"].(string); src != "" {
			sources = append(sources, src)
		}
	}
	dest, _ := spec["destination_root"].(string)
	files, total, err := copytree.Plan(sources, filepath.FromSlash(dest))
	if err != nil {
		x.status, x.code, x.desc = "failed", 4, err.Error()
		return x
	}
	x.expected = total
	go x.run(c, files)
	return x
}

func (x *copying) run(c Copy, files []copytree.File) {
	chunk := 1 << 20
	if c.Rate > 0 {
		chunk = int(max(1, min(c.Rate/20, 1<<20)))
	}
	interruptAt := int64(-1)
	if c.Interrupt {
		interruptAt = x.expected / 2
	}
	var moved int64
	for _, f := range files {
		n, err := f.Copy(chunk, func(done int64) bool {
			x.mu.Lock()
			x.written = moved + done
			x.mu.Unlock()
			if interruptAt >= 0 && moved+done >= interruptAt {
				interruptAt = -1
				x.set("willretry", 16, "connection lost")
				select { // a poll reported it: resume
				case <-x.retrySeen:
					x.set("running", 0, "")
				case <-x.stopCh:
				}
			}
			if c.Rate > 0 {
				time.Sleep(time.Duration(int64(chunk) * int64(time.Second) / c.Rate))
			}
			x.mu.Lock()
			defer x.mu.Unlock()
			return !x.stopped
		})
		moved += n
		switch {
		case errors.Is(err, copytree.ErrStopped):
			return // the stop set the status
		case err != nil:
			x.set("failed", 4, err.Error())
			return
		}
		x.mu.Lock()
		x.files++
		x.written = moved
		x.mu.Unlock()
	}
	x.set("completed", 0, "")
}

func (x *copying) set(status string, code int, desc string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.stopped {
		return
	}
	x.status, x.code, x.desc = status, code, desc
}

// stop ends the copy: the transfer is "cancelled".
func (x *copying) stop() {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.status == "running" || x.status == "willretry" {
		x.stopped, x.status = true, "cancelled"
		close(x.stopCh)
	}
}

// state returns the copy's status.
func (x *copying) state() string {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.status
}

// step is what a poll answers.
func (x *copying) step() Step {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.status == "willretry" {
		select {
		case <-x.retrySeen:
		default:
			close(x.retrySeen)
		}
	}
	return Step{Status: x.status, Written: x.written, Expected: x.expected, ErrorCode: x.code, ErrorDesc: x.desc, FilesCompleted: x.files}
}
