package rest

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestSetOptions(t *testing.T) {
	s := &Settings{}
	err := s.SetOptions(map[string]any{"open_timeout": int64(5), "read_timeout": 2.5, "keep_alive_timeout": "1m30s",
		"request_timeout": json.Number("7"), "retry_max": int64(0), "retry_sleep": "0.5", "retry_cap": "10s"})
	if err != nil {
		t.Fatal(err)
	}
	if s.ConnectTimeout != 5*time.Second || s.ReadTimeout != 2500*time.Millisecond || s.IdleTimeout != 90*time.Second ||
		s.RequestTimeout != 7*time.Second || s.RetryMax != 0 || !s.NoRetry || s.retryMax() != 0 ||
		s.RetryBase != 500*time.Millisecond || s.RetryCap != 10*time.Second {
		t.Fatalf("settings: %+v", s)
	}
	if (&Settings{}).retryMax() != DefaultRetryMax {
		t.Fatal("default retry count")
	}
	const known = " (known: open_timeout, read_timeout, write_timeout, keep_alive_timeout, request_timeout, retry_max, retry_sleep, retry_cap)"
	for opts, want := range map[string]string{
		`{"read_timout":3}`:                  `unknown key "read_timout"` + known,
		`{"read_timeout":"x"}`:               `read_timeout: a number of seconds or a duration (1m30s) expected, got "x"` + known,
		`{"retry_max":-1}`:                   "retry_max: a count of retries expected, got -1" + known,
		`{"open_timeout":true}`:              "open_timeout: a number of seconds expected, got true" + known,
		`{"open_timeout":-2}`:                "open_timeout: a positive number of seconds expected, got -2" + known,
		`{"retry_cap":"-1s"}`:                `retry_cap: a number of seconds or a duration (1m30s) expected, got "-1s"` + known,
		`{"open_timeout":3,"retry_max":"x"}`: `retry_max: a count of retries expected, got x` + known,
	} {
		var m map[string]any
		_ = json.Unmarshal([]byte(opts), &m)
		s := &Settings{}
		if err := s.SetOptions(m); err == nil || err.Error() != want {
			t.Errorf("%s: got %v, want %s", opts, err, want)
		}
		if s.ConnectTimeout != 0 {
			t.Errorf("%s: a failed SetOptions changed the settings: %+v", opts, s)
		}
	}
	// write_timeout sets the read timeout, unless read_timeout is given too
	s = &Settings{}
	if err := s.SetOptions(map[string]any{"write_timeout": 9}); err != nil || s.ReadTimeout != 9*time.Second {
		t.Fatalf("write_timeout: %v %s", err, s.ReadTimeout)
	}
	s = &Settings{}
	if err := s.SetOptions(map[string]any{"write_timeout": 9, "read_timeout": "4s"}); err != nil || s.ReadTimeout != 4*time.Second {
		t.Fatalf("read_timeout and write_timeout: %v %s", err, s.ReadTimeout)
	}
	if (&Settings{RetryMax: -1}).retryMax() != 0 || (&Settings{RetryMax: 5}).retryMax() != 5 {
		t.Fatal("negative or explicit RetryMax")
	}
}

