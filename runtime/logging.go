package runtime

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/asperalm/aslmcli/internal/secret"
)

// LogLevels lists the accepted --log-level values, most verbose first: the original tool's
// (Ruby's Logger) debug, info, warn, error, fatal and unknown.
var LogLevels = []string{"debug", "info", "warn", "error", "fatal", "unknown"}

// Levels above error, as Ruby's Logger has them: the tool logs no message that severe, so
// "fatal" and "unknown" silence the log (errors are still printed as ERROR lines).
const (
	LevelFatal   = slog.LevelError + 4
	LevelUnknown = slog.LevelError + 8
)

// ParseLogLevel converts a --log-level value.
func ParseLogLevel(s string) (slog.Level, error) {
	switch strings.ToLower(s) {
	case "debug", "trace", "trace1", "trace2":
		return slog.LevelDebug, nil
	case "info":
		return slog.LevelInfo, nil
	case "warn", "warning", "":
		return slog.LevelWarn, nil
	case "error":
		return slog.LevelError, nil
	case "fatal":
		return LevelFatal, nil
	case "unknown":
		return LevelUnknown, nil
	}
	return 0, fmt.Errorf("unknown log level %q (use one of: %s)", s, strings.Join(LogLevels, ", "))
}

// NewLogger returns a text logger on w at the given level. Secrets never reach w: values of
// secret attributes are masked and messages pass through the redactor.
func NewLogger(w io.Writer, level slog.Leveler) *slog.Logger {
	h := slog.NewTextHandler(w, &slog.HandlerOptions{
		Level: level,
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			switch {
			case len(groups) == 0 && a.Key == slog.TimeKey:
				return slog.String(slog.TimeKey, a.Value.Time().Format("2006-01-02T15:04:05.000Z07:00"))
			case secret.IsSecretKey(a.Key):
				return slog.String(a.Key, secret.Mask)
			case a.Value.Kind() == slog.KindString:
				return slog.String(a.Key, secret.RedactString(a.Value.String()))
			case a.Value.Kind() == slog.KindAny:
				if err, ok := a.Value.Any().(error); ok {
					return slog.String(a.Key, secret.RedactString(err.Error()))
				}
				return slog.Any(a.Key, secret.Redact(a.Value.Any()))
			}
			return a
		},
	})
	return slog.New(redactingHandler{h})
}

type redactingHandler struct{ slog.Handler }

func (h redactingHandler) Handle(ctx context.Context, r slog.Record) error {
	r.Message = secret.RedactString(r.Message)
	return h.Handler.Handle(ctx, r)
}

func (h redactingHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return redactingHandler{h.Handler.WithAttrs(as)}
}

func (h redactingHandler) WithGroup(name string) slog.Handler {
	return redactingHandler{h.Handler.WithGroup(name)}
}
