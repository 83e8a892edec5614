package faspex5

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"

	"github.com/asperalm/aslmcli/products/rest"
)

// Resource is an admin resource of Faspex 5: its path under the API, the field of its
// listings that holds the items, and how it is identified.
type Resource struct {
	Name     string // ascli's spelling: accounts, workgroups...
	Path     string // API path of the collection
	ItemsKey string // the list field of a listing
	// Types, when set, is the fixed list of identifiers (email_notifications: one object per
	// type, read and changed with ?type=).
	Types []string
	// Verbs, when set, are the only operations of the resource (of list, show, create,
	// modify, delete); nil: all of them.
	Verbs []string
	// Auth tells a resource of the authorization server (URL/auth, as ascli reaches the API
	// clients), not of the API (URL/api/v5).
	Auth bool
}

// apiOf returns the REST client of a resource's server: the API, or URL/auth with the same
// credentials.
func (c *Client) apiOf(r Resource) *rest.Client {
	if !r.Auth {
		return c.API
	}
	u := *c.API.BaseURL
	u.Path = strings.TrimSuffix(u.Path, APIPath) + AuthPath
	u.RawPath = ""
	return &rest.Client{BaseURL: &u, Auth: c.API.Auth, Header: c.API.Header, Settings: c.API.Settings}
}

// Can tells whether the resource has an operation (list, show, create, modify, delete).
func (r Resource) Can(verb string) bool { return r.Verbs == nil || slices.Contains(r.Verbs, verb) }

func (r Resource) check(verb string) error {
	if !r.Can(verb) {
		return fmt.Errorf("%w: %s cannot be %s (use %s)", ErrSetup, r.Name, pastOf[verb], strings.Join(r.Verbs, ", "))
	}
	return nil
}

var pastOf = map[string]string{"list": "listed", "show": "shown", "create": "created", "modify": "modified", "delete": "deleted"}

// EmailNotificationTypes are the types of email notifications.
var EmailNotificationTypes = []string{"welcome_email", "forgot_password", "package_received", "package_received_cc",
	"package_sent_cc", "package_downloaded", "package_downloaded_cc", "workgroup_package", "upload_result", "upload_result_cc",
	"relay_started_cc", "relay_finished_cc", "relay_error_cc", "shared_inbox_invitation", "shared_inbox_submit",
	"personal_invitation", "personal_submit", "account_approved", "account_denied", "package_file_processing_failed_sender",
	"package_file_processing_failed_recipient", "relay_failed_admin", "relay_failed", "admin_sync_failed", "sync_failed",
	"account_exist", "mfa_code"}

// Resources are the admin resources, by ascli's names.
var Resources = map[string]Resource{
	"accounts":            {Name: "accounts", Path: "accounts", ItemsKey: "accounts"},
	"workgroups":          {Name: "workgroups", Path: "workgroups", ItemsKey: "workgroups"},
	"shared_inboxes":      {Name: "shared_inboxes", Path: "shared_inboxes", ItemsKey: "shared_inboxes"},
	"distribution_lists":  {Name: "distribution_lists", Path: "account/distribution_lists", ItemsKey: "distribution_lists"},
	"nodes":               {Name: "nodes", Path: "nodes", ItemsKey: "nodes"},
	"metadata_profiles":   {Name: "metadata_profiles", Path: "configuration/metadata_profiles", ItemsKey: "profiles"},
	"email_notifications": {Name: "email_notifications", Path: "email_notifications", Types: EmailNotificationTypes},
	"webhooks":            {Name: "webhooks", Path: "webhooks", ItemsKey: "webhooks"},
	"alternate_addresses": {Name: "alternate_addresses", Path: "configuration/alternate_addresses", ItemsKey: "alternate_addresses"},
	"saml_configs":        {Name: "saml_configs", Path: "saml_configs", ItemsKey: "saml_configs", Verbs: []string{"list", "show", "create", "modify"}},
	"jobs":                {Name: "jobs", Path: "jobs", ItemsKey: "jobs", Verbs: []string{"list", "show", "delete"}},
	"contacts":            {Name: "contacts", Path: "contacts", ItemsKey: "contacts", Verbs: []string{"list"}},
	"registrations":       {Name: "registrations", Path: "registrations", ItemsKey: "registrations", Verbs: []string{"list"}},
	"oauth_clients":       {Name: "oauth_clients", Path: "oauth_clients", ItemsKey: "oauth_clients", Auth: true},
	"saml_groups":         {Name: "saml_groups", Path: "saml_groups", ItemsKey: "groups"},
}

