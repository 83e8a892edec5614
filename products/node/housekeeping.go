package node

import (
	"context"
	"fmt"
	"net/url"
)

// cleanup, forward and postprocess: the original tool's housekeeping commands (node.rb of
// 2018), which work on the transfers the node logged since the last run, whose position a
// Persistency keeps.
//
// Decisions where the original was silent or unsafe:
//   - The transfer filter (--transfer-filter) defaults to {"active_only":false}, as in the
//     original; the caller's filter replaces it.
//   - The state is committed only after the run succeeded, so a failed run is done again.
//   - cleanup without predicates deletes only what is safe to delete: the completed files of
//     completed transfers the node sent (it was their source); a predicate given replaces
//     that default.

// Batch is what the node logged since a persistency file's position.
type Batch struct {
	Transfers []Object // in log order
	Token     string   // the position reached
	p         *Persistency
}

// Commit records the batch as done in its persistency file, with what was done.
func (b *Batch) Commit(done []string) error { return b.p.Commit(b.Token, done) }

// defaultFilter is the original's --transfer-filter.
func defaultFilter(q url.Values) url.Values {
	if q == nil {
		return url.Values{"active_only": {"false"}}
	}
	return q
}

// NewTransfers lists the transfers of the node since p's position (query: the transfer
// filter; nil: active_only=false). Commit the batch when its work is done.
func (n *Client) NewTransfers(ctx context.Context, p *Persistency, query url.Values) (*Batch, error) {
	l, token, err := n.TransfersSince(ctx, defaultFilter(query), p.Token)
	if err != nil {
		return nil, fmt.Errorf("transfers since the last run: %w", err)
	}
	return &Batch{Transfers: l, Token: token, p: p}, nil
}

// files returns the file objects of a transfer.
func files(t Object) []Object {
	l, _ := t["files"].([]any)
	out := make([]Object, 0, len(l))
	for _, f := range l {
		if o := asObject(f); o != nil {
			out = append(out, o)
		}
	}
	return out
}

func startDirection(t Object) string {
	d, _ := asObject(t["start_spec"])["direction"].(string)
	return d
}

// selectPaths returns the paths of the files that pass file, of the transfers that pass
// transfer, in order, each once.
func selectPaths(transfers []Object, transfer, file func(map[string]any) bool) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range transfers {
		if !transfer(t) {
			continue
		}
		for _, f := range files(t) {
			p, _ := f["path"].(string)
			if p != "" && !seen[p] && file(f) {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	return out
}

// CleanupOptions are the filters of Cleanup.
type CleanupOptions struct {
	Query    url.Values                // transfer filter sent to /ops/transfers; nil: active_only=false
	Transfer func(map[string]any) bool // selects transfers (--filter-transfer); nil: completed ones the node sent
	File     func(map[string]any) bool // selects their files (--filter-file); nil: completed files
	DryRun   bool                      // select only: nothing deleted, nothing committed
}

// CleanupResult is what Cleanup did.
type CleanupResult struct {
	Transfers int          // transfers logged since the last run
	Selected  []string     // paths selected for deletion
	Deleted   []PathResult // the outcome of each deletion (empty on a dry run)
}

// Cleanup deletes the files of the transfers logged since p's position that the filters
// select (POST /files/delete), then commits p with the paths deleted. A path the node refuses
// (or that is gone already) is reported in Deleted and not tried again; a failed request
// commits nothing.
func (n *Client) Cleanup(ctx context.Context, p *Persistency, o CleanupOptions) (*CleanupResult, error) {
	transfer, file := o.Transfer, o.File
	if transfer == nil {
		transfer = func(t map[string]any) bool { return t["status"] == "completed" && startDirection(t) == "send" }
	}
	if file == nil {
		file = func(f map[string]any) bool { return f["status"] == "completed" }
	}
	b, err := n.NewTransfers(ctx, p, o.Query)
	if err != nil {
		return nil, err
	}
	res := &CleanupResult{Transfers: len(b.Transfers), Selected: selectPaths(b.Transfers, transfer, file)}
	if o.DryRun {
		return res, nil
	}
	var done []string
	if len(res.Selected) > 0 {
		results, err := n.Delete(ctx, res.Selected...)
		if _, all := err.(*PathsError); err != nil && !all {
			return nil, fmt.Errorf("cleanup: %w", err)
		}
		res.Deleted = results
		for _, r := range results {
			if r.Error == "" {
				done = append(done, r.Path)
			}
		}
	}
	return res, b.Commit(done)
}

// Arrivals returns what arrived on the node since p's position: the transfers the node
// received (start_spec.direction "receive") that completed, and their completed files'
// paths, each once, as the original forward selects them. Commit the batch once the files
// are handled.
func (n *Client) Arrivals(ctx context.Context, p *Persistency, query url.Values) (*Batch, []string, error) {
	b, err := n.NewTransfers(ctx, p, query)
	if err != nil {
		return nil, nil, err
	}
	received := func(t map[string]any) bool { return t["status"] == "completed" && startDirection(t) == "receive" }
	completed := func(f map[string]any) bool { return f["status"] == nil || f["status"] == "completed" }
	return b, selectPaths(b.Transfers, received, completed), nil
}

// ForwardOptions say what Forward does with the files that arrived.
type ForwardOptions struct {
	Query   url.Values // transfer filter; nil: active_only=false
	Request Object     // more transfer_request fields for download_setup
	Delete  bool       // delete the files from the node once downloaded
}

// ForwardResult is what Forward did.
type ForwardResult struct {
	Transfers int          // transfers logged since the last run
	Paths     []string     // the files that arrived
	Deleted   []PathResult // when Delete
}

// Forward downloads what arrived on the node since p's position: it asks download_setup for
// the spec of the files and hands it to download (the caller runs the transfer), deletes the
// files when asked, then commits p. Nothing arrived: nothing is downloaded, and p moves on.
// A failed download or a failed delete request commits nothing, so the next run tries again.
func (n *Client) Forward(ctx context.Context, p *Persistency, o ForwardOptions, download func(ctx context.Context, spec Object) error) (*ForwardResult, error) {
	b, paths, err := n.Arrivals(ctx, p, o.Query)
	if err != nil {
		return nil, err
	}
	res := &ForwardResult{Transfers: len(b.Transfers), Paths: paths}
	if len(paths) == 0 {
		return res, b.Commit(nil)
	}
	spec, err := n.DownloadSetup(ctx, paths, o.Request)
	if err != nil {
		return nil, fmt.Errorf("forward: %w", err)
	}
	if err := download(ctx, spec); err != nil {
		return nil, fmt.Errorf("forward: download: %w", err)
	}
	if o.Delete {
		results, err := n.Delete(ctx, paths...)
		if _, all := err.(*PathsError); err != nil && !all {
			return nil, fmt.Errorf("forward: delete: %w", err)
		}
		res.Deleted = results
	}
	return res, b.Commit(paths)
}

// Postprocess is the original's postprocess: it lists the transfers the node received since
// p's position (query merged over view=summary, direction=receive, active_only=false), for a
// post-processing step to act on, and commits p: each transfer is shown once.
func (n *Client) Postprocess(ctx context.Context, p *Persistency, query url.Values) ([]Object, error) {
	q := url.Values{"view": {"summary"}, "direction": {"receive"}, "active_only": {"false"}}
	for k, v := range query {
		q[k] = v
	}
	b, err := n.NewTransfers(ctx, p, q)
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(b.Transfers))
	for _, t := range b.Transfers {
		id, _ := t["id"].(string)
		ids = append(ids, id)
	}
	return b.Transfers, b.Commit(ids)
}
