package cli_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/runtime/cli"
	"github.com/asperalm/aslmcli/runtime/config"
	"github.com/asperalm/aslmcli/runtime/extval"
)

func TestExitCode(t *testing.T) {
	tests := []struct {
		name string
		err  error
		code int
	}{
		{"nil", nil, 0},
		{"exit request", &runtime.ExitError{Code: 3}, 3},
		{"exit 0", &runtime.ExitError{Code: 0}, 0},
		{"wrapped exit request", fmt.Errorf("script: %w", &runtime.ExitError{Code: 4}), 4},
		{"usage", cli.Usage("h", "bad"), 2},
		{"wrapped usage", fmt.Errorf("x: %w", cli.Usage("", "bad")), 2},
		{"interrupted", &runtime.Error{Kind: runtime.KindInterrupted, Message: "interrupted"}, 130},
		{"config kind", &runtime.Error{Kind: runtime.KindConfig, Message: "m"}, 1},
		{"lua kind", &runtime.Error{Kind: runtime.KindLua, Message: "m"}, 1},
		{"plugin kind", &runtime.Error{Kind: runtime.KindPlugin, Message: "m"}, 1},
		{"http kind", &runtime.Error{Kind: "http", Status: 404, Message: "m"}, 1},
		{"extval error", &extval.Error{Decoder: "json", Offset: 3, Msg: "bad"}, 2},
		{"wrapped extval error", fmt.Errorf("arg: %w", &extval.Error{Decoder: "json", Msg: "bad"}), 2},
		{"config error", &config.Error{Path: "/c.yaml", Line: 2, Msg: "bad"}, 1},
		{"context canceled", context.Canceled, 130},
		{"wrapped context canceled", fmt.Errorf("get: %w", context.Canceled), 130},
		{"plain error", errors.New("boom"), 1},
	}
	for _, tc := range tests {
		if got := cli.ExitCode(tc.err); got != tc.code {
			t.Errorf("%s: ExitCode = %d, want %d", tc.name, got, tc.code)
		}
	}
}

func TestClassify(t *testing.T) {
	re := &runtime.Error{Kind: "http", Message: "m"}
	if cli.Classify(fmt.Errorf("x: %w", re)) != re {
		t.Errorf("Classify does not return the wrapped *runtime.Error")
	}
	tests := []struct {
		err       error
		kind, msg string
	}{
		{&extval.Error{Decoder: "json", Offset: 1, Msg: "unexpected end"}, runtime.KindUsage, "@json: unexpected end"},
		{&config.Error{Path: "/c.yaml", Line: 3, Msg: "invalid YAML: x"}, runtime.KindConfig, "/c.yaml: line 3: invalid YAML: x"},
		{errors.New("boom"), runtime.KindError, "boom"},
		{context.Canceled, runtime.KindInterrupted, "interrupted"},
	}
	for _, tc := range tests {
		got := cli.Classify(tc.err)
		if got.Kind != tc.kind || got.Message != tc.msg || !errors.Is(got, tc.err) {
			t.Errorf("Classify(%v) = %#v, want %s %q", tc.err, got, tc.kind, tc.msg)
		}
	}
}

func TestWriteError(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"nil", nil, ""},
		{"exit request", &runtime.ExitError{Code: 2}, ""},
		{"usage with hint", cli.Usage("set it with --url=VALUE", "missing mandatory option %s", "--url"),
			"ERROR: usage: missing mandatory option --url\nHINT: set it with --url=VALUE\n"},
		{"plain error", errors.New("boom"), "ERROR: error: boom\n"},
		{"multi-line message", errors.New("line one\nline two"), "ERROR: error: line one line two\n"},
		{"secret in message", errors.New("login failed password=hunter2 for bob"), "ERROR: error: login failed password=*** for bob\n"},
		{"bearer in message", &runtime.Error{Kind: "http", Message: "sent Authorization: Bearer abc.def"}, "ERROR: http: sent Authorization: Bearer ***\n"},
		{"secret in hint", cli.Usage("try --password=hunter2", "bad"), "ERROR: usage: bad\nHINT: try --password=***\n"},
		{"interrupted", &runtime.Error{Kind: runtime.KindInterrupted, Message: "interrupted", Err: context.Canceled}, "ERROR: interrupted\n"},
		{"context canceled", context.Canceled, "ERROR: interrupted\n"},
		{"position of an operational error", &runtime.Error{Kind: "io", Message: "not found", Where: "x.lua:3:"}, "ERROR: io: not found (at x.lua:3)\n"},
		{"no position for a product error", &runtime.Error{Kind: "http", Message: "404 Not Found: GET https://h/x: gone", Where: "builtin:commands/node.lua:3:"}, "ERROR: http: 404 Not Found: GET https://h/x: gone\n"},
		{"no position for a usage error", &runtime.Error{Kind: runtime.KindUsage, Message: "bad", Where: "x.lua:3:"}, "ERROR: usage: bad\n"},
		{"no position for a lua error", &runtime.Error{Kind: runtime.KindLua, Message: "x.lua:3: boom", Where: "x.lua:3:"}, "ERROR: lua: x.lua:3: boom\n"},
		{"extval error", &extval.Error{Decoder: "json", Offset: 1, Msg: "unexpected end"}, "ERROR: usage: @json: unexpected end\n"},
		{"config error", &config.Error{Path: "/c.yaml", Line: 3, Msg: "invalid YAML: x"}, "ERROR: config: /c.yaml: line 3: invalid YAML: x\n"},
	}
	for _, tc := range tests {
		var b bytes.Buffer
		cli.WriteError(&b, tc.err)
		if b.String() != tc.want {
			t.Errorf("%s: wrote %q, want %q", tc.name, b.String(), tc.want)
		}
	}
}

func TestUsage(t *testing.T) {
	e := cli.Usage("the hint", "bad %s", "thing")
	if e.Kind != runtime.KindUsage || e.Message != "bad thing" || e.Hint != "the hint" {
		t.Fatalf("Usage = %#v", e)
	}
}

func TestTermPrompter(t *testing.T) {
	t.Run("plain answer", func(t *testing.T) {
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		w.WriteString("my answer\r\nnext line\n")
		w.Close()
		var out bytes.Buffer
		p := &cli.TermPrompter{In: r, Out: &out}
		got, err := p.Prompt("--url (server)", false)
		if err != nil || got != "my answer" || out.String() != "--url (server): " {
			t.Fatalf("Prompt = %q, %v; shown %q", got, err, out.String())
		}
		// the next question reads the next line, not a buffered rest
		got, err = p.Prompt("second", false)
		if err != nil || got != "next line" {
			t.Fatalf("second Prompt = %q, %v", got, err)
		}
		// end of input without a newline
		got, err = p.Prompt("third", false)
		if err != nil || got != "" {
			t.Fatalf("Prompt at EOF = %q, %v", got, err)
		}
	})
	t.Run("secret needs a terminal", func(t *testing.T) {
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		defer w.Close()
		var out bytes.Buffer
		p := &cli.TermPrompter{In: r, Out: &out}
		got, err := p.Prompt("--password", true)
		if err == nil || got != "" || !strings.HasPrefix(err.Error(), "read --password: ") {
			t.Fatalf("secret Prompt on a pipe = %q, %v", got, err)
		}
		if out.String() != "--password: \n" {
			t.Fatalf("shown %q", out.String())
		}
	})
}
