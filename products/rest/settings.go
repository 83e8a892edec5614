package rest

import (
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Settings is the HTTP configuration of a run, shared by every client; use it by pointer and
// do not copy it. A zero field takes its default. Insecure, Proxy, UserAgent, the connect, read
// and idle timeouts and the debug fields are read when HTTPClient is first called: later changes
// do not affect the client already built. The retry fields, RequestTimeout and Logger are read
// at each request. Do not change fields while requests run.
type Settings struct {
	Insecure       bool          // skip TLS verification (one warning per process, at Warn, when Logger is set)
	Proxy          string        // proxy URL ("host:port" means http://host:port); "" = HTTP_PROXY, HTTPS_PROXY and NO_PROXY
	UserAgent      string        // default "aslmcli"
	ConnectTimeout time.Duration // dial and TLS handshake; default 30s (open_timeout)
	ReadTimeout    time.Duration // wait for the response headers; default 60s (read_timeout)
	IdleTimeout    time.Duration // idle keep-alive connections; default 90s (keep_alive_timeout)
	RequestTimeout time.Duration // whole exchange of a JSON call, not downloads; 0 = none (request_timeout)
	RetryMax       int           // retries after the first try; 0 = default 3 unless NoRetry; negative = none (retry_max)
	RetryBase      time.Duration // first backoff; default 1s (retry_sleep)
	RetryCap       time.Duration // longest backoff; default 30s (retry_cap)
	NoRetry        bool          // RetryMax is 0 on purpose (set by SetOptions for retry_max=0)
	Debug          io.Writer     // non-nil: dump every request and response, secrets hidden
	DebugBodyMax   int           // bytes of each body shown in the dump; default 2048
	Logger         *slog.Logger  // nil = discard; retries are logged at Info

	once   sync.Once
	client *http.Client
	err    error
}

// Defaults of Settings.
const (
	DefaultConnectTimeout = 30 * time.Second
	DefaultReadTimeout    = 60 * time.Second
	DefaultIdleTimeout    = 90 * time.Second
	DefaultRetryMax       = 3
	DefaultRetryBase      = time.Second
	DefaultRetryCap       = 30 * time.Second
	DefaultDebugBodyMax   = 2048
)

// insecureWarned makes the Insecure warning appear once per process, at the first TLS
// connection whose certificate is not verified.
var insecureWarned atomic.Bool

// defaultSettings serves a Client built without Settings.
var defaultSettings = &Settings{}

var discardLogger = slog.New(slog.DiscardHandler)

func orDuration(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

func (s *Settings) retryMax() int {
	switch {
	case s.RetryMax < 0:
		return 0
	case s.RetryMax > 0 || s.NoRetry:
		return s.RetryMax
	}
	return DefaultRetryMax
}

func (s *Settings) logger() *slog.Logger {
	if s.Logger == nil {
		return discardLogger
	}
	return s.Logger
}

func (s *Settings) userAgent() string {
	if s.UserAgent == "" {
		return "aslmcli"
	}
	return s.UserAgent
}

// HTTPClient returns the *http.Client of these settings, built once and reused (its
// connections are shared by every client of the run): proxy, TLS verification unless Insecure,
// the connect, read and idle timeouts, a User-Agent header added when a request has none, and
// the debug dump when Debug is set (it shows the User-Agent). It does not retry (Client.Do
// does) and has no overall timeout (downloads may be long). products/oauth uses it for token
// requests, so token exchanges are dumped, redacted, too. A bad Proxy URL gives a client whose
// requests fail with that error (see Check).
func (s *Settings) HTTPClient() *http.Client {
	s.once.Do(func() { s.client, s.err = s.build() })
	if s.err != nil {
		err := s.err
		return &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) { return nil, err })}
	}
	return s.client
}

// Check returns the error of a setting that cannot work (a bad proxy URL).
func (s *Settings) Check() error {
	s.HTTPClient()
	return s.err
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func (s *Settings) build() (*http.Client, error) {
	dialer := &net.Dialer{Timeout: orDuration(s.ConnectTimeout, DefaultConnectTimeout), KeepAlive: 30 * time.Second}
	t := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           dialer.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   16,
		IdleConnTimeout:       orDuration(s.IdleTimeout, DefaultIdleTimeout),
		TLSHandshakeTimeout:   orDuration(s.ConnectTimeout, DefaultConnectTimeout),
		ResponseHeaderTimeout: orDuration(s.ReadTimeout, DefaultReadTimeout),
		ExpectContinueTimeout: time.Second,
	}
	if s.Proxy != "" {
		raw := strings.TrimSpace(s.Proxy)
		if !strings.Contains(raw, "://") {
			raw = "http://" + raw
		}
		u, err := url.Parse(raw)
		if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "socks5") {
			// the text is not shown: it may hold the proxy's credentials
			return nil, fmt.Errorf("invalid proxy URL: use http://host:port")
		}
		t.Proxy = http.ProxyURL(u)
	}
	if s.Insecure {
		log := s.Logger
		t.TLSClientConfig = &tls.Config{InsecureSkipVerify: true, //nolint:gosec // asked for with --insecure=yes
			// the warning comes with the first certificate left unverified: none for http://
			VerifyConnection: func(tls.ConnectionState) error {
				if log != nil && insecureWarned.CompareAndSwap(false, true) {
					log.Warn("TLS certificates are not verified (insecure=yes): use it only for test servers")
				}
				return nil
			}}
	}
	var rt http.RoundTripper = t
	if s.Debug != nil {
		max := s.DebugBodyMax
		if max <= 0 {
			max = DefaultDebugBodyMax
		}
		rt = &dumper{next: rt, w: s.Debug, max: max}
	}
	return &http.Client{Transport: &userAgent{next: rt, agent: s.userAgent()}}, nil
}

