package faspex5

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/asperalm/aslmcli/products/rest"
	"github.com/asperalm/aslmcli/transfer/spec"
)

// Boxes are Faspex's mailboxes (GET /{box}/packages); "global" is every package of the server
// (admin). BoxAll (ascli's ALL) lists GET /packages.
var Boxes = []string{"inbox", "inbox_history", "inbox_all", "inbox_all_history", "outbox", "outbox_history",
	"pending", "pending_history", "all", "global"}

// BoxAll is the box of every package (GET /packages, admin).
const BoxAll = "ALL"

// DefaultBox is the box of listings when none is given (ascli's).
const DefaultBox = "inbox_all"

// Group types: what a box that is not a mailbox names.
const (
	GroupSharedInboxes = "shared_inboxes"
	GroupWorkgroups    = "workgroups"
)

// PageSize is the number of items asked per page of a listing.
const PageSize = 1000

// BrowsePageSize is the number of entries asked per page of a browse.
const BrowsePageSize = 500

// Mailbox says which packages: a box of Boxes, BoxAll, or a shared inbox or workgroup.
type Mailbox struct {
	Box         string // a mailbox, ALL, or the name of a shared inbox (workgroup with GroupType workgroups); "" = DefaultBox
	GroupType   string // shared_inboxes (default) or workgroups
	SharedInbox string // a shared inbox's name (wins over Box)
	Workgroup   string // a workgroup's name (wins over Box)
}

// group returns the group type and name of a shared inbox or workgroup mailbox, "" otherwise.
func (m Mailbox) group() (string, string) {
	switch {
	case m.SharedInbox != "":
		return GroupSharedInboxes, m.SharedInbox
	case m.Workgroup != "":
		return GroupWorkgroups, m.Workgroup
	case m.Box == "" || m.Box == BoxAll || slices.Contains(Boxes, m.Box):
		return "", ""
	case m.GroupType == GroupWorkgroups:
		return GroupWorkgroups, m.Box
	}
	return GroupSharedInboxes, m.Box
}

// Sent reports whether the packages of the mailbox are ones the user sent (outbox, ALL): their
// files are downloaded as "sent".
func (m Mailbox) Sent() bool {
	if g, _ := m.group(); g != "" {
		return false
	}
	return m.Box == "outbox" || m.Box == "outbox_history" || m.Box == BoxAll
}

// Check tells whether the mailbox is well formed.
func (m Mailbox) Check() error {
	if m.GroupType != "" && m.GroupType != GroupSharedInboxes && m.GroupType != GroupWorkgroups {
		return fmt.Errorf("%w: group type %q: shared_inboxes or workgroups expected", ErrSetup, m.GroupType)
	}
	return nil
}

// Group returns the id of a shared inbox or workgroup by its exact name.
func (c *Client) Group(ctx context.Context, groupType, name string) (Object, error) {
	it := c.API.Each(ctx, &rest.Request{Path: groupType, Query: url.Values{"q": {name}}},
		rest.Paging{Style: "offset", PerPage: PageSize, ItemsKey: groupType})
	for v, ok := it.Next(); ok; v, ok = it.Next() {
		if o := asObject(v); o["name"] == name {
			return o, nil
		}
	}
	if err := it.Err(); err != nil {
		return nil, err
	}
	what := "shared inbox"
	if groupType == GroupWorkgroups {
		what = "workgroup"
	}
	return nil, fmt.Errorf("%w: no %s named %q", ErrNotFound, what, name)
}

// PackagesPath returns the listing path of a mailbox, resolving a group's name.
func (c *Client) PackagesPath(ctx context.Context, m Mailbox) (string, error) {
	if err := m.Check(); err != nil {
		return "", err
	}
	if gt, name := m.group(); gt != "" {
		g, err := c.Group(ctx, gt, name)
		if err != nil {
			return "", err
		}
		return gt + "/" + url.PathEscape(fmt.Sprint(g["id"])) + "/packages", nil
	}
	switch m.Box {
	case "":
		return DefaultBox + "/packages", nil
	case BoxAll:
		return "packages", nil
	}
	return m.Box + "/packages", nil
}

// Packages lists the packages of a mailbox, page by page as the iterator is read; query holds
// the API's filters (status, q...), max stops after max packages (0: all).
func (c *Client) Packages(ctx context.Context, m Mailbox, query url.Values, max int) (*rest.Iterator, error) {
	path, err := c.PackagesPath(ctx, m)
	if err != nil {
		return nil, err
	}
	return c.API.Each(ctx, &rest.Request{Path: path, Query: query},
		rest.Paging{Style: "offset", PerPage: PageSize, ItemsKey: "packages", Max: max}), nil
}

