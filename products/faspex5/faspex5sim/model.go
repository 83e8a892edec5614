package faspex5sim

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"time"
)

// account is a user of the simulator.
type account struct {
	id, name, email, password, publicKey string
	admin                                bool
	external                             bool // an external collaborator (invited by email)
}

// kind is the account's type.
func (a *account) kind() string {
	if a.external {
		return "external_user"
	}
	return "local_user"
}

func (s *Server) addAccount(u User) *account {
	email := u.Email
	if email == "" {
		email = u.Name + "@example.com"
	}
	a := &account{id: s.nextID(), name: u.Name, email: email, password: u.Password, publicKey: u.PublicKey, admin: u.Admin}
	s.users = append(s.users, a)
	return a
}

// accountByName returns a user by login name or email (s.mu held).
func (s *Server) accountByName(name string) *account {
	for _, a := range s.users {
		if a.name == name || a.email == name {
			return a
		}
	}
	return nil
}

func (a *account) role() string {
	if a.admin {
		return "admin"
	}
	return "user"
}

// view is the account as the API shows it.
func (a *account) view() obj {
	return obj{"id": a.id, "name": a.name, "email": a.email, "first_name": a.name, "role": a.role(),
		"type": a.kind(), "status": "active", "account_activated": true}
}

// group is a shared inbox or a workgroup.
type group struct {
	id, kind, name string
	members        []string          // account ids
	levels         map[string]string // member access levels that are not the default
	saml           map[string]string // access level by SAML group id
	extra          obj               // other fields given at creation
}

func (s *Server) addGroup(kind, name string) *group {
	g := &group{id: s.nextID(), kind: kind, name: name, extra: obj{}}
	for _, a := range s.users {
		g.members = append(g.members, a.id)
	}
	s.groups = append(s.groups, g)
	return g
}

// collection is the API's name of the groups of a kind.
func collection(kind string) string {
	if kind == "workgroup" {
		return "workgroups"
	}
	return "shared_inboxes"
}

func (g *group) view() obj {
	v := obj{}
	for k, x := range g.extra {
		v[k] = x
	}
	v["id"], v["name"], v["user_can_manage"] = g.id, g.name, true
	return v
}

func (s *Server) groupByID(kind, id string) *group {
	for _, g := range s.groups {
		if g.kind == kind && g.id == id {
			return g
		}
	}
	return nil
}

func (s *Server) groupByName(name string) *group {
	for _, g := range s.groups {
		if g.name == name {
			return g
		}
	}
	return nil
}

func (g *group) member(a *account) bool { return a != nil && slices.Contains(g.members, a.id) }

// recipient is a recipient of a package: a user or a group.
type recipient struct {
	kind string // user, shared_inbox, workgroup
	id   string
	name string
}

func (r recipient) view() obj {
	return obj{"id": r.id, "name": r.name, "recipient_type": r.kind}
}

// pkg is a package.
type pkg struct {
	id, title, note string
	sender          *account
	recipients      []recipient
	created         time.Time
	ear             bool
	metadata        obj
	expected        []string // base names announced by the upload spec request; nil = not asked
	seeded          bool     // made complete by AddPackage
	// done caches the totals of a completed package (its files no longer change), so that a
	// listing of thousands of packages does not read thousands of folders.
	done *struct {
		bytes int64
		files int
	}
}

func (s *Server) dir(p *pkg) string { return filepath.Join(s.root, "packages", p.id) }

// nodePath is the package's folder on the embedded node.
func nodePath(p *pkg) string { return "/packages/" + p.id }

// progress returns the package's upload status, bytes and files on disk (s.mu held).
func (s *Server) progress(p *pkg) (string, int64, int) {
	if p.done != nil {
		return "completed", p.done.bytes, p.done.files
	}
	status, bytes, files := s.scan(p)
	if status == "completed" {
		p.done = &struct {
			bytes int64
			files int
		}{bytes, files}
	}
	return status, bytes, files
}

// scan reads the package's folder: its upload status, bytes and files.
func (s *Server) scan(p *pkg) (string, int64, int) {
	var bytes int64
	files := 0
	present := map[string]bool{}
	entries, _ := os.ReadDir(s.dir(p))
	for _, e := range entries {
		present[e.Name()] = true
		if info, err := e.Info(); err == nil && !e.IsDir() {
			bytes += info.Size()
			files++
		}
	}
	switch {
	case p.seeded:
		return "completed", bytes, files
	case p.expected == nil:
		return "submitted", bytes, files
	}
	for _, n := range p.expected {
		if !present[n] {
			return "transferring", bytes, files
		}
	}
	return "completed", bytes, files
}

// view is the package as the API shows it.
func (s *Server) view(p *pkg) obj {
	status, bytes, files := s.progress(p)
	recips := make([]any, len(p.recipients))
	for i, r := range p.recipients {
		recips[i] = r.view()
	}
	pkgStatus := "completed"
	if status != "completed" {
		pkgStatus = "uploading"
	}
	v := obj{"id": p.id, "title": p.title, "note": p.note, "recipients": recips, "created_time": stamp(p.created),
		"last_modified": stamp(p.created), "status": pkgStatus, "upload_status": status, "state": "released",
		"total_bytes": bytes, "total_files": files, "ear_enabled": p.ear, "metadata": p.metadata,
		"sender":         obj{"id": p.sender.id, "name": p.sender.name, "email": p.sender.email},
		"release_policy": "now", "expiration_policy": "none", "archived": false}
	if status == "completed" {
		v["upload_completion_time"] = stamp(p.created)
	}
	return v
}

