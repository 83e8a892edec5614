package preview

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/asperalm/aslmcli/products/node"
	"github.com/asperalm/aslmcli/transfer/spec"
)

// Overwrite says when an existing preview is made again (--overwrite).
type Overwrite string

// The overwrite policies: always, never, or when the original is newer than the preview.
const (
	Always Overwrite = "always"
	Never  Overwrite = "never"
	MTime  Overwrite = "mtime"
)

// ScanOptions are the options of scan, events and trevents.
type ScanOptions struct {
	// Remote: download each original and upload its previews with Transfer (--file-access=remote);
	// else the files are read, and the previews written, in StorageRoot on this machine.
	Remote bool
	// StorageRoot is the local folder of the access key's storage ("": its storage path,
	// when its type is local).
	StorageRoot    string
	PreviewsFolder string   // below the storage root (default "previews")
	SkipTypes      []Type   // types not previewed
	SkipFormats    []Format // formats not made
	SkipFolders    []string // node paths not scanned (the previews folder never is)
	Overwrite      Overwrite
	ValidateMIME   bool   // a file whose content is not of the type its name or MIME type tell is skipped
	CheckExtension bool   // the type may come from the name's extension (else only from the MIME type and content)
	ResetCache     string // "read": read each file again after its previews are made (the node refreshes its cache)
	Concurrency    int    // files generated at once (0: DefaultConcurrency)
	// Transfer runs a transfer spec to its end (remote access); it may be called from
	// several goroutines at once.
	Transfer func(ctx context.Context, s spec.Spec) error
	Log      *slog.Logger // nil: no log
}

// Summary is the result of a run.
type Summary struct {
	Files     int       `json:"files"`     // files considered
	Generated int       `json:"generated"` // previews made
	Skipped   int       `json:"skipped"`   // files with nothing to do (up to date, skipped type, no preview)
	Failed    int       `json:"failed"`    // files whose preview could not be made
	Seconds   float64   `json:"seconds"`
	Failures  []Failure `json:"failures,omitempty"`
}

// Failure is a file that failed, and why (one line).
type Failure struct {
	Path  string `json:"path"`
	Error string `json:"error"`
}

// Scanner finds the files of an access key's storage and makes their previews.
type Scanner struct {
	Node *node.Client // authenticated as the access key
	Gen  *Generator
	Opts ScanOptions

	key      node.Object // access_keys/self
	rootID   string
	local    string // local storage root (local access)
	previews node.Object
	log      *slog.Logger
}

// NewScanner reads the access key and checks the previews folder: locally, that it exists and
// belongs to the key (MarkerFile); remotely, that the node has it.
func NewScanner(ctx context.Context, n *node.Client, g *Generator, o ScanOptions) (*Scanner, error) {
	if o.PreviewsFolder == "" {
		o.PreviewsFolder = DefaultPreviewsFolder
	}
	if o.Overwrite == "" {
		o.Overwrite = MTime
	}
	if o.Concurrency <= 0 {
		o.Concurrency = DefaultConcurrency()
	}
	s := &Scanner{Node: n, Gen: g, Opts: o, log: o.Log}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	key, err := n.AccessKey(ctx, "self")
	if err != nil {
		return nil, fmt.Errorf("access key: %w", err)
	}
	s.key = key
	s.rootID = str(key["root_file_id"])
	if s.rootID == "" {
		return nil, fmt.Errorf("access key %s: no root_file_id", str(key["id"]))
	}
	if o.Remote {
		if o.Transfer == nil {
			return nil, errors.New("remote file access needs a transfer agent")
		}
		if s.previews, err = n.Resolve(ctx, s.rootID, "/"+o.PreviewsFolder); err != nil {
			return nil, fmt.Errorf("previews folder /%s: %w: create it in the storage root, or give --previews-folder", o.PreviewsFolder, err)
		}
		return s, nil
	}
	s.local = o.StorageRoot
	if s.local == "" {
		st, _ := key["storage"].(map[string]any)
		if str(st["type"]) != "local" {
			return nil, fmt.Errorf("the storage of access key %s is not local (%s): use --file-access=remote", str(key["id"]), str(st["type"]))
		}
		s.local = strings.TrimPrefix(str(st["path"]), "file://")
	}
	if st, err := os.Stat(s.local); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("storage root %s is not a folder on this machine: give --storage-root, or use --file-access=remote", s.local)
	}
	dir, err := inside(s.local, o.PreviewsFolder)
	if err != nil {
		return nil, err
	}
	return s, claimPreviews(dir, str(key["id"]))
}

