package aoc

import (
	"context"
	"fmt"
	"net/url"
	"path"
	"strings"

	"github.com/asperalm/aslmcli/products/rest"
	"github.com/asperalm/aslmcli/transfer/spec"
)

// Location is a file or folder of the Files application: the node it is on, its id there,
// the path by which it was reached, and its entry when it was read.
type Location struct {
	Node   *Node
	FileID string
	Path   string
	Entry  Object
	App    *App // the application of its transfers' tags; nil: Files in the current workspace
}

// HomeLocation returns the home folder (Home) on its node, as the user (node.<ak>:user:all).
func (c *Client) HomeLocation(ctx context.Context) (Location, error) {
	nodeID, fileID, err := c.Home(ctx)
	if err != nil {
		return Location{}, err
	}
	n, err := c.Node(ctx, nodeID, NodeUser)
	if err != nil {
		return Location{}, err
	}
	return Location{Node: n, FileID: fileID, Path: "/"}, nil
}

// Resolve walks p (a path below from) name by name. A link (a shared folder, possibly on
// another node) is followed to its target when more names follow it, or when followLast is
// true or p ends with "/". A missing name is ErrNotFound.
func (c *Client) Resolve(ctx context.Context, from Location, p string, followLast bool) (Location, error) {
	followLast = followLast || strings.HasSuffix(p, "/")
	names := splitPath(p)
	cur := from
	for i, name := range names {
		last := i == len(names)-1
		entry, err := c.child(ctx, cur, name)
		if err != nil {
			return Location{}, err
		}
		next := Location{Node: cur.Node, FileID: ID(entry["id"]), Path: path.Join(cur.Path, name), Entry: entry, App: from.App}
		switch entry["type"] {
		case "file":
			if !last {
				return Location{}, fmt.Errorf("%s is a file: %w: %s", next.Path, ErrNotFound, path.Join(names[i:]...))
			}
		case "link":
			if !last || followLast {
				if next, err = c.followLink(ctx, next); err != nil {
					return Location{}, err
				}
			}
		}
		cur = next
	}
	return cur, nil
}

func splitPath(p string) []string {
	var out []string
	for _, s := range strings.Split(path.Clean("/"+p), "/") {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// child returns the entry name of the folder at.
func (c *Client) child(ctx context.Context, at Location, name string) (Object, error) {
	it := at.Node.Files(ctx, at.FileID, url.Values{"name": {name}}, 0)
	for v, ok := it.Next(); ok; v, ok = it.Next() {
		if o, _ := v.(Object); o != nil && o["name"] == name {
			return o, nil
		}
	}
	if err := it.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path.Join(at.Path, name), err)
	}
	return nil, fmt.Errorf("%s: %w: no such file or folder", path.Join(at.Path, name), ErrNotFound)
}

// followLink returns the target of a link entry: target_node_id and target_id, read from the
// entry itself (GET files/{id}) when the listing lacks them.
func (c *Client) followLink(ctx context.Context, l Location) (Location, error) {
	nodeID, fileID := ID(l.Entry["target_node_id"]), ID(l.Entry["target_id"])
	if nodeID == "" || fileID == "" {
		e, err := l.Node.File(ctx, l.FileID)
		if err != nil {
			return Location{}, fmt.Errorf("link %s: %w", l.Path, err)
		}
		nodeID, fileID = ID(e["target_node_id"]), ID(e["target_id"])
	}
	if nodeID == "" || fileID == "" {
		return Location{}, fmt.Errorf("link %s: no target (target_node_id, target_id)", l.Path)
	}
	n := l.Node
	if nodeID != l.Node.ID {
		var err error
		if n, err = c.Node(ctx, nodeID, NodeUser); err != nil {
			return Location{}, fmt.Errorf("link %s: %w", l.Path, err)
		}
	}
	return Location{Node: n, FileID: fileID, Path: l.Path, Entry: l.Entry, App: l.App}, nil
}

// The file operations work on a path below a folder (from): the home (HomeLocation), an
// access key's root (NodeLocation), a package (PackageLocation).

// Browse lists the folder at p (a link followed), lazily; for a file, the iterator is nil
// and the location holds its entry.
func (c *Client) Browse(ctx context.Context, from Location, p string, query url.Values, max int) (Location, *rest.Iterator, error) {
	l, err := c.Resolve(ctx, from, p, true)
	if err != nil {
		return Location{}, nil, err
	}
	if l.Entry != nil && l.Entry["type"] == "file" {
		return l, nil, nil
	}
	return l, l.Node.Files(ctx, l.FileID, query, max), nil
}

