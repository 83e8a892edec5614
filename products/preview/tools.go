package preview

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"
)

// Tool is an external program the generator runs.
type Tool struct {
	Name     string   // as `preview check` shows it
	Commands []string // executables looked for, in order
	Package  string   // the Debian package that provides it
	Version  []string // the arguments that print its version
	For      string   // what it serves
	Types    []Type   // the source types that cannot be previewed without it
	Optional bool     // its absence only degrades the previews (optipng: PNG are not optimized)
}

// ToolTable lists the tools: ImageMagick 7 (magick) or 6 (convert and composite), OptiPNG,
// FFmpeg, LibreOffice and Ghostscript.
var ToolTable = []Tool{
	{Name: "convert", Commands: []string{"magick", "convert"}, Package: "imagemagick", Version: []string{"-version"},
		For: "images, PDF and office pages, text", Types: []Type{Image, PDF, Office, Plaintext}},
	{Name: "composite", Commands: []string{"composite"}, Package: "imagemagick", Version: []string{"-version"},
		For: "video previews made with --video=blend"},
	{Name: "optipng", Commands: []string{"optipng"}, Package: "optipng", Version: []string{"-v"},
		For: "smaller PNG thumbnails", Optional: true},
	{Name: "ffmpeg", Commands: []string{"ffmpeg"}, Package: "ffmpeg", Version: []string{"-version"},
		For: "videos", Types: []Type{Video}},
	{Name: "ffprobe", Commands: []string{"ffprobe"}, Package: "ffmpeg", Version: []string{"-version"},
		For: "videos (duration)", Types: []Type{Video}},
	{Name: "soffice", Commands: []string{"soffice", "libreoffice"}, Package: "libreoffice-writer-nogui (and -calc-nogui, -impress-nogui)",
		Version: []string{"--version"}, For: "office documents", Types: []Type{Office}},
	{Name: "gs", Commands: []string{"gs"}, Package: "ghostscript", Version: []string{"--version"},
		For: "PDF and office documents", Types: []Type{PDF, Office}},
}

// Tools are the tools found on this machine. They are safe for concurrent use.
type Tools struct {
	paths  map[string]string // tool name -> executable; absent when missing
	Log    *slog.Logger      // where the one warning per missing tool goes (nil: none)
	warned sync.Map
}

// FindTools looks the tools up with lookup (nil: exec.LookPath, the PATH).
func FindTools(lookup func(string) (string, error)) *Tools {
	if lookup == nil {
		lookup = exec.LookPath
	}
	t := &Tools{paths: map[string]string{}}
	for _, tool := range ToolTable {
		for _, c := range tool.Commands {
			if p, err := lookup(c); err == nil {
				t.paths[tool.Name] = p
				break
			}
		}
	}
	// ImageMagick 7 is one executable: `magick composite` stands for composite
	if p := t.paths["convert"]; p != "" && filepath.Base(p) == "magick" {
		t.paths["composite"] = p
	}
	return t
}

// Path returns the executable of a tool ("" when missing).
func (t *Tools) Path(name string) string { return t.paths[name] }

func toolNamed(name string) Tool {
	for _, tool := range ToolTable {
		if tool.Name == name {
			return tool
		}
	}
	return Tool{Name: name, Commands: []string{name}}
}

// ErrMissingTool is the error of a preview that needs a tool this machine lacks.
var ErrMissingTool = errors.New("missing tool")

// need returns an error wrapping ErrMissingTool when a tool is missing, and says it once in
// the log, with the package to install and what is skipped.
func (t *Tools) need(name, skipped string) error {
	if t.paths[name] != "" {
		return nil
	}
	tool := toolNamed(name)
	if _, done := t.warned.LoadOrStore(name, true); !done && t.Log != nil {
		t.Log.Warn(fmt.Sprintf("preview: %s is not installed (Debian: apt-get install %s): %s are skipped", name, tool.Package, skipped))
	}
	return fmt.Errorf("%w: %s (Debian package %s)", ErrMissingTool, name, tool.Package)
}

