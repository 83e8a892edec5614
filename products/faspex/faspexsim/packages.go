package faspexsim

import (
	"encoding/xml"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// nextID returns the next id of the sequence (s.mu held).
func (s *Server) nextID() string {
	s.seq++
	return strconv.Itoa(s.seq)
}

// user returns the account of a name or email, nil when none.
func (s *Server) user(name string) *User {
	for i := range s.cfg.Users {
		if u := &s.cfg.Users[i]; u.Name == name || strings.EqualFold(u.Email, name) {
			return u
		}
	}
	return nil
}

// create makes a package from sender to recipients (user names or emails, "*Uploads") and its
// folder (s.mu held).
func (s *Server) create(sender *User, title, note string, recipients []string, meta map[string]any) (*pkg, error) {
	var to []delivery
	for _, r := range recipients {
		r = strings.TrimSpace(r)
		if r == "*"+Dropbox {
			to = append(to, delivery{name: Dropbox, dropbox: true})
			continue
		}
		u := s.user(r)
		if u == nil {
			return nil, fmt.Errorf("unknown recipient %q", r)
		}
		to = append(to, delivery{name: u.Name, email: u.Email})
	}
	p := &pkg{deliveryID: s.nextID(), title: title, note: note, sender: sender, created: time.Now().UTC(), metadata: meta, passcode: randomHex(10), to: to}
	for i := range p.to {
		p.to[i].id = s.nextID()
	}
	if err := os.MkdirAll(s.dir(p), 0o755); err != nil {
		return nil, err
	}
	s.packages = append(s.packages, p)
	return p, nil
}

// dir is the package's folder.
func (s *Server) dir(p *pkg) string { return filepath.Join(s.root, "packages", p.deliveryID) }

// AddPackage makes a package from sender to recipients, holding files (name -> contents),
// and returns its delivery id.
func (s *Server) AddPackage(title, sender string, recipients []string, files map[string]string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.user(sender)
	if u == nil {
		return "", fmt.Errorf("no user %q", sender)
	}
	p, err := s.create(u, title, "", recipients, nil)
	if err != nil {
		return "", err
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(s.dir(p), filepath.Base(name)), []byte(data), 0o644); err != nil {
			return "", err
		}
	}
	return p.deliveryID, nil
}

// PublicLink returns the public link of a package (by delivery id), as Faspex mails it to an
// external recipient.
func (s *Server) PublicLink(deliveryID string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range s.packages {
		if p.deliveryID == deliveryID {
			return s.URL + "/external_deliveries/" + p.deliveryID + "?passcode=" + p.passcode, nil
		}
	}
	return "", fmt.Errorf("no package %q", deliveryID)
}

// receivedBy returns the delivery of p that u receives (theirs, or the dropbox's), nil if none.
func receivedBy(p *pkg, u *User) *delivery {
	for i := range p.to {
		if d := &p.to[i]; d.name == u.Name || d.dropbox {
			return d
		}
	}
	return nil
}

// faspe returns the package's faspe: link: its folder by local path, the transfer
// parameters, and a token when withToken (public links), its padding unencoded as Faspex 4
// writes it.
func (s *Server) faspe(p *pkg, withToken bool) string {
	host, _, _ := strings.Cut(strings.TrimPrefix(s.URL, "http://"), ":")
	path := (&url.URL{Path: filepath.ToSlash(s.dir(p))}).EscapedPath()
	q := "auth=no&v=2&port=33001&policy=fair&targetrate=100000&minrate=0&enc=aes128&httpport=8443&createpath=yes" +
		"&tags64=" + url.QueryEscape(tags64(p))
	if withToken {
		q += "&token=" + token(p)
	}
	return "faspe://xfer@" + host + ":33001" + path + "?" + q
}

// xFeed, xEntry... are the ATOM documents the simulator writes.
type xFeed struct {
	XMLName xml.Name `xml:"feed"`
	NS      string   `xml:"xmlns,attr"`
	PkgNS   string   `xml:"xmlns:package,attr"`
	Title   string   `xml:"title"`
	Links   []xLink  `xml:"link"`
	Entries []xEntry `xml:"entry"`
}

type xLink struct {
	Rel  string `xml:"rel,attr"`
	Href string `xml:"href,attr"`
}

type xPerson struct {
	Name  string `xml:"name"`
	Email string `xml:"email,omitempty"`
	RDID  string `xml:"recipient_delivery_id,omitempty"`
}

type xField struct {
	Name  string `xml:"name,attr"`
	Value string `xml:",chardata"`
}

type xEntry struct {
	XMLName    xml.Name  `xml:"entry"`
	NS         string    `xml:"xmlns,attr,omitempty"`
	PkgNS      string    `xml:"xmlns:package,attr,omitempty"`
	ID         string    `xml:"id"`
	Title      string    `xml:"title"`
	Summary    string    `xml:"summary"`
	Published  string    `xml:"published"`
	Updated    string    `xml:"updated"`
	Author     xPerson   `xml:"author"`
	To         []xPerson `xml:"to"`
	DeliveryID string    `xml:"package:delivery_id"`
	Links      []xLink   `xml:"link"`
	Metadata   []xField  `xml:"package:metadata>field"`
}

