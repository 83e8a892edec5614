package node

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strconv"

	"github.com/asperalm/aslmcli/products/rest"
)

// The logs of a node read from a position: /ops/transfers and /events answer a page after an
// iteration_token, and link (RFC 8288 rel="next") to the position the page reached, even on
// the last page, so that a later call gets only what changed since (the IBM aspera-cli sources
// keep that token in a persistency file). A transfer that changes after it was listed (it
// ends, say) is listed again after its change.

// TransfersSince lists /ops/transfers after token ("": from the start) to the end, with the
// filters of query (count, active_only, direction, view...), and returns the transfers and
// the position reached, to give as token next time.
func (n *Client) TransfersSince(ctx context.Context, query url.Values, token string) ([]Object, string, error) {
	return n.since(ctx, "ops/transfers", query, token)
}

// EventsSince lists /events after token ("": from the start) to the end, with the filters of
// query (count, type, type_glob[], after_time), and returns the events and the position
// reached.
func (n *Client) EventsSince(ctx context.Context, query url.Values, token string) ([]Object, string, error) {
	return n.since(ctx, "events", query, token)
}

// maxSincePages bounds a walk, so that a node whose links never end cannot loop it forever.
const maxSincePages = 100000

func (n *Client) since(ctx context.Context, path string, query url.Values, token string) ([]Object, string, error) {
	var out []Object
	for pages := 0; pages < maxSincePages; pages++ {
		q := url.Values{}
		for k, v := range query {
			q[k] = v
		}
		if token != "" {
			q.Set("iteration_token", token)
		}
		resp, err := n.API.Do(ctx, &rest.Request{Path: path, Query: q})
		if err != nil {
			return nil, "", err
		}
		v, err := resp.Data()
		if err != nil {
			return nil, "", fmt.Errorf("GET %s: %w", path, err)
		}
		items, ok := v.([]any)
		if !ok && v != nil {
			return nil, "", fmt.Errorf("GET %s: the answer is %T, not a list", path, v)
		}
		for _, it := range items {
			out = append(out, asObject(it))
		}
		next := linkToken(resp)
		if next == "" || next == token || len(items) == 0 {
			if next != "" {
				token = next
			}
			return out, token, nil
		}
		token = next
	}
	return nil, "", fmt.Errorf("GET %s: more than %d pages", path, maxSincePages)
}

// linkToken returns the iteration_token of the rel="next" link of a page, or "".
func linkToken(resp *rest.Response) string {
	link := rest.NextLink(resp.Header)
	if link == "" {
		return ""
	}
	u, err := url.Parse(link)
	if err != nil {
		return ""
	}
	return u.Query().Get("iteration_token")
}

// Query turns a JSON filter object (--transfer-filter, --query) into query parameters: strings
// as they are, numbers and booleans as JSON writes them, lists as repeated parameters, objects
// as JSON text.
func Query(filter Object) url.Values {
	q := url.Values{}
	keys := make([]string, 0, len(filter))
	for k := range filter {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		switch v := filter[k].(type) {
		case nil:
		case []any:
			for _, e := range v {
				q.Add(k, scalar(e))
			}
		default:
			q.Set(k, scalar(v))
		}
	}
	return q
}

func scalar(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case bool:
		return strconv.FormatBool(t)
	case json.Number:
		return t.String()
	case int:
		return strconv.Itoa(t)
	case int64:
		return strconv.FormatInt(t, 10)
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
