package gwtest

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/coder/websocket"
)

func num(v any) (int64, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	i, err := n.Int64()
	return i, err == nil
}

// checkSlice checks a slice_upload message; withData tells whether data must be there (v1) or
// absent (v2 delimiters). A slice 0 starts the next file: its fileIndex must be above the
// previous one's (empty files are skipped) and below the number of paths.
func (ss *session) checkSlice(m map[string]any, withData bool) bool {
	name, _ := m["name"].(string)
	typ, okType := m["type"].(string)
	size, okSize := num(m["size"])
	slice, okSlice := num(m["slice"])
	total, okTotal := num(m["total_slices"])
	idx, okIdx := num(m["fileIndex"])
	_, hasData := m["data"]
	keys := 6
	if withData {
		keys++
	}
	starts := !ss.open
	switch {
	case len(m) != keys || hasData != withData:
		ss.fail("slice_upload has fields %v (data expected: %v)", keysOf(m), withData)
	case name == "" || !okType:
		ss.fail("slice_upload name %q type %v: strings expected", name, m["type"])
	case !okSize || !okSlice || !okTotal || !okIdx || size <= 0:
		ss.fail("slice_upload numbers are not positive integers: %v", m)
	case starts && (idx <= int64(ss.file) || idx >= int64(len(ss.paths))):
		ss.fail("slice_upload fileIndex %d after file %d (%d paths)", idx, ss.file, len(ss.paths))
	case !starts && (idx != int64(ss.file) || name != ss.name):
		ss.fail("slice_upload of file %d %q while file %d %q is not complete", idx, name, ss.file, ss.name)
	case total != expectedSlices(size, ss.s.Opts.ChunkSize):
		ss.fail("file %q: total_slices %d for %d bytes, expected %d", name, total, size, expectedSlices(size, ss.s.Opts.ChunkSize))
	case !starts && size != ss.size:
		ss.fail("file %q: size changed from %d to %d", name, ss.size, size)
	default:
		if starts {
			ss.file, ss.name, ss.open = int(idx), name, true
		}
		ss.size, ss.total = size, total
		_, _ = slice, typ
		return true
	}
	return false
}

func keysOf(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// expectedSlices is ceil(size/chunk).
func expectedSlices(size int64, chunk int) int64 {
	return (size + int64(chunk) - 1) / int64(chunk)
}

// chunkLen is the size slice k must have.
func (ss *session) chunkLen(k int64) int64 {
	c := int64(ss.s.Opts.ChunkSize)
	if k < ss.total-1 {
		return c
	}
	return ss.size - c*(ss.total-1)
}

// store writes a chunk of the current file, and counts it.
func (ss *session) store(b []byte) bool {
	if ss.out == nil && !ss.s.Opts.Discard {
		name := filepath.FromSlash(ss.name)
		if !filepath.IsLocal(name) {
			ss.fail("file name %q is not a relative path", ss.name)
			return false
		}
		p := filepath.Join(ss.s.Opts.UploadDir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			ss.fail("%v", err)
			return false
		}
		f, err := os.Create(p)
		if err != nil {
			ss.fail("%v", err)
			return false
		}
		ss.out = f
	}
	if ss.out != nil {
		if _, err := ss.out.Write(b); err != nil {
			ss.fail("%v", err)
			return false
		}
	}
	ss.got += int64(len(b))
	ss.next++
	var n int
	ss.set(func(u *Upload) { u.Chunks++; n = u.Chunks })
	if o := ss.s.Opts; o.FailAfter > 0 && n >= o.FailAfter {
		ss.sendError(o.FailMessage, o.FailBase64)
		return false
	}
	if d := ss.s.Opts.AckDelay; d > 0 {
		time.Sleep(d)
	}
	if ss.s.Opts.DuplicateAcks && !ss.ack("end upload") {
		return false
	}
	return ss.ack("end upload")
}

// endFile closes the current file once all its slices came.
func (ss *session) endFile() {
	if ss.out != nil {
		ss.out.Close()
		ss.out = nil
	}
	name := ss.name
	ss.set(func(u *Upload) { u.Files = append(u.Files, name) })
	ss.open = false
	ss.next, ss.got, ss.size, ss.total, ss.cur, ss.phase = 0, 0, 0, 0, nil, 0
}

func (ss *session) v1Slice(typ websocket.MessageType, data []byte) bool {
	m, ok := ss.message(typ, data, "slice_upload")
	if !ok || !ss.checkSlice(m, true) {
		return false
	}
	slice, _ := num(m["slice"])
	if slice != ss.next {
		ss.fail("file %q: slice %d, expected %d", ss.name, slice, ss.next)
		return false
	}
	s, _ := m["data"].(string)
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		ss.fail("file %q slice %d: data is not base64: %v", ss.name, slice, err)
		return false
	}
	if want := ss.chunkLen(slice); int64(len(b)) != want {
		ss.fail("file %q slice %d: %d bytes, expected %d", ss.name, slice, len(b), want)
		return false
	}
	if !ss.store(b) {
		return false
	}
	if ss.next == ss.total {
		ss.endFile()
	}
	return true
}

func (ss *session) v2Delimiter(typ websocket.MessageType, data []byte) bool {
	m, ok := ss.message(typ, data, "slice_upload")
	if !ok || !ss.checkSlice(m, false) {
		return false
	}
	slice, _ := num(m["slice"])
	if ss.phase == 0 {
		if slice != 0 {
			ss.fail("file %q: start delimiter with slice %d", ss.name, slice)
			return false
		}
		ss.cur, ss.phase = m, 1
		return ss.sliceAck()
	}
	// end delimiter: the same message, slice being the last one
	for _, k := range []string{"name", "type", "size", "total_slices", "fileIndex"} {
		if fmt.Sprint(m[k]) != fmt.Sprint(ss.cur[k]) {
			ss.fail("file %q: end delimiter %s %v differs from the start one (%v)", ss.name, k, m[k], ss.cur[k])
			return false
		}
	}
	if slice != ss.total-1 {
		ss.fail("file %q: end delimiter with slice %d, expected %d", ss.name, slice, ss.total-1)
		return false
	}
	ss.endFile()
	return ss.sliceAck()
}

// sliceAck answers a v2 delimiter: nothing, or end_slice_upload with Options.SliceAcks.
func (ss *session) sliceAck() bool {
	if !ss.s.Opts.SliceAcks {
		return true
	}
	return ss.ack("end_slice_upload")
}

func (ss *session) v2Chunk(typ websocket.MessageType, data []byte) bool {
	if typ != websocket.MessageBinary {
		if ss.next == ss.total {
			ss.phase = 2
			return ss.v2Delimiter(typ, data)
		}
		ss.fail("file %q: a text frame where binary chunk %d of %d was expected: %.200s", ss.name, ss.next, ss.total, data)
		return false
	}
	if ss.next >= ss.total {
		ss.fail("file %q: binary chunk %d beyond total_slices %d", ss.name, ss.next, ss.total)
		return false
	}
	if want := ss.chunkLen(ss.next); int64(len(data)) != want {
		ss.fail("file %q chunk %d: %d bytes, expected %d", ss.name, ss.next, len(data), want)
		return false
	}
	return ss.store(data)
}