const atomNS, packageNS = "http://www.w3.org/2005/Atom", "http://schemas.asperasoft.com/xml/package"

// xentry returns the entry of p; the recipients' delivery ids are shown to the sender and
// to each recipient for their own delivery.
func (s *Server) xentry(p *pkg, withToken bool) xEntry {
	e := xEntry{ID: "urn:uuid:faspex-package-" + p.deliveryID, Title: p.title, Summary: p.note,
		Published: p.created.Format(time.RFC3339), Updated: p.created.Format(time.RFC3339),
		Author: xPerson{Name: p.sender.Name, Email: p.sender.Email}, DeliveryID: p.deliveryID}
	for _, d := range p.to {
		e.To = append(e.To, xPerson{Name: d.name, Email: d.email, RDID: d.id})
	}
	if entries, _ := os.ReadDir(s.dir(p)); len(entries) > 0 {
		e.Links = append(e.Links, xLink{Rel: "package", Href: s.faspe(p, withToken)})
	}
	for k, v := range p.metadata {
		e.Metadata = append(e.Metadata, xField{Name: k, Value: fmt.Sprint(v)})
	}
	return e
}

func writeXML(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	_, _ = io.WriteString(w, xml.Header)
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	_ = enc.Encode(v)
}

// feed answers BOX.atom: the packages of u in box, newest first, a page at a time.
func (s *Server) feed(w http.ResponseWriter, r *http.Request, u *User, box string) {
	q := r.URL.Query()
	count, start := s.cfg.PageSize, 0
	if n, err := strconv.Atoi(q.Get("count")); err == nil && n > 0 {
		count = n
	}
	if n, err := strconv.Atoi(q.Get("page")); err == nil && n > 1 {
		start = (n - 1) * count
	} else if n, err := strconv.Atoi(q.Get("startIndex")); err == nil && n > 0 {
		start = n
	}
	s.mu.Lock()
	var all []*pkg
	for i := len(s.packages) - 1; i >= 0; i-- {
		p := s.packages[i]
		if (box == "sent" && p.sender == u) || (box == "inbox" && receivedBy(p, u) != nil) {
			all = append(all, p) // archive: packages are never archived here
		}
	}
	f := xFeed{NS: atomNS, PkgNS: packageNS, Title: box}
	for i := start; i < len(all) && i < start+count; i++ {
		f.Entries = append(f.Entries, s.xentry(all[i], false))
	}
	s.mu.Unlock()
	if start+count < len(all) {
		next := url.Values{"count": {strconv.Itoa(count)}}
		if q.Has("startIndex") {
			next.Set("startIndex", strconv.Itoa(start+count))
		} else {
			next.Set("page", strconv.Itoa(start/count+2))
		}
		f.Links = append(f.Links, xLink{Rel: "next", Href: s.URL + "/" + box + ".atom?" + next.Encode()})
	}
	writeXML(w, f)
}

// entry answers received/ID (a recipient delivery id of u) or sent/ID (a delivery id of u's).
func (s *Server) entry(w http.ResponseWriter, r *http.Request, u *User, sent bool) {
	id := r.PathValue("id")
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range s.packages {
		if sent && p.deliveryID == id && p.sender == u {
			e := s.xentry(p, false)
			e.NS, e.PkgNS = atomNS, packageNS
			writeXML(w, e)
			return
		}
		if d := receivedBy(p, u); !sent && d != nil && d.id == id {
			e := s.xentry(p, false)
			e.NS, e.PkgNS = atomNS, packageNS
			writeXML(w, e)
			return
		}
	}
	writeError(w, http.StatusNotFound, "package "+id+" not found")
}

// publicLink answers external_deliveries/ID?passcode=: the entry, its link with a token; a
// wrong passcode gets the web application's HTML page.
func (s *Server) publicLink(w http.ResponseWriter, r *http.Request) {
	id, passcode := r.PathValue("id"), r.URL.Query().Get("passcode")
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range s.packages {
		if p.deliveryID == id && passcode != "" && p.passcode == passcode {
			e := s.xentry(p, true)
			e.NS, e.PkgNS = atomNS, packageNS
			writeXML(w, e)
			return
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = io.WriteString(w, "<!DOCTYPE html><html><body><p>This package is not available.</p></body></html>\n")
}

// hrefRE finds the href of an url-list document.
var hrefRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`<url\s+href="([^"]+)"`) })

// issueToken answers issue-token?direction=down for a faspe: link of a package u receives or
// sent: a token, as text.
func (s *Server) issueToken(w http.ResponseWriter, r *http.Request, u *User) {
	body, _ := io.ReadAll(r.Body)
	m := hrefRE().FindSubmatch(body)
	if r.URL.Query().Get("direction") != "down" || m == nil {
		writeError(w, http.StatusBadRequest, "expected direction=down and an url-list with one url")
		return
	}
	href := html.UnescapeString(string(m[1]))
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range s.packages {
		base, _, _ := strings.Cut(s.faspe(p, false), "?")
		if (p.sender == u || receivedBy(p, u) != nil) && strings.HasPrefix(href, base+"?") {
			w.Header().Set("Content-Type", "text/plain")
			_, _ = io.WriteString(w, token(p))
			return
		}
	}
	writeError(w, http.StatusForbidden, "no package of yours has this link")
}
