package rest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// script answers request i with steps[i] (the last one repeats): a status, or "drop" to
// close the connection in the middle of the body.
func script(t *testing.T, hits *atomic.Int32, steps ...string) *httptest.Server {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := int(hits.Add(1)) - 1
		step := steps[min(i, len(steps)-1)]
		switch {
		case step == "drop":
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", "100")
			w.WriteHeader(200)
			_, _ = w.Write([]byte(`{"partial":`))
			w.(http.Flusher).Flush()
			conn, _, _ := w.(http.Hijacker).Hijack()
			conn.Close()
		case strings.HasPrefix(step, "429"):
			w.Header().Set("Retry-After", strings.TrimPrefix(step, "429/"))
			w.WriteHeader(429)
		default:
			var code int
			fmt.Sscan(step, &code)
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(code)
			fmt.Fprintf(w, `{"try":%d}`, i+1)
		}
	}))
	t.Cleanup(s.Close)
	return s
}

type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func retryClient(t *testing.T, url string, max int) (*Client, *logBuffer) {
	logs := &logBuffer{}
	s := &Settings{RetryMax: max, NoRetry: max == 0, RetryBase: 5 * time.Millisecond, RetryCap: 20 * time.Millisecond,
		Logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo}))}
	c, err := New(url, nil, s)
	if err != nil {
		t.Fatal(err)
	}
	return c, logs
}

func TestRetryThenSuccess(t *testing.T) {
	for _, first := range []string{"503", "502", "504", "drop"} {
		var hits atomic.Int32
		s := script(t, &hits, first, "200")
		c, logs := retryClient(t, s.URL, 3)
		data, err := c.Get(context.Background(), "x", nil)
		if err != nil {
			t.Fatalf("%s: %v", first, err)
		}
		if got := fmt.Sprint(data); got != "map[try:2]" || hits.Load() != 2 {
			t.Fatalf("%s: data %s after %d hits", first, got, hits.Load())
		}
		if l := logs.String(); !strings.Contains(l, "level=INFO msg=retrying method=GET url="+s.URL+"/x attempt=2 of=4") {
			t.Fatalf("%s: retry not logged at info: %s", first, l)
		}
	}
}

func TestRetryIsBounded(t *testing.T) {
	var hits atomic.Int32
	s := script(t, &hits, "503")
	c, logs := retryClient(t, s.URL, 2)
	_, err := c.Get(context.Background(), "x", nil)
	var e *Error
	if !errors.As(err, &e) || e.Status != 503 || hits.Load() != 3 {
		t.Fatalf("err %v after %d hits, want 503 after 3", err, hits.Load())
	}
	if n := strings.Count(logs.String(), "msg=retrying"); n != 2 {
		t.Fatalf("%d retries logged", n)
	}
	// no retry at all
	hits.Store(0)
	c, _ = retryClient(t, s.URL, 0)
	if _, err := c.Get(context.Background(), "x", nil); err == nil || hits.Load() != 1 {
		t.Fatalf("retry_max=0: %d hits", hits.Load())
	}
	// 404 is not retried
	var h404 atomic.Int32
	s404 := script(t, &h404, "404")
	c, _ = retryClient(t, s404.URL, 3)
	if _, err := c.Get(context.Background(), "x", nil); err == nil || h404.Load() != 1 {
		t.Fatalf("404 retried: %d hits", h404.Load())
	}
}

func TestPostIsNotRetriedUnlessAsked(t *testing.T) {
	var hits atomic.Int32
	s := script(t, &hits, "503", "200")
	c, _ := retryClient(t, s.URL, 3)
	if _, err := c.Post(context.Background(), "x", map[string]any{"a": 1}); err == nil || hits.Load() != 1 {
		t.Fatalf("POST retried: %d hits, err %v", hits.Load(), err)
	}
	hits.Store(0)
	yes := true
	resp, err := c.Do(context.Background(), &Request{Method: "POST", Path: "x", JSON: map[string]any{"a": 1}, Retry: &yes})
	if err != nil || hits.Load() != 2 || resp.Status != 200 {
		t.Fatalf("POST with Retry=true: %d hits, err %v", hits.Load(), err)
	}
}