// GroupSAMLGroups is the resource of the SAML groups given access to a shared inbox or a
// workgroup (kind shared_inboxes or workgroups; create {group_id, access}, modify {access}),
// named "KIND/ID/saml_groups".
func GroupSAMLGroups(kind, groupID string) Resource {
	return Resource{Name: kind + "/" + groupID + "/saml_groups", Path: kind + "/" + url.PathEscape(groupID) + "/saml_groups", ItemsKey: "groups"}
}

// ResourceNames returns the names of Resources, sorted.
func ResourceNames() []string {
	out := make([]string, 0, len(Resources))
	for n := range Resources {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// NodeSharedFolders is the resource of the shared folders of a node (admin:
// nodes/{id}/shared_folders), named "nodes/ID/shared_folders".
func NodeSharedFolders(nodeID string) Resource {
	return Resource{Name: "nodes/" + nodeID + "/shared_folders", Path: "nodes/" + url.PathEscape(nodeID) + "/shared_folders",
		ItemsKey: "shared_folders"}
}

// SharedFolderUsers is the resource of the users given custom access to a shared folder of a
// node (nodes/{id}/shared_folders/{id}/custom_access_users: list, create {user_id}, delete),
// named "nodes/ID/shared_folders/ID/custom_access_users".
func SharedFolderUsers(nodeID, folderID string) Resource {
	sf := NodeSharedFolders(nodeID)
	return Resource{Name: sf.Name + "/" + folderID + "/custom_access_users", Path: sf.Path + "/" + url.PathEscape(folderID) + "/custom_access_users",
		ItemsKey: "users", Verbs: []string{"list", "create", "delete"}}
}

// ResourceOf returns the resource of a name (one of Resources, invitations,
// nodes/ID/shared_folders, nodes/ID/shared_folders/ID/custom_access_users,
// shared_inboxes/ID/saml_groups or workgroups/ID/saml_groups), or a setup error listing the
// names.
func ResourceOf(name string) (Resource, error) {
	if name == Invitations.Name {
		return Invitations, nil
	}
	if p := strings.Split(name, "/"); len(p) > 1 && !slices.Contains(p, "") {
		switch {
		case len(p) == 3 && (p[0] == "shared_inboxes" || p[0] == "workgroups") && p[2] == "saml_groups":
			return GroupSAMLGroups(p[0], p[1]), nil
		case p[0] != "nodes":
		case len(p) == 3 && p[2] == "shared_folders":
			return NodeSharedFolders(p[1]), nil
		case len(p) == 5 && p[2] == "shared_folders" && p[4] == "custom_access_users":
			return SharedFolderUsers(p[1], p[3]), nil
		}
	}
	r, ok := Resources[name]
	if !ok {
		return r, fmt.Errorf("%w: unknown resource %q (use %s)", ErrSetup, name, strings.Join(ResourceNames(), ", "))
	}
	return r, nil
}

func (r Resource) item(id string) (string, url.Values, error) {
	if r.Types != nil {
		for _, t := range r.Types {
			if t == id {
				return r.Path, url.Values{"type": {id}}, nil
			}
		}
		return "", nil, fmt.Errorf("%w: %s: unknown type %q", ErrSetup, r.Name, id)
	}
	return r.Path + "/" + url.PathEscape(id), nil, nil
}

// List lists a resource, page by page as the iterator is read. A resource of fixed types has
// no listing: its Types are the list.
func (c *Client) List(ctx context.Context, r Resource, query url.Values, max int) *rest.Iterator {
	return c.apiOf(r).Each(ctx, &rest.Request{Path: r.Path, Query: query},
		rest.Paging{Style: "offset", PerPage: PageSize, ItemsKey: r.ItemsKey, Max: max})
}

// Show returns one item of a resource (a type for email notifications).
func (c *Client) Show(ctx context.Context, r Resource, id string) (Object, error) {
	if err := r.check("show"); err != nil {
		return nil, err
	}
	p, q, err := r.item(id)
	if err != nil {
		return nil, err
	}
	return c.callOn(ctx, c.apiOf(r), http.MethodGet, p, q, nil)
}

// Create creates an item of a resource (POST).
func (c *Client) Create(ctx context.Context, r Resource, body Object) (Object, error) {
	if r.Types != nil {
		return nil, fmt.Errorf("%w: %s cannot be created: modify a type", ErrSetup, r.Name)
	}
	if err := r.check("create"); err != nil {
		return nil, err
	}
	return c.callOn(ctx, c.apiOf(r), http.MethodPost, r.Path, nil, body)
}

// Modify changes an item of a resource (PUT).
func (c *Client) Modify(ctx context.Context, r Resource, id string, change Object) (Object, error) {
	if err := r.check("modify"); err != nil {
		return nil, err
	}
	p, q, err := r.item(id)
	if err != nil {
		return nil, err
	}
	return c.callOn(ctx, c.apiOf(r), http.MethodPut, p, q, change)
}

// Remove deletes an item of a resource (DELETE).
func (c *Client) Remove(ctx context.Context, r Resource, id string) error {
	if r.Types != nil {
		return fmt.Errorf("%w: %s cannot be deleted", ErrSetup, r.Name)
	}
	if err := r.check("delete"); err != nil {
		return err
	}
	p, _, err := r.item(id)
	if err != nil {
		return err
	}
	_, err = c.apiOf(r).Delete(ctx, p, nil)
	return err
}

// Lookup returns the id of the item of a resource whose field equals value (ascli's
// %name:VALUE selector), searched with q=value.
func (c *Client) Lookup(ctx context.Context, r Resource, field, value string) (string, error) {
	if r.Types != nil {
		_, _, err := r.item(value)
		return value, err
	}
	it := c.List(ctx, r, url.Values{"q": {value}}, 0)
	var found []string
	for v, ok := it.Next(); ok; v, ok = it.Next() {
		if o := asObject(v); fmt.Sprint(o[field]) == value {
			found = append(found, fmt.Sprint(o["id"]))
		}
	}
	if err := it.Err(); err != nil {
		return "", err
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return "", fmt.Errorf("%w: no %s with %s %q", ErrNotFound, r.Name, field, value)
	}
	return "", fmt.Errorf("%w: %d %s with %s %q", ErrSetup, len(found), r.Name, field, value)
}

// SharedFolders lists the shared folders of the user (GET /shared_folders).
func (c *Client) SharedFolders(ctx context.Context, max int) *rest.Iterator {
	return c.API.Each(ctx, &rest.Request{Path: "shared_folders"},
		rest.Paging{Style: "offset", PerPage: PageSize, ItemsKey: "shared_folders", Max: max})
}

// SharedFolder returns a shared folder by id or by name.
func (c *Client) SharedFolder(ctx context.Context, idOrName string) (Object, error) {
	it := c.SharedFolders(ctx, 0)
	var byName []Object
	for v, ok := it.Next(); ok; v, ok = it.Next() {
		o := asObject(v)
		if fmt.Sprint(o["id"]) == idOrName {
			return o, nil
		}
		if o["name"] == idOrName {
			byName = append(byName, o)
		}
	}
	if err := it.Err(); err != nil {
		return nil, err
	}
	if len(byName) == 1 {
		return byName[0], nil
	}
	if len(byName) > 1 {
		return nil, fmt.Errorf("%w: several shared folders named %q: give its id", ErrSetup, idOrName)
	}
	return nil, fmt.Errorf("%w: no shared folder %q", ErrNotFound, idOrName)
}

// BrowseSharedFolder lists a folder of a shared folder (POST
// /nodes/{node_id}/shared_folders/{id}/browse/page), page by page.
func (c *Client) BrowseSharedFolder(ctx context.Context, idOrName, path string, max int) (*rest.Iterator, error) {
	sf, err := c.SharedFolder(ctx, idOrName)
	if err != nil {
		return nil, err
	}
	p := "nodes/" + url.PathEscape(fmt.Sprint(sf["node_id"])) + "/shared_folders/" + url.PathEscape(fmt.Sprint(sf["id"])) + "/browse/page"
	return c.browsePages(ctx, p, nil, path, max), nil
}

// BrowseNode lists a folder of a node (POST /nodes/{id}/browse/page, admin), page by page.
func (c *Client) BrowseNode(ctx context.Context, nodeID, path string, max int) *rest.Iterator {
	return c.browsePages(ctx, "nodes/"+url.PathEscape(nodeID)+"/browse/page", nil, path, max)
}

// browsePages lists a folder ("" is "/") through a .../page endpoint of file browsing.
func (c *Client) browsePages(ctx context.Context, endpoint string, q url.Values, path string, max int) *rest.Iterator {
	if path == "" {
		path = "/"
	}
	return c.API.Each(ctx, &rest.Request{Method: http.MethodPost, Path: endpoint, Query: q, JSON: Object{"path": path}},
		rest.Paging{Style: "token", PerPage: BrowsePageSize, ItemsKey: "items", Max: max})
}
