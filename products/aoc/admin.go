package aoc

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"strings"

	"github.com/asperalm/aslmcli/products/oauth"
	"github.com/asperalm/aslmcli/products/rest"
)

// Resource is an administration resource: its API path, its default fields in tables,
// whether it is a single object (organization, self), and whether a creation needs the
// current workspace.
type Resource struct {
	Name      string   // the singular name of the commands (ascli's)
	Path      string   // API path
	Fields    []string // default fields of list
	Singleton bool     // show and modify only, no id
	Workspace bool     // create: workspace_id defaults to the current workspace
}

// Resources are the administration resources, by their singular name (ascli's ADMIN_OBJECTS).
var Resources = map[string]Resource{}

func init() {
	for _, r := range []Resource{
		{Name: "client", Path: "clients"},
		{Name: "client_access_key", Path: "client_access_keys"},
		{Name: "client_registration_token", Path: "client_registration_tokens", Fields: []string{"id", "value", "data.client_subject_scopes", "data.name", "created_at"}},
		{Name: "configuration_policy", Path: "configuration_policies"},
		{Name: "contact", Path: "contacts", Fields: []string{"source_type", "source_id", "name", "email"}},
		{Name: "dropbox", Path: "dropboxes", Workspace: true},
		{Name: "dropbox_membership", Path: "dropbox_memberships"},
		{Name: "group", Path: "groups"},
		{Name: "group_membership", Path: "group_memberships", Fields: []string{"id", "group_id", "member_type", "member_id"}},
		{Name: "kms_profile", Path: "integrations/kms_profiles"},
		{Name: "network_policy", Path: "network_policies"},
		{Name: "node", Path: "nodes", Fields: []string{"id", "name", "host", "access_key"}},
		{Name: "operation", Path: "operations", Fields: []string{"id", "type", "status", "created_at", "updated_at", "workspace_id", "user_id"}},
		{Name: "organization", Path: "organization", Singleton: true},
		{Name: "package", Path: "packages", Fields: []string{"id", "name", "created_at", "files_completed", "bytes_transferred"}},
		{Name: "saml_configuration", Path: "saml_configurations"},
		{Name: "self", Path: "self", Singleton: true},
		{Name: "short_link", Path: "short_links", Fields: []string{"id", "short_url", "purpose", "password_enabled", "updated_at"}},
		{Name: "user", Path: "users", Fields: []string{"id", "name", "email"}},
		{Name: "workspace", Path: "workspaces", Fields: []string{"id", "name"}},
		{Name: "workspace_membership", Path: "workspace_memberships", Fields: []string{"id", "workspace_id", "member_type", "member_id"}},
	} {
		if r.Fields == nil && !r.Singleton {
			r.Fields = []string{"id", "name"}
		}
		Resources[r.Name] = r
	}
}

