package rest

import (
	"context"
	"encoding/json"
	"io"
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
	for opts, want := range map[string]string{
		`{"read_timout":3}`:     `unknown key "read_timout" (known: open_timeout, read_timeout, write_timeout, keep_alive_timeout, request_timeout, retry_max, retry_sleep, retry_cap)`,
		`{"read_timeout":"x"}`:  `read_timeout: a number of seconds or a duration (1m30s) expected, got "x"`,
		`{"retry_max":-1}`:      "retry_max: a count of retries expected, got -1",
		`{"open_timeout":true}`: "open_timeout: a number of seconds expected, got true",
	} {
		var m map[string]any
		_ = json.Unmarshal([]byte(opts), &m)
		if err := (&Settings{}).SetOptions(m); err == nil || err.Error() != want {
			t.Errorf("%s: got %v, want %s", opts, err, want)
		}
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
