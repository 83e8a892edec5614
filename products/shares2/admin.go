package shares2

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"

	"github.com/asperalm/aslmcli/products/rest"
)

// AdminKinds are the collections of the system API: system/users, system/groups,
// system/nodes.
var AdminKinds = []string{"users", "groups", "nodes"}

// AdminPageSize is the number of items asked per page of the system listings.
const AdminPageSize = 100

func adminPath(kind string) (string, error) {
	if !slices.Contains(AdminKinds, kind) {
		return "", fmt.Errorf("%w: unknown system collection %q (users, groups, nodes)", ErrUsage, kind)
	}
	return "system/" + kind, nil
}

// AdminList lists users, groups or nodes, page by page (page, per_page); query holds more
// parameters.
func (c *Client) AdminList(ctx context.Context, kind string, query url.Values, max int) (*rest.Iterator, error) {
	p, err := adminPath(kind)
	if err != nil {
		return nil, err
	}
	return c.API.Each(ctx, &rest.Request{Path: p, Query: query}, rest.Paging{Style: "page", PerPage: AdminPageSize, Max: max}), nil
}

// AdminShow returns one user, group or node by id.
func (c *Client) AdminShow(ctx context.Context, kind, id string) (Object, error) {
	p, err := adminPath(kind)
	if err != nil {
		return nil, err
	}
	v, err := c.API.Get(ctx, p+"/"+url.PathEscape(id), nil)
	return asObject(v), err
}

// AdminCreate creates a user, group or node.
func (c *Client) AdminCreate(ctx context.Context, kind string, fields Object) (Object, error) {
	p, err := adminPath(kind)
	if err != nil {
		return nil, err
	}
	v, err := c.API.Post(ctx, p, fields)
	return asObject(v), err
}

// AdminModify changes a user, group or node (PUT), and returns the answer (nil when empty).
func (c *Client) AdminModify(ctx context.Context, kind, id string, fields Object) (Object, error) {
	p, err := adminPath(kind)
	if err != nil {
		return nil, err
	}
	v, err := c.API.Put(ctx, p+"/"+url.PathEscape(id), fields)
	return asObject(v), err
}

// AdminDelete deletes a user, group or node.
func (c *Client) AdminDelete(ctx context.Context, kind, id string) error {
	p, err := adminPath(kind)
	if err != nil {
		return err
	}
	_, err = c.API.Do(ctx, &rest.Request{Method: http.MethodDelete, Path: p + "/" + url.PathEscape(id)})
	return err
}
