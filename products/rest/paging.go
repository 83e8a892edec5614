package rest

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// Paging says how a listing is paginated. The zero value is one request whose answer is the
// list (or holds it in its only list field).
type Paging struct {
	Style        string // "link" (RFC 8288 Link rel="next"), "token", "page", "offset", "" or "none" (one request)
	ItemsKey     string // field of an object answer holding the list (absent or null = empty page); "" = the answer is the list, or its only list field (several: an error naming them)
	PerPage      int    // page size sent (page: per_page; offset: limit; token: per_page); 0 = server default
	Max          int    // stop after Max items in all (0 = no limit)
	PMax         int    // stop after PMax pages (0 = no limit)
	TokenHeader  string // token: header of the next token; default X-Aspera-Next-Iteration-Token (else the answer's next_iteration_token or iteration_token field)
	TokenParam   string // token: query parameter of the token; default iteration_token
	PageParam    string // page: default "page"
	PerPageParam string // page and token: default "per_page"
	TotalHeader  string // header of the total, read in every style; default X-Total-Count
	OffsetParam  string // offset: default "offset"
	LimitParam   string // offset: default "limit"
	TotalKey     string // field of the total in an object answer, read in every style; default total_count
	InBody       bool   // offset: put offset and limit in the JSON body (a map[string]any, copied) instead of the query (node gen3 browse: skip/count)
}

func (p *Paging) defaults() {
	def := func(s *string, v string) {
		if *s == "" {
			*s = v
		}
	}
	def(&p.TokenHeader, "X-Aspera-Next-Iteration-Token")
	def(&p.TokenParam, "iteration_token")
	def(&p.PageParam, "page")
	def(&p.PerPageParam, "per_page")
	def(&p.TotalHeader, "X-Total-Count")
	def(&p.OffsetParam, "offset")
	def(&p.LimitParam, "limit")
	def(&p.TotalKey, "total_count")
}

// Iterator walks the items of a paginated listing. While the caller uses the items of a page,
// the next page is already being fetched (one page ahead, never more), so that a long listing
// costs the server's time or the caller's, not their sum. It is not safe for concurrent use:
// one goroutine calls Next; the prefetch runs on a goroutine of its own that touches nothing
// of the iterator but the channel it answers on.
type Iterator struct {
	c     *Client
	ctx   context.Context
	req   Request
	p     Paging
	items []any
	pos   int
	seen  int // items returned
	got   int // items received
	pages int
	total int
	last  *Response
	err   error
	done  bool
	url   *url.URL        // URL of the last page received
	next  string          // link: absolute URL of the next page; token: the next token
	used  map[string]bool // links or tokens already followed

	ahead  chan page          // the next page being fetched, nil when none
	cancel context.CancelFunc // stops that fetch
}

// page is a page fetched: the answer and its items, or the error.
type page struct {
	req     *Request
	url     *url.URL
	resp    *Response
	data    any
	items   []any
	sendErr error // the request failed (no page)
	readErr error // the answer is not a page
}

// Each returns an iterator over the items of req's listing; nothing is sent before the first
// Next. The iteration stops at Max items or PMax pages, on an error, and by style: link when
// there is no rel="next" link (resolved against the page's URL) or it was followed already;
// token when the next token is absent, empty or already used, or a page is empty; page on an
// empty page, when the items received reach the total, or on a page shorter than PerPage;
// offset on an empty page, when the offset reaches the total, or (total unknown) on a page
// shorter than PerPage; none after one page. An unknown style is an error at the first Next.
// From the first page on, the next page is requested as soon as the current one arrives
// (unless Max items or PMax pages are reached): a caller that stops early has caused at most
// one request more than it used, and should call Close to stop it at once; cancelling ctx
// stops it too.
func (c *Client) Each(ctx context.Context, req *Request, p Paging) *Iterator {
	p.defaults()
	switch p.Style {
	case "", "none", "link", "token", "page", "offset":
	default:
		return &Iterator{err: fmt.Errorf("unknown paging style %q (use link, token, page, offset or none)", p.Style), done: true, total: -1}
	}
	return &Iterator{c: c, ctx: ctx, req: *req, p: p, total: -1, used: map[string]bool{}}
}

// Next returns the next item; false at the end or after an error (see Err).
func (it *Iterator) Next() (any, bool) {
	for it.pos >= len(it.items) {
		if it.done || it.err != nil || (it.p.Max > 0 && it.seen >= it.p.Max) {
			return nil, false
		}
		it.fetch()
	}
	if it.p.Max > 0 && it.seen >= it.p.Max {
		return nil, false
	}
	item := it.items[it.pos]
	it.items[it.pos] = nil
	it.pos++
	it.seen++
	return item, true
}

// Close ends the iteration: a page being fetched ahead is abandoned (its request cancelled)
// and Close returns once its goroutine has ended. Next returns false afterwards. Close may be
// called more than once, and after the end.
func (it *Iterator) Close() {
	it.stopAhead()
	it.done, it.items, it.pos = true, nil, 0
}

