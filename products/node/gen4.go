package node

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/asperalm/aslmcli/products/rest"
)

// FilesPageSize is the number of entries asked per page of /files/{id}/files.
const FilesPageSize = 1000

// File returns the entry of a file id (GET /files/{id}).
func (n *Client) File(ctx context.Context, id string) (Object, error) {
	v, err := n.API.Get(ctx, "files/"+url.PathEscape(id), nil)
	return asObject(v), err
}

// Files lists a folder by id (GET /files/{id}/files), lazily, page by page.
func (n *Client) Files(ctx context.Context, id string, query url.Values, max int) *rest.Iterator {
	return n.API.Each(ctx, &rest.Request{Path: "files/" + url.PathEscape(id) + "/files", Query: query},
		rest.Paging{Style: "page", PerPage: FilesPageSize, Max: max})
}

// CreateIn creates a folder, file or link named name in the folder id (POST
// /files/{id}/files); typ is folder, file or link.
func (n *Client) CreateIn(ctx context.Context, id, name, typ string, extra Object) (Object, error) {
	body := Object{"name": name, "type": typ}
	for k, v := range extra {
		body[k] = v
	}
	v, err := n.API.Post(ctx, "files/"+url.PathEscape(id)+"/files", body)
	return asObject(v), err
}

// Modify changes an entry by id (PUT /files/{id}), e.g. {"name": "new name"} to rename it.
func (n *Client) Modify(ctx context.Context, id string, change Object) error {
	_, err := n.API.Do(ctx, &rest.Request{Method: http.MethodPut, Path: "files/" + url.PathEscape(id), JSON: change})
	return err
}

// DeleteID deletes an entry by id (DELETE /files/{id}).
func (n *Client) DeleteID(ctx context.Context, id string) error {
	_, err := n.API.Do(ctx, &rest.Request{Method: http.MethodDelete, Path: "files/" + url.PathEscape(id)})
	return err
}

// Resolve returns the entry of a path below the folder rootID, walking it name by name ("/"
// or "" is the root itself).
func (n *Client) Resolve(ctx context.Context, rootID, p string) (Object, error) {
	entry, err := n.File(ctx, rootID)
	if err != nil {
		return nil, err
	}
	walked := "/"
	for _, name := range strings.Split(strings.Trim(path.Clean("/"+p), "/"), "/") {
		if name == "" {
			continue
		}
		id, _ := entry["id"].(string)
		it := n.Files(ctx, id, url.Values{"name": {name}}, 0)
		var found Object
		for v, ok := it.Next(); ok; v, ok = it.Next() {
			if o := asObject(v); o["name"] == name {
				found = o
				break
			}
		}
		if err := it.Err(); err != nil {
			return nil, err
		}
		walked = path.Join(walked, name)
		if found == nil {
			return nil, fmt.Errorf("%s: no such file or folder", walked)
		}
		entry = found
	}
	return entry, nil
}