// Package returns one package (GET /packages/{id}); query may ask for links
// (get_package_download_link...).
func (c *Client) Package(ctx context.Context, id string, query url.Values) (Object, error) {
	return c.get(ctx, "packages/"+url.PathEscape(id), query)
}

// recipientQuery returns the recipient_user_id or recipient_workgroup_id that the files
// endpoints of a package need when its first recipient is a user, workgroup or shared inbox.
func (c *Client) recipientQuery(ctx context.Context, id string) (url.Values, error) {
	p, err := c.Package(ctx, id, nil)
	if err != nil {
		return nil, err
	}
	q := url.Values{}
	if l, _ := p["recipients"].([]any); len(l) > 0 {
		r := asObject(l[0])
		rid := fmt.Sprint(r["id"])
		switch r["recipient_type"] {
		case "workgroup", "shared_inbox":
			q.Set("recipient_workgroup_id", rid)
		case "user":
			q.Set("recipient_user_id", rid)
		}
	}
	return q, nil
}

// filesOf is the files endpoint of a package: received, or sent for a sender's mailbox.
func filesOf(m Mailbox) string {
	if m.Sent() {
		return "sent"
	}
	return "received"
}

// Browse lists a folder of a package (POST /packages/{id}/files/{received|sent}/page), page by
// page as the iterator is read.
func (c *Client) Browse(ctx context.Context, id string, m Mailbox, path string, max int) (*rest.Iterator, error) {
	q, err := c.recipientQuery(ctx, id)
	if err != nil {
		return nil, err
	}
	return c.browsePages(ctx, "packages/"+url.PathEscape(id)+"/files/"+filesOf(m)+"/page", q, path, max), nil
}

// UploadDetails returns the upload status of a package (GET /packages/{id}/upload_details),
// with the package's id added.
func (c *Client) UploadDetails(ctx context.Context, id string) (Object, error) {
	o, err := c.get(ctx, "packages/"+url.PathEscape(id)+"/upload_details", nil)
	if o != nil {
		o["id"] = id
	}
	return o, err
}

// TerminalStatuses are the upload statuses WaitStatus stops on by default.
var TerminalStatuses = []string{"completed", "failed"}

// Poll is how often WaitStatus asks.
var Poll = time.Second

// WaitStatus asks the upload status of a package until it is one of states (nil:
// TerminalStatuses); each answer goes to seen (may be nil). ctx stops the wait.
func (c *Client) WaitStatus(ctx context.Context, id string, states []string, seen func(Object)) (Object, error) {
	if len(states) == 0 {
		states = TerminalStatuses
	}
	for {
		st, err := c.UploadDetails(ctx, id)
		if err != nil {
			return nil, err
		}
		if seen != nil {
			seen(st)
		}
		if s, _ := st["upload_status"].(string); slices.Contains(states, s) {
			return st, nil
		}
		select {
		case <-ctx.Done():
			return st, ctx.Err()
		case <-time.After(Poll):
		}
	}
}

// MaxDeleteIDs is how many packages one DELETE /packages removes at most.
const MaxDeleteIDs = 25

