package aoc

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path"
	"path/filepath"

	"github.com/asperalm/aslmcli/products/rest"
)

// HTTPDownload is the result of DownloadHTTP: the files written and their bytes.
type HTTPDownload struct {
	Files int
	Bytes int64
}

// DownloadHTTP downloads sources (paths below from) into the local folder dest through the
// nodes' API instead of a transfer (the original --download-mode=node_http): a file with GET
// /files/{id}/content (resumed through rest.Download's partial file), a folder with its
// tree, links (shared folders) followed. dest is made when missing. A local name is the
// entry's base name; one that would leave dest ("..", a separator) is refused.
func (c *Client) DownloadHTTP(ctx context.Context, from Location, sources []string, dest string) (HTTPDownload, error) {
	var r HTTPDownload
	if len(sources) == 0 {
		return r, fmt.Errorf("download: no source")
	}
	for _, s := range sources {
		l, err := c.Resolve(ctx, from, s, true)
		if err != nil {
			return r, err
		}
		if l.Entry == nil { // the starting folder itself
			if err := c.downloadTree(ctx, l, dest, &r); err != nil {
				return r, err
			}
			continue
		}
		if err := c.downloadEntry(ctx, l, dest, &r); err != nil {
			return r, err
		}
	}
	return r, nil
}

// downloadEntry writes the file or folder l (whose entry is known) into dir.
func (c *Client) downloadEntry(ctx context.Context, l Location, dir string, r *HTTPDownload) error {
	name := ID(l.Entry["name"])
	if name == "" || name == "." || name == ".." || filepath.Base(name) != name {
		return fmt.Errorf("download %s: unsafe local name %q", l.Path, name)
	}
	local := filepath.Join(dir, name)
	switch l.Entry["type"] {
	case "file":
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("download %s: %w", l.Path, err)
		}
		n, err := l.Node.API.Download(ctx, &rest.Request{Path: "files/" + url.PathEscape(l.FileID) + "/content"}, local, nil)
		if err != nil {
			return fmt.Errorf("download %s: %w", l.Path, err)
		}
		r.Files++
		r.Bytes += n
		return nil
	case "link":
		t, err := c.followLink(ctx, l)
		if err != nil {
			return err
		}
		return c.downloadTree(ctx, t, local, r)
	default:
		return c.downloadTree(ctx, l, local, r)
	}
}

// downloadTree writes the contents of the folder l into dir (made even when empty).
func (c *Client) downloadTree(ctx context.Context, l Location, dir string, r *HTTPDownload) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("download %s: %w", l.Path, err)
	}
	it := l.Node.Files(ctx, l.FileID, nil, 0)
	for v, ok := it.Next(); ok; v, ok = it.Next() {
		e, _ := v.(Object)
		child := Location{Node: l.Node, FileID: ID(e["id"]), Path: path.Join(l.Path, ID(e["name"])), Entry: e, App: l.App}
		if err := c.downloadEntry(ctx, child, dir, r); err != nil {
			return err
		}
	}
	if err := it.Err(); err != nil {
		return fmt.Errorf("download %s: %w", l.Path, err)
	}
	return nil
}