// stopAhead cancels the page being fetched ahead, if any, and waits for its goroutine.
func (it *Iterator) stopAhead() {
	if it.ahead == nil {
		return
	}
	it.cancel()
	<-it.ahead
	it.ahead, it.cancel = nil, nil
}

// Err returns the error that stopped the iteration, if any.
func (it *Iterator) Err() error { return it.err }

// Pages returns the number of pages received so far (not counting one being fetched ahead).
func (it *Iterator) Pages() int { return it.pages }

// Total returns the total announced by the server, -1 when unknown.
func (it *Iterator) Total() int { return it.total }

// Page returns the answer of the last page received, nil before the first.
func (it *Iterator) Page() *Response { return it.last }

// fetch gets the next page into it.items (the one fetched ahead, else it fetches it now), or
// sets done/err; then it starts fetching the page after it.
func (it *Iterator) fetch() {
	var pg page
	if it.ahead != nil {
		pg = <-it.ahead
		it.cancel()
		it.ahead, it.cancel = nil, nil
	} else {
		req, u, ok := it.nextRequest()
		if !ok {
			return
		}
		pg = getPage(it.ctx, it.c, req, u, it.p.ItemsKey)
	}
	it.receive(pg)
	if it.err == nil && !it.done && (it.p.Max == 0 || it.got < it.p.Max) {
		it.prefetch()
	}
}

// nextRequest returns the request of the next page and its URL; false when there is none
// (done set) or on an error (err set).
func (it *Iterator) nextRequest() (*Request, *url.URL, bool) {
	if it.p.PMax > 0 && it.pages >= it.p.PMax {
		it.done = true
		return nil, nil, false
	}
	req, err := it.pageRequest()
	if err != nil {
		it.err = err
		return nil, nil, false
	}
	if req == nil {
		it.done = true
		return nil, nil, false
	}
	u, err := it.c.URL(req.Path, req.Query)
	if err != nil {
		it.err = err
		return nil, nil, false
	}
	return req, u, true
}

// prefetch starts fetching the next page, when there is one, on a goroutine.
func (it *Iterator) prefetch() {
	if it.p.PMax > 0 && it.pages >= it.p.PMax {
		return
	}
	req, err := it.pageRequest()
	if err != nil || req == nil {
		return // fetch finds the same answer when the caller gets there
	}
	u, err := it.c.URL(req.Path, req.Query)
	if err != nil {
		return
	}
	ctx, cancel := context.WithCancel(it.ctx)
	ch := make(chan page, 1)
	it.ahead, it.cancel = ch, cancel
	c, key := it.c, it.p.ItemsKey
	go func() { ch <- getPage(ctx, c, req, u, key) }()
}

// getPage sends the request of a page and reads its items. It touches no iterator state.
func getPage(ctx context.Context, c *Client, req *Request, u *url.URL, itemsKey string) page {
	pg := page{req: req, url: u}
	if pg.resp, pg.sendErr = c.Do(ctx, req); pg.sendErr != nil {
		return pg
	}
	if pg.data, pg.readErr = pg.resp.Data(); pg.readErr != nil {
		return pg
	}
	pg.items, pg.readErr = itemsOf(pg.data, itemsKey)
	return pg
}

// receive takes a page into the iterator: its items, the total, the next page or the end.
func (it *Iterator) receive(pg page) {
	it.url = pg.url
	if pg.sendErr != nil {
		it.err = pg.sendErr
		return
	}
	it.pages++
	it.last = pg.resp
	if pg.readErr != nil {
		it.err = fmt.Errorf("page %d of %s: %w", it.pages, pg.req.Path, pg.readErr)
		return
	}
	it.items, it.pos = pg.items, 0
	it.got += len(pg.items)
	it.afterPage(pg.resp, pg.data, len(pg.items))
}

// pageRequest returns the request of the next page, nil when there is none.
func (it *Iterator) pageRequest() (*Request, error) {
	r := it.req
	r.Query = cloneValues(it.req.Query)
	first := it.pages == 0
	switch it.p.Style {
	case "", "none":
		if !first {
			return nil, nil
		}
	case "link":
		if !first {
			if it.next == "" {
				return nil, nil
			}
			r.Path, r.Query = it.next, nil
		}
	case "token":
		if it.p.PerPage > 0 {
			r.Query.Set(it.p.PerPageParam, strconv.Itoa(it.p.PerPage))
		}
		if !first {
			if it.next == "" {
				return nil, nil
			}
			r.Query.Set(it.p.TokenParam, it.next)
		}
	case "page":
		r.Query.Set(it.p.PageParam, strconv.Itoa(it.pages+1))
		if it.p.PerPage > 0 {
			r.Query.Set(it.p.PerPageParam, strconv.Itoa(it.p.PerPage))
		}
	case "offset":
		if it.p.InBody {
			body, ok := it.req.JSON.(map[string]any)
			if it.req.JSON != nil && !ok {
				return nil, fmt.Errorf("offset paging in the body needs a JSON object body")
			}
			b := maps.Clone(body)
			if b == nil {
				b = map[string]any{}
			}
			b[it.p.OffsetParam] = it.got
			if it.p.PerPage > 0 {
				b[it.p.LimitParam] = it.p.PerPage
			}
			r.JSON = b
		} else {
			r.Query.Set(it.p.OffsetParam, strconv.Itoa(it.got))
			if it.p.PerPage > 0 {
				r.Query.Set(it.p.LimitParam, strconv.Itoa(it.p.PerPage))
			}
		}
	}
	if len(r.Query) == 0 {
		r.Query = nil
	}
	return &r, nil
}

