package aocsim

import (
	"context"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

func (s *Server) packageRoutes(mux *http.ServeMux, v1 string) {
	mux.HandleFunc("GET "+v1+"packages", s.user(s.listPackages))
	mux.HandleFunc("POST "+v1+"packages", s.user(s.createPackage))
	mux.HandleFunc("GET "+v1+"packages/{id}", s.user(s.showPackage))
	mux.HandleFunc("PUT "+v1+"packages/{id}", s.user(s.modifyPackage))
	mux.HandleFunc("DELETE "+v1+"packages/{id}", s.user(s.deletePackage))
}

// recipientOf tells whether the session's user receives pkg: named in its recipients, a
// member of a group or of a shared inbox it was sent to.
func (s *Server) recipientOf(pkg object, userID string) bool {
	for _, r := range append(list(pkg["recipients"]), list(pkg["bcc_recipients"])...) {
		rm, _ := r.(object)
		id, typ := idText(rm["id"]), idText(rm["type"])
		switch typ {
		case "user":
			if id == userID {
				return true
			}
		case "group":
			for _, m := range s.st.groupMemb.all() {
				if idText(m["group_id"]) == id && idText(m["member_id"]) == userID {
					return true
				}
			}
		case "dropbox":
			if s.dropboxMember(id, userID) {
				return true
			}
		}
	}
	return false
}

func (s *Server) dropboxMember(dropboxID, userID string) bool {
	for _, m := range s.st.dbMemb.all() {
		if idText(m["dropbox_id"]) == dropboxID && idText(m["member_id"]) == userID {
			return true
		}
	}
	return false
}

func list(v any) []any {
	l, _ := v.([]any)
	return l
}

// visible tells whether the caller may see pkg: its sender, a recipient, or a public link
// of its shared inbox.
func (s *Server) visible(pkg object, sess *session) bool {
	sender, _ := pkg["sender"].(object)
	if sess.link != nil {
		return idText(sender["id"]) == "link_"+sess.link.id
	}
	return idText(sender["id"]) == sess.userID || s.recipientOf(pkg, sess.userID)
}

// packageView is a package as its caller sees it: received when he is a recipient.
func (s *Server) packageView(pkg object, sess *session) object {
	out := object{}
	for k, v := range pkg {
		out[k] = v
	}
	out["received"] = s.recipientOf(pkg, sess.userID)
	return out
}

// listPackages filters by the query's fields, the box filters of the IBM sources included:
// received (the caller is a recipient), dropbox_id, exclude_dropbox_packages, sender_id,
// archived, has_content, completed, sent, workspace_id.
func (s *Server) listPackages(w http.ResponseWriter, r *http.Request, sess *session) {
	q := r.URL.Query()
	s.mu.Lock()
	var out []object
	for _, p := range s.st.packages.all() {
		if !s.visible(p, sess) {
			continue
		}
		v := s.packageView(p, sess)
		if d := q.Get("dropbox_id"); d != "" && !sentTo(p, "dropbox", d) {
			continue
		}
		if q.Get("exclude_dropbox_packages") == "true" && q.Get("dropbox_id") == "" && sentToType(p, "dropbox") && !sentTo(p, "user", sess.userID) {
			continue
		}
		if id := q.Get("sender_id"); id != "" && idText(p["sender"].(object)["id"]) != id {
			continue
		}
		if !matches(v, q, map[string]bool{"dropbox_id": true, "exclude_dropbox_packages": true, "sender_id": true}) {
			continue
		}
		out = append(out, v)
	}
	s.mu.Unlock()
	page(w, r, out)
}

func sentTo(p object, typ, id string) bool {
	for _, r := range list(p["recipients"]) {
		if rm, _ := r.(object); idText(rm["type"]) == typ && idText(rm["id"]) == id {
			return true
		}
	}
	return false
}

func sentToType(p object, typ string) bool {
	for _, r := range list(p["recipients"]) {
		if rm, _ := r.(object); idText(rm["type"]) == typ {
			return true
		}
	}
	return false
}

// createPackage makes a draft whose contents folder is made on the main node
// (/packages/ID); recipients must be {id, type} of the organization (users, groups, shared
// inboxes). A public link to a shared inbox may send to its inbox only.
func (s *Server) createPackage(w http.ResponseWriter, r *http.Request, sess *session) {
	o, ok := readJSON(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	if f := s.st.packages.missing(o); f != "" {
		s.mu.Unlock()
		writeJSON(w, http.StatusUnprocessableEntity, object{"error": object{"code": "invalid", "user_message": "package: " + f + " is required"}})
		return
	}
	for _, rc := range append(list(o["recipients"]), list(o["bcc_recipients"])...) {
		rm, _ := rc.(object)
		id, typ := idText(rm["id"]), idText(rm["type"])
		known := (typ == "user" && s.st.users.get(id) != nil) || (typ == "group" && s.st.groups.get(id) != nil) ||
			(typ == "dropbox" && s.st.dropboxes.get(id) != nil)
		if sess.link != nil && !(typ == "dropbox" && id == idText(sess.link.data["dropbox_id"])) {
			known = false
		}
		if !known {
			s.mu.Unlock()
			writeJSON(w, http.StatusUnprocessableEntity, object{"error": object{"code": "invalid", "user_message": fmt.Sprintf("unknown recipient %s %s", typ, id)}})
			return
		}
	}
	sender := object{"id": sess.userID, "type": "user"}
	if sess.link != nil {
		sender = object{"id": "link_" + sess.link.id, "type": "user"}
	} else if u := s.st.users.get(sess.userID); u != nil {
		sender["name"], sender["email"] = u["name"], u["email"]
	}
	pkg := object{"name": o["name"], "note": o["note"], "recipients": o["recipients"], "bcc_recipients": o["bcc_recipients"],
		"metadata": o["metadata"], "workspace_id": number(idText(o["workspace_id"])), "node_id": 1, "sender": sender,
		"sent": false, "draft": true, "archived": false, "deleted": false, "completed": false, "has_content": false,
		"transfers_expected": 0, "files_completed": 0, "bytes_transferred": 0}
	for k, v := range pkg {
		if v == nil {
			delete(pkg, k)
		}
	}
	s.st.packages.add(pkg)
	id := idText(pkg["id"])
	s.mu.Unlock()
	folder, err := s.nodes[0].folder(context.Background(), "/packages/"+id)
	if err != nil {
		s.mu.Lock()
		s.st.packages.remove(id)
		s.mu.Unlock()
		fail(w, http.StatusInternalServerError, "package folder: "+err.Error())
		return
	}
	s.mu.Lock()
	pkg["contents_file_id"] = folder
	pkg["file_id"] = folder
	s.event("package.created", sess.userID, object{"package_id": id, "name": pkg["name"]})
	v := s.packageView(pkg, sess)
	s.mu.Unlock()
	writeJSON(w, http.StatusCreated, v)
}

// showPackage answers the package with what its folder holds now (file_count, size).
func (s *Server) showPackage(w http.ResponseWriter, r *http.Request, sess *session) {
	s.mu.Lock()
	p := s.st.packages.get(r.PathValue("id"))
	if p == nil || !s.visible(p, sess) {
		s.mu.Unlock()
		notFound(w, "package "+r.PathValue("id"))
		return
	}
	v := s.packageView(p, sess)
	s.mu.Unlock()
	files, size := s.contents(r.PathValue("id"))
	v["file_count"], v["size"] = files, size
	writeJSON(w, http.StatusOK, v)
}

// contents counts the files of a package's folder.
func (s *Server) contents(id string) (int, int64) {
	var files int
	var size int64
	_ = filepath.WalkDir(s.nodes[0].local("/packages/"+id), func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				files++
				size += info.Size()
			}
		}
		return nil
	})
	return files, size
}

