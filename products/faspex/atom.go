package faspex

import (
	"encoding/xml"
	"fmt"
	"strings"
)

// feed is an ATOM feed of packages (inbox.atom, sent.atom, archive.atom).
type feed struct {
	Links   []atomLink `xml:"link"`
	Entries []Entry    `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Href string `xml:"href,attr"`
}

// Person is an author or a recipient of an entry.
type Person struct {
	Name                string `xml:"name"`
	Email               string `xml:"email"`
	RecipientDeliveryID string `xml:"recipient_delivery_id"`
}

// Entry is a package of a feed, or the answer of received/ID, sent/ID and of a public link.
type Entry struct {
	ID         string     `xml:"id"`
	Title      string     `xml:"title"`
	Summary    string     `xml:"summary"`
	Published  string     `xml:"published"`
	Updated    string     `xml:"updated"`
	Author     Person     `xml:"author"`
	To         []Person   `xml:"to"`
	DeliveryID string     `xml:"delivery_id"`
	Links      []atomLink `xml:"link"`
	Metadata   struct {
		Fields []struct {
			Name  string `xml:"name,attr"`
			Value string `xml:",chardata"`
		} `xml:"field"`
	} `xml:"metadata"`
}

// parseFeed decodes a feed.
func parseFeed(data []byte) (*feed, error) {
	var f feed
	if err := xml.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("the answer is not an ATOM feed: %w", err)
	}
	return &f, nil
}

// parseEntry decodes one entry (the document's root is the entry).
func parseEntry(data []byte) (*Entry, error) {
	var e Entry
	if err := xml.Unmarshal(data, &e); err != nil {
		return nil, fmt.Errorf("the answer is not a package entry: %w", err)
	}
	return &e, nil
}

// next returns the feed's rel="next" link, "" when there is none.
func (f *feed) next() string {
	for _, l := range f.Links {
		if l.Rel == "next" {
			return l.Href
		}
	}
	return ""
}

// PackageLink returns the faspe: URI of the package ("" when the package has no content, e.g.
// deleted).
func (e *Entry) PackageLink() string {
	for _, l := range e.Links {
		if l.Rel == "package" {
			return l.Href
		}
	}
	return ""
}

// RecipientID returns the recipient_delivery_id of the recipient named name (a dropbox's
// "*name" also matches "name"), "" when none.
func (e *Entry) RecipientID(name string) string {
	names := []string{name}
	if strings.HasPrefix(name, "*") {
		names = append(names, name[1:])
	}
	for _, t := range e.To {
		for _, n := range names {
			if t.Name == n && t.RecipientDeliveryID != "" {
				return t.RecipientDeliveryID
			}
		}
	}
	return ""
}

// Object returns the entry as the command shows it, package_id set to id.
func (e *Entry) Object(id string) Object {
	to := make([]any, len(e.To))
	for i, t := range e.To {
		to[i] = Object{"name": t.Name, "email": t.Email, "recipient_delivery_id": t.RecipientDeliveryID}
	}
	meta := Object{}
	for _, f := range e.Metadata.Fields {
		meta[f.Name] = f.Value
	}
	items := 0
	for _, l := range e.Links {
		if l.Rel == "package" {
			items++
		}
	}
	o := Object{"package_id": id, "id": e.ID, "title": e.Title, "note": e.Summary, "published": e.Published,
		"author": Object{"name": e.Author.Name, "email": e.Author.Email}, "to": to, "delivery_id": e.DeliveryID,
		"items": items, "metadata": meta}
	if l := e.PackageLink(); l != "" {
		o["link"] = l
	}
	return o
}
