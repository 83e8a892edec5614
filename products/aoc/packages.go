package aoc

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"

	"github.com/asperalm/aslmcli/products/rest"
	"github.com/asperalm/aslmcli/transfer/spec"
)

// The boxes of packages lists: "inbox" (received, the default), "sent", "archived", or the
// name (or %id:ID) of a shared inbox.
const (
	BoxInbox    = "inbox"
	BoxSent     = "sent"
	BoxArchived = "archived"
)

// receivedQuery is what makes a received package complete and visible (the IBM sources'
// PACKAGE_RECEIVED_BASE_QUERY).
func receivedQuery() url.Values {
	return url.Values{"archived": {"false"}, "has_content": {"true"}, "received": {"true"}, "completed": {"true"}}
}

// PackageQuery returns the query of the packages of box in the current workspace; the
// fields of user are set over it.
func (c *Client) PackageQuery(ctx context.Context, box string, user url.Values) (url.Values, error) {
	var q url.Values
	switch box {
	case "", BoxInbox:
		q = receivedQuery()
		q.Set("exclude_dropbox_packages", "true")
	case BoxSent:
		self, err := c.Self(ctx)
		if err != nil {
			return nil, err
		}
		q = url.Values{"sent": {"true"}, "sender_id": {ID(self["id"])}}
	case BoxArchived:
		q = url.Values{"archived": {"true"}, "received": {"true"}}
	default:
		id := strings.TrimPrefix(box, "%id:")
		if id == box {
			d, err := c.Lookup(ctx, "dropboxes", strings.TrimPrefix(box, "%name:"), nil)
			if err != nil {
				return nil, fmt.Errorf("box %q is not inbox, sent, archived nor a shared inbox: %w", box, err)
			}
			id = ID(d["id"])
		}
		q = receivedQuery()
		q.Set("dropbox_id", id)
		q.Set("exclude_dropbox_packages", "false")
	}
	ws, err := c.Workspace(ctx)
	if err != nil {
		return nil, err
	}
	if ws.ID != "" {
		q.Set("workspace_id", ws.ID)
	}
	for k, v := range user {
		q[k] = v
	}
	return q, nil
}

// Packages lists the packages of box (PackageQuery), lazily.
func (c *Client) Packages(ctx context.Context, box string, user url.Values, max, pmax int) (*rest.Iterator, error) {
	q, err := c.PackageQuery(ctx, box, user)
	if err != nil {
		return nil, err
	}
	return c.List(ctx, "packages", q, max, pmax), nil
}

// Package returns a package.
func (c *Client) Package(ctx context.Context, id string) (Object, error) {
	return c.Read(ctx, "packages/"+url.PathEscape(id))
}

// DeletePackage deletes a package.
func (c *Client) DeletePackage(ctx context.Context, id string) error {
	return c.Delete(ctx, "packages/"+url.PathEscape(id))
}

// ModifyPackage changes a package.
func (c *Client) ModifyPackage(ctx context.Context, id string, change Object) error {
	_, err := c.Modify(ctx, "packages/"+url.PathEscape(id), change)
	return err
}

// number returns a numeric id as a JSON number (the document types ids as integers there),
// any other id as it is.
func number(id string) any {
	if id == "" {
		return nil
	}
	for _, r := range id {
		if r < '0' || r > '9' {
			return id
		}
	}
	return json.Number(id)
}

// Recipient resolves one recipient: an {id, type} object is kept; an e-mail is a contact of
// the workspace (an unknown e-mail becomes an external contact, with newUser's options, when
// the workspace allows it); another name is a user or group contact, else a shared inbox.
func (c *Client) Recipient(ctx context.Context, r any, wsID string, newUser Object) (Object, error) {
	switch t := r.(type) {
	case Object:
		if ID(t["id"]) == "" || ID(t["type"]) == "" {
			return nil, fmt.Errorf("recipient %v: an object needs id and type", t)
		}
		return Object{"id": ID(t["id"]), "type": ID(t["type"])}, nil
	case string:
		ws := url.Values{"current_workspace_id": {wsID}}
		contact, err := c.Lookup(ctx, "contacts", t, ws)
		switch {
		case err == nil:
			return Object{"id": ID(contact["source_id"]), "type": ID(contact["source_type"])}, nil
		case !errors.Is(err, ErrNotFound):
			return nil, err
		case strings.Contains(t, "@"):
			body := Object{"current_workspace_id": number(wsID), "email": t, "package_contact": true}
			for k, v := range newUser {
				body[k] = v
			}
			created, err := c.Create(ctx, "contacts", body)
			if err != nil {
				return nil, fmt.Errorf("recipient %s: %w", t, err)
			}
			return Object{"id": ID(created["source_id"]), "type": ID(created["source_type"])}, nil
		}
		d, err := c.Lookup(ctx, "dropboxes", t, url.Values{"current_workspace_id": {wsID}})
		if err != nil {
			return nil, fmt.Errorf("recipient %q is no user, group nor shared inbox of the workspace: %w", t, err)
		}
		return Object{"id": ID(d["id"]), "type": "dropbox"}, nil
	}
	return nil, fmt.Errorf("recipient %v: an e-mail, a name or {id, type} expected", r)
}

