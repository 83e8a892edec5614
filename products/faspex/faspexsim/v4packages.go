package faspexsim

import (
	"net/http"
	"os"
	"slices"
	"strconv"
	"time"
)

// v4User returns the user of users/{user}/...: "me" (the token's), or a user id (the ids of
// api/users: position+1), which a token of scope admin may name for anyone, others only for
// themselves. It answers the error and returns nil otherwise.
func (s *Server) v4User(w http.ResponseWriter, r *http.Request) *User {
	v, ok := s.v4Session(r)
	if !ok {
		writeError(w, http.StatusUnauthorized, "a bearer token of the password grant is required")
		return nil
	}
	name := r.PathValue("user")
	if name == "me" {
		return v.user
	}
	n, err := strconv.Atoi(name)
	if err != nil || n < 1 || n > len(s.cfg.Users) {
		writeError(w, http.StatusNotFound, "user "+name+" not found")
		return nil
	}
	u := &s.cfg.Users[n-1]
	if u != v.user && !v.admin {
		writeError(w, http.StatusForbidden, "the packages of another user need scope admin")
		return nil
	}
	return u
}

// ofUser reports whether u sent or receives p.
func ofUser(p *pkg, u *User) bool { return p.sender == u || receivedBy(p, u) != nil }

// v4Packages answers GET users/{user}/packages: the packages the user sent or receives,
// newest first, as the v4 API's package objects (a JSON array).
func (s *Server) v4Packages(w http.ResponseWriter, r *http.Request) {
	u := s.v4User(w, r)
	if u == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []any{}
	for _, p := range slices.Backward(s.packages) {
		if ofUser(p, u) {
			out = append(out, v4Object(p))
		}
	}
	writeJSON(w, 200, out)
}

// v4Package answers GET and DELETE of users/{user}/packages/{id} (id: the package's delivery
// id). DELETE answers 204: the sender's removes the package (its entries and its files), a
// recipient's only their delivery (the package leaves their inbox, stays in the others').
func (s *Server) v4Package(w http.ResponseWriter, r *http.Request) {
	u := s.v4User(w, r)
	if u == nil {
		return
	}
	id := r.PathValue("id")
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, p := range s.packages {
		if p.deliveryID != id || !ofUser(p, u) {
			continue
		}
		if r.Method == http.MethodDelete {
			if p.sender == u {
				s.packages = slices.Delete(s.packages, i, i+1)
				_ = os.RemoveAll(s.dir(p))
			} else {
				d := receivedBy(p, u)
				p.to = slices.DeleteFunc(p.to, func(x delivery) bool { return x.id == d.id })
			}
			w.WriteHeader(http.StatusNoContent)
			return
		}
		writeJSON(w, 200, v4Object(p))
		return
	}
	writeError(w, http.StatusNotFound, "package "+id+" not found")
}

// v4Object is a package in the shape of the v4 API's documented example: id (the delivery
// id, a text), title, note, sender, state, archived, release and expiration dates, and the
// recipients (delivery_id, id: the recipient's delivery, recipient_name, recipient_type).
func v4Object(p *pkg) map[string]any {
	delivery, _ := strconv.Atoi(p.deliveryID)
	var to []any
	for _, d := range p.to {
		rid, _ := strconv.Atoi(d.id)
		kind := "User"
		if d.dropbox {
			kind = "Dropbox"
		}
		to = append(to, map[string]any{"id": rid, "delivery_id": delivery, "recipient_name": d.name, "recipient_type": kind,
			"archived": false, "package_deleted": false})
	}
	return map[string]any{"id": p.deliveryID, "title": p.title, "note": p.note, "sender": p.sender.Name, "recipients": to,
		"state": "released", "archived": false, "release_policy": "release_now", "release_date": p.created.Format(time.RFC3339),
		"expiration_date": p.created.Add(14 * 24 * time.Hour).Format(time.RFC3339)}
}
