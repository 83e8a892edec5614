package faspex

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"strings"

	"github.com/asperalm/aslmcli/products/oauth"
	"github.com/asperalm/aslmcli/products/rest"
)

// V4Path is the path of the v4 API below the application's URL, V4TokenPath its token
// endpoint's.
const V4Path, V4TokenPath = "/api", "/auth/oauth2/token"

// V4Resources are the v4 API's resources by ascli's names (faspex v4 NAME ...).
var V4Resources = map[string]string{
	"dropbox": "admin/dropboxes", "dmembership": "dropbox_memberships", "workgroup": "admin/workgroups",
	"wmembership": "workgroup_memberships", "user": "users", "metadata_profile": "metadata_profiles",
}

// V4ResourceNames returns the names of V4Resources, sorted.
func V4ResourceNames() []string {
	var names []string
	for k := range V4Resources {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// V4 is a client of the v4 API (URL/api): OAuth, the password grant with scope admin at
// URL/auth/oauth2/token, the user's credentials both in the form and as the client's (Basic),
// which is what Faspex 4 reads.
type V4 struct{ API *rest.Client }

// V4 returns the client of the v4 API of the user of c, with an administrator's token (scope
// admin, as ascli asks it): the admin resources (V4Resources).
func (c *Client) V4(env oauth.Env) (*V4, error) { return c.v4(env, "admin") }

// V4User returns the client of the v4 API of the user of c, with the user's token (no scope,
// as integrations ask it): the user's own resources (users/me/...).
func (c *Client) V4User(env oauth.Env) (*V4, error) { return c.v4(env, "") }

func (c *Client) v4(env oauth.Env, scope string) (*V4, error) {
	auth, err := oauth.Authenticator(oauth.Options{Grant: "password", Username: c.Username, Password: c.password,
		ClientID: c.Username, ClientSecret: c.password, AuthStyle: "header", Scope: scope,
		TokenURL: c.Base + V4TokenPath}, c.Base+"/auth/oauth2", env)
	if err != nil {
		return nil, fmt.Errorf("%w: v4 API: %v", ErrSetup, err)
	}
	api, err := rest.New(c.Base+V4Path, auth, env.HTTP)
	if err != nil {
		return nil, err
	}
	return &V4{API: api}, nil
}

// path returns the path of a resource by name, or an ErrSetup naming the known ones.
func v4Path(name string) (string, error) {
	p, ok := V4Resources[name]
	if !ok {
		return "", fmt.Errorf("%w: v4 resource %q: one of %s", ErrSetup, name, strings.Join(V4ResourceNames(), ", "))
	}
	return p, nil
}

// List returns the items of a resource, lazily (max items, 0: all).
func (v *V4) List(ctx context.Context, name string, q url.Values, max int) (*rest.Iterator, error) {
	p, err := v4Path(name)
	if err != nil {
		return nil, err
	}
	return v.API.Each(ctx, &rest.Request{Method: "GET", Path: p, Query: q}, rest.Paging{Max: max}), nil
}

// Show returns one item of a resource.
func (v *V4) Show(ctx context.Context, name, id string) (any, error) {
	p, err := v4Path(name)
	if err != nil {
		return nil, err
	}
	return v.API.Get(ctx, p+"/"+url.PathEscape(id), nil)
}

// Create creates an item of a resource.
func (v *V4) Create(ctx context.Context, name string, fields map[string]any) (any, error) {
	p, err := v4Path(name)
	if err != nil {
		return nil, err
	}
	return v.API.Post(ctx, p, fields)
}

// Modify changes an item of a resource.
func (v *V4) Modify(ctx context.Context, name, id string, change map[string]any) (any, error) {
	p, err := v4Path(name)
	if err != nil {
		return nil, err
	}
	return v.API.Put(ctx, p+"/"+url.PathEscape(id), change)
}

// Delete deletes an item of a resource.
func (v *V4) Delete(ctx context.Context, name, id string) error {
	p, err := v4Path(name)
	if err != nil {
		return err
	}
	_, err = v.API.Delete(ctx, p+"/"+url.PathEscape(id), nil)
	return err
}

// UserPackagesPath returns the path of the packages of a user in the v4 API: a user id (an
// administrator's view), or "me" (the user's own).
func UserPackagesPath(user string) string { return "users/" + url.PathEscape(user) + "/packages" }

// UserPackages returns the packages of a user (see UserPackagesPath), lazily (max items, 0:
// all).
func (v *V4) UserPackages(ctx context.Context, user string, q url.Values, max int) *rest.Iterator {
	return v.API.Each(ctx, &rest.Request{Method: "GET", Path: UserPackagesPath(user), Query: q}, rest.Paging{Max: max})
}

// UserPackage returns a package of a user by its delivery id.
func (v *V4) UserPackage(ctx context.Context, user, id string) (any, error) {
	return v.API.Get(ctx, UserPackagesPath(user)+"/"+url.PathEscape(id), nil)
}

// DeleteUserPackage deletes a package of a user by its delivery id (the v4 API's "Delete a
// package": DELETE users/{user_id}/packages/{package_delivery_id}).
func (v *V4) DeleteUserPackage(ctx context.Context, user, id string) error {
	_, err := v.API.Delete(ctx, UserPackagesPath(user)+"/"+url.PathEscape(id), nil)
	return err
}

// DeletePackage deletes a package of box by the id the box lists it with (package_id): its
// entry (received/ID, sent/ID) gives the package's delivery id, deleted through the v4 API
// with the user's token (DELETE api/users/me/packages/DELIVERY_ID). It returns that delivery
// id.
func (c *Client) DeletePackage(ctx context.Context, env oauth.Env, box, id string) (string, error) {
	e, err := c.Package(ctx, box, id)
	if err != nil {
		return "", err
	}
	if e.DeliveryID == "" {
		return "", fmt.Errorf("package %s: its entry has no delivery_id", id)
	}
	v, err := c.V4User(env)
	if err != nil {
		return "", err
	}
	if err := v.DeleteUserPackage(ctx, "me", e.DeliveryID); err != nil {
		return "", err
	}
	return e.DeliveryID, nil
}