// MetadataList converts metadata given as a mapping (name: value or values) to the API's
// list of {name, values}; a list is kept.
func MetadataList(m any) (any, error) {
	switch t := m.(type) {
	case nil, []any:
		return t, nil
	case Object:
		names := make([]string, 0, len(t))
		for k := range t {
			names = append(names, k)
		}
		sort.Strings(names)
		out := make([]any, 0, len(t))
		for _, k := range names {
			values, ok := t[k].([]any)
			if !ok {
				values = []any{t[k]}
			}
			out = append(out, Object{"name": k, "values": values})
		}
		return out, nil
	}
	return nil, fmt.Errorf("metadata: a mapping or a list expected")
}

// CreatePackage creates a package to send: recipients and bcc_recipients resolved
// (Recipient), metadata as a list, the workspace the current one unless data says, then
// marked sent with one transfer expected (PUT), as AoC's web application does. A public link
// to a shared inbox or a user sets the recipient and the workspace.
func (c *Client) CreatePackage(ctx context.Context, data Object, newUser Object) (Object, error) {
	body := Object{}
	for k, v := range data {
		body[k] = v
	}
	if ID(body["name"]) == "" {
		return nil, fmt.Errorf("%w: a package needs a name (--title, or name)", ErrOptions)
	}
	if link, err := c.PublicLink(ctx); err != nil {
		return nil, err
	} else if link != nil {
		purpose := ID(link["purpose"])
		box := strings.TrimPrefix(purpose, "send_package_to_")
		if box == purpose {
			return nil, fmt.Errorf("this public link is for %s, not for sending packages", purpose)
		}
		body["recipients"] = []any{Object{"id": linkData(link, box+"_id"), "type": box}}
		body["workspace_id"] = linkData(link, "workspace_id")
	}
	wsID := ID(body["workspace_id"])
	if wsID == "" {
		ws, err := c.Workspace(ctx)
		if err != nil {
			return nil, err
		}
		wsID = ws.ID
	}
	body["workspace_id"] = number(wsID)
	for _, field := range []string{"recipients", "bcc_recipients"} {
		l, ok := body[field].([]any)
		if s, isString := body[field].(string); isString {
			l, ok = []any{s}, true
		}
		if !ok {
			if body[field] != nil {
				return nil, fmt.Errorf("%w: %s: a list expected", ErrOptions, field)
			}
			continue
		}
		resolved := make([]any, 0, len(l))
		for _, r := range l {
			o, err := c.Recipient(ctx, r, wsID, newUser)
			if err != nil {
				return nil, err
			}
			resolved = append(resolved, o)
		}
		body[field] = resolved
	}
	meta, err := MetadataList(body["metadata"])
	if err != nil {
		return nil, err
	}
	if meta != nil {
		body["metadata"] = meta
	}
	pkg, err := c.Create(ctx, "packages", body)
	if err != nil {
		return nil, err
	}
	if _, err := c.Modify(ctx, "packages/"+url.PathEscape(ID(pkg["id"])), Object{"sent": true, "transfers_expected": 1}); err != nil {
		return nil, fmt.Errorf("package %s: %w", ID(pkg["id"]), err)
	}
	return pkg, nil
}

// packageApp returns the tags of a transfer of pkg.
func (c *Client) packageApp(ctx context.Context, pkg Object) (App, error) {
	ws, err := c.Workspace(ctx)
	if err != nil {
		return App{}, err
	}
	return App{Name: "packages", WorkspaceID: ID(pkg["workspace_id"]), WorkspaceName: ws.Name, Package: pkg}, nil
}

// PackageSpec returns the spec of the transfer of pkg's files: "send" fills a package just
// created, "receive" downloads it (the paths relative to the package).
func (c *Client) PackageSpec(ctx context.Context, pkg Object, direction string) (spec.Spec, error) {
	n, err := c.Node(ctx, ID(pkg["node_id"]), NodeUser)
	if err != nil {
		return nil, err
	}
	app, err := c.packageApp(ctx, pkg)
	if err != nil {
		return nil, err
	}
	s, err := n.TransferSpec(ctx, direction, ID(pkg["contents_file_id"]), app)
	if err != nil {
		return nil, err
	}
	if direction == "send" {
		s["destination_root"] = "/"
	}
	return s, nil
}

// PackageLocation returns the folder of a package's files (for browse and find).
func (c *Client) PackageLocation(ctx context.Context, id string) (Location, error) {
	pkg, err := c.Package(ctx, id)
	if err != nil {
		return Location{}, err
	}
	n, err := c.Node(ctx, ID(pkg["node_id"]), NodeUser)
	if err != nil {
		return Location{}, err
	}
	app, err := c.packageApp(ctx, pkg)
	if err != nil {
		return Location{}, err
	}
	return Location{Node: n, FileID: ID(pkg["contents_file_id"]), Path: "/", App: &app}, nil
}

// Receivable returns the ids of the packages of box not in received (nil: all of them).
func (c *Client) Receivable(ctx context.Context, box string, user url.Values, received *Received) ([]string, error) {
	it, err := c.Packages(ctx, box, user, 0, 0)
	if err != nil {
		return nil, err
	}
	var ids []string
	for v, ok := it.Next(); ok; v, ok = it.Next() {
		o, _ := v.(Object)
		id := ID(o["id"])
		if received == nil || !received.Has(id) {
			ids = append(ids, id)
		}
	}
	return ids, it.Err()
}
