package faspex5sim

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// API is the path of the API v5.
const API = BasePath + "/api/v5"

func (s *Server) apiRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET "+API+"/version", s.user(func(w http.ResponseWriter, r *http.Request, c caller) {
		writeJSON(w, 200, obj{"version": Version})
	}))
	mux.HandleFunc("GET "+API+"/account", s.user(func(w http.ResponseWriter, r *http.Request, c caller) {
		writeJSON(w, 200, c.user.view())
	}))
	mux.HandleFunc("GET "+API+"/account/preferences", s.user(s.preferences))
	mux.HandleFunc("PUT "+API+"/account/preferences", s.user(s.modifyPreferences))
	mux.HandleFunc("GET "+API+"/contacts", s.user(s.listContacts))
	for _, box := range []string{"inbox", "inbox_history", "inbox_all", "inbox_all_history", "outbox", "outbox_history",
		"pending", "pending_history", "all", "global"} {
		mux.HandleFunc("GET "+API+"/"+box+"/packages", s.user(s.listBox(box)))
	}
	mux.HandleFunc("GET "+API+"/packages", s.admin(s.listBox("global")))
	mux.HandleFunc("GET "+API+"/shared_inboxes/{id}/packages", s.user(s.listGroup("shared_inbox")))
	mux.HandleFunc("GET "+API+"/workgroups/{id}/packages", s.user(s.listGroup("workgroup")))
	mux.HandleFunc("POST "+API+"/packages", s.any(s.createPackage))
	mux.HandleFunc("DELETE "+API+"/packages", s.user(s.deletePackages))
	mux.HandleFunc("GET "+API+"/packages/{id}", s.any(s.showPackage))
	mux.HandleFunc("GET "+API+"/packages/{id}/upload_details", s.any(s.uploadDetails))
	mux.HandleFunc("POST "+API+"/packages/{id}/transfer_spec/upload", s.any(s.uploadSpec))
	mux.HandleFunc("POST "+API+"/packages/{id}/transfer_spec/download", s.any(s.downloadSpec))
	mux.HandleFunc("POST "+API+"/packages/{id}/files/{box}/page", s.any(s.browsePackage))
	mux.HandleFunc("POST "+API+"/packages/{id}/remote_transfer", s.user(s.remoteTransfer))
	mux.HandleFunc("POST "+API+"/nodes/{id}/browse/page", s.admin(s.browseNode))
	s.sharedFolderRoutes(mux)
	s.adminRoutes(mux)
	s.settingsRoutes(mux)
	s.invitationRoutes(mux)
	s.memberRoutes(mux)
	s.processingRoutes(mux)
	s.samlGroupRoutes(mux)
}

// pageOf answers one page of items: offset and limit from the query, total_count.
func pageOf(w http.ResponseWriter, r *http.Request, key string, items []obj) {
	q := r.URL.Query()
	offset, _ := strconv.Atoi(q.Get("offset"))
	limit, err := strconv.Atoi(q.Get("limit"))
	if err != nil || limit <= 0 {
		limit = 100
	}
	offset = max(0, min(offset, len(items)))
	end := min(offset+limit, len(items))
	page := make([]any, 0, end-offset)
	for _, it := range items[offset:end] {
		page = append(page, it)
	}
	writeJSON(w, 200, obj{key: page, "total_count": len(items), "offset": offset, "limit": limit})
}

// matches tells whether an object matches the q search (name, title, email...).
func matches(o obj, q string) bool {
	if q == "" {
		return true
	}
	q = strings.ToLower(q)
	for _, k := range []string{"name", "title", "email", "note", "address_name"} {
		if v, ok := o[k].(string); ok && strings.Contains(strings.ToLower(v), q) {
			return true
		}
	}
	return false
}

func (s *Server) preferences(w http.ResponseWriter, r *http.Request, c caller) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := obj{"email": c.user.email, "locale": "en", "rows_per_page": 25, "show_only_completed_packages": false,
		"connect_disabled": false, "public_key": nil}
	if c.user.publicKey != "" {
		p["public_key"] = c.user.publicKey
	}
	for k, v := range s.prefs[c.user.id] {
		p[k] = v
	}
	writeJSON(w, 200, p)
}

