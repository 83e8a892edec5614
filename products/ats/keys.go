package ats

import (
	"context"
	"fmt"
	"net/url"

	"github.com/asperalm/aslmcli/products/node"
	"github.com/asperalm/aslmcli/products/rest"
)

// AccessKeysPageSize is the number of access keys asked per page by default.
const AccessKeysPageSize = 1000

// AccessKeys lists the access keys of the subscription (pub/v1/access_keys, offset and
// max_results), page by page as the listing is read; max stops early (0: all).
func (c *Client) AccessKeys(ctx context.Context, max int) (*rest.Iterator, error) {
	api, err := c.keyAPI()
	if err != nil {
		return nil, err
	}
	per := c.o.PageSize
	if per <= 0 {
		per = AccessKeysPageSize
	}
	return api.Each(ctx, &rest.Request{Path: "access_keys"}, rest.Paging{Style: "offset", OffsetParam: "offset",
		LimitParam: "max_results", PerPage: per, ItemsKey: "data", Max: max}), nil
}

// AccessKey returns an access key.
func (c *Client) AccessKey(ctx context.Context, id string) (Object, error) {
	api, err := c.keyAPI()
	if err != nil {
		return nil, err
	}
	v, err := api.Get(ctx, "access_keys/"+url.PathEscape(id), nil)
	if err != nil {
		return nil, fmt.Errorf("access key %s: %w", id, err)
	}
	return object(v), nil
}

// CreateAccessKey creates an access key for a storage: params holds storage (its type and
// the cloud's fields: bucket or container, credentials, path), and optionally id, name and
// transfer_server_id; without transfer_server_id, the cluster of cloud and region is used.
func (c *Client) CreateAccessKey(ctx context.Context, params Object, cloud, region string) (Object, error) {
	api, err := c.keyAPI()
	if err != nil {
		return nil, err
	}
	p := Object{}
	for k, v := range params {
		p[k] = v
	}
	var server Object
	if id := str(p["transfer_server_id"]); id != "" {
		if server, err = c.ServerByID(ctx, id, false); err != nil {
			return nil, err
		}
	} else {
		if cloud == "" || region == "" {
			return nil, fmt.Errorf("%w: give the cluster with --cloud and --region, or transfer_server_id in the parameters", ErrUsage)
		}
		if server, err = c.Server(ctx, cloud, region); err != nil {
			return nil, err
		}
		p["transfer_server_id"] = server["id"]
	}
	if storage := object(p["storage"]); storage != nil {
		p["storage"] = withEndpoint(storage, server)
	}
	v, err := api.Post(ctx, "access_keys", p)
	if err != nil {
		return nil, fmt.Errorf("create access key: %w", err)
	}
	return object(v), nil
}

// withEndpoint completes a storage with the cluster's authentication endpoint when it lacks
// one: Swift (softlayer_swift) in credentials.authentication_endpoint, IBM COS (ibm-s3) in
// endpoint. The caller's tables are not changed.
func withEndpoint(storage, server Object) Object {
	out := Object{}
	for k, v := range storage {
		out[k] = v
	}
	switch str(storage["type"]) {
	case "softlayer_swift":
		creds := Object{}
		for k, v := range object(storage["credentials"]) {
			creds[k] = v
		}
		if ep := str(server["swift_authentication_endpoint"]); ep != "" && creds["authentication_endpoint"] == nil {
			creds["authentication_endpoint"] = ep
		}
		out["credentials"] = creds
	case "ibm-s3":
		if ep := str(server["s3_authentication_endpoint"]); ep != "" && out["endpoint"] == nil && out["authentication_endpoint"] == nil {
			out["endpoint"] = ep
		}
	}
	return out
}

// ModifyAccessKey changes an access key (PUT: name, storage, token_verification_key...).
func (c *Client) ModifyAccessKey(ctx context.Context, id string, change Object) error {
	api, err := c.keyAPI()
	if err != nil {
		return err
	}
	body := Object{}
	for k, v := range change {
		body[k] = v
	}
	body["id"] = id
	if _, err := api.Put(ctx, "access_keys/"+url.PathEscape(id), body); err != nil {
		return fmt.Errorf("modify access key %s: %w", id, err)
	}
	return nil
}