// modifyPackage changes a package; sent=true ends the draft: the package is complete (the
// simulator does not watch the transfers that fill it) and its transfer is recorded for
// the analytics.
func (s *Server) modifyPackage(w http.ResponseWriter, r *http.Request, sess *session) {
	change, ok := readJSON(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.st.packages.get(r.PathValue("id"))
	if p == nil || !s.visible(p, sess) {
		notFound(w, "package "+r.PathValue("id"))
		return
	}
	for k, v := range change {
		if k != "id" && k != "sender" && k != "contents_file_id" {
			p[k] = v
		}
	}
	if change["sent"] == true {
		now := time.Now().UTC().Format(time.RFC3339)
		p["draft"], p["completed"], p["has_content"], p["sent_at"], p["completed_at"] = false, true, true, now, now
		s.st.transfers = append(s.st.transfers, object{"id": strconv.Itoa(len(s.st.transfers) + 1), "package_id": idText(p["id"]),
			"user_id": sess.userID, "node_id": "1", "direction": "upload", "start_time": now, "status": "completed"})
		s.event("package.sent", sess.userID, object{"package_id": idText(p["id"])})
	}
	w.WriteHeader(http.StatusNoContent)
}

// deletePackage deletes a package and its folder.
func (s *Server) deletePackage(w http.ResponseWriter, r *http.Request, sess *session) {
	id := r.PathValue("id")
	s.mu.Lock()
	p := s.st.packages.get(id)
	if p == nil || !s.visible(p, sess) {
		s.mu.Unlock()
		notFound(w, "package "+id)
		return
	}
	s.st.packages.remove(id)
	s.event("package.deleted", sess.userID, object{"package_id": id})
	s.mu.Unlock()
	_ = os.RemoveAll(s.nodes[0].local("/packages/" + id))
	w.WriteHeader(http.StatusNoContent)
}

// applicationEvents answers the analytics application events of the organization.
func (s *Server) applicationEvents(w http.ResponseWriter, r *http.Request, _ *session) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.PathValue("id") != idText(s.st.org["id"]) {
		notFound(w, "organization "+r.PathValue("id"))
		return
	}
	writeJSON(w, http.StatusOK, object{"application_events": append([]object{}, s.st.events...)})
}

// transferEvents answers the transfers recorded (one per package sent), between start_time
// and stop_time (RFC 3339), at most limit.
func (s *Server) transferEvents(w http.ResponseWriter, r *http.Request, _ *session) {
	q := r.URL.Query()
	switch r.PathValue("resource") {
	case "organizations", "users", "nodes":
	default:
		notFound(w, r.PathValue("resource"))
		return
	}
	limit, err := strconv.Atoi(q.Get("limit"))
	if err != nil || limit <= 0 {
		limit = 100
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []object{}
	for _, t := range s.st.transfers {
		at := idText(t["start_time"])
		if (q.Get("start_time") != "" && at < q.Get("start_time")) || (q.Get("stop_time") != "" && at >= q.Get("stop_time")) {
			continue
		}
		if r.PathValue("resource") == "users" && idText(t["user_id"]) != r.PathValue("id") {
			continue
		}
		if len(out) < limit {
			out = append(out, t)
		}
	}
	writeJSON(w, http.StatusOK, object{"transfers": out})
}
