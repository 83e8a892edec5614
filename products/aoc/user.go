package aoc

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/asperalm/aslmcli/products/rest"
)

// Self returns the user of the token (GET self), read once. A public link has no user: its
// self is empty.
func (c *Client) Self(ctx context.Context) (Object, error) {
	c.mu.Lock()
	cached := c.self
	c.mu.Unlock()
	if cached != nil {
		return cached, nil
	}
	if c.Site.IsPublicLink() {
		return Object{}, nil
	}
	o, err := c.Read(ctx, "self")
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.self = o
	c.mu.Unlock()
	return o, nil
}

// PublicLink returns what the public link of the URL opens (GET url_tokens: purpose,
// data.workspace_id, data.node_id, data.file_id, data.package_id, data.dropbox_id...), nil
// when the URL is not a public link.
func (c *Client) PublicLink(ctx context.Context) (Object, error) {
	if !c.Site.IsPublicLink() {
		return nil, nil
	}
	c.mu.Lock()
	cached := c.link
	c.mu.Unlock()
	if cached != nil {
		return cached, nil
	}
	v, err := c.Get(ctx, "url_tokens", nil)
	if err != nil {
		return nil, err
	}
	l, _ := v.([]any)
	if len(l) == 0 {
		return nil, errors.New("the public link is unknown or expired (url_tokens is empty)")
	}
	o, _ := l[0].(Object)
	c.mu.Lock()
	c.link = o
	c.mu.Unlock()
	return o, nil
}

// linkData returns a field of the public link's data.
func linkData(link Object, key string) string {
	d, _ := link["data"].(Object)
	return ID(d[key])
}

// Workspace is the workspace the commands work in.
type Workspace struct {
	ID, Name               string
	HomeNodeID, HomeFileID string
	Default                bool // the user's default workspace
}

// Value returns the workspace as a JSON object.
func (w *Workspace) Value() Object {
	o := Object{"id": w.ID, "name": w.Name, "home_node_id": w.HomeNodeID, "home_file_id": w.HomeFileID, "default": w.Default}
	if w.ID == "" {
		o["id"] = nil
	}
	return o
}

// Workspace returns the workspace of the --workspace option, read once: "" is the user's
// default workspace (none: the shared folders outside workspaces), %id:ID an id, %name:NAME
// or NAME a name. A public or private link sets its own workspace.
func (c *Client) Workspace(ctx context.Context) (*Workspace, error) {
	c.mu.Lock()
	cached := c.ws
	c.mu.Unlock()
	if cached != nil {
		return cached, nil
	}
	ws, err := c.workspace(ctx)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.ws = ws
	c.mu.Unlock()
	return ws, nil
}

func (c *Client) workspace(ctx context.Context) (*Workspace, error) {
	id, name := "", c.opts.Workspace
	isDefault := false
	switch {
	case c.Site.IsPublicLink():
		link, err := c.PublicLink(ctx)
		if err != nil {
			return nil, err
		}
		id, name = linkData(link, "workspace_id"), ""
	case c.Site.Private != nil:
		id, name = c.Site.Private.WorkspaceID, ""
	case strings.HasPrefix(name, "%id:"):
		id, name = strings.TrimPrefix(name, "%id:"), ""
	case strings.HasPrefix(name, "%name:"):
		name = strings.TrimPrefix(name, "%name:")
	case strings.HasPrefix(name, "%"):
		return nil, fmt.Errorf("%w: --workspace=%s: use a name, %%name:NAME or %%id:ID", ErrOptions, name)
	case name == "":
		self, err := c.Self(ctx)
		if err != nil {
			return nil, err
		}
		id, isDefault = ID(self["default_workspace_id"]), true
	}
	var info Object
	var err error
	switch {
	case id != "":
		info, err = c.Read(ctx, "workspaces/"+url.PathEscape(id))
	case name != "":
		info, err = c.Lookup(ctx, "workspaces", name, nil)
	default:
		return &Workspace{Name: "Shared (no workspace)", Default: isDefault}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("workspace: %w", err)
	}
	return &Workspace{ID: ID(info["id"]), Name: fmt.Sprint(info["name"]), HomeNodeID: ID(info["home_node_id"]),
		HomeFileID: ID(info["home_file_id"]), Default: isDefault}, nil
}

// Home returns the folder the Files commands start from: the public link's folder, the
// private link's, the workspace's home, or, outside workspaces, the user's shared folders.
func (c *Client) Home(ctx context.Context) (nodeID, fileID string, err error) {
	switch {
	case c.Site.IsPublicLink():
		link, err := c.PublicLink(ctx)
		if err != nil {
			return "", "", err
		}
		if p := fmt.Sprint(link["purpose"]); p != "view_shared_file" {
			return "", "", fmt.Errorf("this public link is for %s, not for files", p)
		}
		nodeID, fileID = linkData(link, "node_id"), linkData(link, "file_id")
	case c.Site.Private != nil:
		nodeID, fileID = c.Site.Private.NodeID, c.Site.Private.FileID
	default:
		ws, err := c.Workspace(ctx)
		if err != nil {
			return "", "", err
		}
		nodeID, fileID = ws.HomeNodeID, ws.HomeFileID
		if nodeID == "" {
			self, err := c.Self(ctx)
			if err != nil {
				return "", "", err
			}
			nodeID, fileID = ID(self["read_only_home_node_id"]), ID(self["read_only_home_file_id"])
		}
	}
	if nodeID == "" || fileID == "" {
		return "", "", errors.New("no home folder: the workspace has none; give another --workspace")
	}
	return nodeID, fileID, nil
}

// ModifyProfile changes the user's own record (PUT users/{self id}).
func (c *Client) ModifyProfile(ctx context.Context, change Object) error {
	self, err := c.Self(ctx)
	if err != nil {
		return err
	}
	if ID(self["id"]) == "" {
		return errors.New("a public link has no user profile")
	}
	_, err = c.Modify(ctx, "users/"+url.PathEscape(ID(self["id"])), change)
	c.mu.Lock()
	c.self = nil
	c.mu.Unlock()
	return err
}

// Organization returns the user's organization (GET organization).
func (c *Client) Organization(ctx context.Context) (Object, error) {
	return c.Read(ctx, "organization")
}

// Servers lists the transfer servers of the domain (GET servers, without credentials).
func (c *Client) Servers(ctx context.Context) (any, error) {
	resp, err := c.API.Do(ctx, &rest.Request{Path: "servers", NoAuth: true})
	if err != nil {
		return nil, err
	}
	return resp.Data()
}

// NeedsPassword tells whether the client is of a public link protected by a password and
// none was given (GET env/url_token_check, which needs no login): the caller asks for it.
// It is false, without a request, for an organization's URL or when Options.Password is set.
func (c *Client) NeedsPassword(ctx context.Context) (bool, error) {
	if !c.Site.IsPublicLink() || c.opts.Password != "" {
		return false, nil
	}
	api := *c.API
	api.Auth = nil
	v, err := api.Get(ctx, "env/url_token_check", url.Values{"token": {c.Site.LinkToken}})
	if err != nil {
		return false, fmt.Errorf("public link: %w", err)
	}
	o, _ := v.(Object)
	b, _ := o["password_protected"].(bool)
	return b, nil
}