func (s *Server) modifyPreferences(w http.ResponseWriter, r *http.Request, c caller) {
	var change obj
	if !readJSON(w, r, &change) {
		return
	}
	s.mu.Lock()
	if s.prefs[c.user.id] == nil {
		s.prefs[c.user.id] = obj{}
	}
	for k, v := range change {
		if k == "public_key" {
			if pem, ok := v.(string); ok {
				c.user.publicKey = pem
			}
			continue
		}
		s.prefs[c.user.id][k] = v
	}
	s.mu.Unlock()
	s.preferences(w, r, c)
}

func (s *Server) listContacts(w http.ResponseWriter, r *http.Request, c caller) {
	q := r.URL.Query()
	types := append(q["type[]"], q["type"]...)
	s.mu.Lock()
	var out []obj
	for _, o := range s.contacts() {
		if matches(o, q.Get("q")) && (len(types) == 0 || slices.Contains(types, o["type"].(string))) {
			out = append(out, o)
		}
	}
	s.mu.Unlock()
	pageOf(w, r, "contacts", out)
}

// filtered returns the views of packages, newest first, that keep says to list and that
// match the query's filters (status, upload_status, q) (s.mu held).
func (s *Server) filtered(r *http.Request, keep func(*pkg) bool) []obj {
	q := r.URL.Query()
	var out []obj
	for i := len(s.packages) - 1; i >= 0; i-- {
		p := s.packages[i]
		if !keep(p) {
			continue
		}
		v := s.view(p)
		if st := q.Get("status"); st != "" && v["status"] != st {
			continue
		}
		if st := q.Get("upload_status"); st != "" && v["upload_status"] != st {
			continue
		}
		if matches(v, q.Get("q")) {
			v["type"] = "inbox"
			out = append(out, v)
		}
	}
	return out
}

func (s *Server) listBox(box string) handler {
	return func(w http.ResponseWriter, r *http.Request, c caller) {
		s.mu.Lock()
		items := s.filtered(r, func(p *pkg) bool {
			sent, received := s.visible(c, p)
			switch box {
			case "inbox":
				return slices.ContainsFunc(p.recipients, func(rc recipient) bool { return rc.kind == "user" && rc.id == c.user.id })
			case "inbox_all":
				return received
			case "outbox":
				return sent
			case "all":
				return sent || received
			case "global":
				return c.user.admin
			}
			return false // history and pending boxes: nothing expires or waits here
		})
		s.mu.Unlock()
		pageOf(w, r, "packages", items)
	}
}

func (s *Server) listGroup(kind string) handler {
	return func(w http.ResponseWriter, r *http.Request, c caller) {
		s.mu.Lock()
		g := s.groupByID(kind, r.PathValue("id"))
		if g == nil || !(g.member(c.user) || c.user.admin) {
			s.mu.Unlock()
			writeError(w, r, http.StatusNotFound, "no "+strings.ReplaceAll(kind, "_", " ")+" "+r.PathValue("id"))
			return
		}
		items := s.filtered(r, func(p *pkg) bool {
			return slices.ContainsFunc(p.recipients, func(rc recipient) bool { return rc.kind == kind && rc.id == g.id })
		})
		s.mu.Unlock()
		pageOf(w, r, "packages", items)
	}
}

// findPackage returns the package of the request visible to the caller, or answers 404.
func (s *Server) findPackage(w http.ResponseWriter, r *http.Request, c caller) (*pkg, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.packageByID(r.PathValue("id"))
	if p != nil && s.canSee(c, p) {
		return p, true
	}
	writeError(w, r, http.StatusNotFound, "package "+r.PathValue("id")+" not found")
	return nil, false
}

