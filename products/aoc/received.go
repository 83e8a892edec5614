package aoc

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"path/filepath"

	"github.com/asperalm/aslmcli/internal/statefile"
)

// Received remembers the packages received with --once-only: one JSON file in the
// persistence folder (HOME/persist_store) per organization URL, workspace and user, holding
// those three and the ids received, written atomically (mode 0600) after each package. It is
// the --once-only set that every product shares (internal/statefile).
type Received = statefile.Set

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
	sum := sha256.Sum256([]byte(c.Site.URL + "\n" + ws.ID + "\n" + user))
	return statefile.OpenSet(filepath.Join(dir, "aoc_received_"+hex.EncodeToString(sum[:])[:16]+".json"),
		map[string]any{"url": c.Site.URL, "workspace_id": ws.ID, "user_id": user})
}