// Delete deletes packages (DELETE /packages?ids=...), MaxDeleteIDs a request.
func (c *Client) Delete(ctx context.Context, ids ...string) error {
	for len(ids) > 0 {
		n := min(len(ids), MaxDeleteIDs)
		if _, err := c.API.Delete(ctx, "packages", url.Values{"ids": {strings.Join(ids[:n], ",")}}); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}

// RecipientFields are the fields of a package creation that hold recipients.
var RecipientFields = []string{"recipients", "private_recipients", "notified_on_upload", "notified_on_download", "notified_on_receipt"}

// Recipient resolves a recipient given by name through /contacts: {name, recipient_type}.
// types restricts the contact types (nil: any).
func (c *Client) Recipient(ctx context.Context, name string, types []string) (Object, error) {
	q := url.Values{"q": {name}, "context": {"packages"}}
	for _, t := range types {
		q.Add("type[]", t)
	}
	it := c.API.Each(ctx, &rest.Request{Path: "contacts", Query: q}, rest.Paging{Style: "offset", PerPage: PageSize, ItemsKey: "contacts"})
	var exact, folded []Object
	var names []string
	for v, ok := it.Next(); ok; v, ok = it.Next() {
		o := asObject(v)
		n, _ := o["name"].(string)
		names = append(names, n)
		switch {
		case n == name:
			exact = append(exact, o)
		case strings.EqualFold(n, name):
			folded = append(folded, o)
		}
	}
	if err := it.Err(); err != nil {
		return nil, err
	}
	match := exact
	if len(match) == 0 {
		match = folded
	}
	switch len(match) {
	case 1:
		return Object{"name": match[0]["name"], "recipient_type": match[0]["type"]}, nil
	case 0:
		if len(names) == 0 {
			return nil, fmt.Errorf("%w: no contact named %q", ErrNotFound, name)
		}
		return nil, fmt.Errorf("%w: no contact named %q (close: %s)", ErrNotFound, name, strings.Join(names, ", "))
	}
	return nil, fmt.Errorf("%w: several contacts named %q", ErrSetup, name)
}

// normalizeRecipients replaces the recipients given as names by {name, recipient_type}.
func (c *Client) normalizeRecipients(ctx context.Context, pkg Object) error {
	for _, field := range RecipientFields {
		l, ok := pkg[field].([]any)
		if !ok {
			if s, isText := pkg[field].(string); isText {
				l = []any{}
				for _, n := range strings.Split(s, ",") {
					l = append(l, strings.TrimSpace(n))
				}
			} else {
				continue
			}
		}
		out := make([]any, len(l))
		for i, r := range l {
			name, isName := r.(string)
			if !isName {
				out[i] = r
				continue
			}
			o, err := c.Recipient(ctx, name, nil)
			if err != nil {
				return fmt.Errorf("%s: %w", field, err)
			}
			out[i] = o
		}
		pkg[field] = out
	}
	return nil
}

// PrepareSend returns the body of a package creation: a copy of pkg with the recipients given
// by name resolved, the public link's recipient when pkg has none, and ear_enabled when the
// user's spec asks for content protection.
func (c *Client) PrepareSend(ctx context.Context, pkg Object, protect bool) (Object, error) {
	body := Object{}
	for k, v := range pkg {
		body[k] = v
	}
	if _, ok := body["recipients"]; !ok && c.Link != nil && c.Link["recipient_type"] != nil {
		body["recipients"] = []any{Object{"name": c.Link["name"], "recipient_type": c.Link["recipient_type"]}}
	}
	if t, _ := body["title"].(string); t == "" {
		return nil, fmt.Errorf("%w: the package needs a title", ErrSetup)
	}
	if _, ok := body["recipients"]; !ok {
		return nil, fmt.Errorf("%w: the package needs recipients", ErrSetup)
	}
	if err := c.normalizeRecipients(ctx, body); err != nil {
		return nil, err
	}
	if _, set := body["ear_enabled"]; protect && !set {
		body["ear_enabled"] = true
	}
	return body, nil
}

// CreatePackage creates a package (POST /packages) from a prepared body.
func (c *Client) CreatePackage(ctx context.Context, body Object) (Object, error) {
	return c.call(ctx, http.MethodPost, "packages", nil, body)
}

// forAgents removes what a Connect spec holds that an agent must not get.
func forAgents(v Object) spec.Spec {
	delete(v, "authentication")
	return spec.Spec(v)
}

// UploadSpec returns the transfer spec of the upload of files into a package (POST
// /packages/{id}/transfer_spec/upload?transfer_type=connect), without paths: the caller sets
// its sources.
func (c *Client) UploadSpec(ctx context.Context, id string, files []string) (spec.Spec, error) {
	l := make([]any, len(files))
	for i, f := range files {
		l[i] = f
	}
	v, err := c.call(ctx, http.MethodPost, "packages/"+url.PathEscape(id)+"/transfer_spec/upload",
		url.Values{"transfer_type": {"connect"}}, Object{"paths": l})
	if err != nil {
		return nil, err
	}
	delete(v, "paths")
	return forAgents(v), nil
}

// DownloadSpec returns the transfer spec of the download of a package's files (POST
// /packages/{id}/transfer_spec/download?transfer_type=connect&type=received|sent): paths
// chooses files (partial receive), none for the whole package.
func (c *Client) DownloadSpec(ctx context.Context, id string, m Mailbox, paths []string) (spec.Spec, error) {
	q, err := c.recipientQuery(ctx, id)
	if err != nil {
		return nil, err
	}
	q.Set("transfer_type", "connect")
	q.Set("type", filesOf(m))
	body := Object{}
	if len(paths) > 0 {
		l := make([]any, len(paths))
		for i, p := range paths {
			l[i] = Object{"path": p}
		}
		body["paths"] = l
	}
	v, err := c.call(ctx, http.MethodPost, "packages/"+url.PathEscape(id)+"/transfer_spec/download", q, body)
	if err != nil {
		return nil, err
	}
	return forAgents(v), nil
}

// NeedsPassword reports whether a spec has content protection and no password yet.
func NeedsPassword(s spec.Spec) bool {
	cp, _ := s["content_protection"].(string)
	pw, _ := s["content_protection_password"].(string)
	return cp != "" && pw == ""
}

// RemoteTransfer fills a created package with files of a shared folder (by id or name, see
// SharedFolder): POST /packages/{id}/remote_transfer?shared_folder_id=... with the paths, as
// the document says (ascli sends the id in the body); Faspex transfers them itself. password
// is the content protection passphrase of a protected package ("" none). It returns the
// transfer's first status.
func (c *Client) RemoteTransfer(ctx context.Context, id, sharedFolder string, paths []string, password string) (Object, error) {
	if len(paths) == 0 {
		return nil, fmt.Errorf("%w: no file of the shared folder to send", ErrSetup)
	}
	sf, err := c.SharedFolder(ctx, sharedFolder)
	if err != nil {
		return nil, err
	}
	l := make([]any, len(paths))
	for i, p := range paths {
		l[i] = p
	}
	body := Object{"paths": l}
	if password != "" {
		body["content_protection_passphrase"] = password
	}
	return c.call(ctx, http.MethodPost, "packages/"+url.PathEscape(id)+"/remote_transfer",
		url.Values{"shared_folder_id": {fmt.Sprint(sf["id"])}}, body)
}

// SendRemote sends a package of files of a shared folder: the package is prepared (see
// PrepareSend) and created, then filled by RemoteTransfer. It returns the package and the
// transfer's first status; the package is left as created when the transfer is refused.
func (c *Client) SendRemote(ctx context.Context, pkg Object, sharedFolder string, paths []string, password string) (Object, Object, error) {
	if len(paths) == 0 {
		return nil, nil, fmt.Errorf("%w: no file of the shared folder to send", ErrSetup)
	}
	if _, err := c.SharedFolder(ctx, sharedFolder); err != nil {
		return nil, nil, err // before the package is made
	}
	body, err := c.PrepareSend(ctx, pkg, password != "")
	if err != nil {
		return nil, nil, err
	}
	created, err := c.CreatePackage(ctx, body)
	if err != nil {
		return nil, nil, err
	}
	tr, err := c.RemoteTransfer(ctx, fmt.Sprint(created["id"]), sharedFolder, paths, password)
	if err != nil {
		return created, nil, fmt.Errorf("package %v: %w", created["id"], err)
	}
	return created, tr, nil
}

// FileStatuses lists the file processing statuses of a package's files (GET
// /packages/{id}/file_statuses, admin), page by page.
func (c *Client) FileStatuses(ctx context.Context, id string, max int) *rest.Iterator {
	return c.API.Each(ctx, &rest.Request{Path: "packages/" + url.PathEscape(id) + "/file_statuses"},
		rest.Paging{Style: "offset", PerPage: PageSize, ItemsKey: "files", Max: max})
}

// NextFiles takes the files waiting for processing (POST /file_processing, admin or an
// external processor's client): Faspex hands them over (they become processing), page by
// page as the iterator is read.
func (c *Client) NextFiles(ctx context.Context, max int) *rest.Iterator {
	return c.API.Each(ctx, &rest.Request{Method: http.MethodPost, Path: "file_processing"},
		rest.Paging{Style: "offset", PerPage: PageSize, ItemsKey: "files", Max: max})
}

// SetFileStatuses reports the processing statuses of files (PUT /file_processing with
// {"files": [{id, status, message}]}); Faspex answers the files updated and, with a 207, the
// errors of the others, which is an error here.
func (c *Client) SetFileStatuses(ctx context.Context, body Object) (Object, error) {
	resp, err := c.API.Do(ctx, &rest.Request{Method: http.MethodPut, Path: "file_processing", JSON: body})
	if err != nil {
		return nil, err
	}
	v, err := resp.Data()
	o := asObject(v)
	if err == nil && resp.Status == http.StatusMultiStatus {
		err = fmt.Errorf("file_processing: some files were not updated: %v", o["errors"])
	}
	return o, err
}

// ReceivableIDs returns the ids of the completed packages of a mailbox, in the listing's
// order, without those seen says were received already (seen may be nil).
func (c *Client) ReceivableIDs(ctx context.Context, m Mailbox, seen func(string) bool) ([]string, error) {
	it, err := c.Packages(ctx, m, url.Values{"status": {"completed"}}, 0)
	if err != nil {
		return nil, err
	}
	var ids []string
	for v, ok := it.Next(); ok; v, ok = it.Next() {
		id := fmt.Sprint(asObject(v)["id"])
		if seen == nil || !seen(id) {
			ids = append(ids, id)
		}
	}
	return ids, it.Err()
}