func (s *Server) showPackage(w http.ResponseWriter, r *http.Request, c caller) {
	p, ok := s.findPackage(w, r, c)
	if !ok {
		return
	}
	s.mu.Lock()
	v := s.view(p)
	if r.URL.Query().Get("get_package_download_link") == "true" && c.user != nil {
		l := &link{passcode: randomHex(12), resource: "external_download_package", packageID: p.id, created: map[string]bool{}}
		s.links[l.passcode] = l
		v["pkg_download_context"] = l.context()
	}
	s.mu.Unlock()
	writeJSON(w, 200, v)
}

func (s *Server) uploadDetails(w http.ResponseWriter, r *http.Request, c caller) {
	p, ok := s.findPackage(w, r, c)
	if !ok {
		return
	}
	s.mu.Lock()
	status, bytes, _ := s.progress(p)
	s.mu.Unlock()
	d := obj{"upload_status": status, "bytes_written": strconv.FormatInt(bytes, 10), "bytes_total": strconv.FormatInt(bytes, 10),
		"start_time": stamp(p.created)}
	if status == "completed" {
		d["percentage_complete"], d["completion_time"] = "100", stamp(time.Now())
	}
	writeJSON(w, 200, d)
}

// createPackage creates a package: recipients are {name, recipient_type}; a public link's
// package goes to its dropbox.
func (s *Server) createPackage(w http.ResponseWriter, r *http.Request, c caller) {
	var body struct {
		Title      string           `json:"title"`
		Note       string           `json:"note"`
		Recipients []map[string]any `json:"recipients"`
		EAR        bool             `json:"ear_enabled"`
		Metadata   obj              `json:"metadata"`
	}
	if !readJSON(w, r, &body) {
		return
	}
	if body.Title == "" || len(body.Recipients) == 0 {
		writeError(w, r, http.StatusBadRequest, "title and recipients are required")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sender := c.user
	if c.link != nil {
		if c.link.packageID != "" {
			writeError(w, r, http.StatusForbidden, "this public link is for a download")
			return
		}
		sender = c.link.owner
	}
	p := &pkg{title: body.Title, note: body.Note, sender: sender, created: time.Now(), ear: body.EAR, metadata: body.Metadata}
	if p.metadata == nil {
		p.metadata = obj{}
	}
	for _, rc := range body.Recipients {
		name, _ := rc["name"].(string)
		kind, _ := rc["recipient_type"].(string)
		one, err := s.recipientOf(name, kind)
		if err != nil || (c.link != nil && one != c.link.recipient) {
			writeError(w, r, http.StatusBadRequest, "unknown recipient "+name)
			return
		}
		p.recipients = append(p.recipients, one)
	}
	p.id = s.nextID()
	if c.link != nil {
		c.link.created[p.id] = true
	}
	s.packages = append(s.packages, p)
	s.event("package_sent", "packages", sender, p)
	writeJSON(w, http.StatusCreated, s.view(p))
}

func (s *Server) deletePackages(w http.ResponseWriter, r *http.Request, c caller) {
	ids := strings.Split(r.URL.Query().Get("ids"), ",")
	s.mu.Lock()
	defer s.mu.Unlock()
	var failed, succeeded []any
	var errs []any
	for _, id := range ids {
		p := s.packageByID(id)
		if p == nil || !s.canSee(c, p) {
			failed = append(failed, id)
			errs = append(errs, obj{"id": id, "code": "not_found", "message": "package " + id + " not found"})
			continue
		}
		s.packages = slices.DeleteFunc(s.packages, func(x *pkg) bool { return x == p })
		_ = removeAll(s.dir(p))
		s.set.deleted = append(s.set.deleted, time.Now())
		s.event("package_deleted", "packages", c.user, p)
		succeeded = append(succeeded, id)
	}
	if len(failed) > 0 {
		writeJSON(w, http.StatusBadRequest, obj{"errors": errs, "details": obj{"failed": failed, "succeeded": nonNil(succeeded)}})
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func nonNil(l []any) []any {
	if l == nil {
		return []any{}
	}
	return l
}