type userAgent struct {
	next  http.RoundTripper
	agent string
}

func (u *userAgent) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Header.Get("User-Agent") == "" {
		r = r.Clone(r.Context())
		r.Header.Set("User-Agent", u.agent)
	}
	return u.next.RoundTrip(r)
}

// optionKeys are the keys of --http-options.
var optionKeys = []string{"open_timeout", "read_timeout", "write_timeout", "keep_alive_timeout",
	"request_timeout", "retry_max", "retry_sleep", "retry_cap"}

// SetOptions applies the --http-options hash: open_timeout (ConnectTimeout), read_timeout
// (ReadTimeout), write_timeout (accepted for ascli compatibility; it sets ReadTimeout too, as Go
// has no separate write timeout on the client side, and read_timeout wins when both are given),
// keep_alive_timeout (IdleTimeout), request_timeout (RequestTimeout), retry_max (RetryMax; 0 =
// no retry), retry_sleep (RetryBase) and retry_cap (RetryCap). Durations are seconds (int,
// float64, json.Number or numeric text) or Go duration text ("1m30s"), never negative. An unknown
// key or a bad value is an error that names the key and lists the known ones; then nothing is
// changed.
func (s *Settings) SetOptions(opts map[string]any) error {
	keys := make([]string, 0, len(opts))
	for k := range opts {
		keys = append(keys, k)
	}
	// write_timeout first, so that an explicit read_timeout wins
	sort.Slice(keys, func(i, j int) bool {
		if (keys[i] == "write_timeout") != (keys[j] == "write_timeout") {
			return keys[i] == "write_timeout"
		}
		return keys[i] < keys[j]
	})
	known := "(known: " + strings.Join(optionKeys, ", ") + ")"
	var apply []func()
	for _, k := range keys {
		v := opts[k]
		if k == "retry_max" {
			n, err := toInt(v)
			if err != nil || n < 0 {
				return fmt.Errorf("retry_max: a count of retries expected, got %v %s", v, known)
			}
			apply = append(apply, func() { s.RetryMax, s.NoRetry = n, n == 0 })
			continue
		}
		var dst *time.Duration
		switch k {
		case "open_timeout":
			dst = &s.ConnectTimeout
		case "read_timeout", "write_timeout":
			dst = &s.ReadTimeout
		case "keep_alive_timeout":
			dst = &s.IdleTimeout
		case "request_timeout":
			dst = &s.RequestTimeout
		case "retry_sleep":
			dst = &s.RetryBase
		case "retry_cap":
			dst = &s.RetryCap
		default:
			return fmt.Errorf("unknown key %q %s", k, known)
		}
		d, err := toDuration(v)
		if err != nil {
			return fmt.Errorf("%s: %w %s", k, err, known)
		}
		apply = append(apply, func() { *dst = d })
	}
	for _, f := range apply {
		f()
	}
	return nil
}

func toInt(v any) (int, error) {
	switch t := v.(type) {
	case int:
		return t, nil
	case int64:
		return int(t), nil
	case float64:
		if t == float64(int(t)) {
			return int(t), nil
		}
	case json.Number:
		n, err := t.Int64()
		return int(n), err
	case string:
		return strconv.Atoi(strings.TrimSpace(t))
	}
	return 0, fmt.Errorf("not an integer: %v", v)
}

func toDuration(v any) (time.Duration, error) {
	var secs float64
	switch t := v.(type) {
	case int:
		secs = float64(t)
	case int64:
		secs = float64(t)
	case float64:
		secs = t
	case json.Number:
		f, err := t.Float64()
		if err != nil {
			return 0, fmt.Errorf("a number of seconds expected, got %v", v)
		}
		secs = f
	case string:
		s := strings.TrimSpace(t)
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			secs = f
		} else if d, err := time.ParseDuration(s); err == nil && d >= 0 {
			return d, nil
		} else {
			return 0, fmt.Errorf("a number of seconds or a duration (1m30s) expected, got %q", t)
		}
	default:
		return 0, fmt.Errorf("a number of seconds expected, got %v", v)
	}
	if secs < 0 || math.IsNaN(secs) || secs > float64(math.MaxInt64/int64(time.Second)) {
		return 0, fmt.Errorf("a positive number of seconds expected, got %v", v)
	}
	return time.Duration(secs * float64(time.Second)), nil
}