func TestProxy(t *testing.T) {
	var seen atomic.Value
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen.Store(r.URL.String())
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"via":"proxy"}`)
	}))
	defer proxy.Close()
	c, _ := New("http://api.example.invalid/v1", nil, &Settings{Proxy: proxy.URL, NoRetry: true})
	data, err := c.Get(context.Background(), "x", nil)
	if err != nil || data.(map[string]any)["via"] != "proxy" || seen.Load() != "http://api.example.invalid/v1/x" {
		t.Fatalf("data %v err %v seen %v", data, err, seen.Load())
	}
	bad, _ := New("http://api.example.invalid", nil, &Settings{Proxy: "::bad"})
	if _, err := bad.Get(context.Background(), "x", nil); err == nil || !strings.Contains(err.Error(), "invalid proxy URL") {
		t.Fatalf("bad proxy: %v", err)
	}
}

func TestInsecureAndUserAgent(t *testing.T) {
	var ua atomic.Value
	s := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ua.Store(r.UserAgent())
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{}`)
	}))
	defer s.Close()
	s.Config.ErrorLog = nil
	c, _ := New(s.URL, nil, &Settings{NoRetry: true})
	_, err := c.Get(context.Background(), "x", nil)
	if err == nil || !strings.Contains(err.Error(), "certificate") || temporary(err) {
		t.Fatalf("an unknown certificate was accepted or retried: %v", err)
	}
	c, _ = New(s.URL, nil, &Settings{Insecure: true, UserAgent: "aslmcli/1.2.3"})
	if _, err := c.Get(context.Background(), "x", nil); err != nil {
		t.Fatal(err)
	}
	if ua.Load() != "aslmcli/1.2.3" {
		t.Fatalf("User-Agent %v", ua.Load())
	}
}

func TestRequestPaths(t *testing.T) {
	c, _ := New("https://h:9092/base/", nil, nil)
	for path, want := range map[string]string{
		"files/browse":        "https://h:9092/base/files/browse",
		"/files/browse":       "https://h:9092/base/files/browse",
		"":                    "https://h:9092/base/",
		"x?a=1":               "https://h:9092/base/x?a=1",
		"https://other/y?z=2": "https://other/y?z=2",
	} {
		u, err := c.URL(path, nil)
		if err != nil || u.String() != want {
			t.Errorf("URL(%q) = %v %v, want %s", path, u, err, want)
		}
	}
}

// TestInsecureWarnsOncePerProcess: the warning comes once, with the first TLS connection
// whose certificate is not verified; plain http:// has nothing to verify and warns nothing.
func TestInsecureWarnsOncePerProcess(t *testing.T) {
	insecureWarned.Store(false)
	t.Cleanup(func() { insecureWarned.Store(false) })
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{}`)
	})
	plain, tlsSrv := httptest.NewServer(handler), httptest.NewTLSServer(handler)
	defer plain.Close()
	defer tlsSrv.Close()
	logs := &logBuffer{}
	logger := slog.New(slog.NewTextHandler(logs, nil))
	get := func(url string, s *Settings) {
		t.Helper()
		c, _ := New(url, nil, s)
		if _, err := c.Get(context.Background(), "x", nil); err != nil {
			t.Fatal(err)
		}
	}
	warnings := func() int { return strings.Count(logs.String(), "level=WARN msg=\"TLS certificates are not verified") }
	for i := 0; i < 3; i++ {
		get(plain.URL, &Settings{Insecure: true, Logger: logger})
		(&Settings{Insecure: true, Logger: logger}).HTTPClient()
	}
	if n := warnings(); n != 0 {
		t.Fatalf("%d warnings without any TLS connection:\n%s", n, logs.String())
	}
	for i := 0; i < 3; i++ {
		get(tlsSrv.URL, &Settings{Insecure: true, Logger: logger})
	}
	if n := warnings(); n != 1 {
		t.Fatalf("%d warnings:\n%s", n, logs.String())
	}
	s := &Settings{}
	if s.HTTPClient() != s.HTTPClient() {
		t.Fatal("the client is built twice")
	}
}

func TestProxyWithoutScheme(t *testing.T) {
	var seen atomic.Value
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen.Store(r.URL.String())
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{}`)
	}))
	defer proxy.Close()
	c, _ := New("http://api.example.invalid/v1", nil, &Settings{Proxy: strings.TrimPrefix(proxy.URL, "http://"), NoRetry: true})
	if _, err := c.Get(context.Background(), "x", nil); err != nil || seen.Load() != "http://api.example.invalid/v1/x" {
		t.Fatalf("err %v seen %v", err, seen.Load())
	}
	if err := (&Settings{Proxy: "http://user:pa55word@"}).Check(); err == nil || strings.Contains(err.Error(), "pa55word") {
		t.Fatalf("bad proxy: %v", err)
	}
}
