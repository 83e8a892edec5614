package runtime_test

import (
	"bytes"
	"errors"
	"log/slog"
	"regexp"
	"strings"
	"testing"

	"github.com/asperalm/aslmcli/runtime"
)

func TestParseLogLevel(t *testing.T) {
	tests := []struct {
		in   string
		want slog.Level
	}{
		{"debug", slog.LevelDebug}, {"DEBUG", slog.LevelDebug}, {"trace", slog.LevelDebug},
		{"trace2", slog.LevelDebug}, {"info", slog.LevelInfo}, {"Info", slog.LevelInfo},
		{"warn", slog.LevelWarn}, {"warning", slog.LevelWarn}, {"", slog.LevelWarn},
		{"error", slog.LevelError}, {"fatal", runtime.LevelFatal}, {"UNKNOWN", runtime.LevelUnknown},
	}
	for _, tc := range tests {
		got, err := runtime.ParseLogLevel(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseLogLevel(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	_, err := runtime.ParseLogLevel("verbose")
	if err == nil || err.Error() != `unknown log level "verbose" (use one of: debug, info, warn, error, fatal, unknown)` {
		t.Fatalf("ParseLogLevel(verbose) error = %v", err)
	}
}

func TestLoggerLevelAndFormat(t *testing.T) {
	var buf bytes.Buffer
	log := runtime.NewLogger(&buf, slog.LevelWarn)
	log.Info("hidden")
	log.Debug("hidden too")
	if buf.Len() != 0 {
		t.Fatalf("below the level: %q", buf.String())
	}
	log.Warn("shown", "url", "https://x", "n", 3)
	re := regexp.MustCompile(`^time=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}(Z|[+-]\d\d:\d\d) level=WARN msg=shown url=https://x n=3\n$`)
	if !re.MatchString(buf.String()) {
		t.Fatalf("log line %q does not match %s", buf.String(), re)
	}
}

func TestLoggerHidesSecrets(t *testing.T) {
	tests := []struct {
		name string
		log  func(l *slog.Logger)
		want []string // substrings that must be there
	}{
		{"secret attribute", func(l *slog.Logger) { l.Warn("login", "password", "hunter2", "user", "bob") },
			[]string{"password=***", "user=bob"}},
		{"secret attribute of any type", func(l *slog.Logger) { l.Warn("login", "token", 12345678) },
			[]string{"token=***"}},
		{"secret inside the message", func(l *slog.Logger) { l.Warn("connect password=hunter2 now") },
			[]string{`msg="connect password=*** now"`}},
		{"bearer in a string value", func(l *slog.Logger) { l.Warn("req", "auth", "Bearer hunter2") },
			[]string{`auth="Bearer ***"`}},
		{"secret keys in a map value", func(l *slog.Logger) {
			l.Warn("cfg", "preset", map[string]any{"url": "u", "client_secret": "hunter2"})
		}, []string{`preset="map[client_secret:*** url:u]"`}},
		{"attribute added with With", func(l *slog.Logger) { l.With("api_key", "hunter2").Warn("x") },
			[]string{"api_key=***"}},
		{"attribute in a group", func(l *slog.Logger) { l.WithGroup("g").Warn("x", "passphrase", "hunter2") },
			[]string{"g.passphrase=***"}},
		{"secret in an error value", func(l *slog.Logger) {
			l.Warn("failed", "err", errors.New("login refused for password=hunter2"))
		}, []string{"err=", "password=***"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			tc.log(runtime.NewLogger(&buf, slog.LevelDebug))
			out := buf.String()
			if strings.Contains(out, "hunter2") || strings.Contains(out, "12345678") {
				t.Fatalf("a secret reached the log: %q", out)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Fatalf("log %q lacks %q", out, w)
				}
			}
		})
	}
}
