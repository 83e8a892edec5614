package gwtest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// recTB records the errors the double reports instead of failing the test.
type recTB struct {
	testing.TB
	mu   sync.Mutex
	errs []string
}

func (r *recTB) Helper() {}

func (r *recTB) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, strings.TrimSpace(fmt.Sprintf(format, args...)))
}

func (r *recTB) errors() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.errs...)
}

type frame struct {
	typ  websocket.MessageType
	data string
}

func text(v any) frame {
	b, _ := json.Marshal(v)
	return frame{websocket.MessageText, string(b)}
}

func spec(names ...string) frame {
	paths := []any{}
	for _, n := range names {
		paths = append(paths, map[string]any{"source": n})
	}
	return text(map[string]any{"transfer_spec": map[string]any{"token": "t", "authentication": "token", "paths": paths}})
}

func slice(name string, size, k, total int, data *string) frame {
	return sliceAt(0, name, size, k, total, data)
}

func sliceAt(idx int, name string, size, k, total int, data *string) frame {
	m := map[string]any{"name": name, "type": "text/plain", "size": size, "slice": k, "total_slices": total, "fileIndex": idx}
	if data != nil {
		m["data"] = *data
	}
	return text(map[string]any{"slice_upload": m})
}

// play sends frames on a WebSocket to the double, closes with 1000 and returns the answers
// read meanwhile and the errors the double reported.
func play(t *testing.T, version string, opts Options, frames ...frame) ([]string, []string, *Server) {
	t.Helper()
	rec := &recTB{TB: t}
	s := Start(rec, opts)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(s.Base, "http")+"/"+version+"/upload", nil)
	if err != nil {
		t.Fatal(err)
	}
	var answers []string
	read := make(chan struct{})
	go func() {
		defer close(read)
		for {
			_, b, err := c.Read(ctx)
			if err != nil {
				return
			}
			answers = append(answers, string(b))
		}
	}()
	sent := true
	for _, f := range frames {
		if err := c.Write(ctx, f.typ, []byte(f.data)); err != nil {
			sent = false
			break
		}
	}
	if sent {
		_ = c.Ping(ctx) // the pong comes after the answers to every frame
	}
	_ = c.Close(websocket.StatusNormalClosure, "")
	<-read
	for !s.Uploads()[0].Ended {
		time.Sleep(5 * time.Millisecond)
	}
	return answers, rec.errors(), s
}

func ptr(s string) *string { return &s }

// TestGoodV2 plays what the SDK sends for an empty file then a 6-byte one (chunk 4): the spec,
// nothing for the empty file, then delimiter+chunk, chunk+delimiter.
func TestGoodV2(t *testing.T) {
	for _, c := range []struct {
		opts Options
		want string
	}{
		{Options{ChunkSize: 4}, "end upload,end upload,end upload"},
		{Options{ChunkSize: 4, SliceAcks: true}, "end upload,end_slice_upload,end upload,end upload,end_slice_upload"},
	} {
		answers, errs, s := play(t, "v2", c.opts,
			spec("e", "f"), sliceAt(1, "f", 6, 0, 2, nil), frame{websocket.MessageBinary, "abcd"}, frame{websocket.MessageBinary, "ef"}, sliceAt(1, "f", 6, 1, 2, nil))
		if len(errs) != 0 || strings.Join(answers, ",") != c.want {
			t.Fatalf("answers %q errors %q, want %q", answers, errs, c.want)
		}
		if b, _ := os.ReadFile(filepath.Join(s.Opts.UploadDir, "f")); string(b) != "abcdef" {
			t.Errorf("file %q", b)
		}
		if st, err := os.Stat(filepath.Join(s.Opts.UploadDir, "e")); err != nil || st.Size() != 0 {
			t.Errorf("empty file of paths: %v", err)
		}
	}
}

func TestMismatches(t *testing.T) {
	for name, c := range map[string]struct {
		version string
		frames  []frame
		want    string
	}{
		"no spec first":      {"v1", []frame{slice("f", 1, 0, 1, ptr("YQ=="))}, "single key"},
		"no token":           {"v1", []frame{text(map[string]any{"transfer_spec": map[string]any{"paths": []any{map[string]any{"source": "f"}}}})}, "token"},
		"bad total_slices":   {"v1", []frame{spec("f"), slice("f", 5, 0, 2, ptr("YWJjZGU="))}, "total_slices"},
		"slice out of order": {"v1", []frame{spec("f"), slice("f", 5, 1, 1, ptr("YWJjZGU="))}, "slice 1, expected 0"},
		"bad v1 size":        {"v1", []frame{spec("f"), slice("f", 5, 0, 1, ptr("YWJj"))}, "3 bytes, expected 5"},
		"index beyond paths": {"v1", []frame{spec("f"), sliceAt(1, "f", 5, 0, 1, ptr("YWJjZGU="))}, "fileIndex 1 after file -1 (1 paths)"},
		"empty slice":        {"v1", []frame{spec("f"), slice("f", 0, 0, 1, ptr(""))}, "not positive"},
		"v2 data in delim":   {"v2", []frame{spec("f"), slice("f", 5, 0, 1, ptr("YWJjZGU="))}, "data expected: false"},
		"v2 no delimiter":    {"v2", []frame{spec("f"), {websocket.MessageBinary, "abcde"}}, "binary frame outside a file"},
		"v2 short chunk":     {"v2", []frame{spec("f"), slice("f", 5, 0, 1, nil), {websocket.MessageBinary, "abc"}}, "3 bytes, expected 5"},
		"v2 no end delim":    {"v2", []frame{spec("f", "g"), slice("f", 1, 0, 1, nil), {websocket.MessageBinary, "a"}, slice("g", 1, 0, 1, nil)}, `file 0 "g" while file 0 "f" is not complete`},
		"early close":        {"v1", []frame{spec("f"), slice("f", 64001, 0, 2, ptr(strings.Repeat("YWJj", 64000/3)+"YQ=="))}, "middle of file 0"},
	} {
		t.Run(name, func(t *testing.T) {
			_, errs, _ := play(t, c.version, Options{}, c.frames...)
			if len(errs) == 0 || !strings.Contains(strings.Join(errs, "\n"), c.want) {
				t.Errorf("errors %q, want one with %q", errs, c.want)
			}
		})
	}
}
