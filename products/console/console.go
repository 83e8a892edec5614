// Package console is the client of the REST API of IBM Aspera Console (Basic authentication on
// <url>/api): the transfers Console monitors (list in a time window with filters, details,
// files, and the controls pause, resume, cancel, rerun...), smart transfers (list, submit),
// and a health check. It speaks through products/rest and knows no Lua.
//
// Decisions where the issue and the API were silent:
//   - The URL is Console's own (https://host/aspera/console); the API is below it at /api.
//   - A listing without from/to covers the last 24 hours, as ascli does. The window's dates
//     are read by ParseDate (the manual's forms and ISO 8601) and sent in UTC, the zone
//     Console's API documents (ascli sent local time unmarked: a bug this client fixes).
//   - A filter expression "(field op value)and(field op value)..." is turned into the
//     API's filter1/comp1/val1, filter2/... parameters; explicit filterN parameters of the
//     query are kept.
//   - Console answers lists whole (no paging): listings are iterators of one request, so that
//     callers stream them the same way as the paged APIs; --query max cuts them.
//   - Health: GET /api/ssh_keys answers when the API is up and the credentials work.
package console

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/asperalm/aslmcli/products/oauth"
	"github.com/asperalm/aslmcli/products/rest"
)

// Client is a Console API client.
type Client struct {
	API *rest.Client
}

// Object is a decoded JSON object.
type Object = map[string]any

// New returns a client over a REST client bound to <url>/api and its credentials.
func New(api *rest.Client) *Client { return &Client{API: api} }

// NewFromOptions returns the client of the Console at url (its own URL, the API being
// url/api): the authentication is Basic unless o says otherwise.
func NewFromOptions(consoleURL string, o oauth.Options, env oauth.Env) (*Client, error) {
	if strings.TrimSpace(consoleURL) == "" {
		return nil, usagef("the Console URL is required")
	}
	base := strings.TrimSuffix(strings.TrimSpace(consoleURL), "/") + "/api"
	if o.Type == "" && o.Grant == "" {
		o.Type = "basic"
	}
	auth, err := oauth.Authenticator(o, base, env)
	if err != nil {
		return nil, err
	}
	api, err := rest.New(base, auth, env.HTTP)
	if err != nil {
		return nil, err
	}
	return New(api), nil
}

// DefaultWindow is the age of the oldest transfers listed when no date is given.
const DefaultWindow = 24 * time.Hour

// ListOptions select the transfers of Transfers.
type ListOptions struct {
	// From and To bound the window, as the user wrote them (see ParseDate); "" takes the
	// query's from/to, else the last DefaultWindow.
	From, To string
	// Query holds more parameters of the API (filter1, comp1, val1...); "filter" is an
	// expression "(field op value)and(...)"; "from" and "to" are dates as above.
	Query map[string]any
	// Now is the time "now" and "-<num>h" are counted from (zero: the clock).
	Now time.Time
	// Location is the zone of dates written without one (nil: local time).
	Location *time.Location
}

// Values returns the query parameters of the listing: from and to in the API's form, the
// filter expression expanded, the other fields as they are.
func (o ListOptions) Values() (url.Values, error) {
	now := o.Now
	if now.IsZero() {
		now = time.Now()
	}
	q := url.Values{}
	var filter string
	for k, v := range o.Query {
		text := fmt.Sprint(v)
		switch k {
		case "filter":
			filter = text
		case "from", "to":
			if k == "from" && o.From == "" || k == "to" && o.To == "" {
				t, err := ParseDate(text, now, o.Location)
				if err != nil {
					return nil, fmt.Errorf("query %s: %w", k, err)
				}
				q.Set(k, FormatDate(t))
			}
		default:
			q.Set(k, text)
		}
	}
	for k, v := range map[string]string{"from": o.From, "to": o.To} {
		if v == "" {
			continue
		}
		t, err := ParseDate(v, now, o.Location)
		if err != nil {
			return nil, fmt.Errorf("--filter-%s: %w", k, err)
		}
		q.Set(k, FormatDate(t))
	}
	if q.Get("from") == "" && q.Get("to") == "" {
		q.Set("from", FormatDate(now.Add(-DefaultWindow)))
		q.Set("to", FormatDate(now))
	}
	if filter != "" {
		if err := AddFilter(q, filter); err != nil {
			return nil, err
		}
	}
	return q, nil
}

