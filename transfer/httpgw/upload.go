package httpgw

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"

	"github.com/asperalm/aslmcli/products/rest"
	"github.com/asperalm/aslmcli/transfer"
)

// Messages of the upload protocol.
const (
	msgAck      = "end upload"       // acks the spec and each step (a v1 slice, a v2 binary chunk with its delimiters)
	msgSliceAck = "end_slice_upload" // sent by some gateways after a v2 delimiter: not an ack (ignored, as the SDK)
)

// sliceInfo is the slice_upload message (a v2 delimiter as is).
type sliceInfo struct {
	Name        string `json:"name"`
	Type        string `json:"type"`
	Size        int64  `json:"size"`
	Slice       int64  `json:"slice"`
	TotalSlices int64  `json:"total_slices"`
	FileIndex   int    `json:"fileIndex"`
}

// v1Slice is a v1 slice_upload message: the chunk in base64.
type v1Slice struct {
	sliceInfo
	Data []byte `json:"data"`
}

// pending is a step waiting for its ack.
type pending struct {
	bytes int64 // of file data
	done  []int // indexes of the files the ack completes
}

// frame is one WebSocket message of a step.
type frame struct {
	typ  websocket.MessageType
	data []byte
}

// upload is a running upload job.
type upload struct {
	*job
	ctx     context.Context // the job's: canceled by Cancel
	conn    *websocket.Conn
	co      *coalescer // under conn (nil if the transport gave no writable body)
	log     *slog.Logger
	v2      bool
	window  int
	chunk   int
	files   []localFile
	ts      map[string]any
	total   int64
	ackWait time.Duration // longest wait for an ack
	signal  chan struct{} // an ack arrived
	rdone   chan struct{} // the reader ended

	mu        sync.Mutex
	pend      []pending // un-acked steps, in order
	bytes     int64     // acked
	filesDone int64
	readErr   error
	closing   bool
}

// writeError is a failure to send on the socket (the gateway may have said why).
type writeError struct{ err error }

func (e *writeError) Error() string { return "sending to the gateway: " + e.err.Error() }
func (e *writeError) Unwrap() error { return e.err }

func (a *Agent) startUpload(ctx context.Context, ts map[string]any, o transfer.Options) (transfer.Job, error) {
	items, err := pathItems(ts["paths"])
	if err != nil {
		return nil, err
	}
	root, _ := ts["source_root"].(string)
	files, total, err := uploadFiles(items, root)
	if err != nil {
		return nil, err
	}
	c, base, err := newClient(a.URL, a.Settings)
	if err != nil {
		return nil, err
	}
	inf, err := info(ctx, c)
	if err != nil {
		return nil, err
	}
	version := uploadVersion(inf)
	ws := "ws" + strings.TrimPrefix(base, "http") + "/" + version + "/upload"
	jctx, cancel := context.WithCancel(context.Background())
	stop := context.AfterFunc(ctx, cancel) // ctx bounds the handshake only
	hc, up := wsClient(c.Settings.HTTPClient())
	conn, _, err := websocket.Dial(jctx, ws, &websocket.DialOptions{HTTPClient: hc})
	stopped := stop()
	if err == nil && !stopped {
		err = ctx.Err()
		conn.CloseNow()
	}
	if err != nil {
		cancel()
		return nil, fmt.Errorf("httpgw agent: connect to %s: %w", ws, err)
	}
	sent := make(map[string]any, len(ts))
	for k, v := range ts {
		if k == "source_root" || k == "transfer_info" || strings.HasPrefix(k, "EX_") {
			continue
		}
		sent[k] = v
	}
	sent["paths"] = sentPaths(files)
	chunk := a.ChunkSize
	if chunk <= 0 {
		chunk = DefaultChunkSize
	}
	window := a.Window
	if window <= 0 {
		window = DefaultWindow
	}
	log := slog.New(slog.DiscardHandler)
	if c.Settings.Logger != nil {
		log = c.Settings.Logger
	}
	u := &upload{job: newJob(o, cancel), ctx: jctx, conn: conn, co: up.co, log: log, v2: version == "v2", window: window,
		chunk: chunk, files: files, ts: sent, total: total, signal: make(chan struct{}, 1), rdone: make(chan struct{}),
		ackWait: rest.DefaultReadTimeout}
	if c.Settings.ReadTimeout > 0 {
		u.ackWait = c.Settings.ReadTimeout
	}
	u.Emit(transfer.Event{Type: transfer.SessionStart, Total: total, Files: int64(len(files))})
	u.Emit(transfer.Event{Type: transfer.Sizes, Total: total, Files: int64(len(files))})
	go u.run()
	return u, nil
}