// visible tells whether a caller sent a package and whether it is one of its recipients (a
// member of a recipient group counts); a public link sees its package, or those it sent.
func (s *Server) visible(c caller, p *pkg) (sent, received bool) {
	if c.link != nil {
		return false, c.link.packageID == p.id || c.link.created[p.id]
	}
	sent = p.sender == c.user
	for _, r := range p.recipients {
		switch r.kind {
		case "user":
			received = received || r.id == c.user.id
		default:
			if g := s.groupByID(r.kind, r.id); g != nil && g.member(c.user) {
				received = true
			}
		}
	}
	return sent, received
}

// canSee tells whether a caller may read a package: its sender, a recipient, an admin.
func (s *Server) canSee(c caller, p *pkg) bool {
	sent, received := s.visible(c, p)
	return sent || received || (c.user != nil && c.user.admin)
}

func (s *Server) packageByID(id string) *pkg {
	for _, p := range s.packages {
		if p.id == id {
			return p
		}
	}
	return nil
}

// link is a public link.
type link struct {
	passcode, resource string
	recipient          recipient // upload links: the dropbox
	packageID          string    // download links
	owner              *account  // who packages sent through the link come from
	created            map[string]bool
}

// context returns the link's context: base64 of a JSON object.
func (l *link) context() string {
	c := obj{"passcode": l.passcode, "resource_type": l.resource}
	if l.packageID != "" {
		c["package_id"] = l.packageID
	} else {
		c["recipient_type"], c["name"] = l.recipient.kind, l.recipient.name
	}
	b, _ := json.Marshal(c)
	return base64.StdEncoding.EncodeToString(b)
}

// Link makes a public link: to a shared inbox (upload, target its name) or to a package
// (download, target its id). It returns the link's URL.
func (s *Server) Link(kind, target string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.newLink(kind, target, s.users[0])
}

// newLink makes a public link (s.mu held): kind shared_inbox or user (an upload to the
// target of that name, its packages sent by owner) or package (a download of the target id).
func (s *Server) newLink(kind, target string, owner *account) (string, error) {
	l := &link{passcode: randomHex(12), created: map[string]bool{}, owner: owner}
	switch kind {
	case "shared_inbox":
		g := s.groupByName(target)
		if g == nil || g.kind != "shared_inbox" {
			return "", fmt.Errorf("no shared inbox %q", target)
		}
		l.resource, l.recipient = "external_upload_to_shared_inbox", recipient{kind: "shared_inbox", id: g.id, name: g.name}
	case "user":
		a := s.accountByName(target)
		if a == nil {
			return "", fmt.Errorf("no user %q", target)
		}
		l.resource, l.recipient = "external_upload_to_user", recipient{kind: "user", id: a.id, name: a.name}
	case "package":
		p := s.packageByID(target)
		if p == nil {
			return "", fmt.Errorf("no package %q", target)
		}
		l.resource, l.packageID = "external_download_package", p.id
	default:
		return "", fmt.Errorf("link kind %q: shared_inbox, user or package", kind)
	}
	s.links[l.passcode] = l
	page := "received"
	if l.packageID == "" {
		page = "dropbox"
	}
	return s.URL + "/public/" + page + "?context=" + l.context(), nil
}

// PackageFile is a file of a package made by AddPackage.
type PackageFile struct {
	Name string
	Data []byte
}

// AddPackage makes a complete package from sender to recipients (user or group names), its
// files written in its folder; it returns its id. Tests and benchmarks seed packages with it.
func (s *Server) AddPackage(title, sender string, recipients []string, files ...PackageFile) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	from := s.accountByName(sender)
	if from == nil {
		return "", fmt.Errorf("no user %q", sender)
	}
	p := &pkg{id: s.nextID(), title: title, sender: from, created: time.Now(), seeded: true, metadata: obj{}}
	for _, n := range recipients {
		r, err := s.recipientOf(n, "")
		if err != nil {
			return "", err
		}
		p.recipients = append(p.recipients, r)
	}
	if err := os.MkdirAll(s.dir(p), 0o755); err != nil {
		return "", err
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(s.dir(p), f.Name), f.Data, 0o644); err != nil {
			return "", err
		}
	}
	s.packages = append(s.packages, p)
	s.event("package_sent", "packages", from, p)
	return p.id, nil
}

// recipientOf resolves a recipient name (of kind, "" for any) (s.mu held).
func (s *Server) recipientOf(name, kind string) (recipient, error) {
	if kind == "" || kind == "user" {
		if a := s.accountByName(name); a != nil {
			return recipient{kind: "user", id: a.id, name: a.name}, nil
		}
	}
	if g := s.groupByName(name); g != nil && (kind == "" || kind == g.kind) {
		return recipient{kind: g.kind, id: g.id, name: g.name}, nil
	}
	return recipient{}, fmt.Errorf("no recipient %q", name)
}

// contacts are the users and groups a package may be sent to (s.mu held).
func (s *Server) contacts() []obj {
	var out []obj
	for _, a := range s.users {
		out = append(out, obj{"id": a.id, "name": a.name, "email": a.email, "type": "user"})
	}
	for _, g := range s.groups {
		out = append(out, obj{"id": g.id, "name": g.name, "type": g.kind})
	}
	sort.SliceStable(out, func(i, j int) bool { return fmt.Sprint(out[i]["name"]) < fmt.Sprint(out[j]["name"]) })
	return out
}