func TestRetryAfter(t *testing.T) {
	var hits atomic.Int32
	s := script(t, &hits, "429/1", "200")
	c, logs := retryClient(t, s.URL, 3)
	start := time.Now()
	if _, err := c.Get(context.Background(), "x", nil); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 900*time.Millisecond {
		t.Fatalf("Retry-After: 1 not honoured: retried after %s", d)
	}
	if !strings.Contains(logs.String(), "wait=1s reason=\"429 Too Many Requests\"") {
		t.Fatalf("log: %s", logs.String())
	}
	h := http.Header{"Retry-After": {time.Now().Add(3 * time.Second).UTC().Format(http.TimeFormat)}}
	if d := retryAfter(h); d < time.Second || d > 3*time.Second {
		t.Fatalf("HTTP-date Retry-After: %s", d)
	}
}

func TestConnectionRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	c, logs := retryClient(t, "http://"+addr, 2)
	_, err = c.Get(context.Background(), "x", nil)
	var e *Error
	if !errors.As(err, &e) || e.Status != 0 || !strings.Contains(err.Error(), "GET http://"+addr+"/x: dial tcp "+addr+": connect: connection refused") {
		t.Fatalf("err %v", err)
	}
	if n := strings.Count(logs.String(), "msg=retrying"); n != 2 {
		t.Fatalf("%d retries", n)
	}
}

func TestCancelStopsAtOnce(t *testing.T) {
	var hits atomic.Int32
	s := script(t, &hits, "503")
	c, _ := retryClient(t, s.URL, 5)
	c.Settings.RetryBase, c.Settings.RetryCap = time.Minute, time.Minute
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.Get(ctx, "x", nil)
	if !errors.Is(err, context.Canceled) || time.Since(start) > 5*time.Second {
		t.Fatalf("err %v after %s", err, time.Since(start))
	}
	// a request in flight is cancelled too
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	defer slow.Close()
	c, _ = retryClient(t, slow.URL, 3)
	ctx, cancel = context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start = time.Now()
	if _, err := c.Get(ctx, "x", nil); !errors.Is(err, context.Canceled) || time.Since(start) > 5*time.Second {
		t.Fatalf("in flight: %v after %s", err, time.Since(start))
	}
}

func TestRefreshOn401(t *testing.T) {
	var hits atomic.Int32
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.Header.Get("Authorization") != "Bearer good" {
			w.WriteHeader(401)
			_, _ = io.WriteString(w, `{"error":"invalid_token"}`)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"ok":true}`)
	}))
	defer s.Close()
	src := &fakeSource{tokens: []string{"stale", "good"}}
	c := newClient(t, s.URL, OAuth{Source: src})
	// a POST too: a refused request was not executed
	if _, err := c.Post(context.Background(), "x", map[string]any{}); err != nil {
		t.Fatal(err)
	}
	if src.invalidated != 1 || hits.Load() != 2 {
		t.Fatalf("%d refreshes, %d hits", src.invalidated, hits.Load())
	}
	// always refused: one refresh, one retry, then the error
	hits.Store(0)
	src = &fakeSource{tokens: []string{"bad1", "bad2", "bad3"}}
	c = newClient(t, s.URL, OAuth{Source: src})
	_, err := c.Get(context.Background(), "x", nil)
	var e *Error
	if !errors.As(err, &e) || e.Status != 401 || hits.Load() != 2 || src.invalidated != 1 {
		t.Fatalf("err %v, %d hits, %d refreshes", err, hits.Load(), src.invalidated)
	}
	// Basic auth is not refreshable: one try
	hits.Store(0)
	c = newClient(t, s.URL, Basic{"a", "b"})
	if _, err := c.Get(context.Background(), "x", nil); err == nil || hits.Load() != 1 {
		t.Fatalf("basic: %d hits", hits.Load())
	}
}

func TestBackoffBounds(t *testing.T) {
	c := &Client{Settings: &Settings{RetryBase: time.Second, RetryCap: 8 * time.Second}}
	for n, max := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 8 * time.Second, 8 * time.Second} {
		for i := 0; i < 50; i++ {
			d := c.backoff(n)
			if d < max/2 || d > max {
				t.Fatalf("backoff(%d) = %s, want in [%s, %s]", n, d, max/2, max)
			}
		}
	}
}
