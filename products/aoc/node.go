package aoc

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/url"
	"strings"

	"github.com/asperalm/aslmcli/products/node"
	"github.com/asperalm/aslmcli/products/oauth"
	"github.com/asperalm/aslmcli/products/rest"
	"github.com/asperalm/aslmcli/transfer/spec"
)

// Node roles: the scope of a node token is node.<access key>:<role>.
const (
	NodeUser  = "user:all"
	NodeAdmin = "admin:all"
)

// Node is a node of the organization reached by the current user: its AoC record (GET
// nodes/{id}) and a Node API client authenticated with a bearer token of scope
// node.<access key>:<role> from the AoC token endpoint (header X-Aspera-AccessKey), or with
// the access key's secret when --secret is given.
type Node struct {
	*node.Client
	ID, AccessKey, Name string
	Info                Object
	aoc                 *Client
}

// Node returns the access to a node (cached per node and role).
func (c *Client) Node(ctx context.Context, nodeID, role string) (*Node, error) {
	if role == "" {
		role = NodeUser
	}
	key := nodeID + " " + role
	c.mu.Lock()
	n := c.nodes[key]
	c.mu.Unlock()
	if n != nil {
		return n, nil
	}
	info, err := c.Read(ctx, "nodes/"+url.PathEscape(nodeID))
	if err != nil {
		return nil, fmt.Errorf("node %s: %w", nodeID, err)
	}
	ak, nodeURL := ID(info["access_key"]), ID(info["url"])
	if ak == "" || nodeURL == "" {
		return nil, fmt.Errorf("node %s has no url or access key", nodeID)
	}
	var auth rest.Auth = rest.Basic{Username: ak, Password: c.opts.Secret}
	if c.opts.Secret == "" {
		ao, err := c.AuthOptions("node." + ak + ":" + role)
		if err != nil {
			return nil, err
		}
		ao.AccessKey = ak
		if auth, err = oauth.Authenticator(ao, c.Site.APIRoot, c.env); err != nil {
			return nil, err
		}
	}
	api, err := rest.New(nodeURL, auth, c.env.HTTP)
	if err != nil {
		return nil, fmt.Errorf("node %s: %w", nodeID, err)
	}
	n = &Node{Client: node.New(api), ID: ID(info["id"]), AccessKey: ak, Name: ID(info["name"]), Info: info, aoc: c}
	if n.ID == "" {
		n.ID = nodeID
	}
	c.mu.Lock()
	c.nodes[key] = n
	c.mu.Unlock()
	return n, nil
}

// BearerToken returns the node's "Bearer <token>" (empty with --secret).
func (n *Node) BearerToken(ctx context.Context) (string, error) {
	a, ok := n.API.Auth.(rest.OAuth)
	if !ok {
		return "", nil
	}
	tok, err := a.Source.Token(ctx)
	if err != nil {
		return "", err
	}
	return "Bearer " + tok, nil
}

// RootID returns the root file id of the node's access key.
func (n *Node) RootID(ctx context.Context) (string, error) {
	k, err := n.KeyInfo(ctx)
	if err != nil {
		return "", err
	}
	return ID(k["root_file_id"]), nil
}

// KeyInfo returns the node's access key (GET access_keys/{id}).
func (n *Node) KeyInfo(ctx context.Context) (Object, error) {
	return n.Client.AccessKey(ctx, n.AccessKey)
}

// App says for which AoC application a transfer is made: it goes into the spec's tags
// (activity tracking, the package a transfer fills).
type App struct {
	Name          string // "files" or "packages"
	WorkspaceID   string
	WorkspaceName string
	Package       Object // packages: the package (id, name)
}

// TransferSpec returns the gen4 spec of a transfer to or from the folder fileID of the node
// (direction "send" or "receive"): the node's spec (token of the node's credentials,
// tags.aspera.node, ports, transfer user; products/node), the node's transfer_url as
// remote host when AoC gives one, and AoC's tags: usage_id, tags.aspera.files (action,
// workspace, node, parentCwd for Files, package for Packages), tags.aspera.app and the cookie
// aspera.aoc:<app>:<user name>:<user e-mail> (base64 parts).
func (n *Node) TransferSpec(ctx context.Context, direction, fileID string, app App) (spec.Spec, error) {
	api := *n.API
	if tok, err := n.BearerToken(ctx); err != nil {
		return nil, err
	} else if tok != "" {
		api.Auth = rest.NodeBearer{Token: tok, AccessKey: n.AccessKey}
	}
	s, err := node.New(&api).Gen4Spec(ctx, direction, fileID)
	if err != nil {
		return nil, err
	}
	if tu := ID(n.Info["transfer_url"]); tu != "" {
		s["remote_host"] = tu
	}
	self, err := n.aoc.Self(ctx)
	if err != nil {
		return nil, err
	}
	action := "upload"
	if direction == "receive" {
		action = "download"
	}
	files := Object{"files_transfer_action": action + "_" + strings.TrimSuffix(app.Name, "s"),
		"workspace_name": app.WorkspaceName, "workspace_id": app.WorkspaceID, "node_id": n.ID}
	switch app.Name {
	case "packages":
		files["package_id"], files["package_name"], files["package_operation"] = ID(app.Package["id"]), ID(app.Package["name"]), action
	default:
		files["parentCwd"] = n.ID + ":" + fileID
	}
	tags, _ := s["tags"].(Object)
	aspera, _ := tags["aspera"].(Object)
	aspera["usage_id"] = "aspera.files.workspace." + app.WorkspaceID
	aspera["files"] = files
	aspera["app"] = app.Name
	name, email := ID(self["name"]), ID(self["email"])
	if name == "" {
		name = "public link"
	}
	if email == "" {
		email = "none"
	}
	b64 := base64.StdEncoding.EncodeToString
	s["cookie"] = "aspera.aoc:" + b64([]byte(app.Name)) + ":" + b64([]byte(name)) + ":" + b64([]byte(email))
	return spec.Spec(s), nil
}

// appOf returns the application of a location's transfers: its own, else the Files
// application in the current workspace.
func (c *Client) appOf(ctx context.Context, l Location) (App, error) {
	if l.App != nil {
		return *l.App, nil
	}
	ws, err := c.Workspace(ctx)
	if err != nil {
		return App{}, err
	}
	return App{Name: "files", WorkspaceID: ws.ID, WorkspaceName: ws.Name}, nil
}
