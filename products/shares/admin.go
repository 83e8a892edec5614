package shares

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/asperalm/aslmcli/products/rest"
)

// Entity is one kind of resource of the administration API.
type Entity struct {
	Name      string // in messages: "user", "share"...
	Path      string // list, show, delete: data/users
	WritePath string // create and modify, when not Path: data/local_users
	NameKey   string // the field that names it: username, name
}

// The entities of the administration API.
var (
	Users      = Entity{Name: "user", Path: "data/users", WritePath: "data/local_users", NameKey: "username"}
	LocalUsers = Entity{Name: "local user", Path: "data/local_users", NameKey: "username"}
	Groups     = Entity{Name: "group", Path: "data/groups", NameKey: "name"}
	Shares     = Entity{Name: "share", Path: "data/shares", NameKey: "name"}
	Nodes      = Entity{Name: "node", Path: "data/nodes", NameKey: "name"}
)

func (e Entity) write() string {
	if e.WritePath != "" {
		return e.WritePath
	}
	return e.Path
}

// List lists the resources of e, lazily (the API answers the whole list at once).
func (c *Client) List(ctx context.Context, e Entity, query url.Values, max int) *rest.Iterator {
	return c.Admin.Each(ctx, &rest.Request{Path: e.Path, Query: query}, rest.Paging{Max: max})
}

// Lookup returns the id of a resource named ref: ref itself when it is all digits, else the
// id of the one resource whose name (e.NameKey) is ref.
func (c *Client) Lookup(ctx context.Context, e Entity, ref string) (string, error) {
	if isID(ref) {
		return ref, nil
	}
	if ref == "" {
		return "", fmt.Errorf("%w: a %s id or name is required", ErrUsage, e.Name)
	}
	var ids []string
	it := c.List(ctx, e, nil, 0)
	for v, ok := it.Next(); ok; v, ok = it.Next() {
		if o := asObject(v); fmt.Sprint(o[e.NameKey]) == ref {
			ids = append(ids, fmt.Sprint(o["id"]))
		}
	}
	if err := it.Err(); err != nil {
		return "", err
	}
	switch len(ids) {
	case 1:
		return ids[0], nil
	case 0:
		return "", fmt.Errorf("%w: no %s with %s %q", ErrNotFound, e.Name, e.NameKey, ref)
	}
	return "", fmt.Errorf("%w: %d %ss with %s %q (ids %s): use the id", ErrNotFound, len(ids), e.Name, e.NameKey, ref, strings.Join(ids, ", "))
}

// Show returns one resource, by id or name.
func (c *Client) Show(ctx context.Context, e Entity, ref string) (Object, error) {
	id, err := c.Lookup(ctx, e, ref)
	if err != nil {
		return nil, err
	}
	v, err := c.Admin.Get(ctx, e.Path+"/"+escape(id), nil)
	return asObject(v), err
}

// Create creates a resource (users are created as local users) and returns it.
func (c *Client) Create(ctx context.Context, e Entity, fields Object) (Object, error) {
	v, err := c.Admin.Post(ctx, e.write(), fields)
	return asObject(v), err
}

// Modify changes a resource, by id or name, and returns it. A user is changed through its
// local user.
func (c *Client) Modify(ctx context.Context, e Entity, ref string, fields Object) (Object, error) {
	id, err := c.Lookup(ctx, e, ref)
	if err != nil {
		return nil, err
	}
	if e.Path == Users.Path {
		if id, err = c.localUserOf(ctx, id); err != nil {
			return nil, err
		}
	}
	v, err := c.Admin.Put(ctx, e.write()+"/"+escape(id), fields)
	return asObject(v), err
}

// localUserOf returns the local user id of an authorizable user.
func (c *Client) localUserOf(ctx context.Context, id string) (string, error) {
	v, err := c.Admin.Get(ctx, Users.Path+"/"+escape(id), nil)
	if err != nil {
		return "", err
	}
	du := asObject(asObject(v)["directory_user"])
	if du["type"] != "database" || du["local_user_id"] == nil {
		return "", fmt.Errorf("%w: user %s is a %v user: only local users can be modified", ErrUsage, id, du["type"])
	}
	return fmt.Sprint(du["local_user_id"]), nil
}

// Delete deletes a resource, by id or name.
func (c *Client) Delete(ctx context.Context, e Entity, ref string) error {
	id, err := c.Lookup(ctx, e, ref)
	if err != nil {
		return err
	}
	_, err = c.Admin.Do(ctx, &rest.Request{Method: http.MethodDelete, Path: e.Path + "/" + escape(id)})
	return err
}

// AddLDAPUser adds the user of an LDAP directory (POST data/ldap_users {"user": name}).
func (c *Client) AddLDAPUser(ctx context.Context, name string) (Object, error) {
	v, err := c.Admin.Post(ctx, "data/ldap_users", Object{"user": name})
	return asObject(v), err
}

// ImportSAMLUser imports a SAML user (POST data/saml_users/import): id and name_id are
// required; email, given_name, surname optional. Keys are normalized as ascli does ("Name
// ID" is name_id).
func (c *Client) ImportSAMLUser(ctx context.Context, fields Object) (Object, error) {
	body := Object{}
	for k, v := range fields {
		body[strings.ToLower(strings.Join(strings.Fields(k), "_"))] = v
	}
	for _, k := range []string{"id", "name_id"} {
		if body[k] == nil {
			return nil, fmt.Errorf("%w: a SAML user needs %s (and may have email, given_name, surname)", ErrUsage, k)
		}
	}
	v, err := c.Admin.Post(ctx, "data/saml_users/import", body)
	return asObject(v), err
}

// UserSharePermissions lists the share permissions of a user, by id or username.
func (c *Client) UserSharePermissions(ctx context.Context, user string, max int) (*rest.Iterator, error) {
	id, err := c.Lookup(ctx, Users, user)
	if err != nil {
		return nil, err
	}
	return c.Admin.Each(ctx, &rest.Request{Path: Users.Path + "/" + escape(id) + "/share_permissions"}, rest.Paging{Max: max}), nil
}
