package preview

import (
	"context"
	"fmt"
	"net/url"
	"path"
	"slices"

	"github.com/asperalm/aslmcli/products/node"
)

// Events makes the previews of the files that node events (file.created, file.modified,
// file.moved) show since the position kept in iterationFile ("": every event the node
// keeps); the position reached is saved there when the run ends without error (a file that
// fails does not hold the position back: it is reported in the summary).
func (s *Scanner) Events(ctx context.Context, iterationFile string) (*Summary, error) {
	return s.fromLog(ctx, iterationFile, url.Values{"type_glob[]": {"file.*"}}, s.fileEvents)
}

// TransferEvents makes the previews of the files of the folders that transfers into the
// node brought (download.ended events of completed transfers), the generator's own excepted.
func (s *Scanner) TransferEvents(ctx context.Context, iterationFile string) (*Summary, error) {
	return s.fromLog(ctx, iterationFile, url.Values{"type": {"download.ended"}}, s.transferEvents)
}

// fromLog reads the events after the saved position, sends what handle finds to the
// workers, and saves the position reached.
func (s *Scanner) fromLog(ctx context.Context, iterationFile string, q url.Values,
	handle func(context.Context, []node.Object, chan<- candidate) error) (*Summary, error) {
	var p *node.Persistency
	token := ""
	if iterationFile != "" {
		var err error
		if p, err = node.OpenPersistency(iterationFile, s.Node.API.BaseURL.String()); err != nil {
			return nil, err
		}
		token = p.Token
	}
	events, next, err := s.Node.EventsSince(ctx, q, token)
	if err != nil {
		return nil, fmt.Errorf("events: %w", err)
	}
	sum, err := s.run(ctx, func(ctx context.Context, out chan<- candidate) error { return handle(ctx, events, out) })
	if err == nil && p != nil && next != "" {
		err = p.Commit(next, nil)
	}
	return sum, err
}

// fileEvents resolves the files of file events (by id, else by path), once each.
func (s *Scanner) fileEvents(ctx context.Context, events []node.Object, out chan<- candidate) error {
	seen := map[string]bool{}
	for _, ev := range events {
		data, _ := ev["data"].(map[string]any)
		types, _ := ev["types"].([]any)
		if data == nil || (data["type"] != nil && str(data["type"]) != "file") || slices.Contains(types, any("file.deleted")) {
			continue
		}
		p := str(data["path"])
		if d := str(data["destination"]); d != "" { // file.moved
			p = d
		}
		e, parent, err := s.entry(ctx, str(data["id"]), p)
		if err != nil {
			s.log.Debug(fmt.Sprintf("preview: event %s: %v", str(ev["id"]), err))
			continue
		}
		if seen[str(e["id"])] || str(e["type"]) != "file" || s.underSkipped(str(e["path"])) {
			continue
		}
		seen[str(e["id"])] = true
		select {
		case out <- candidate{entry: e, parent: parent}:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// entry finds a file by id, else by its path below the key's root, and its folder's id.
func (s *Scanner) entry(ctx context.Context, id, p string) (node.Object, string, error) {
	var e node.Object
	var err error
	if id != "" {
		e, err = s.Node.File(ctx, id)
	} else {
		e, err = s.Node.Resolve(ctx, s.rootID, p)
	}
	if err != nil {
		return nil, "", err
	}
	if str(e["path"]) == "" {
		e["path"] = path.Clean("/" + p)
	}
	parent := str(e["parent_file_id"])
	if parent == "" {
		dir, err := s.Node.Resolve(ctx, s.rootID, path.Dir(str(e["path"])))
		if err != nil {
			return nil, "", err
		}
		parent = str(dir["id"])
	}
	return e, parent, nil
}

// underSkipped tells whether a node path is in a skipped folder or the previews folder.
func (s *Scanner) underSkipped(p string) bool {
	for d := path.Dir(p); d != "/" && d != "."; d = path.Dir(d) {
		if s.skippedFolder(d) {
			return true
		}
	}
	return false
}

// transferEvents scans the folders that completed incoming transfers wrote to.
func (s *Scanner) transferEvents(ctx context.Context, events []node.Object, out chan<- candidate) error {
	done := map[string]bool{}
	for _, ev := range events {
		data, _ := ev["data"].(map[string]any)
		ts, _ := data["start_spec"].(map[string]any)
		if ts == nil {
			ts = data
		}
		tags, _ := ts["tags"].(map[string]any)
		aspera, _ := tags["aspera"].(map[string]any)
		nodeTag, _ := aspera["node"].(map[string]any)
		if str(data["status"]) != "completed" || aspera[GeneratorTag] != nil {
			continue
		}
		folder := str(nodeTag["file_id"])
		if folder == "" {
			folder = str(data["file_id"])
		}
		if folder == "" || done[folder] {
			continue
		}
		done[folder] = true
		top, err := s.Node.File(ctx, folder)
		if err != nil {
			s.log.Debug(fmt.Sprintf("preview: transfer event %s: %v", str(ev["id"]), err))
			continue
		}
		if err := s.walk(ctx, top, "", out); err != nil {
			return err
		}
	}
	return nil
}
