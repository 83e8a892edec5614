// Package connectfeed reads IBM Aspera Connect's public version feed (connectversions.js on
// Aspera's CDN): the Connect builds per platform, each with its links (installers, documents,
// release notes), and downloads a link's file.
//
// The feed is a JavaScript assignment `AW4.connectVersions = {...};` whose object holds
// "entries" (ids are not unique: the feed reuses one id for several titles, so entries are
// found by id or by title, the first one that matches, as the original tool did). A link's
// href is relative to the feed's folder unless absolute. Decisions: a download writes to a
// temporary file in the destination folder and renames it when complete (no partial file is
// left: products/rest's Download, which resumes a partial file left by an interrupted try);
// the file's name is the last part of the href's path and must be a plain name.
package connectfeed

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/asperalm/aslmcli/products/rest"
)

// DefaultURL is the public Connect version feed.
const DefaultURL = "https://d3gcli72yxqn2z.cloudfront.net/connect/connectversions.js"

// ErrNotFound is returned when no entry or link has the name asked for.
var ErrNotFound = errors.New("not found")

// maxFeed bounds the size of the feed read (it is a few hundred kB).
const maxFeed = 16 << 20

// Feed is a fetched feed: its entries, as the feed gives them, where it came from, and the
// client that fetched it (downloads use it).
type Feed struct {
	URL     string
	Entries []map[string]any
	client  *rest.Client
}

// Fetch gets and parses the feed at feedURL (DefaultURL when empty) with the HTTP settings s
// (nil: defaults).
func Fetch(ctx context.Context, s *rest.Settings, feedURL string) (*Feed, error) {
	if feedURL == "" {
		feedURL = DefaultURL
	}
	c, err := rest.New(feedURL, nil, s)
	if err != nil {
		return nil, fmt.Errorf("connect feed: %w", err)
	}
	resp, err := c.Stream(ctx, &rest.Request{Path: feedURL, NoAuth: true})
	if err != nil {
		return nil, fmt.Errorf("connect feed: %w", err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxFeed))
	if err != nil {
		return nil, fmt.Errorf("connect feed %s: %w", feedURL, err)
	}
	entries, err := Parse(b)
	if err != nil {
		return nil, fmt.Errorf("connect feed %s: %w", feedURL, err)
	}
	return &Feed{URL: feedURL, Entries: entries, client: c}, nil
}

// Parse reads the entries of the feed's text: the object after the first " = " up to the
// last ";" (or the whole text when it is plain JSON).
func Parse(b []byte) ([]map[string]any, error) {
	text := bytes.TrimSpace(b)
	if len(text) == 0 || text[0] != '{' {
		i := bytes.Index(text, []byte("="))
		if i < 0 {
			return nil, errors.New("not a Connect version feed (no assignment)")
		}
		text = bytes.TrimSpace(text[i+1:])
		text = bytes.TrimSpace(bytes.TrimSuffix(text, []byte(";")))
	}
	var doc struct {
		Entries []map[string]any `json:"entries"`
	}
	if err := json.Unmarshal(text, &doc); err != nil {
		return nil, fmt.Errorf("not a Connect version feed: %w", err)
	}
	if doc.Entries == nil {
		return nil, errors.New("not a Connect version feed (no entries)")
	}
	return doc.Entries, nil
}

// Entry returns the first entry whose id or title is name.
func (f *Feed) Entry(name string) (map[string]any, error) {
	for _, e := range f.Entries {
		if e["id"] == name || e["title"] == name {
			return e, nil
		}
	}
	return nil, fmt.Errorf("connect entry %q: %w", name, ErrNotFound)
}

// Links returns the links of an entry.
func Links(entry map[string]any) []map[string]any {
	raw, _ := entry["links"].([]any)
	links := make([]map[string]any, 0, len(raw))
	for _, l := range raw {
		if m, ok := l.(map[string]any); ok {
			links = append(links, m)
		}
	}
	return links
}

// Link returns the first link of an entry whose title is title.
func Link(entry map[string]any, title string) (map[string]any, error) {
	for _, l := range Links(entry) {
		if l["title"] == title {
			return l, nil
		}
	}
	return nil, fmt.Errorf("connect link %q: %w", title, ErrNotFound)
}

// Info returns the entry without its links (the manual's `info` shows them with `links list`).
func Info(entry map[string]any) map[string]any {
	out := make(map[string]any, len(entry))
	for k, v := range entry {
		if k != "links" {
			out[k] = v
		}
	}
	return out
}

// Resolve returns the absolute URL of a link's href (relative to the feed's folder).
func (f *Feed) Resolve(link map[string]any) (string, error) {
	href, _ := link["href"].(string)
	if href == "" {
		return "", fmt.Errorf("connect link %v has no href", link["title"])
	}
	base, err := url.Parse(f.URL)
	if err != nil {
		return "", fmt.Errorf("feed URL %s: %w", f.URL, err)
	}
	ref, err := url.Parse(href)
	if err != nil {
		return "", fmt.Errorf("link href %s: %w", href, err)
	}
	return base.ResolveReference(ref).String(), nil
}

// Download saves the file of a link into folder and returns its path. The file appears only
// when complete; a partial file left by an interrupted download is resumed.
func (f *Feed) Download(ctx context.Context, link map[string]any, folder string) (string, error) {
	u, err := f.Resolve(link)
	if err != nil {
		return "", err
	}
	pu, _ := url.Parse(u)
	name := path.Base(pu.Path)
	if name == "" || name == "." || name == "/" || name == ".." || strings.ContainsAny(name, `/\`) {
		return "", fmt.Errorf("connect link %s: no file name in its URL", u)
	}
	if st, err := os.Stat(folder); err != nil || !st.IsDir() {
		return "", fmt.Errorf("download %s: destination %s is not a folder", name, folder)
	}
	dest := filepath.Join(folder, name)
	if _, err := f.client.Download(ctx, &rest.Request{Path: u, NoAuth: true}, dest, nil); err != nil {
		return "", fmt.Errorf("download %s: %w", name, err)
	}
	return dest, nil
}