var filterTerm = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(\S+) (\S+) (.*)$`) })

// AddFilter expands "(field op value)and(field op value)..." into filterN, compN, valN
// parameters of q, numbered after those q has.
func AddFilter(q url.Values, expr string) error {
	e := strings.TrimSpace(expr)
	if !strings.HasPrefix(e, "(") || !strings.HasSuffix(e, ")") {
		return usagef("filter %q: expected (field op value)and(field op value)...", expr)
	}
	n := 1
	for q.Has("filter" + strconv.Itoa(n)) {
		n++
	}
	for _, term := range strings.Split(e[1:len(e)-1], ")and(") {
		m := filterTerm().FindStringSubmatch(term)
		if m == nil {
			return usagef("filter term %q: expected <field> <op> <value>", term)
		}
		i := strconv.Itoa(n)
		q.Set("filter"+i, m[1])
		q.Set("comp"+i, m[2])
		q.Set("val"+i, m[3])
		n++
	}
	return nil
}

// Transfers lists the transfers of a window (GET /transfers), lazily.
func (c *Client) Transfers(ctx context.Context, o ListOptions, max int) (*rest.Iterator, error) {
	q, err := o.Values()
	if err != nil {
		return nil, err
	}
	return c.API.Each(ctx, &rest.Request{Path: "transfers", Query: q}, rest.Paging{Max: max}), nil
}

// Transfer returns the details of a transfer (GET /transfers/{id}).
func (c *Client) Transfer(ctx context.Context, id string) (Object, error) {
	v, err := c.API.Get(ctx, "transfers/"+url.PathEscape(id), nil)
	return asObject(v), err
}

// DefaultFilesLimit is the number of files asked when the query sets no limit.
const DefaultFilesLimit = 100

// TransferFiles lists the files of a transfer (GET /transfers/{id}/files; limit defaults to
// DefaultFilesLimit).
func (c *Client) TransferFiles(ctx context.Context, id string, query url.Values, max int) *rest.Iterator {
	q := url.Values{}
	for k, v := range query {
		q[k] = v
	}
	if q.Get("limit") == "" {
		q.Set("limit", strconv.Itoa(DefaultFilesLimit))
	}
	return c.API.Each(ctx, &rest.Request{Path: "transfers/" + url.PathEscape(id) + "/files", Query: q}, rest.Paging{Max: max})
}

// Actions are the controls of a transfer (PUT /transfers/{id}/{action}).
var Actions = []string{"start", "pause", "resume", "cancel", "rerun", "change_rate", "change_policy", "move_forwards", "move_back"}

// Control applies an action to a transfer (PUT /transfers/{id}/{action}) with its parameters
// (change_rate: target_rate_kbps...), and returns Console's answer.
func (c *Client) Control(ctx context.Context, id, action string, params Object) (Object, error) {
	if !slices.Contains(Actions, action) {
		return nil, usagef("unknown transfer action %q (use %s)", action, strings.Join(Actions, ", "))
	}
	body := params
	if body == nil {
		body = Object{}
	}
	v, err := c.API.Put(ctx, "transfers/"+url.PathEscape(id)+"/"+action, body)
	return asObject(v), err
}

// SmartTransfers lists the smart transfers (GET /smart_transfers).
func (c *Client) SmartTransfers(ctx context.Context, max int) *rest.Iterator {
	return c.API.Each(ctx, &rest.Request{Path: "smart_transfers"}, rest.Paging{Max: max})
}

// SubmitSmartTransfer starts a smart transfer (POST /smart_transfers/{id}) with its
// parameters (e.g. {"source":{"paths":["a"]},"source_type":"user_selected"}); Console answers
// the transfers it created.
func (c *Client) SubmitSmartTransfer(ctx context.Context, id string, params Object) (any, error) {
	if params == nil {
		params = Object{}
	}
	return c.API.Post(ctx, "smart_transfers/"+url.PathEscape(id), params)
}

// Health checks that the API answers with the credentials (GET /ssh_keys): one line per
// component, {component, status ("ok" or "critical"), message}.
func (c *Client) Health(ctx context.Context) []any {
	line := Object{"component": "console api", "status": "ok", "message": "accessible"}
	if _, err := c.API.Do(ctx, &rest.Request{Method: http.MethodGet, Path: "ssh_keys"}); err != nil {
		line["status"], line["message"] = "critical", err.Error()
	}
	return []any{line}
}

func asObject(v any) Object {
	m, _ := v.(map[string]any)
	return m
}
