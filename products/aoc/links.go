package aoc

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"path"
)

// PurposePrivateLink is the purpose of a private short link: a link to a folder that opens
// it for the members of its workspace who may see it, after their login.
const PurposePrivateLink = "shared_folder_auth_link"

// PurposePublicLink is the purpose of a public short link: it redirects to a URL token
// (purpose PurposeViewShared) that opens the folder without a login.
const (
	PurposePublicLink = "token_auth_redirection"
	PurposeViewShared = "view_shared_file"
)

// AccessLevels are the node access levels a public link's permission grants (all of them,
// as the IBM sources do).
var AccessLevels = []any{"delete", "list", "mkdir", "preview", "read", "rename", "write"}

// linkData returns the data of a short link to the folder at p (below from): the folder's
// node and file ids (a shared folder's target) and the workspace.
func (c *Client) linkData(ctx context.Context, from Location, p string) (Location, Object, error) {
	l, err := c.folderAt(ctx, from, p)
	if err != nil {
		return Location{}, nil, err
	}
	app, err := c.appOf(ctx, l)
	if err != nil {
		return Location{}, nil, err
	}
	return l, Object{"node_id": l.Node.ID, "file_id": l.FileID, "workspace_id": app.WorkspaceID}, nil
}

// CreatePrivateLink creates a private short link to the folder at p (POST short_links,
// purpose shared_folder_auth_link) and returns it (short_url: the link to give).
func (c *Client) CreatePrivateLink(ctx context.Context, from Location, p string) (Object, error) {
	_, data, err := c.linkData(ctx, from, p)
	if err != nil {
		return nil, err
	}
	return c.Create(ctx, "short_links", Object{"purpose": PurposePrivateLink, "data": data, "user_selected_name": nil})
}

// PrivateLinks lists the private short links to the folder at p (GET short_links, the
// folder's data as json_query, newest first).
func (c *Client) PrivateLinks(ctx context.Context, from Location, p string) ([]any, error) {
	_, data, err := c.linkData(ctx, from, p)
	if err != nil {
		return nil, err
	}
	return c.shortLinks(ctx, PurposePrivateLink, data)
}

// shortLinks lists the short links of a purpose whose data hold query (json_query).
func (c *Client) shortLinks(ctx context.Context, purpose string, query Object) ([]any, error) {
	q, err := json.Marshal(query)
	if err != nil {
		return nil, err
	}
	v, err := c.Get(ctx, "short_links", url.Values{"json_query": {string(q)}, "purpose": {purpose},
		"edit_access": {"true"}, "sort": {"-created_at"}})
	if err != nil {
		return nil, err
	}
	l, _ := v.([]any)
	return l, nil
}

// CreatePublicLink creates a public short link to the folder at p: a short link of purpose
// token_auth_redirection whose URL token (view_shared_file) the API makes, then, as the IBM
// sources do, a node permission for that token on the folder (access_type user, access_id
// the token's id, every access level, tags url_token, workspace, creator, access key, node).
// When the permission fails, the link is deleted and the error returned.
func (c *Client) CreatePublicLink(ctx context.Context, from Location, p string) (Object, error) {
	l, data, err := c.linkData(ctx, from, p)
	if err != nil {
		return nil, err
	}
	data["name"] = ""
	link, err := c.Create(ctx, "short_links", Object{"purpose": PurposePublicLink, "user_selected_name": nil,
		"data": Object{"aoc": true, "url_token_data": Object{"data": data, "purpose": PurposeViewShared}}})
	if err != nil {
		return nil, err
	}
	ws, err := c.Workspace(ctx)
	if err == nil {
		var self Object
		if self, err = c.Self(ctx); err == nil {
			_, err = l.Node.CreatePermission(ctx, Object{"file_id": l.FileID, "access_type": "user", "access_id": ID(link["resource_id"]),
				"access_levels": AccessLevels, "tags": Object{"url_token": true, "workspace_id": ws.ID, "workspace_name": ws.Name,
					"folder_name": path.Base(l.Path), "created_by_name": ID(self["name"]), "created_by_email": ID(self["email"]),
					"access_key": l.Node.AccessKey, "node": ID(l.Node.Info["host"])}})
		}
	}
	if err != nil {
		_ = c.DeleteShortLink(ctx, ID(link["id"]))
		return nil, fmt.Errorf("public link %s: %w", p, err)
	}
	return link, nil
}

// PublicLinks lists the public short links to the folder at p (json_query on their URL
// token's data).
func (c *Client) PublicLinks(ctx context.Context, from Location, p string) ([]any, error) {
	_, data, err := c.linkData(ctx, from, p)
	if err != nil {
		return nil, err
	}
	return c.shortLinks(ctx, PurposePublicLink, Object{"url_token_data": Object{"data": data, "purpose": PurposeViewShared}})
}

// DeleteShortLink deletes a short link by id.
func (c *Client) DeleteShortLink(ctx context.Context, id string) error {
	return c.Delete(ctx, "short_links/"+url.PathEscape(id))
}

// folderAt resolves the folder at p (a link followed): short links and permissions are of folders.
func (c *Client) folderAt(ctx context.Context, from Location, p string) (Location, error) {
	l, err := c.Resolve(ctx, from, p, true)
	if err != nil {
		return Location{}, err
	}
	if l.Entry != nil && l.Entry["type"] == "file" {
		return Location{}, fmt.Errorf("%s: a folder expected, not a file", p)
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