// DeleteAccessKey deletes an access key.
func (c *Client) DeleteAccessKey(ctx context.Context, id string) error {
	api, err := c.keyAPI()
	if err != nil {
		return err
	}
	if _, err := api.Delete(ctx, "access_keys/"+url.PathEscape(id), nil); err != nil {
		return fmt.Errorf("delete access key %s: %w", id, err)
	}
	return nil
}

// secretOf returns secret, else the key's secret as ATS returns it.
func secretOf(id, secret string, key Object) (string, error) {
	if secret == "" {
		secret = str(key["secret"])
	}
	if secret == "" {
		return "", fmt.Errorf("%w: the secret of access key %s is needed (--secret)", ErrUsage, id)
	}
	return secret, nil
}

// KeyNode is the Node API of an access key: the client of its cluster's node, logged in with
// the key, and the id of the key's root folder.
type KeyNode struct {
	Node       *node.Client
	RootFileID string
	Server     Object
}

// Node returns the Node API of an access key, at its cluster's transfer_setup_url, with the
// key's id and secret (secret, else the one ATS returns).
func (c *Client) Node(ctx context.Context, id, secret string) (*KeyNode, error) {
	key, err := c.AccessKey(ctx, id)
	if err != nil {
		return nil, err
	}
	if secret, err = secretOf(id, secret, key); err != nil {
		return nil, err
	}
	server, err := c.ServerByID(ctx, str(key["transfer_server_id"]), true)
	if err != nil {
		return nil, fmt.Errorf("access key %s: %w", id, err)
	}
	setup := str(server["transfer_setup_url"])
	if setup == "" {
		return nil, fmt.Errorf("access key %s: the cluster %s has no transfer_setup_url", id, str(server["id"]))
	}
	api, err := rest.New(setup, rest.Basic{Username: id, Password: secret}, c.o.Env.HTTP)
	if err != nil {
		return nil, err
	}
	n := node.New(api)
	root := str(key["root_file_id"])
	if root == "" {
		self, err := n.AccessKey(ctx, "self")
		if err != nil {
			return nil, fmt.Errorf("access key %s on %s: %w", id, setup, err)
		}
		root = str(self["root_file_id"])
	}
	return &KeyNode{Node: n, RootFileID: root, Server: server}, nil
}

// AccessKeyServers returns the cluster of an access key as ATS tells it to the key itself
// (pub/v1/servers with the key's id and secret).
func (c *Client) AccessKeyServers(ctx context.Context, id, secret string) (any, error) {
	if secret == "" {
		key, err := c.AccessKey(ctx, id)
		if err != nil {
			return nil, err
		}
		if secret, err = secretOf(id, secret, key); err != nil {
			return nil, err
		}
	}
	api, err := c.basic(id, secret)
	if err != nil {
		return nil, err
	}
	v, err := api.Get(ctx, "servers", nil)
	if err != nil {
		return nil, fmt.Errorf("cluster of access key %s: %w", id, err)
	}
	return v, nil
}

// Subscriptions returns the subscription of the API key.
func (c *Client) Subscriptions(ctx context.Context) (any, error) {
	api, err := c.keyAPI()
	if err != nil {
		return nil, err
	}
	return api.Get(ctx, "subscriptions", nil)
}

// AWSTrustPolicy returns the trust policy an AWS IAM role needs to give ATS a bucket.
func (c *Client) AWSTrustPolicy(ctx context.Context, region string) (any, error) {
	if region == "" {
		return nil, fmt.Errorf("%w: --region is required", ErrUsage)
	}
	api, err := c.keyAPI()
	if err != nil {
		return nil, err
	}
	return api.Get(ctx, "aws/trustpolicy", url.Values{"region": {region}})
}
