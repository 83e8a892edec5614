package node

import (
	"context"
	"net/http"
	"net/url"

	"github.com/asperalm/aslmcli/products/rest"
)

// AccessKeys lists the access keys (GET /access_keys), page by page.
func (n *Client) AccessKeys(ctx context.Context, query url.Values, max int) *rest.Iterator {
	return n.API.Each(ctx, &rest.Request{Path: "access_keys", Query: query}, rest.Paging{Style: "page", PerPage: 100, Max: max})
}

// AccessKey returns one access key ("self" is the key of the credentials).
func (n *Client) AccessKey(ctx context.Context, id string) (Object, error) {
	v, err := n.API.Get(ctx, "access_keys/"+url.PathEscape(id), nil)
	return asObject(v), err
}

// CreateAccessKey creates an access key (POST /access_keys); the answer carries its secret
// when the node made one.
func (n *Client) CreateAccessKey(ctx context.Context, body Object) (Object, error) {
	v, err := n.API.Post(ctx, "access_keys", body)
	return asObject(v), err
}

// ModifyAccessKey changes an access key (PUT /access_keys/{id}).
func (n *Client) ModifyAccessKey(ctx context.Context, id string, change Object) error {
	_, err := n.API.Do(ctx, &rest.Request{Method: http.MethodPut, Path: "access_keys/" + url.PathEscape(id), JSON: change})
	return err
}

// DeleteAccessKey deletes an access key.
func (n *Client) DeleteAccessKey(ctx context.Context, id string) error {
	_, err := n.API.Do(ctx, &rest.Request{Method: http.MethodDelete, Path: "access_keys/" + url.PathEscape(id)})
	return err
}

// Transfers lists /ops/transfers, following the Link headers, lazily.
func (n *Client) Transfers(ctx context.Context, query url.Values, max int) *rest.Iterator {
	return n.API.Each(ctx, &rest.Request{Path: "ops/transfers", Query: query}, rest.Paging{Style: "link", Max: max})
}

// Transfer returns one transfer.
func (n *Client) Transfer(ctx context.Context, id string) (Object, error) {
	v, err := n.API.Get(ctx, "ops/transfers/"+url.PathEscape(id), nil)
	return asObject(v), err
}

// StartTransfer asks the node to run a transfer (POST /ops/transfers with the transfer spec).
func (n *Client) StartTransfer(ctx context.Context, spec Object) (Object, error) {
	v, err := n.API.Post(ctx, "ops/transfers", spec)
	return asObject(v), err
}

// ModifyTransfer changes a running transfer (PUT /ops/transfers/{id}: target_rate_kbps, ...).
func (n *Client) ModifyTransfer(ctx context.Context, id string, change Object) (Object, error) {
	v, err := n.API.Put(ctx, "ops/transfers/"+url.PathEscape(id), change)
	return asObject(v), err
}

// CancelTransfer cancels a transfer: the Node API uses the HTTP method CANCEL.
func (n *Client) CancelTransfer(ctx context.Context, id string) (Object, error) {
	retry := true
	resp, err := n.API.Do(ctx, &rest.Request{Method: "CANCEL", Path: "ops/transfers/" + url.PathEscape(id), Retry: &retry})
	if err != nil {
		return nil, err
	}
	v, _ := resp.Data()
	return asObject(v), nil
}

// Call is the generic access to the node's other endpoints (events, usage, async, streams,
// rund/services, v3/watchfolders): method, path, query and JSON body; it returns the decoded answer.
func (n *Client) Call(ctx context.Context, method, path string, query url.Values, body any, header http.Header) (any, error) {
	resp, err := n.API.Do(ctx, &rest.Request{Method: method, Path: path, Query: query, JSON: body, Header: header})
	if err != nil {
		return nil, err
	}
	return resp.Data()
}

// WatchfolderHeader is the version header the /v3/watchfolders API needs.
var WatchfolderHeader = http.Header{"X-Aspera-Wf-Version": {"2017_10_23"}}