// Show returns the entry at p (GET files/{id}; a link itself unless p ends with "/").
func (c *Client) Show(ctx context.Context, from Location, p string) (Object, error) {
	l, err := c.Resolve(ctx, from, p, false)
	if err != nil {
		return nil, err
	}
	return l.Node.File(ctx, l.FileID)
}

// Mkdir creates the folder p (its parent must exist).
func (c *Client) Mkdir(ctx context.Context, from Location, p string) (Object, error) {
	names := splitPath(p)
	if len(names) == 0 {
		return nil, fmt.Errorf("mkdir: a folder name is needed")
	}
	parent, err := c.Resolve(ctx, from, "/"+strings.Join(names[:len(names)-1], "/"), true)
	if err != nil {
		return nil, err
	}
	return parent.Node.CreateIn(ctx, parent.FileID, names[len(names)-1], "folder", nil)
}

// Rename gives the entry at p a new name in its folder.
func (c *Client) Rename(ctx context.Context, from Location, p, newName string) error {
	if newName == "" || strings.Contains(newName, "/") {
		return fmt.Errorf("rename: %q is not a name", newName)
	}
	l, err := c.Resolve(ctx, from, p, false)
	if err != nil {
		return err
	}
	return l.Node.Modify(ctx, l.FileID, Object{"name": newName})
}

// ModifyEntry changes the entry at p (PUT files/{id}).
func (c *Client) ModifyEntry(ctx context.Context, from Location, p string, change Object) error {
	l, err := c.Resolve(ctx, from, p, false)
	if err != nil {
		return err
	}
	return l.Node.Modify(ctx, l.FileID, change)
}

// DeletePath deletes the entry at p (a folder with its contents; a link, not its target).
func (c *Client) DeletePath(ctx context.Context, from Location, p string) error {
	if len(splitPath(p)) == 0 {
		return fmt.Errorf("delete: the top folder itself cannot be deleted")
	}
	l, err := c.Resolve(ctx, from, p, false)
	if err != nil {
		return err
	}
	return l.Node.DeleteID(ctx, l.FileID)
}

// UploadSpec returns the spec of an upload into the folder toFolder.
func (c *Client) UploadSpec(ctx context.Context, from Location, toFolder string) (spec.Spec, error) {
	if toFolder == "" {
		toFolder = "/"
	}
	l, err := c.Resolve(ctx, from, toFolder, true)
	if err != nil {
		return nil, err
	}
	if l.Entry != nil && l.Entry["type"] == "file" {
		return nil, fmt.Errorf("upload: %s is a file, not a folder", l.Path)
	}
	app, err := c.appOf(ctx, l)
	if err != nil {
		return nil, err
	}
	s, err := l.Node.TransferSpec(ctx, "send", l.FileID, app)
	if err != nil {
		return nil, err
	}
	s["destination_root"] = "/"
	return s, nil
}

// DownloadSpec returns the spec of a download of sources (paths below from) and the
// sources as the spec names them: relative to their common folder (which may be a shared
// folder on another node); a single file is named in its folder.
func (c *Client) DownloadSpec(ctx context.Context, from Location, sources []string) (spec.Spec, []string, error) {
	if len(sources) == 0 {
		return nil, nil, fmt.Errorf("download: no source")
	}
	split := make([][]string, len(sources))
	common := -1
	for i, s := range sources {
		split[i] = splitPath(s)
		if common < 0 || len(split[i]) < common {
			common = len(split[i])
		}
	}
	root := 0
	for ; root < common; root++ {
		same := true
		for _, s := range split[1:] {
			if s[root] != split[0][root] {
				same = false
			}
		}
		if !same {
			break
		}
	}
	folder := split[0][:root]
	rel := make([]string, len(sources))
	for i, s := range split {
		rel[i] = strings.Join(s[root:], "/")
		if rel[i] == "" {
			rel[i] = "."
		}
	}
	l, err := c.Resolve(ctx, from, "/"+strings.Join(folder, "/"), true)
	if err != nil {
		return nil, nil, err
	}
	if len(sources) == 1 && l.Entry != nil && l.Entry["type"] == "file" {
		// a single file: the spec is of its folder, the source its name
		if l, err = c.Resolve(ctx, from, "/"+strings.Join(folder[:len(folder)-1], "/"), true); err != nil {
			return nil, nil, err
		}
		rel[0] = folder[len(folder)-1]
	}
	app, err := c.appOf(ctx, l)
	if err != nil {
		return nil, nil, err
	}
	s, err := l.Node.TransferSpec(ctx, "receive", l.FileID, app)
	return s, rel, err
}
