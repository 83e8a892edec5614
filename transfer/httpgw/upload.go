package httpgw

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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
	msgAck      = "end upload"       // acks the spec, a v1 slice or a v2 binary chunk
	msgSliceAck = "end_slice_upload" // acks a v2 slice_upload delimiter
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
	Data []byte `json:"data"` // never nil: an empty chunk is ""
}

// pending is a message waiting for its ack.
type pending struct {
	bytes int64 // of file data
	file  int   // index of the file the ack completes, -1 when none
}

// upload is a running upload job.
type upload struct {
	*job
	ctx     context.Context // the job's: canceled by Cancel
	conn    *websocket.Conn
	co      *coalescer // under conn (nil if the transport gave no writable body)
	v2      bool
	sync    bool
	chunk   int
	files   []localFile
	ts      map[string]any
	total   int64
	ackWait time.Duration // longest wait for an ack
	signal  chan struct{} // an ack arrived
	rdone   chan struct{} // the reader ended

	mu        sync.Mutex
	general   []pending // un-acked spec, v1 slices, v2 chunks, in order
	delims    []pending // un-acked v2 delimiters
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
	paths := make([]map[string]any, len(files))
	for i, f := range files {
		paths[i] = map[string]any{"source": f.name}
	}
	sent["paths"] = paths
	chunk := a.ChunkSize
	if chunk <= 0 {
		chunk = DefaultChunkSize
	}
	u := &upload{job: newJob(o, cancel), ctx: jctx, conn: conn, co: up.co, v2: version == "v2", sync: a.Synchronous,
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
	if err := u.write(false, pending{file: -1}, websocket.MessageText, mustJSON("transfer_spec", u.ts)); err != nil {
		return err
	}
	buf := make([]byte, u.chunk)
	for i, f := range u.files {
		if err := u.sendFile(i, f, buf); err != nil {
			return err
		}
	}
	return u.wait(func() bool { return len(u.general) == 0 && len(u.delims) == 0 })
}

func (u *upload) sendFile(idx int, f localFile, buf []byte) error {
	fh, err := os.Open(f.path)
	if err != nil {
		return err
	}
	defer fh.Close()
	info := sliceInfo{Name: f.name, Type: "application/octet-stream", Size: f.size, TotalSlices: slices(f.size, u.chunk), FileIndex: idx}
	if u.v2 {
		if err := u.write(true, pending{file: -1}, websocket.MessageText, mustJSON("slice_upload", info)); err != nil {
			return err
		}
	}
	for k := int64(0); k < info.TotalSlices; k++ {
		n := min(int64(u.chunk), f.size-k*int64(u.chunk))
		if _, err := io.ReadFull(fh, buf[:n]); err != nil {
			return fmt.Errorf("reading %s (did it change while sent?): %w", f.path, err)
		}
		last := k == info.TotalSlices-1
		p := pending{bytes: n, file: -1}
		if u.v2 {
			if err := u.write(false, p, websocket.MessageBinary, buf[:n]); err != nil {
				return err
			}
			continue
		}
		if last {
			p.file = idx
		}
		info.Slice = k
		if err := u.write(false, p, websocket.MessageText, mustJSON("slice_upload", v1Slice{sliceInfo: info, Data: buf[:n]})); err != nil {
			return err
		}
	}
	if u.v2 {
		info.Slice = info.TotalSlices - 1 // the end delimiter carries the last slice's index (aspera-cli)
		return u.write(true, pending{file: idx}, websocket.MessageText, mustJSON("slice_upload", info))
	}
	return nil
}

// mustJSON encodes {key: v}; v is always encodable (maps of decoded values, our structs).
func mustJSON(key string, v any) []byte {
	b, err := json.Marshal(map[string]any{key: v})
	if err != nil {
		panic(fmt.Sprintf("httpgw: encode %s: %v", key, err))
	}
	return b
}

// write sends one message once the window allows it; delim tells which ack it waits for.
func (u *upload) write(delim bool, p pending, typ websocket.MessageType, data []byte) error {
	err := u.wait(func() bool {
		if u.sync {
			return len(u.general) == 0 && len(u.delims) == 0
		}
		if delim {
			return len(u.delims) < Window
		}
		return len(u.general) < Window
	})
	if err != nil {
		return err
	}
	u.mu.Lock()
	if delim {
		u.delims = append(u.delims, p)
	} else {
		u.general = append(u.general, p)
	}
	u.mu.Unlock()
	err = u.conn.Write(u.ctx, typ, data)
	if err == nil && u.co != nil {
		err = u.co.Flush()
	}
	if err != nil {
		if u.ctx.Err() != nil {
			return u.ctx.Err()
		}
		return &writeError{err}
	}
	return nil
}
