// Package node is the client of the Node API of IBM Aspera HSTS and ATS, on which AoC, Shares and
// Faspex sit: the gen3 file API by path (/files/browse, create, rename, delete, search, du,
// contents, upload_setup, download_setup), the gen4 file API by id under an access key
// (/files/{id}, /files/{id}/files), access keys, /ops/transfers, events, usage, the legacy
// /async API, FASPStream /streams, /rund/services and /v3/watchfolders, the central API
// (central.go), and the Aspera node bearer tokens (bearer.go). It also holds the original
// tool's housekeeping (housekeeping.go: cleanup, forward and postprocess of the transfers
// logged since the last run, whose position a Persistency file keeps; since.go reads the logs
// from a position). It speaks through products/rest and knows no Lua.
//
// Results are plain decoded JSON (map[string]any, []any, json.Number) with the API's own field
// names, so that scripts see what the API documents.
//
// Decisions where the issue was silent:
//   - Listings are iterators that fetch lazily: gen3 browse pages with count/skip in the body
//     (1000 a page), gen4 listings with page/per_page and X-Total-Count, /ops/transfers with Link
//     headers.
//   - A gen3 answer with per-path errors ({"paths":[{"path":..,"error":{..}}]}) is returned as
//     PathResult values; the call fails (PathsError) only when every path failed, so that a
//     bulk delete reports each path.
//   - upload_setup/download_setup answers that carry an error inside a 200 are errors.
package node

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/asperalm/aslmcli/products/rest"
)

// Client is a Node API client.
type Client struct {
	API *rest.Client
}

// New returns a client over a REST client bound to the node's URL and credentials.
func New(api *rest.Client) *Client { return &Client{API: api} }

// Object is a decoded JSON object.
type Object = map[string]any

func asObject(v any) Object {
	m, _ := v.(map[string]any)
	return m
}

// Info returns GET /info.
func (n *Client) Info(ctx context.Context) (Object, error) {
	v, err := n.API.Get(ctx, "info", nil)
	return asObject(v), err
}

// Ping calls GET /ping (an empty 200 when the node is up).
func (n *Client) Ping(ctx context.Context) error {
	_, err := n.API.Do(ctx, &rest.Request{Path: "ping"})
	return err
}

// Space returns the free space of paths (POST /space).
func (n *Client) Space(ctx context.Context, paths ...string) ([]any, error) {
	v, err := n.API.Post(ctx, "space", Object{"paths": pathList(paths, nil)})
	if err != nil {
		return nil, err
	}
	l, _ := asObject(v)["paths"].([]any)
	return l, nil
}

func pathList(paths []string, extra func(string) Object) []any {
	out := make([]any, 0, len(paths))
	for _, p := range paths {
		o := Object{"path": p}
		if extra != nil {
			for k, v := range extra(p) {
				o[k] = v
			}
		}
		out = append(out, o)
	}
	return out
}

// BrowsePageSize is the number of entries asked per page of /files/browse.
const BrowsePageSize = 1000

// Browse lists a folder (POST /files/browse), page by page as the iterator is read. query
// holds more request fields (sort, filters...); count sets the page size. Browsing a file
// gives the file itself.
func (n *Client) Browse(ctx context.Context, path string, query Object, max int) *rest.Iterator {
	body := Object{}
	for k, v := range query {
		body[k] = v
	}
	body["path"] = path
	per := BrowsePageSize
	if c, ok := body["count"].(int64); ok && c > 0 {
		per = int(c)
	}
	delete(body, "count")
	delete(body, "skip")
	return n.API.Each(ctx, &rest.Request{Method: http.MethodPost, Path: "files/browse", JSON: body},
		rest.Paging{Style: "offset", InBody: true, OffsetParam: "skip", LimitParam: "count", PerPage: per,
			ItemsKey: "items", TotalKey: "total_count", Max: max})
}

// Search searches under path (POST /files/search); query holds the other request fields.
func (n *Client) Search(ctx context.Context, path string, query Object) (Object, error) {
	body := Object{}
	for k, v := range query {
		body[k] = v
	}
	body["path"] = path
	v, err := n.API.Post(ctx, "files/search", body)
	return asObject(v), err
}

// PathResult is the outcome of a gen3 operation on one path.
type PathResult struct {
	Path  string
	Error string // the node's message; "" on success
	Data  Object // the path's entry in the answer
}

// PathsError is returned when every path of a gen3 operation failed.
type PathsError struct{ Results []PathResult }

func (e *PathsError) Error() string {
	var parts []string
	for _, r := range e.Results {
		parts = append(parts, r.Path+": "+r.Error)
	}
	return strings.Join(parts, "; ")
}