// afterPage reads what the page says about the total and the next page, and decides whether
// there is one.
func (it *Iterator) afterPage(resp *Response, data any, n int) {
	// the total, whatever the style: a header (X-Total-Count) or a field (total_count)
	if t, err := strconv.Atoi(strings.TrimSpace(resp.Header.Get(it.p.TotalHeader))); err == nil && t >= 0 {
		it.total = t
	}
	if m, ok := data.(map[string]any); ok {
		if t, err := strconv.Atoi(scalar(m[it.p.TotalKey])); err == nil && t >= 0 {
			it.total = t
		}
	}
	switch it.p.Style {
	case "", "none":
		it.done = true
	case "link":
		it.next = ""
		if link := nextLink(resp.Header); link != "" {
			ref, err := url.Parse(link)
			if err != nil {
				it.err = fmt.Errorf("page %d: bad Link header URL: %w", it.pages, stripURLError(err))
				return
			}
			// relative to the page that gave it (RFC 8288, section 3.2)
			it.next = it.url.ResolveReference(ref).String()
		}
		if it.next == "" || it.used[it.next] {
			it.done = true
		}
		it.used[it.next] = true
	case "token":
		it.next = resp.Header.Get(it.p.TokenHeader)
		if it.next == "" {
			if m, ok := data.(map[string]any); ok {
				for _, k := range []string{"next_iteration_token", "iteration_token"} {
					if s, ok := m[k].(string); ok && s != "" {
						it.next = s
						break
					}
				}
			}
		}
		if it.next == "" || it.used[it.next] || n == 0 {
			it.done = true
		}
		it.used[it.next] = true
	case "page":
		if n == 0 || (it.total >= 0 && it.got >= it.total) || (it.p.PerPage > 0 && n < it.p.PerPage) {
			it.done = true
		}
	case "offset":
		if n == 0 || (it.total >= 0 && it.got >= it.total) || (it.total < 0 && it.p.PerPage > 0 && n < it.p.PerPage) {
			it.done = true
		}
	}
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// itemsOf finds the list of a page: the answer itself, its field key, or its only list field.
func itemsOf(data any, key string) ([]any, error) {
	if key != "" {
		m, ok := data.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("the answer is not an object with a field %q", key)
		}
		switch l := m[key].(type) {
		case []any:
			return l, nil
		case nil:
			return nil, nil
		}
		return nil, fmt.Errorf("field %q of the answer is not a list", key)
	}
	switch t := data.(type) {
	case nil:
		return nil, nil
	case []any:
		return t, nil
	case map[string]any:
		var lists []string
		for k, v := range t {
			if _, ok := v.([]any); ok {
				lists = append(lists, k)
			}
		}
		sort.Strings(lists)
		switch len(lists) {
		case 1:
			return t[lists[0]].([]any), nil
		case 0:
			return nil, fmt.Errorf("the answer holds no list")
		}
		return nil, fmt.Errorf("the answer holds several lists (%s): say which", strings.Join(lists, ", "))
	}
	return nil, fmt.Errorf("the answer is not a list")
}

// NextLink returns the target of the rel="next" link of RFC 8288 Link headers, or "" (the
// node's logs read the position reached from it).
func NextLink(h http.Header) string { return nextLink(h) }

// nextLink returns the target of the rel="next" link of RFC 8288 Link headers, or "".
func nextLink(h http.Header) string {
	for _, v := range h.Values("Link") {
		for _, part := range splitLinks(v) {
			part = strings.TrimSpace(part)
			if !strings.HasPrefix(part, "<") {
				continue
			}
			end := strings.Index(part, ">")
			if end < 0 {
				continue
			}
			target := part[1:end]
			for _, param := range strings.Split(part[end+1:], ";") {
				k, v, ok := strings.Cut(strings.TrimSpace(param), "=")
				if !ok || !strings.EqualFold(strings.TrimSpace(k), "rel") {
					continue
				}
				for _, rel := range strings.Fields(strings.Trim(strings.TrimSpace(v), `"`)) {
					if strings.EqualFold(rel, "next") {
						return target
					}
				}
			}
		}
	}
	return ""
}

// splitLinks splits a Link header on the commas that separate links (not those inside <>).
func splitLinks(v string) []string {
	var parts []string
	depth, start := 0, 0
	for i, r := range v {
		switch r {
		case '<':
			depth++
		case '>':
			depth--
		case ',':
			if depth == 0 {
				parts = append(parts, v[start:i])
				start = i + 1
			}
		}
	}
	return append(parts, v[start:])
}
