package node

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/asperalm/aslmcli/products/rest"
)

// The node's endpoints outside the file API, as the IBM aspera-cli sources use them:
// /events, /usage, the legacy /async API (sync ids are integers), FASPStream /streams (listed
// and shown through /ops/transfers), /rund/services, /v3/watchfolders (with its version
// header) and /permissions.

func (n *Client) data(ctx context.Context, method, path string, query url.Values, body any, header http.Header) (any, error) {
	return n.Call(ctx, method, path, query, body, header)
}

// Events returns GET /events (query: count, iteration_token, type...).
func (n *Client) Events(ctx context.Context, query url.Values) (any, error) {
	return n.data(ctx, http.MethodGet, "events", query, nil, nil)
}

// Event returns one event (GET /events/{id}).
func (n *Client) Event(ctx context.Context, id string) (Object, error) {
	v, err := n.data(ctx, http.MethodGet, "events/"+url.PathEscape(id), nil, nil, nil)
	return asObject(v), err
}

// UsageOf returns the usage of a usage id, as set in transfer requests (GET /usage/{id}).
func (n *Client) UsageOf(ctx context.Context, id string) (Object, error) {
	v, err := n.data(ctx, http.MethodGet, "usage/"+url.PathEscape(id), nil, nil, nil)
	return asObject(v), err
}

// Usage returns GET /usage.
func (n *Client) Usage(ctx context.Context, query url.Values) (any, error) {
	return n.data(ctx, http.MethodGet, "usage", query, nil, nil)
}

// AsyncIDs returns the ids of the async sessions (GET /async/list).
func (n *Client) AsyncIDs(ctx context.Context) ([]any, error) {
	v, err := n.data(ctx, http.MethodGet, "async/list", nil, nil, nil)
	l, _ := asObject(v)["sync_ids"].([]any)
	return l, err
}

func syncs(ids []int) Object {
	l := make([]any, len(ids))
	for i, id := range ids {
		l[i] = id
	}
	return Object{"syncs": l}
}

// AsyncSummaries returns the summaries of async sessions (POST /async/summary).
func (n *Client) AsyncSummaries(ctx context.Context, ids ...int) ([]any, error) {
	v, err := n.data(ctx, http.MethodPost, "async/summary", nil, syncs(ids), nil)
	l, _ := asObject(v)["sync_summaries"].([]any)
	return l, err
}

// AsyncCounters returns the counters of async sessions (POST /async/counters).
func (n *Client) AsyncCounters(ctx context.Context, ids ...int) ([]any, error) {
	v, err := n.data(ctx, http.MethodPost, "async/counters", nil, syncs(ids), nil)
	l, _ := asObject(v)["sync_counters"].([]any)
	return l, err
}

// AsyncFiles returns the files of an async session (POST /async/files); filter holds count,
// skip, filename, status.
func (n *Client) AsyncFiles(ctx context.Context, id int, filter Object) ([]any, error) {
	body := syncs([]int{id})
	for k, v := range filter {
		body[k] = v
	}
	v, err := n.data(ctx, http.MethodPost, "async/files", nil, body, nil)
	return byID(v, "sync_files", id), err
}

// AsyncCountersOf returns the latest counters of one async session (the last record of its
// POST /async/counters entry), nil when it has none.
func (n *Client) AsyncCountersOf(ctx context.Context, id int) (Object, error) {
	v, err := n.data(ctx, http.MethodPost, "async/counters", nil, syncs([]int{id}), nil)
	l := byID(v, "sync_counters", id)
	if err != nil || len(l) == 0 {
		return nil, err
	}
	return asObject(l[len(l)-1]), nil
}

// byID reads answers of the shape {key: [{"ID": [records...]}]}.
func byID(v any, key string, id int) []any {
	l, _ := asObject(v)[key].([]any)
	if len(l) == 0 {
		return nil
	}
	records, _ := asObject(l[0])[strconv.Itoa(id)].([]any)
	return records
}

// AsyncDelete deletes async sessions (POST /async/delete).
func (n *Client) AsyncDelete(ctx context.Context, ids ...int) (Object, error) {
	v, err := n.data(ctx, http.MethodPost, "async/delete", nil, syncs(ids), nil)
	return asObject(v), err
}

// Streams lists the FASPStream transfers (they are /ops/transfers).
func (n *Client) Streams(ctx context.Context, query url.Values, max int) *rest.Iterator {
	return n.Transfers(ctx, query, max)
}

