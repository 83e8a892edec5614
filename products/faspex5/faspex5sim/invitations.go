package faspex5sim

import (
	"net/http"
	"strings"
	"time"
)

// invitation is an invitation to send packages: to its owner (private) or to a named user or
// shared inbox (public); its access_url is a working public link.
type invitation struct {
	owner string // account id of who made it
	o     obj
}

func (s *Server) invitationRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET "+API+"/invitations", s.user(s.listInvitations))
	mux.HandleFunc("POST "+API+"/invitations", s.user(s.createInvitation(false)))
	mux.HandleFunc("POST "+API+"/public_invitations", s.user(s.createInvitation(true)))
	mux.HandleFunc("GET "+API+"/invitations/{id}", s.user(s.invitationOp(http.MethodGet)))
	mux.HandleFunc("PUT "+API+"/invitations/{id}", s.user(s.invitationOp(http.MethodPut)))
	mux.HandleFunc("DELETE "+API+"/invitations/{id}", s.user(s.invitationOp(http.MethodDelete)))
	mux.HandleFunc("POST "+API+"/invitations/{id}/resend", s.user(s.invitationOp(http.MethodPost)))
}

func (s *Server) listInvitations(w http.ResponseWriter, r *http.Request, c caller) {
	q := strings.ToLower(r.URL.Query().Get("q"))
	s.mu.Lock()
	var items []obj
	for _, inv := range s.invitations {
		if inv.owner == c.user.id && strings.Contains(strings.ToLower(inv.o["email_address"].(string)), q) {
			items = append(items, inv.o)
		}
	}
	s.mu.Unlock()
	pageOf(w, r, "invitations", items)
}

// invitationFields are the fields a creation or a change may set.
var invitationFields = []string{"expiration", "expires_at", "description", "prevent_http_upload", "user_metadata"}

func (s *Server) createInvitation(public bool) handler {
	return func(w http.ResponseWriter, r *http.Request, c caller) {
		var body obj
		if !readJSON(w, r, &body) {
			return
		}
		email, _ := body["email_address"].(string)
		name, kind := c.user.name, "user"
		if public {
			name, _ = body["recipient_name"].(string)
			if k, ok := body["recipient_type"].(string); ok {
				kind = k
			}
		}
		if email == "" || name == "" {
			writeError(w, r, http.StatusBadRequest, "email_address and recipient_name are required")
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		access, err := s.newLink(kind, name, c.user)
		if err != nil {
			writeError(w, r, http.StatusNotFound, err.Error())
			return
		}
		now := stamp(time.Now())
		o := obj{"id": s.nextID(), "email_address": email, "expiration": "never", "recipient_name": name, "recipient_type": kind,
			"access_url": access, "status": "active", "created_at": now, "updated_at": now, "invited_at": now, "public": public}
		for _, k := range invitationFields {
			if v, ok := body[k]; ok {
				o[k] = v
			}
		}
		s.invitations = append(s.invitations, &invitation{owner: c.user.id, o: o})
		kindEvent := "user_invitation_sent"
		if kind == "shared_inbox" {
			kindEvent = "shared_inbox_invitation_sent"
		}
		s.event(kindEvent, "faspex", c.user, nil)
		writeJSON(w, http.StatusCreated, o)
	}
}

// invitationOp shows, changes, deletes or resends (POST) an invitation of the caller.
func (s *Server) invitationOp(method string) handler {
	return func(w http.ResponseWriter, r *http.Request, c caller) {
		var change obj
		if method == http.MethodPut && !readJSON(w, r, &change) {
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		i := -1
		for k, inv := range s.invitations {
			if inv.o["id"] == r.PathValue("id") && (inv.owner == c.user.id || c.user.admin) {
				i = k
			}
		}
		if i < 0 {
			writeError(w, r, http.StatusNotFound, "no invitation "+r.PathValue("id"))
			return
		}
		inv := s.invitations[i]
		switch method {
		case http.MethodGet:
			writeJSON(w, 200, inv.o)
		case http.MethodPut:
			for _, k := range invitationFields {
				if v, ok := change[k]; ok {
					inv.o[k] = v
				}
			}
			inv.o["updated_at"] = stamp(time.Now())
			writeJSON(w, 200, inv.o)
		case http.MethodDelete:
			s.invitations = append(s.invitations[:i], s.invitations[i+1:]...)
			w.WriteHeader(http.StatusNoContent)
		case http.MethodPost:
			inv.o["invited_at"] = stamp(time.Now())
			s.event("user_invitation_resent", "faspex", c.user, nil)
			w.WriteHeader(http.StatusNoContent)
		}
	}
}
