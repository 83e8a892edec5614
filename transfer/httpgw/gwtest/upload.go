package gwtest

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/coder/websocket"
)

// session is the state of one upload WebSocket.
type session struct {
	s     *Server
	c     *websocket.Conn
	up    *Upload
	v2    bool
	paths []string // paths[].source of the spec
	file  int      // fileIndex of the file being received (-1 before the first)
	name  string   // its name
	open  bool     // a file is being received
	phase int      // v2: 0 = start delimiter expected, 1 = binary chunks, 2 = end delimiter
	cur   map[string]any
	next  int64 // next slice expected
	total int64 // total_slices of the current file
	size  int64
	got   int64
	out   *os.File
	buf   bytes.Buffer // the last message read (reused)
}

// read returns the next message; its bytes are valid until the next read.
func (ss *session) read(ctx context.Context) (websocket.MessageType, []byte, error) {
	typ, r, err := ss.c.Reader(ctx)
	if err != nil {
		return 0, nil, err
	}
	ss.buf.Reset()
	if _, err := ss.buf.ReadFrom(r); err != nil {
		return 0, nil, err
	}
	if ss.s.Opts.Record {
		ss.record(typ, ss.buf.Bytes())
	}
	return typ, ss.buf.Bytes(), nil
}

// record keeps a message in Upload.Frames.
func (ss *session) record(typ websocket.MessageType, data []byte) {
	f := Frame{Binary: typ == websocket.MessageBinary, Size: len(data)}
	if !f.Binary {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		if dec.Decode(&f.JSON) != nil || f.JSON == nil {
			f.JSON, f.Text = nil, string(data)
		} else if su, ok := f.JSON["slice_upload"].(map[string]any); ok {
			if d, ok := su["data"].(string); ok {
				su["data"] = fmt.Sprintf("<%d base64 characters>", len(d))
			}
		}
	}
	ss.s.mu.Lock()
	ss.up.Frames = append(ss.up.Frames, f)
	ss.s.mu.Unlock()
}

func (s *Server) upload(w http.ResponseWriter, r *http.Request, version string) {
	c, err := websocket.Accept(w, r, nil)
	if err != nil {
		s.t.Errorf("gwtest: WebSocket handshake of %s: %v", r.URL.Path, err)
		return
	}
	up := &Upload{Version: version, Closed: -1}
	s.mu.Lock()
	s.wg.Add(1)
	s.conns[c] = true
	s.uploads = append(s.uploads, up)
	s.mu.Unlock()
	defer func() {
		_ = c.CloseNow()
		s.mu.Lock()
		delete(s.conns, c)
		up.Ended = true
		s.mu.Unlock()
		s.wg.Done()
	}()
	c.SetReadLimit(int64(s.Opts.ChunkSize)*2 + 1<<20)
	ss := &session{s: s, c: c, up: up, v2: version == "v2"}
	defer func() {
		if ss.out != nil {
			ss.out.Close()
		}
	}()
	ss.run()
}

// fail reports a protocol mismatch and ends the upload with an error message.
func (ss *session) fail(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	ss.s.t.Errorf("gwtest: upload %s: %s", ss.up.Version, msg)
	ss.sendError(msg, false)
}

