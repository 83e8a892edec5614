package faspex

import (
	"context"
	"fmt"
	"html"
	"net/url"
	"slices"
	"strings"

	"github.com/asperalm/aslmcli/products/rest"
	"github.com/asperalm/aslmcli/transfer/spec"
)

// Boxes are the mailboxes of the v3 feeds.
var Boxes = []string{"inbox", "sent", "archive"}

// feedParams are the query parameters a feed takes.
var feedParams = []string{"startIndex", "count", "page"}

// checkBox returns the box, "inbox" when empty, or an ErrSetup naming the valid ones.
func checkBox(box string) (string, error) {
	if box == "" {
		return "inbox", nil
	}
	if !slices.Contains(Boxes, box) {
		return "", fmt.Errorf("%w: box %q: one of %s expected", ErrSetup, box, strings.Join(Boxes, ", "))
	}
	return box, nil
}

// Feed walks the packages of a mailbox, a page (an ATOM document) at a time.
type Feed struct {
	c     *Client
	ctx   context.Context
	box   string
	next  *rest.Request
	seen  map[string]bool
	page  []Object
	pos   int
	n     int
	max   int
	pages int
	err   error
}

// Packages returns the packages of box (inbox, sent, archive), newest first, lazily; q holds
// the feed's startIndex, count or page; max stops after max packages (0: all).
func (c *Client) Packages(ctx context.Context, box string, q url.Values, max int) (*Feed, error) {
	box, err := checkBox(box)
	if err != nil {
		return nil, err
	}
	for k := range q {
		if !slices.Contains(feedParams, k) {
			return nil, fmt.Errorf("%w: query: %q: the feeds take %s (and max)", ErrSetup, k, strings.Join(feedParams, ", "))
		}
	}
	if q.Has("startIndex") && q.Has("page") {
		return nil, fmt.Errorf("%w: query: startIndex and page are exclusive", ErrSetup)
	}
	return &Feed{c: c, ctx: ctx, box: box, max: max, seen: map[string]bool{},
		next: &rest.Request{Method: "GET", Path: box + ".atom", Query: q, Header: accept("application/xml")}}, nil
}

// Next returns the next package; false at the end or after an error (see Err).
func (f *Feed) Next() (Object, bool) {
	for f.pos >= len(f.page) {
		if f.next == nil || f.err != nil || (f.max > 0 && f.n >= f.max) {
			return nil, false
		}
		f.fetch()
	}
	if f.max > 0 && f.n >= f.max {
		return nil, false
	}
	o := f.page[f.pos]
	f.pos++
	f.n++
	return o, true
}

// Err returns the error that stopped the walk.
func (f *Feed) Err() error { return f.err }

// Pages returns the number of pages read.
func (f *Feed) Pages() int { return f.pages }

func (f *Feed) fetch() {
	req := f.next
	f.next = nil
	resp, err := f.c.API.Do(f.ctx, req)
	if err != nil {
		f.err = err
		return
	}
	f.pages++
	fd, err := parseFeed(resp.Body)
	if err != nil {
		f.err = fmt.Errorf("%s page %d: %w", f.box, f.pages, err)
		return
	}
	f.page, f.pos = f.page[:0], 0
	for i := range fd.Entries {
		e := &fd.Entries[i]
		if id := f.c.idOf(f.box, e); id != "" {
			f.page = append(f.page, e.Object(id))
		}
	}
	if len(fd.Entries) == 0 {
		return
	}
	if link := fd.next(); link != "" && !f.seen[link] {
		f.seen[link] = true
		f.next = &rest.Request{Method: "GET", Path: link, Header: accept("application/xml")}
	}
}

// idOf returns the id a package is received with from box: the user's recipient_delivery_id
// (inbox, archive), the delivery_id (sent).
func (c *Client) idOf(box string, e *Entry) string {
	if box == "sent" {
		return e.DeliveryID
	}
	return e.RecipientID(c.Recipient)
}