// candidate is a file to consider: its gen4 entry and the id of its folder.
type candidate struct {
	entry  node.Object
	parent string
}

// Scan makes the previews of every file below the folder of id scanID ("": the key's root),
// only in scanPath when given (a path below that folder).
func (s *Scanner) Scan(ctx context.Context, scanID, scanPath string) (*Summary, error) {
	if scanID == "" {
		scanID = s.rootID
	}
	top, err := s.Node.File(ctx, scanID)
	if err != nil {
		return nil, fmt.Errorf("scan folder %s: %w", scanID, err)
	}
	if top["path"] == nil || scanID == s.rootID {
		top["path"] = "/"
	}
	return s.run(ctx, func(ctx context.Context, out chan<- candidate) error {
		return s.walk(ctx, top, canonical(scanPath), out)
	})
}

// canonical makes "/a/b/" of "a/b" ("" stays "").
func canonical(p string) string {
	if strings.Trim(p, "/") == "" {
		return ""
	}
	return "/" + strings.Trim(path.Clean("/"+p), "/") + "/"
}

// walk sends the files below top (breadth first), skipping the skipped folders and, when
// within is set, what is not in it.
func (s *Scanner) walk(ctx context.Context, top node.Object, within string, out chan<- candidate) error {
	queue := []node.Object{top}
	for len(queue) > 0 {
		folder := queue[0]
		queue = queue[1:]
		fpath := str(folder["path"])
		it := s.Node.Files(ctx, str(folder["id"]), nil, 0)
		for v, ok := it.Next(); ok; v, ok = it.Next() {
			e, _ := v.(map[string]any)
			p := path.Join(fpath, str(e["name"]))
			e["path"] = p
			if within != "" && !strings.HasPrefix(within, p+"/") && !strings.HasPrefix(p+"/", within) {
				continue
			}
			switch str(e["type"]) {
			case "folder":
				if !s.skippedFolder(p) {
					queue = append(queue, e)
				}
			case "file":
				select {
				case out <- candidate{entry: e, parent: str(folder["id"])}:
				case <-ctx.Done():
					return ctx.Err()
				}
			}
		}
		if err := it.Err(); err != nil {
			return fmt.Errorf("list %s: %w", fpath, err)
		}
	}
	return nil
}

func (s *Scanner) skippedFolder(p string) bool {
	if p == "/"+s.Opts.PreviewsFolder {
		return true
	}
	for _, f := range s.Opts.SkipFolders {
		if p == "/"+strings.Trim(f, "/") {
			return true
		}
	}
	return false
}

// run runs the candidates that find sends through Concurrency workers and sums up.
func (s *Scanner) run(ctx context.Context, find func(context.Context, chan<- candidate) error) (*Summary, error) {
	began := time.Now()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	sum := &Summary{}
	var mu sync.Mutex
	in := make(chan candidate)
	var wg sync.WaitGroup
	for i := 0; i < s.Opts.Concurrency; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range in {
				made, err := s.process(ctx, c)
				mu.Lock()
				sum.Files++
				switch {
				case err != nil && ctx.Err() == nil:
					sum.Failed++
					sum.Failures = append(sum.Failures, Failure{Path: str(c.entry["path"]), Error: err.Error()})
					s.log.Warn("preview: " + str(c.entry["path"]) + ": " + err.Error())
				case made > 0:
					sum.Generated += made
				default:
					sum.Skipped++
				}
				mu.Unlock()
			}
		}()
	}
	err := find(ctx, in)
	close(in)
	wg.Wait()
	sort.Slice(sum.Failures, func(i, j int) bool { return sum.Failures[i].Path < sum.Failures[j].Path })
	sum.Seconds = time.Since(began).Seconds()
	if err == nil {
		err = ctx.Err()
	}
	return sum, err
}

func str(v any) string {
	if v == nil {
		return ""
	}
	if s, ok := v.(string); ok {
		return s
	}
	return fmt.Sprint(v)
}

// ParseOverwrite checks a value of --overwrite ("": mtime).
func ParseOverwrite(s string) (Overwrite, error) {
	switch Overwrite(s) {
	case "":
		return MTime, nil
	case Always, Never, MTime:
		return Overwrite(s), nil
	}
	return "", fmt.Errorf("unknown overwrite policy %q (always, never, mtime)", s)
}