// sendError sends the gateway's error message and closes the socket.
func (ss *session) sendError(msg string, b64 bool) {
	body, _ := json.Marshal(map[string]string{"message": msg})
	if b64 {
		body = []byte(`"` + base64.StdEncoding.EncodeToString(body) + `"`)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = ss.c.Write(ctx, websocket.MessageText, body)
	_ = ss.c.Close(websocket.StatusInternalError, "upload failed")
}

func (ss *session) ack(msg string) bool {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if ss.c.Write(ctx, websocket.MessageText, []byte(msg)) != nil {
		return false
	}
	if ss.s.Opts.Noise {
		return ss.c.Write(ctx, websocket.MessageText, []byte("gwtest: noise")) == nil
	}
	return true
}

func (ss *session) set(f func(*Upload)) {
	ss.s.mu.Lock()
	f(ss.up)
	ss.s.mu.Unlock()
}

func (ss *session) run() {
	ctx := context.Background()
	typ, data, err := ss.read(ctx)
	if err != nil {
		ss.set(func(u *Upload) { u.Closed = int(websocket.CloseStatus(err)) })
		return
	}
	if !ss.spec(typ, data) || !ss.ack("end upload") {
		return
	}
	for {
		typ, data, err := ss.read(ctx)
		if err != nil {
			code := int(websocket.CloseStatus(err))
			ss.set(func(u *Upload) { u.Closed = code })
			if code == int(websocket.StatusNormalClosure) && ss.open {
				ss.s.t.Errorf("gwtest: upload %s: the client closed in the middle of file %d %q (%d of %d bytes)",
					ss.up.Version, ss.file, ss.name, ss.got, ss.size)
			}
			return
		}
		var ok bool
		switch {
		case !ss.v2:
			ok = ss.v1Slice(typ, data)
		case typ == websocket.MessageBinary && ss.phase != 1:
			ss.fail("a binary frame outside a file (no slice_upload delimiter before it)")
		case ss.phase == 1:
			ok = ss.v2Chunk(typ, data)
		default:
			ok = ss.v2Delimiter(typ, data)
		}
		if !ok {
			return
		}
	}
}

// message decodes a text frame that must be a JSON object of one key.
func (ss *session) message(typ websocket.MessageType, data []byte, key string) (map[string]any, bool) {
	if typ != websocket.MessageText {
		ss.fail("a %v frame where the %s message was expected", typ, key)
		return nil, false
	}
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		ss.fail("the %s message is not a JSON object: %v", key, err)
		return nil, false
	}
	v, ok := m[key].(map[string]any)
	if len(m) != 1 || !ok {
		ss.fail("a JSON object with the single key %q was expected, got %.200s", key, data)
		return nil, false
	}
	return v, true
}

// spec checks the first message: the transfer spec, with its token and paths.
func (ss *session) spec(typ websocket.MessageType, data []byte) bool {
	ts, ok := ss.message(typ, data, "transfer_spec")
	if !ok {
		return false
	}
	tok, _ := ts["token"].(string)
	if tok == "" || (ss.s.Opts.Token != "" && tok != ss.s.Opts.Token) {
		ss.fail("the transfer spec has not the expected token (%q)", tok)
		return false
	}
	if a, ok := ts["authentication"]; ok && a != "token" {
		ss.fail(`the transfer spec has authentication %v, not "token"`, a)
		return false
	}
	paths, _ := ts["paths"].([]any)
	if len(paths) == 0 {
		ss.fail("the transfer spec has no paths")
		return false
	}
	for i, p := range paths {
		m, _ := p.(map[string]any)
		src, _ := m["source"].(string)
		dst, okDst := m["destination"]
		_, isStr := dst.(string)
		if src == "" || (okDst && !isStr) {
			ss.fail("paths[%d] is %v: {source: name[, destination: name]} is expected", i, p)
			return false
		}
		ss.paths = append(ss.paths, src)
	}
	ss.file = -1
	ss.createEmpty()
	ss.set(func(u *Upload) { u.Spec = ts })
	return true
}

// createEmpty creates, before the spec is acked, every file of paths empty (the data of the
// slices then overwrites them): the SDK sends nothing for an empty file, the gateway transfers
// the spec's paths. A source that is a folder of another source is left alone.
func (ss *session) createEmpty() {
	if ss.s.Opts.Discard {
		return
	}
	for _, src := range ss.paths {
		name := filepath.FromSlash(src)
		folder := false
		for _, o := range ss.paths {
			folder = folder || strings.HasPrefix(o, src+"/")
		}
		if folder || !filepath.IsLocal(name) {
			continue
		}
		p := filepath.Join(ss.s.Opts.UploadDir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			ss.s.t.Errorf("gwtest: %v", err)
			continue
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			ss.s.t.Errorf("gwtest: %v", err)
		}
	}
}