// Package returns the entry of a package of box: received/ID (inbox, archive) or sent/ID.
func (c *Client) Package(ctx context.Context, box, id string) (*Entry, error) {
	box, err := checkBox(box)
	if err != nil {
		return nil, err
	}
	path := "received/"
	if box == "sent" {
		path = "sent/"
	}
	resp, err := c.API.Do(ctx, &rest.Request{Method: "GET", Path: path + url.PathEscape(id), Header: accept("application/xml")})
	if err != nil {
		return nil, err
	}
	return parseEntry(resp.Body)
}

// DownloadSpec returns the spec that receives a package of box (its faspe: link, with a token
// issued when the link has none).
func (c *Client) DownloadSpec(ctx context.Context, box, id string) (spec.Spec, error) {
	e, err := c.Package(ctx, box, id)
	if err != nil {
		return nil, err
	}
	link := e.PackageLink()
	if link == "" {
		return nil, fmt.Errorf("%w: package %s has no content (deleted?)", ErrNotFound, id)
	}
	s, err := ParseFaspe(link)
	if err != nil {
		return nil, err
	}
	if s["token"] == nil {
		tok, err := c.IssueToken(ctx, link)
		if err != nil {
			return nil, err
		}
		s["token"] = tok
	}
	s["direction"] = "receive"
	return s, nil
}

// IssueToken asks a download token for a faspe: URI (POST issue-token?direction=down).
func (c *Client) IssueToken(ctx context.Context, link string) (string, error) {
	body := `<?xml version="1.0" encoding="UTF-8"?><url-list xmlns="http://schemas.asperasoft.com/xml/url-list"><url href="` +
		html.EscapeString(link) + `"/></url-list>`
	resp, err := c.API.Do(ctx, &rest.Request{Method: "POST", Path: "issue-token", Query: url.Values{"direction": {"down"}},
		Body: strings.NewReader(body), ContentType: "application/vnd.aspera.url-list+xml", Header: accept("text/plain")})
	if err != nil {
		return "", err
	}
	tok := strings.TrimSpace(string(resp.Body))
	if tok == "" {
		return "", fmt.Errorf("issue-token: empty answer")
	}
	return tok, nil
}

// Send is a package to send.
type Send struct {
	Title, Note string
	Recipients  []string
	Metadata    map[string]any
	Files       []string // local files (or the remote source's paths)
	SourceID    string   // a remote source: Faspex transfers the files itself
}

// SendPackage creates the package (POST send). Without a remote source it returns the spec of
// the upload (direction send, without paths: the caller sets the sources); with one, no spec
// and Faspex's answer (its links.status follows the package).
func (c *Client) SendPackage(ctx context.Context, p Send) (spec.Spec, Object, error) {
	if p.Title == "" || len(p.Recipients) == 0 {
		return nil, nil, fmt.Errorf("%w: a package needs a title and recipients", ErrSetup)
	}
	source := map[string]any{"paths": p.Files}
	if p.SourceID != "" {
		source["id"] = p.SourceID
	}
	delivery := map[string]any{"title": p.Title, "note": p.Note, "recipients": p.Recipients, "sources": []any{source},
		"send_upload_result": true, "use_encryption_at_rest": false}
	if len(p.Metadata) > 0 {
		delivery["metadata"] = p.Metadata
	}
	resp, err := c.API.Do(ctx, &rest.Request{Method: "POST", Path: "send", JSON: map[string]any{"delivery": delivery}, Header: accept("application/json")})
	if err != nil {
		return nil, nil, err
	}
	var out Object
	if err := resp.Decode(&out); err != nil {
		return nil, nil, fmt.Errorf("send: %w", err)
	}
	if e, ok := out["error"].(map[string]any); ok {
		return nil, out, fmt.Errorf("send: %v %v", e["user_message"], e["internal_message"])
	}
	if p.SourceID != "" {
		return nil, out, nil
	}
	sessions, _ := out["xfer_sessions"].([]any)
	if len(sessions) != 1 {
		return nil, out, fmt.Errorf("send: %d transfer sessions in the answer, one expected", len(sessions))
	}
	s, _ := sessions[0].(map[string]any)
	if s == nil {
		return nil, out, fmt.Errorf("send: the transfer session is not an object")
	}
	ts := spec.Spec(s)
	delete(ts, "paths")
	ts["direction"] = "send"
	return ts, out, nil
}