// CreateStream starts a FASPStream (POST /streams).
func (n *Client) CreateStream(ctx context.Context, body Object) (any, error) {
	return n.data(ctx, http.MethodPost, "streams", nil, body, nil)
}

// ModifyStream changes a stream (PUT /streams/{id}).
func (n *Client) ModifyStream(ctx context.Context, id string, change Object) (any, error) {
	return n.data(ctx, http.MethodPut, "streams/"+url.PathEscape(id), nil, change, nil)
}

// CancelStream cancels a stream (CANCEL /streams/{id}).
func (n *Client) CancelStream(ctx context.Context, id string) (any, error) {
	return n.data(ctx, "CANCEL", "streams/"+url.PathEscape(id), nil, nil, nil)
}

// Services lists the services of the node's run daemon (GET /rund/services).
func (n *Client) Services(ctx context.Context) ([]any, error) {
	v, err := n.data(ctx, http.MethodGet, "rund/services", nil, nil, nil)
	l, _ := asObject(v)["services"].([]any)
	return l, err
}

// CreateService creates a service, e.g. {"type":"WATCHFOLDERD","run_as":{"user":"xfer"}}.
func (n *Client) CreateService(ctx context.Context, body Object) (Object, error) {
	v, err := n.data(ctx, http.MethodPost, "rund/services", nil, body, nil)
	return asObject(v), err
}

// DeleteService deletes a service.
func (n *Client) DeleteService(ctx context.Context, id string) error {
	_, err := n.data(ctx, http.MethodDelete, "rund/services/"+url.PathEscape(id), nil, nil, nil)
	return err
}

// WatchFolders returns the ids of the watch folders (GET /v3/watchfolders).
func (n *Client) WatchFolders(ctx context.Context) ([]any, error) {
	v, err := n.data(ctx, http.MethodGet, "v3/watchfolders", nil, nil, WatchfolderHeader)
	l, _ := asObject(v)["ids"].([]any)
	return l, err
}

// WatchFolder returns one watch folder.
func (n *Client) WatchFolder(ctx context.Context, id string) (Object, error) {
	v, err := n.data(ctx, http.MethodGet, "v3/watchfolders/"+url.PathEscape(id), nil, nil, WatchfolderHeader)
	return asObject(v), err
}

// CreateWatchFolder creates a watch folder; it returns its id.
func (n *Client) CreateWatchFolder(ctx context.Context, body Object) (Object, error) {
	v, err := n.data(ctx, http.MethodPost, "v3/watchfolders", nil, body, WatchfolderHeader)
	return asObject(v), err
}

// ModifyWatchFolder changes a watch folder.
func (n *Client) ModifyWatchFolder(ctx context.Context, id string, change Object) error {
	_, err := n.data(ctx, http.MethodPut, "v3/watchfolders/"+url.PathEscape(id), nil, change, WatchfolderHeader)
	return err
}

// WatchFolderState returns the state of a watch folder (GET /v3/watchfolders/{id}/state).
func (n *Client) WatchFolderState(ctx context.Context, id string) (Object, error) {
	v, err := n.data(ctx, http.MethodGet, "v3/watchfolders/"+url.PathEscape(id)+"/state", nil, nil, WatchfolderHeader)
	return asObject(v), err
}

// DeleteWatchFolder deletes a watch folder.
func (n *Client) DeleteWatchFolder(ctx context.Context, id string) error {
	_, err := n.data(ctx, http.MethodDelete, "v3/watchfolders/"+url.PathEscape(id), nil, nil, WatchfolderHeader)
	return err
}

// Permissions lists the permissions on a file id (GET /permissions?file_id=).
func (n *Client) Permissions(ctx context.Context, fileID string, inherited bool) (any, error) {
	q := url.Values{"file_id": {fileID}, "inherited": {strconv.FormatBool(inherited)}}
	return n.data(ctx, http.MethodGet, "permissions", q, nil, nil)
}

// CreatePermission grants access on a file id: {file_id, access_type, access_id, access_levels}.
func (n *Client) CreatePermission(ctx context.Context, body Object) (Object, error) {
	v, err := n.data(ctx, http.MethodPost, "permissions", nil, body, nil)
	return asObject(v), err
}

// DeletePermission removes a permission.
func (n *Client) DeletePermission(ctx context.Context, id string) error {
	_, err := n.data(ctx, http.MethodDelete, "permissions/"+url.PathEscape(id), nil, nil, nil)
	return err
}