// pathResults reads {"paths":[...]} answers.
func pathResults(v any, err error) ([]PathResult, error) {
	if err != nil {
		return nil, err
	}
	l, _ := asObject(v)["paths"].([]any)
	results := make([]PathResult, 0, len(l))
	failed := 0
	for _, item := range l {
		o := asObject(item)
		r := PathResult{Data: o}
		r.Path, _ = o["path"].(string)
		if e := o["error"]; e != nil {
			r.Error = rest.EmbeddedError(Object{"error": e})
			if r.Error == "" {
				r.Error = "failed"
			}
			failed++
		}
		results = append(results, r)
	}
	if failed > 0 && failed == len(results) {
		return results, &PathsError{Results: results}
	}
	return results, nil
}

// Create creates entries (POST /files/create); each entry has path and type (directory, file,
// symbolic_link) and, for files, contents (base64), for links, target {path}.
func (n *Client) Create(ctx context.Context, entries ...Object) ([]PathResult, error) {
	l := make([]any, len(entries))
	for i, e := range entries {
		l[i] = e
	}
	return pathResults(n.API.Post(ctx, "files/create", Object{"paths": l}))
}

// Mkdir creates folders (with their parents).
func (n *Client) Mkdir(ctx context.Context, paths ...string) ([]PathResult, error) {
	entries := make([]Object, len(paths))
	for i, p := range paths {
		entries[i] = Object{"path": p, "type": "directory"}
	}
	return n.Create(ctx, entries...)
}

// Mkfile creates a file with contents.
func (n *Client) Mkfile(ctx context.Context, path string, contents []byte) ([]PathResult, error) {
	return n.Create(ctx, Object{"path": path, "type": "file", "contents": base64.StdEncoding.EncodeToString(contents)})
}

// Mklink creates a symbolic link at link pointing to target.
func (n *Client) Mklink(ctx context.Context, target, link string) ([]PathResult, error) {
	return n.Create(ctx, Object{"path": link, "type": "symbolic_link", "target": Object{"path": target}})
}

// Rename moves source to destination, both relative to the folder path (POST /files/rename).
func (n *Client) Rename(ctx context.Context, path, source, destination string) ([]PathResult, error) {
	return pathResults(n.API.Post(ctx, "files/rename", Object{"paths": []any{Object{"path": path, "source": source, "destination": destination}}}))
}

// Delete deletes paths (folders recursively), one result per path (POST /files/delete).
func (n *Client) Delete(ctx context.Context, paths ...string) ([]PathResult, error) {
	return pathResults(n.API.Post(ctx, "files/delete", Object{"paths": pathList(paths, nil)}))
}

// Du returns the recursive size and counts of a path (POST /files/du).
func (n *Client) Du(ctx context.Context, path string) (Object, error) {
	v, err := n.API.Post(ctx, "files/du", Object{"path": path})
	return asObject(v), err
}

// Cat returns the contents of a file (GET /files/{uri_encoded_path}/contents; the node serves
// small files only).
func (n *Client) Cat(ctx context.Context, path string) ([]byte, error) {
	resp, err := n.API.Do(ctx, &rest.Request{Path: "files/" + url.PathEscape(path) + "/contents", Header: http.Header{"Accept": {"*/*"}}})
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}

// UploadSetup asks for the transfer spec of an upload to destination (POST
// /files/upload_setup); request holds more transfer_request fields. The returned spec has no
// paths: the caller adds its sources.
func (n *Client) UploadSetup(ctx context.Context, destination string, request Object) (Object, error) {
	tr := Object{}
	for k, v := range request {
		tr[k] = v
	}
	tr["paths"] = []any{Object{"destination": destination}}
	spec, err := n.setup(ctx, "files/upload_setup", tr)
	if spec != nil {
		delete(spec, "paths")
	}
	return spec, err
}

// DownloadSetup asks for the transfer spec of a download of sources (POST /files/download_setup).
func (n *Client) DownloadSetup(ctx context.Context, sources []string, request Object) (Object, error) {
	tr := Object{}
	for k, v := range request {
		tr[k] = v
	}
	l := make([]any, len(sources))
	for i, s := range sources {
		l[i] = Object{"source": s}
	}
	tr["paths"] = l
	return n.setup(ctx, "files/download_setup", tr)
}

// ErrSetup wraps an error a node returned inside a 200 answer to a *_setup request.
var ErrSetup = errors.New("transfer setup refused")

func (n *Client) setup(ctx context.Context, path string, tr Object) (Object, error) {
	v, err := n.API.Post(ctx, path, Object{"transfer_requests": []any{Object{"transfer_request": tr}}})
	if err != nil {
		return nil, err
	}
	if msg := rest.EmbeddedError(v); msg != "" {
		return nil, fmt.Errorf("%w: POST %s: %s", ErrSetup, path, msg)
	}
	specs, _ := asObject(v)["transfer_specs"].([]any)
	if len(specs) == 0 {
		return nil, fmt.Errorf("%w: POST %s: the answer holds no transfer spec", ErrSetup, path)
	}
	spec := asObject(asObject(specs[0])["transfer_spec"])
	if spec == nil {
		return nil, fmt.Errorf("%w: POST %s: the answer holds no transfer spec", ErrSetup, path)
	}
	return spec, nil
}
