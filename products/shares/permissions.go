package shares

import (
	"context"
	"fmt"
	"net/http"

	"github.com/asperalm/aslmcli/products/rest"
)

// PermissionKind says whose permissions on a share: "user" or "group".
type PermissionKind string

// The kinds of share permissions.
const (
	UserPermission  PermissionKind = "user"
	GroupPermission PermissionKind = "group"
)

func (k PermissionKind) entity() (Entity, error) {
	switch k {
	case UserPermission:
		return Users, nil
	case GroupPermission:
		return Groups, nil
	}
	return Entity{}, fmt.Errorf("%w: permission kind %q: user or group", ErrUsage, k)
}

// permissionsPath returns data/shares/{id}/<kind>_permissions of a share named by id or name.
func (c *Client) permissionsPath(ctx context.Context, share string, kind PermissionKind) (string, error) {
	if _, err := kind.entity(); err != nil {
		return "", err
	}
	id, err := c.Lookup(ctx, Shares, share)
	if err != nil {
		return "", err
	}
	return Shares.Path + "/" + escape(id) + "/" + string(kind) + "_permissions", nil
}

// SharePermissions lists the user or group permissions of a share (by id or name).
func (c *Client) SharePermissions(ctx context.Context, share string, kind PermissionKind, max int) (*rest.Iterator, error) {
	p, err := c.permissionsPath(ctx, share, kind)
	if err != nil {
		return nil, err
	}
	return c.Admin.Each(ctx, &rest.Request{Path: p}, rest.Paging{Max: max}), nil
}

// SharePermission returns one permission of a share.
func (c *Client) SharePermission(ctx context.Context, share string, kind PermissionKind, id string) (Object, error) {
	p, err := c.permissionsPath(ctx, share, kind)
	if err != nil {
		return nil, err
	}
	v, err := c.Admin.Get(ctx, p+"/"+escape(id), nil)
	return asObject(v), err
}

// CreateSharePermission grants a user or a group permissions on a share: fields hold
// user_id (or group_id) and the *_permission flags (browse_permission, upload_permission,
// download_permission, mkdir_permission, rename_permission, delete_permission...). The user
// or group may be named instead: {"user": "john"} or {"group": "staff"}.
func (c *Client) CreateSharePermission(ctx context.Context, share string, kind PermissionKind, fields Object) (Object, error) {
	p, err := c.permissionsPath(ctx, share, kind)
	if err != nil {
		return nil, err
	}
	body := Object{}
	for k, v := range fields {
		body[k] = v
	}
	if name, ok := body[string(kind)]; ok {
		e, _ := kind.entity()
		id, err := c.Lookup(ctx, e, fmt.Sprint(name))
		if err != nil {
			return nil, err
		}
		delete(body, string(kind))
		body[string(kind)+"_id"] = jsonID(id)
	}
	if body[string(kind)+"_id"] == nil {
		return nil, fmt.Errorf("%w: a %s permission needs %s_id (or %s, a name)", ErrUsage, kind, kind, kind)
	}
	v, err := c.Admin.Post(ctx, p, body)
	return asObject(v), err
}

// ModifySharePermission changes the flags of a permission.
func (c *Client) ModifySharePermission(ctx context.Context, share string, kind PermissionKind, id string, fields Object) (Object, error) {
	p, err := c.permissionsPath(ctx, share, kind)
	if err != nil {
		return nil, err
	}
	v, err := c.Admin.Put(ctx, p+"/"+escape(id), fields)
	return asObject(v), err
}

// DeleteSharePermission removes a permission.
func (c *Client) DeleteSharePermission(ctx context.Context, share string, kind PermissionKind, id string) error {
	p, err := c.permissionsPath(ctx, share, kind)
	if err != nil {
		return err
	}
	_, err = c.Admin.Do(ctx, &rest.Request{Method: http.MethodDelete, Path: p + "/" + escape(id)})
	return err
}

// settingsPath returns the transfer settings of Shares (kind ""), of a user or of a group.
func (c *Client) settingsPath(ctx context.Context, kind PermissionKind, ref string) (string, error) {
	if kind == "" {
		return "data/transfer_settings", nil
	}
	e, err := kind.entity()
	if err != nil {
		return "", err
	}
	id, err := c.Lookup(ctx, e, ref)
	if err != nil {
		return "", err
	}
	return e.Path + "/" + escape(id) + "/transfer_settings", nil
}

// TransferSettings returns the transfer settings of Shares (kind ""), or those of a user or
// group (by id or name; a 404 means it has none of its own and inherits).
func (c *Client) TransferSettings(ctx context.Context, kind PermissionKind, ref string) (Object, error) {
	p, err := c.settingsPath(ctx, kind, ref)
	if err != nil {
		return nil, err
	}
	v, err := c.Admin.Get(ctx, p, nil)
	return asObject(v), err
}

// ModifyTransferSettings changes transfer settings ("" values inherit) and returns them.
func (c *Client) ModifyTransferSettings(ctx context.Context, kind PermissionKind, ref string, fields Object) (Object, error) {
	p, err := c.settingsPath(ctx, kind, ref)
	if err != nil {
		return nil, err
	}
	v, err := c.Admin.Put(ctx, p, fields)
	return asObject(v), err
}

// DeleteTransferSettings removes the settings of a user or group, which then inherits.
func (c *Client) DeleteTransferSettings(ctx context.Context, kind PermissionKind, ref string) error {
	if kind == "" {
		return fmt.Errorf("%w: the global transfer settings cannot be deleted (modify them)", ErrUsage)
	}
	p, err := c.settingsPath(ctx, kind, ref)
	if err != nil {
		return err
	}
	_, err = c.Admin.Do(ctx, &rest.Request{Method: http.MethodDelete, Path: p})
	return err
}

// jsonID returns an id of digits as a number for a JSON body.
func jsonID(id string) any {
	var n int64
	if _, err := fmt.Sscan(id, &n); err == nil && isID(id) {
		return n
	}
	return id
}