// run sends everything, waits for the acks, closes the socket and reports the outcome.
func (u *upload) run() {
	go u.read()
	err := u.send()
	if err == nil {
		u.mu.Lock()
		u.closing = true
		u.mu.Unlock()
		_ = u.conn.Close(websocket.StatusNormalClosure, "")
	} else {
		var we *writeError
		if errors.As(err, &we) && u.ctx.Err() == nil {
			// the gateway closes after an error message: let the reader get it
			select {
			case <-u.rdone:
			case <-time.After(2 * time.Second):
			}
		}
		u.mu.Lock()
		u.closing = true // the reader's end is ours, not a new error
		u.mu.Unlock()
		_ = u.conn.CloseNow()
	}
	<-u.rdone
	u.mu.Lock()
	var te *transfer.Error
	if err != nil && errors.As(u.readErr, &te) {
		err = te // the gateway's reason beats the broken pipe it caused
	}
	bytes, files := u.bytes, u.filesDone
	u.mu.Unlock()
	u.finish(bytes, files, err)
}

// send writes the spec and every file, then waits until all is acked.
func (u *upload) send() error {
	if err := u.step(pending{}, frame{websocket.MessageText, mustJSON("transfer_spec", u.ts)}); err != nil {
		return err
	}
	buf := make([]byte, u.chunk)
	for i, f := range u.files {
		if err := u.sendFile(i, f, buf); err != nil {
			return err
		}
	}
	return u.wait(func() bool { return len(u.pend) == 0 })
}

// sendFile sends a file as the SDK does: one step per chunk, ceil(size/chunk) of them (none
// for an empty file); v2 puts the slice_upload delimiter before the first chunk and after the
// last one, in the same step.
func (u *upload) sendFile(idx int, f localFile, buf []byte) error {
	info := sliceInfo{Name: f.name, Type: f.mime, Size: f.size, TotalSlices: slices(f.size, u.chunk), FileIndex: idx}
	if info.TotalSlices == 0 {
		u.emptyDone(idx)
		return nil
	}
	fh, err := os.Open(f.path)
	if err != nil {
		return err
	}
	defer fh.Close()
	for k := int64(0); k < info.TotalSlices; k++ {
		n := min(int64(u.chunk), f.size-k*int64(u.chunk))
		if _, err := io.ReadFull(fh, buf[:n]); err != nil {
			return fmt.Errorf("reading %s (did it change while sent?): %w", f.path, err)
		}
		info.Slice = k
		p := pending{bytes: n}
		if k == info.TotalSlices-1 {
			p.done = []int{idx}
		}
		if !u.v2 {
			if err := u.step(p, frame{websocket.MessageText, mustJSON("slice_upload", v1Slice{sliceInfo: info, Data: buf[:n]})}); err != nil {
				return err
			}
			continue
		}
		frames := make([]frame, 0, 3)
		if k == 0 {
			frames = append(frames, frame{websocket.MessageText, mustJSON("slice_upload", info)})
		}
		frames = append(frames, frame{websocket.MessageBinary, buf[:n]})
		if k == info.TotalSlices-1 {
			frames = append(frames, frame{websocket.MessageText, mustJSON("slice_upload", info)})
		}
		if err := u.step(p, frames...); err != nil {
			return err
		}
	}
	return nil
}

// emptyDone counts an empty file (sent as no frame at all) done with the step before it, or
// now when everything is acked.
func (u *upload) emptyDone(idx int) {
	u.mu.Lock()
	if n := len(u.pend); n > 0 {
		u.pend[n-1].done = append(u.pend[n-1].done, idx)
		u.mu.Unlock()
		return
	}
	events := u.fileDone(nil, []int{idx})
	u.mu.Unlock()
	for _, e := range events {
		u.Emit(e)
	}
}

// mustJSON encodes {key: v}; v is always encodable (maps of decoded values, our structs).
func mustJSON(key string, v any) []byte {
	b, err := json.Marshal(map[string]any{key: v})
	if err != nil {
		panic(fmt.Sprintf("httpgw: encode %s: %v", key, err))
	}
	return b
}

// step sends the frames of one step, acked by one "end upload", once the window allows it.
func (u *upload) step(p pending, frames ...frame) error {
	if err := u.wait(func() bool { return len(u.pend) < u.window }); err != nil {
		return err
	}
	u.mu.Lock()
	u.pend = append(u.pend, p)
	u.mu.Unlock()
	for _, f := range frames {
		err := u.conn.Write(u.ctx, f.typ, f.data)
		if err == nil && u.co != nil {
			err = u.co.Flush()
		}
		if err != nil {
			if u.ctx.Err() != nil {
				return u.ctx.Err()
			}
			return &writeError{err}
		}
	}
	return nil
}