// ResourceNames returns the singular names, sorted.
func ResourceNames() []string {
	out := make([]string, 0, len(Resources))
	for k := range Resources {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// LookupResource returns the resource of a name: singular (user), plural (users, dropboxes,
// policies), or a unique prefix of one.
func LookupResource(name string) (Resource, error) {
	if r, ok := Resources[name]; ok {
		return r, nil
	}
	for _, r := range Resources {
		if name == r.Name+"s" || name == r.Name+"es" || name == strings.TrimSuffix(r.Name, "y")+"ies" || name == r.Path {
			return r, nil
		}
	}
	var matches []Resource
	for _, r := range Resources {
		if strings.HasPrefix(r.Name, name) {
			matches = append(matches, r)
		}
	}
	if len(matches) == 1 {
		return matches[0], nil
	}
	return Resource{}, fmt.Errorf("%w: no resource %q (use one of: %s)", ErrOptions, name, strings.Join(ResourceNames(), ", "))
}

// ResourceID returns the id of a resource given as an id, or as %name:NAME (looked up).
func (c *Client) ResourceID(ctx context.Context, r Resource, ref string) (string, error) {
	name, ok := strings.CutPrefix(ref, "%name:")
	if !ok {
		return ref, nil
	}
	o, err := c.Lookup(ctx, r.Path, name, nil)
	if err != nil {
		return "", err
	}
	return ID(o["id"]), nil
}

// InstancePath returns the API path of one resource (its own path for a singleton).
func (c *Client) InstancePath(ctx context.Context, r Resource, ref string) (string, error) {
	if r.Singleton {
		return r.Path, nil
	}
	id, err := c.ResourceID(ctx, r, ref)
	if err != nil {
		return "", err
	}
	if id == "" {
		return "", fmt.Errorf("%w: %s: an id (or %%name:NAME) is needed", ErrOptions, r.Name)
	}
	return r.Path + "/" + url.PathEscape(id), nil
}

// CreateResource creates a resource; workspace_id defaults to the current workspace where
// the resource needs one.
func (c *Client) CreateResource(ctx context.Context, r Resource, body Object) (Object, error) {
	if r.Singleton {
		return nil, fmt.Errorf("%w: %s cannot be created", ErrOptions, r.Name)
	}
	if r.Workspace && body["workspace_id"] == nil {
		ws, err := c.Workspace(ctx)
		if err != nil {
			return nil, err
		}
		b := Object{}
		for k, v := range body {
			b[k] = v
		}
		b["workspace_id"], body = ws.ID, b
	}
	return c.Create(ctx, r.Path, body)
}

// SetClientKey registers the public key of privateOrPublic (a PEM private key, whose public
// part is taken, or a public key) on an API client and enables its JWT grant (PUT clients/ID).
func (c *Client) SetClientKey(ctx context.Context, clientID, privateOrPublic, passphrase string) error {
	pub := strings.TrimSpace(privateOrPublic)
	if strings.Contains(pub, "PRIVATE KEY") {
		var err error
		if pub, err = oauth.PublicKeyOf([]byte(pub), passphrase); err != nil {
			return fmt.Errorf("%w: %w", ErrOptions, err)
		}
	} else if !strings.Contains(pub, "PUBLIC KEY") {
		return fmt.Errorf("%w: a PEM key expected (private or public)", ErrOptions)
	}
	_, err := c.Modify(ctx, "clients/"+url.PathEscape(clientID), Object{"jwt_grant_enabled": true, "public_key": pub})
	return err
}

// NodeLocation returns the root folder of a node's access key, reached as an administrator
// (node.<ak>:admin:all), for `admin node do`.
func (c *Client) NodeLocation(ctx context.Context, ref string) (Location, error) {
	id, err := c.ResourceID(ctx, Resources["node"], ref)
	if err != nil {
		return Location{}, err
	}
	n, err := c.Node(ctx, id, NodeAdmin)
	if err != nil {
		return Location{}, err
	}
	root, err := n.RootID(ctx)
	if err != nil {
		return Location{}, err
	}
	return Location{Node: n, FileID: root, Path: "/"}, nil
}

// Analytics returns a client of the analytics API (<api base>/analytics/v2) with the scope
// it needs (admin-user:all).
func (c *Client) Analytics() (*rest.Client, error) {
	a, err := c.WithScope(ScopeAdminUser)
	if err != nil {
		return nil, err
	}
	return rest.New(c.Site.APIBase()+"/analytics/v2", a.API.Auth, c.env.HTTP)
}

// Events returns the organization's application events (analytics application_events).
func (c *Client) Events(ctx context.Context, query url.Values) ([]any, error) {
	self, err := c.Self(ctx)
	if err != nil {
		return nil, err
	}
	return c.analytics(ctx, "organizations/"+url.PathEscape(ID(self["organization_id"]))+"/application_events", query, "application_events")
}

// TransferEvents returns the transfers of an organization, a user or a node (resource
// organizations, users or nodes; id "" is the user's own organization, self or home node),
// between query's start_time and stop_time (ISO 8601), limit 100 unless query says.
func (c *Client) TransferEvents(ctx context.Context, resource, id string, query url.Values) ([]any, error) {
	self, err := c.Self(ctx)
	if err != nil {
		return nil, err
	}
	if id == "" {
		switch resource {
		case "organizations":
			id = ID(self["organization_id"])
		case "users":
			id = ID(self["id"])
		case "nodes":
			id = ID(self["read_only_home_node_id"])
		}
	}
	switch resource {
	case "organizations", "users", "nodes":
	default:
		return nil, fmt.Errorf("%w: analytics transfers of organizations, users or nodes, not %q", ErrOptions, resource)
	}
	q := url.Values{"limit": {"100"}}
	for k, v := range query {
		q[k] = v
	}
	return c.analytics(ctx, resource+"/"+url.PathEscape(id)+"/transfers", q, "transfers")
}

func (c *Client) analytics(ctx context.Context, path string, query url.Values, key string) ([]any, error) {
	api, err := c.Analytics()
	if err != nil {
		return nil, err
	}
	v, err := api.Get(ctx, path, query)
	if err != nil {
		return nil, err
	}
	o, _ := v.(Object)
	l, ok := o[key].([]any)
	if !ok {
		return nil, fmt.Errorf("GET %s: the answer has no list %q", path, key)
	}
	return l, nil
}

// Applications lists the application types of the organization (GET apps).
func (c *Client) Applications(ctx context.Context) (any, error) { return c.Get(ctx, "apps", nil) }

// AppSettings returns the settings of an application type (files, packages...).
func (c *Client) AppSettings(ctx context.Context, app string) (Object, error) {
	return c.Read(ctx, "apps/"+url.PathEscape(app)+"/settings")
}

// ModifyAppSettings changes the settings of an application type.
func (c *Client) ModifyAppSettings(ctx context.Context, app string, change Object) error {
	_, err := c.Modify(ctx, "apps/"+url.PathEscape(app)+"/settings", change)
	return err
}

// AppMemberships lists who may use the applications (apps/app_memberships), lazily.
func (c *Client) AppMemberships(ctx context.Context, query url.Values, max, pmax int) *rest.Iterator {
	return c.List(ctx, "apps/app_memberships", query, max, pmax)
}
