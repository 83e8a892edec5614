package node

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/asperalm/aslmcli/internal/statefile"
)

// Persistency is the state file of cleanup, forward and postprocess (--persistency=FILE): the
// node it belongs to, the /ops/transfers position the last successful run reached, when, and
// what that run did. It is JSON, replaced atomically (mode 0600, internal/statefile) by Commit
// only, so a run that fails leaves it as it was and the next run starts from the same position.
//
// A file of the original tool (the iteration token alone, as text) is read as the position.
type Persistency struct {
	Path    string    `json:"-"`
	Node    string    `json:"node"`                      // the node's URL
	Token   string    `json:"iteration_token,omitempty"` // "" before the first run
	LastRun time.Time `json:"last_run,omitzero"`
	Done    []string  `json:"done,omitempty"` // what the last run did (paths deleted, downloaded...)
}

// OpenPersistency reads the state file path of the node at nodeURL; a missing file is a first
// run. A file that belongs to another node is an error, since its position means nothing there.
func OpenPersistency(path, nodeURL string) (*Persistency, error) {
	p := &Persistency{Path: path, Node: nodeURL}
	data, err := statefile.Read(path) // nil: none yet
	if err != nil {
		return nil, fmt.Errorf("persistency file: %w", err)
	}
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return p, nil
	}
	if trimmed[0] != '{' { // the original tool's file: the token alone
		p.Token = string(trimmed)
		return p, nil
	}
	var saved Persistency
	if err := json.Unmarshal(trimmed, &saved); err != nil {
		return nil, fmt.Errorf("persistency file %s: %w", path, err)
	}
	if saved.Node != "" && strings.TrimSuffix(saved.Node, "/") != strings.TrimSuffix(nodeURL, "/") {
		return nil, fmt.Errorf("persistency file %s belongs to the node %s, not %s: give another file", path, saved.Node, nodeURL)
	}
	saved.Path, saved.Node = path, nodeURL
	return &saved, nil
}

// Commit records a successful run: the position reached and what it did. The file's folder is
// created (0700) when missing.
func (p *Persistency) Commit(token string, done []string) error {
	next := *p
	next.Token, next.Done, next.LastRun = token, done, time.Now().UTC()
	if err := statefile.Save(p.Path, &next); err != nil {
		return fmt.Errorf("persistency file: %w", err)
	}
	*p = next
	return nil
}
