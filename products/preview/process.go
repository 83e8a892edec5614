package preview

import (
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/asperalm/aslmcli/transfer/spec"
)

// GeneratorTag is the reserved tag of the transfers of the preview generator
// (tags.aspera.preview_generator), so that trevents ignores them.
const GeneratorTag = "preview_generator"

// process makes the previews of one file that need it and returns how many it made: 0 when
// the file has none, its type is skipped, a tool is missing (said once in the log), or its
// previews are up to date.
func (s *Scanner) process(ctx context.Context, c candidate) (int, error) {
	e := c.entry
	id, name := str(e["id"]), str(e["name"])
	if id == "" || strings.ContainsAny(id, `/\`) || strings.Contains(id, "..") || name == "" || strings.ContainsAny(name, `/\`) {
		return 0, fmt.Errorf("the node gave an entry with a bad id or name (%q, %q)", id, name)
	}
	var src string
	if !s.Opts.Remote {
		var err error
		if src, err = inside(s.local, str(e["path"])); err != nil {
			return 0, err
		}
	}
	typ, err := Detect(name, str(e["content_type"]), s.Opts.CheckExtension, src)
	if err != nil || typ == "" || slices.Contains(s.Opts.SkipTypes, typ) {
		return 0, err
	}
	if s.Gen.Tools.Supports(typ) != nil {
		return 0, nil
	}
	formats, err := s.needed(ctx, e, typ, src)
	if err != nil || len(formats) == 0 {
		return 0, err
	}
	var dir string // where the previews are written
	if s.Opts.Remote {
		work, err := os.MkdirTemp(s.Gen.TempDir, "prev_remote_")
		if err != nil {
			return 0, err
		}
		defer os.RemoveAll(work)
		if err := s.transfer(ctx, "receive", c.parent, name, work); err != nil {
			return 0, fmt.Errorf("download: %w", err)
		}
		src, dir = filepath.Join(work, name), filepath.Join(work, "up", FolderName(id))
	} else {
		dir = filepath.Join(s.local, s.Opts.PreviewsFolder, FolderName(id))
	}
	if s.Opts.ValidateMIME {
		if got, err := Sniff(src); err != nil || got != typ {
			s.log.Debug(fmt.Sprintf("preview: %s: content is %q, not %s: skipped", e["path"], got, typ))
			return 0, err
		}
	}
	for _, f := range formats {
		if err := s.Gen.Generate(ctx, src, filepath.Join(dir, FileName(f)), typ, f); err != nil {
			return 0, err
		}
	}
	if s.Opts.Remote {
		if err := s.transfer(ctx, "send", str(s.previews["id"]), dir, "/"); err != nil {
			return 0, fmt.Errorf("upload: %w", err)
		}
	}
	if s.Opts.ResetCache == "read" {
		_, _ = s.Node.File(ctx, id)
	}
	return len(formats), nil
}

// needed returns the formats to make, by the overwrite policy.
func (s *Scanner) needed(ctx context.Context, e map[string]any, typ Type, src string) ([]Format, error) {
	var out []Format
	var srcTime time.Time
	if src != "" {
		st, err := os.Stat(src)
		if err != nil {
			return nil, err
		}
		srcTime = st.ModTime()
	} else {
		srcTime, _ = time.Parse(time.RFC3339, str(e["modified_time"]))
	}
	for _, f := range Formats(typ) {
		if slices.Contains(s.Opts.SkipFormats, f) {
			continue
		}
		have, ok := s.previewTime(ctx, str(e["id"]), f)
		switch {
		case !ok || s.Opts.Overwrite == Always:
		case s.Opts.Overwrite == Never:
			continue
		case !have.Before(srcTime): // as new as the original: the node's times are to the second
			continue
		}
		out = append(out, f)
	}
	return out, nil
}

// previewTime is the modification time of a preview, and whether it exists: the local file,
// or the node's entry below the previews folder (a node that hides preview folders from the
// files API shows none, so that remotely mtime regenerates).
func (s *Scanner) previewTime(ctx context.Context, id string, f Format) (time.Time, bool) {
	if !s.Opts.Remote {
		st, err := os.Stat(filepath.Join(s.local, s.Opts.PreviewsFolder, FolderName(id), FileName(f)))
		if err != nil {
			return time.Time{}, false
		}
		return st.ModTime(), true
	}
	e, err := s.Node.Resolve(ctx, str(s.previews["id"]), path.Join(FolderName(id), FileName(f)))
	if err != nil {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339, str(e["modified_time"]))
	return t, err == nil
}

// transfer moves source to or from the folder of id folderID (direction "receive": source
// is a name in that folder, destination a local folder; "send": source is a local path,
// destination a path in that folder), tagged as the generator's.
func (s *Scanner) transfer(ctx context.Context, direction, folderID, source, destination string) error {
	ts, err := s.Node.Gen4Spec(ctx, direction, folderID)
	if err != nil {
		return err
	}
	ts["paths"] = []any{map[string]any{"source": source}}
	ts["destination_root"] = destination
	tags, _ := ts["tags"].(map[string]any)
	if tags == nil {
		tags = map[string]any{}
		ts["tags"] = tags
	}
	aspera, _ := tags["aspera"].(map[string]any)
	if aspera == nil {
		aspera = map[string]any{}
		tags["aspera"] = aspera
	}
	aspera[GeneratorTag] = true
	return s.Opts.Transfer(ctx, spec.Spec(ts))
}
