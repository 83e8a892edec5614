package rest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// recorder answers 503 for the first `fail` requests, then 200, and records each request's
// method, path, Content-Length and body.
type recorder struct {
	mu     sync.Mutex
	bodies []string
	sizes  []int64
	paths  []string
	fail   int
}

func (rc *recorder) server(t *testing.T) *httptest.Server {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		rc.bodies = append(rc.bodies, string(b))
		rc.sizes = append(rc.sizes, r.ContentLength)
		rc.paths = append(rc.paths, r.URL.EscapedPath())
		n := len(rc.bodies)
		rc.mu.Unlock()
		if n <= rc.fail {
			w.WriteHeader(503)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"ok":true}`)
	}))
	t.Cleanup(s.Close)
	return s
}

func TestSeekableBodyIsReplayed(t *testing.T) {
	rc := &recorder{fail: 1}
	s := rc.server(t)
	c, _ := retryClient(t, s.URL, 2)
	f, err := os.Create(filepath.Join(t.TempDir(), "up"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	_, _ = f.WriteString("skip:the-payload")
	_, _ = f.Seek(5, io.SeekStart) // sent from where the caller left it
	if _, err := c.Do(context.Background(), &Request{Method: "PUT", Path: "up", Body: f}); err != nil {
		t.Fatal(err)
	}
	if len(rc.bodies) != 2 || rc.bodies[0] != "the-payload" || rc.bodies[1] != "the-payload" || rc.sizes[1] != 11 {
		t.Fatalf("bodies %q sizes %v", rc.bodies, rc.sizes)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		t.Fatalf("the caller's file was closed: %v", err)
	}
}

func TestStreamBodyIsSentOnce(t *testing.T) {
	rc := &recorder{fail: 1}
	s := rc.server(t)
	c, _ := retryClient(t, s.URL, 3)
	yes := true
	body := io.MultiReader(strings.NewReader("a stream")) // not a Seeker
	_, err := c.Do(context.Background(), &Request{Method: "PUT", Path: "up", Body: body, Retry: &yes})
	var e *Error
	if !errors.As(err, &e) || e.Status != 503 || len(rc.bodies) != 1 || rc.bodies[0] != "a stream" {
		t.Fatalf("err %v, bodies %q", err, rc.bodies)
	}
	// a pipe is an *os.File whose Seek fails: a stream too
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	go func() { _, _ = pw.WriteString("from a pipe"); pw.Close() }()
	rc2 := &recorder{}
	s2 := rc2.server(t)
	c2, _ := retryClient(t, s2.URL, 3)
	if _, err := c2.Do(context.Background(), &Request{Method: "PUT", Path: "up", Body: pr}); err != nil || rc2.bodies[0] != "from a pipe" {
		t.Fatalf("pipe: %v %q", err, rc2.bodies)
	}
	pr.Close()
}

func TestPathsKeepEscapes(t *testing.T) {
	rc := &recorder{}
	s := rc.server(t)
	c := newClient(t, s.URL+"/api%20v1/", nil)
	for _, p := range []string{"files/a%2Fb", "/files/x y"} {
		if _, err := c.Get(context.Background(), p, nil); err != nil {
			t.Fatal(err)
		}
	}
	if rc.paths[0] != "/api%20v1/files/a%2Fb" || rc.paths[1] != "/api%20v1/files/x%20y" {
		t.Fatalf("paths %q", rc.paths)
	}
}

func TestErrorsNeverShowCredentials(t *testing.T) {
	s := serve(t, 403, "application/json", `{"message":"denied"}`)
	u := strings.Replace(s.URL, "http://", "http://bob:hunter2@", 1)
	c := newClient(t, u, nil)
	_, err := c.Get(context.Background(), "/path", map[string][]string{"password": {"x"}, "token": {"y"}, "page": {"2"}})
	want := "403 Forbidden: GET " + s.URL + "/path?page=2&password=%2A%2A%2A&token=%2A%2A%2A: denied"
	if err == nil || err.Error() != want {
		t.Fatalf("got %v\nwant %s", err, want)
	}
	if _, err := New("http://bob:hunter2@host:99999999/%zz", nil, nil); err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Fatalf("a bad URL's error shows the password: %v", err)
	}
}

func TestRequestTimeout(t *testing.T) {
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}))
	defer slow.Close()
	c, _ := retryClient(t, slow.URL, 0)
	c.Settings.RequestTimeout = 100 * time.Millisecond
	start := time.Now()
	_, err := c.Get(context.Background(), "x", nil)
	want := "GET " + slow.URL + "/x: no complete answer within the request timeout (100ms): context deadline exceeded"
	if err == nil || err.Error() != want || !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 3*time.Second {
		t.Fatalf("got %v after %s", err, time.Since(start))
	}
}

func TestResponseHelpers(t *testing.T) {
	r := &Response{Body: []byte(" \n")}
	if v, err := r.Data(); v != nil || err != nil {
		t.Fatalf("empty body: %v %v", v, err)
	}
	r.Body = []byte(`{"id":12345678901234567890}`)
	v, err := r.Data()
	if err != nil || v.(map[string]any)["id"].(interface{ String() string }).String() != "12345678901234567890" {
		t.Fatalf("big number: %v %v", v, err)
	}
	var out struct{ ID uint64 }
	if err := r.Decode(&out); err != nil || out.ID != 12345678901234567890 {
		t.Fatalf("decode: %v %v", out, err)
	}
	r.Body = []byte("<html>")
	if _, err := r.Data(); err == nil {
		t.Fatal("HTML decoded as JSON")
	}
	// Stream: 2xx open, else *Error
	s := serve(t, 200, "text/plain", "streamed")
	resp, err := newClient(t, s.URL, nil).Stream(context.Background(), &Request{Path: "x"})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !bytes.Equal(b, []byte("streamed")) {
		t.Fatalf("stream %q", b)
	}
	s = serve(t, 410, "text/plain", "gone away")
	if _, err := newClient(t, s.URL, nil).Stream(context.Background(), &Request{Path: "x"}); err == nil || err.Error() != "410 Gone: GET "+s.URL+"/x: gone away" {
		t.Fatalf("stream error %v", err)
	}
}

func TestErrorBodyIsCapped(t *testing.T) {
	var hits atomic.Int32
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.WriteHeader(500)
		_, _ = w.Write(bytes.Repeat([]byte("e"), 3<<20))
	}))
	defer s.Close()
	_, err := newClient(t, s.URL, nil).Get(context.Background(), "x", nil)
	var e *Error
	if !errors.As(err, &e) || len(e.Body) != maxErrorBody || e.Header == nil {
		t.Fatalf("err %v, body %d", err, len(e.Body))
	}
}
