package aoc

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
)

// PurposePrivateLink is the purpose of a private short link: a link to a folder that opens
// it for the members of its workspace who may see it, after their login.
const PurposePrivateLink = "shared_folder_auth_link"

// linkData returns the data of a private short link to the folder at p (below from): the
// folder's node and file ids (a shared folder's target) and the workspace.
func (c *Client) linkData(ctx context.Context, from Location, p string) (Object, error) {
	l, err := c.Resolve(ctx, from, p, true)
	if err != nil {
		return nil, err
	}
	if l.Entry != nil && l.Entry["type"] == "file" {
		return nil, fmt.Errorf("short link %s: a folder expected, not a file", p)
	}
	app, err := c.appOf(ctx, l)
	if err != nil {
		return nil, err
	}
	return Object{"node_id": l.Node.ID, "file_id": l.FileID, "workspace_id": app.WorkspaceID}, nil
}

// CreatePrivateLink creates a private short link to the folder at p (POST short_links,
// purpose shared_folder_auth_link) and returns it (short_url: the link to give).
func (c *Client) CreatePrivateLink(ctx context.Context, from Location, p string) (Object, error) {
	data, err := c.linkData(ctx, from, p)
	if err != nil {
		return nil, err
	}
	return c.Create(ctx, "short_links", Object{"purpose": PurposePrivateLink, "data": data, "user_selected_name": nil})
}

// PrivateLinks lists the private short links to the folder at p (GET short_links, the
// folder's data as json_query, newest first).
func (c *Client) PrivateLinks(ctx context.Context, from Location, p string) ([]any, error) {
	data, err := c.linkData(ctx, from, p)
	if err != nil {
		return nil, err
	}
	q, err := json.Marshal(data)
	if err != nil {
		return nil, err
	}
	v, err := c.Get(ctx, "short_links", url.Values{"json_query": {string(q)}, "purpose": {PurposePrivateLink},
		"edit_access": {"true"}, "sort": {"-created_at"}})
	if err != nil {
		return nil, err
	}
	l, _ := v.([]any)
	return l, nil
}

// DeleteShortLink deletes a short link by id.
func (c *Client) DeleteShortLink(ctx context.Context, id string) error {
	return c.Delete(ctx, "short_links/"+url.PathEscape(id))
}

// folderAt resolves the folder at p (a link followed) for the permission methods.
func (c *Client) folderAt(ctx context.Context, from Location, p string) (Location, error) {
	l, err := c.Resolve(ctx, from, p, true)
	if err != nil {
		return Location{}, err
	}
	if l.Entry != nil && l.Entry["type"] == "file" {
		return Location{}, fmt.Errorf("permission %s: a folder expected, not a file", p)
	}
	return l, nil
}

// Permissions lists the node permissions of the folder at p (GET /permissions?file_id= on
// its node: who it is shared with).
func (c *Client) Permissions(ctx context.Context, from Location, p string) (any, error) {
	l, err := c.folderAt(ctx, from, p)
	if err != nil {
		return nil, err
	}
	return l.Node.Permissions(ctx, l.FileID, false)
}

// CreatePermission shares the folder at p: a node permission (POST /permissions) with the
// fields of body (access_type user or group, access_id, access_levels, tags) and the
// folder's file id.
func (c *Client) CreatePermission(ctx context.Context, from Location, p string, body Object) (Object, error) {
	l, err := c.folderAt(ctx, from, p)
	if err != nil {
		return nil, err
	}
	b := Object{}
	for k, v := range body {
		b[k] = v
	}
	b["file_id"] = l.FileID
	return l.Node.CreatePermission(ctx, b)
}

// DeletePermission removes a permission of the folder at p (DELETE /permissions/{id} on its
// node).
func (c *Client) DeletePermission(ctx context.Context, from Location, p, id string) error {
	l, err := c.folderAt(ctx, from, p)
	if err != nil {
		return err
	}
	return l.Node.DeletePermission(ctx, id)
}
