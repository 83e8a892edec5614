package aoc

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/asperalm/aslmcli/internal/atomicfile"
)

// Received remembers the packages received with --once-only: one JSON file in the
// persistence folder (HOME/persist_store) per organization URL, workspace and user, holding
// the ids received, written atomically (mode 0600) after each package.
type Received struct {
	Path string
	rec  receivedRecord
	ids  map[string]bool
}

type receivedRecord struct {
	URL         string   `json:"url"`
	WorkspaceID string   `json:"workspace_id"`
	UserID      string   `json:"user_id"`
	IDs         []string `json:"ids"`
}

// OpenReceived opens the received list of the client's user and workspace in dir (a missing
// file is an empty list).
func (c *Client) OpenReceived(ctx context.Context, dir string) (*Received, error) {
	if dir == "" {
		return nil, errors.New("--once-only needs a folder to remember the packages received (no home folder)")
	}
	ws, err := c.Workspace(ctx)
	if err != nil {
		return nil, err
	}
	self, err := c.Self(ctx)
	if err != nil {
		return nil, err
	}
	user := ID(self["id"])
	if c.Site.IsPublicLink() {
		user = "link:" + c.Site.LinkToken
	}
	rec := receivedRecord{URL: c.Site.URL, WorkspaceID: ws.ID, UserID: user}
	sum := sha256.Sum256([]byte(rec.URL + "\n" + rec.WorkspaceID + "\n" + rec.UserID))
	r := &Received{Path: filepath.Join(dir, "aoc_received_"+hex.EncodeToString(sum[:])[:16]+".json"), rec: rec, ids: map[string]bool{}}
	data, err := os.ReadFile(r.Path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return r, nil
	case err != nil:
		return nil, fmt.Errorf("once-only list: %w", err)
	}
	var saved receivedRecord
	if err := json.Unmarshal(data, &saved); err != nil {
		return nil, fmt.Errorf("once-only list %s: %w", r.Path, err)
	}
	for _, id := range saved.IDs {
		r.add(id)
	}
	return r, nil
}

func (r *Received) add(id string) {
	if !r.ids[id] {
		r.ids[id] = true
		r.rec.IDs = append(r.rec.IDs, id)
	}
}

// Has tells whether the package id was received.
func (r *Received) Has(id string) bool { return r.ids[id] }

// IDs returns the ids received, in the order they were.
func (r *Received) IDs() []string { return append([]string(nil), r.rec.IDs...) }

// Add records ids as received and saves the list.
func (r *Received) Add(ids ...string) error {
	for _, id := range ids {
		r.add(id)
	}
	return r.save()
}

// Reset replaces the list by ids (receive INIT: what is there now counts as received).
func (r *Received) Reset(ids []string) error {
	r.ids, r.rec.IDs = map[string]bool{}, nil
	return r.Add(ids...)
}

func (r *Received) save() error {
	if err := os.MkdirAll(filepath.Dir(r.Path), 0o700); err != nil {
		return fmt.Errorf("once-only list: %w", err)
	}
	data, err := json.MarshalIndent(r.rec, "", "  ")
	if err != nil {
		return err
	}
	if err := atomicfile.Write(r.Path, append(data, '\n'), 0o600); err != nil {
		return fmt.Errorf("once-only list: %w", err)
	}
	return nil
}