// Supports tells whether the tools a type needs are all here; when one is missing it is said
// once in the log, and the error says which.
func (t *Tools) Supports(typ Type) error {
	for _, tool := range ToolTable {
		for _, x := range tool.Types {
			if x == typ {
				if err := t.need(tool.Name, string(typ)+" files"); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// ToolStatus is a line of `preview check`.
type ToolStatus struct {
	Tool    string `json:"tool"`
	Status  string `json:"status"` // ok, missing, or error (found but its version could not be read)
	Path    string `json:"path,omitempty"`
	Version string `json:"version,omitempty"`
	Package string `json:"package"`
	For     string `json:"for"`
}

// versionPattern finds a version number in the first line a tool prints.
var versionPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\d+(\.\d+)+([-+~][0-9A-Za-z.+~-]*)?`) })

// Check runs every tool found for its version (in parallel) and returns one status per tool
// of ToolTable, in its order.
func (t *Tools) Check(ctx context.Context) []ToolStatus {
	out := make([]ToolStatus, len(ToolTable))
	var wg sync.WaitGroup
	for i, tool := range ToolTable {
		out[i] = ToolStatus{Tool: tool.Name, Status: "missing", Package: tool.Package, For: tool.For, Path: t.paths[tool.Name]}
		if out[i].Path == "" {
			continue
		}
		wg.Add(1)
		go func(s *ToolStatus, tool Tool) {
			defer wg.Done()
			cctx, cancel := context.WithTimeout(ctx, 60*time.Second)
			defer cancel()
			args := tool.Version
			if tool.Name == "composite" && filepath.Base(s.Path) == "magick" {
				args = append([]string{"composite"}, args...)
			}
			stdout, err := run(cctx, s.Path, args...)
			line := firstLine(stdout)
			if v := versionPattern().FindString(line); v != "" {
				s.Status, s.Version = "ok", v
			} else {
				s.Status = "error"
				if err != nil {
					s.Version = err.Error()
				}
			}
		}(&out[i], tool)
	}
	wg.Wait()
	return out
}

func firstLine(b []byte) string {
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			return l
		}
	}
	return ""
}

// run runs a program with an argument vector (never a shell) and returns its standard output;
// a failure is an error naming the program and the last lines it wrote on its standard error.
// Cancelling ctx kills the program and its children.
func run(ctx context.Context, path string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, path, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &limitedBuffer{max: 64 << 10, buf: &stderr}
	killGroup(cmd)
	cmd.WaitDelay = 5 * time.Second
	err := cmd.Run()
	if err == nil {
		return stdout.Bytes(), nil
	}
	if ctx.Err() != nil {
		return stdout.Bytes(), fmt.Errorf("%s: %w", filepath.Base(path), ctx.Err())
	}
	msg := lastLines(stderr.String(), 3)
	if msg == "" {
		msg = lastLines(stdout.String(), 3)
	}
	if msg == "" {
		msg = err.Error()
	}
	if name := filepath.Base(path); !strings.HasPrefix(msg, name+":") {
		msg = name + ": " + msg
	}
	return stdout.Bytes(), errors.New(msg)
}

// lastLines returns the last n non-empty lines of s, joined by "; ".
func lastLines(s string, n int) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	if len(out) > n {
		out = out[len(out)-n:]
	}
	return strings.Join(out, "; ")
}

// limitedBuffer keeps the last max bytes written to it, or about: a chatty tool cannot fill
// the memory.
type limitedBuffer struct {
	max int
	buf *bytes.Buffer
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	n := len(p)
	if len(p) > l.max {
		p = p[len(p)-l.max:]
	}
	if l.buf.Len()+len(p) > l.max {
		keep := l.buf.Bytes()[l.buf.Len()+len(p)-l.max:]
		rest := append([]byte(nil), keep...)
		l.buf.Reset()
		l.buf.Write(rest)
	}
	l.buf.Write(p)
	return n, nil
}
