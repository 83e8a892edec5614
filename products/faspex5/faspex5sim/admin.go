package faspex5sim

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
)

// store is an admin resource kept as JSON objects by id.
type store struct {
	mu    sync.Mutex
	order []string
	items map[string]obj
}

func (st *store) put(id string, o obj) {
	if _, ok := st.items[id]; !ok {
		st.order = append(st.order, id)
	}
	o["id"] = id
	st.items[id] = o
}

func (st *store) list() []obj {
	out := make([]obj, 0, len(st.order))
	for _, id := range st.order {
		out = append(out, st.items[id])
	}
	return out
}

// The generic resources: collection path -> items key.
var storeKeys = map[string]string{
	"account/distribution_lists":        "distribution_lists",
	"nodes":                             "nodes",
	"configuration/metadata_profiles":   "profiles",
	"webhooks":                          "webhooks",
	"configuration/alternate_addresses": "alternate_addresses",
	"saml_configs":                      "saml_configs",
	"saml_groups":                       "groups",
}

// storeRequired is the field a creation must hold, by collection path (default name).
var storeRequired = map[string]string{"configuration/alternate_addresses": "address_name", "saml_groups": "group_distinguished_name"}

// createdOK are the collections whose creation answers 200, as documented (not 201).
var createdOK = []string{"webhooks", "saml_configs"}

// emailTypes are the types of email notifications.
var emailTypes = []string{"welcome_email", "forgot_password", "package_received", "package_received_cc", "package_sent_cc",
	"package_downloaded", "package_downloaded_cc", "workgroup_package", "upload_result", "upload_result_cc", "relay_started_cc",
	"relay_finished_cc", "relay_error_cc", "shared_inbox_invitation", "shared_inbox_submit", "personal_invitation",
	"personal_submit", "account_approved", "account_denied", "package_file_processing_failed_sender",
	"package_file_processing_failed_recipient", "relay_failed_admin", "relay_failed", "admin_sync_failed", "sync_failed",
	"account_exist", "mfa_code"}

func (s *Server) nodeID() string { return "1" }

// seedStores makes the generic resources: node 1 (the embedded node), a default metadata
// profile, the email notifications.
func (s *Server) seedStores() {
	for p := range storeKeys {
		s.stores[p] = &store{items: map[string]obj{}}
	}
	s.stores["nodes"].put(s.nodeID(), obj{"name": "Local node", "host": "127.0.0.1", "api_port": 0, "node_type": "gen4_node",
		"status": "completed", "use_ssl": false, "storage_type": "default"})
	s.stores["configuration/metadata_profiles"].put("1", obj{"name": "Default", "default": true, "fields": []any{}})
	s.stores["jobs"] = &store{items: map[string]obj{}}
	s.stores["email_notifications"] = &store{items: map[string]obj{}}
	for _, t := range emailTypes {
		s.stores["email_notifications"].put(t, obj{"type": t, "subject": "Faspex: " + strings.ReplaceAll(t, "_", " ")})
	}
}

func (s *Server) adminRoutes(mux *http.ServeMux) {
	for p, key := range storeKeys {
		p, key := p, key
		guard := s.admin
		if p == "account/distribution_lists" {
			guard = s.user // a user's own lists
		}
		mux.HandleFunc("GET "+API+"/"+p, guard(func(w http.ResponseWriter, r *http.Request, c caller) {
			st := s.stores[p]
			st.mu.Lock()
			items := filter(st.list(), r.URL.Query().Get("q"))
			st.mu.Unlock()
			pageOf(w, r, key, items)
		}))
		mux.HandleFunc("POST "+API+"/"+p, guard(s.createIn(p)))
		mux.HandleFunc("GET "+API+"/"+p+"/{id}", guard(s.showIn(p)))
		mux.HandleFunc("PUT "+API+"/"+p+"/{id}", guard(s.modifyIn(p)))
		if p != "saml_configs" { // the document has no DELETE of a SAML configuration
			mux.HandleFunc("DELETE "+API+"/"+p+"/{id}", guard(s.deleteIn(p)))
		}
	}
	mux.HandleFunc("GET "+API+"/registrations", s.admin(func(w http.ResponseWriter, r *http.Request, c caller) {
		pageOf(w, r, "registrations", nil) // the simulator has no self-registration
	}))
	mux.HandleFunc("GET "+API+"/email_notifications", s.admin(func(w http.ResponseWriter, r *http.Request, c caller) {
		st := s.stores["email_notifications"]
		st.mu.Lock()
		o, ok := st.items[r.URL.Query().Get("type")]
		st.mu.Unlock()
		if !ok {
			writeError(w, r, http.StatusBadRequest, "unknown type")
			return
		}
		writeJSON(w, 200, o)
	}))
	mux.HandleFunc("PUT "+API+"/email_notifications", s.admin(func(w http.ResponseWriter, r *http.Request, c caller) {
		var change obj
		if !readJSON(w, r, &change) {
			return
		}
		st := s.stores["email_notifications"]
		st.mu.Lock()
		o, ok := st.items[r.URL.Query().Get("type")]
		if ok {
			for k, v := range change {
				if k != "id" && k != "type" {
					o[k] = v
				}
			}
		}
		st.mu.Unlock()
		if !ok {
			writeError(w, r, http.StatusBadRequest, "unknown type")
			return
		}
		writeJSON(w, 200, o)
	}))
	// accounts are the users; shared inboxes and workgroups are the groups
	mux.HandleFunc("GET "+API+"/accounts", s.admin(s.listAccounts))
	mux.HandleFunc("POST "+API+"/accounts", s.admin(s.createAccount))
	mux.HandleFunc("GET "+API+"/accounts/{id}", s.admin(s.showAccount))
	mux.HandleFunc("PUT "+API+"/accounts/{id}", s.admin(s.modifyAccount))
	mux.HandleFunc("DELETE "+API+"/accounts/{id}", s.admin(s.deleteAccount))
	mux.HandleFunc("POST "+API+"/accounts/{id}/reset_password", s.admin(func(w http.ResponseWriter, r *http.Request, c caller) {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.accountByID(w, r, r.PathValue("id")) != nil {
			w.WriteHeader(http.StatusNoContent) // the simulator sends no email
		}
	}))
	for _, kind := range []string{"shared_inbox", "workgroup"} {
		kind, coll := kind, collection(kind)
		mux.HandleFunc("GET "+API+"/"+coll, s.user(s.listGroups(kind)))
		mux.HandleFunc("POST "+API+"/"+coll, s.admin(s.createGroup(kind)))
		mux.HandleFunc("GET "+API+"/"+coll+"/{id}", s.user(s.showGroup(kind)))
		mux.HandleFunc("PUT "+API+"/"+coll+"/{id}", s.admin(s.modifyGroup(kind)))
		mux.HandleFunc("DELETE "+API+"/"+coll+"/{id}", s.admin(s.deleteGroup(kind)))
	}
}

func filter(items []obj, q string) []obj {
	var out []obj
	for _, o := range items {
		if matches(o, q) {
			out = append(out, o)
		}
	}
	return out
}

func (s *Server) createIn(p string) handler {
	return func(w http.ResponseWriter, r *http.Request, c caller) {
		var body obj
		if !readJSON(w, r, &body) {
			return
		}
		field := storeRequired[p]
		if field == "" {
			field = "name"
		}
		if body == nil || body[field] == nil {
			writeError(w, r, http.StatusBadRequest, field+" is required")
			return
		}
		s.mu.Lock()
		id := s.nextID()
		s.mu.Unlock()
		st := s.stores[p]
		st.mu.Lock()
		st.put(id, body)
		st.mu.Unlock()
		status := http.StatusCreated
		if slices.Contains(createdOK, p) {
			status = http.StatusOK // as documented
		}
		writeJSON(w, status, body)
	}
}

func (s *Server) showIn(p string) handler {
	return func(w http.ResponseWriter, r *http.Request, c caller) {
		st := s.stores[p]
		st.mu.Lock()
		o, ok := st.items[r.PathValue("id")]
		st.mu.Unlock()
		if !ok {
			writeError(w, r, http.StatusNotFound, fmt.Sprintf("no %s %s", p, r.PathValue("id")))
			return
		}
		writeJSON(w, 200, o)
	}
}

func (s *Server) modifyIn(p string) handler {
	return func(w http.ResponseWriter, r *http.Request, c caller) {
		var change obj
		if !readJSON(w, r, &change) {
			return
		}
		st := s.stores[p]
		st.mu.Lock()
		o, ok := st.items[r.PathValue("id")]
		if ok {
			for k, v := range change {
				if k != "id" {
					o[k] = v
				}
			}
		}
		st.mu.Unlock()
		if !ok {
			writeError(w, r, http.StatusNotFound, fmt.Sprintf("no %s %s", p, r.PathValue("id")))
			return
		}
		writeJSON(w, 200, o)
	}
}

func (s *Server) deleteIn(p string) handler {
	return func(w http.ResponseWriter, r *http.Request, c caller) {
		st := s.stores[p]
		st.mu.Lock()
		_, ok := st.items[r.PathValue("id")]
		delete(st.items, r.PathValue("id"))
		st.order = slices.DeleteFunc(st.order, func(id string) bool { return id == r.PathValue("id") })
		st.mu.Unlock()
		if !ok {
			writeError(w, r, http.StatusNotFound, fmt.Sprintf("no %s %s", p, r.PathValue("id")))
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}
}

func (s *Server) listAccounts(w http.ResponseWriter, r *http.Request, c caller) {
	s.mu.Lock()
	var items []obj
	for _, a := range s.users {
		items = append(items, a.view())
	}
	s.mu.Unlock()
	pageOf(w, r, "accounts", filter(items, r.URL.Query().Get("q")))
}

// accountOf returns the account of an id, or nil (s.mu held).
func (s *Server) accountOf(id string) *account {
	for _, a := range s.users {
		if a.id == id {
			return a
		}
	}
	return nil
}

// accountByID returns the account of an id, or answers 404 (s.mu held).
func (s *Server) accountByID(w http.ResponseWriter, r *http.Request, id string) *account {
	if a := s.accountOf(id); a != nil {
		return a
	}
	writeError(w, r, http.StatusNotFound, "no account "+id)
	return nil
}

func (s *Server) createAccount(w http.ResponseWriter, r *http.Request, c caller) {
	var body struct {
		Name     string `json:"name"`
		Email    string `json:"email"`
		Password string `json:"password"`
		Role     string `json:"role"`
	}
	if !readJSON(w, r, &body) {
		return
	}
	if body.Name == "" && body.Email == "" {
		writeError(w, r, http.StatusBadRequest, "email is required")
		return
	}
	if body.Name == "" {
		body.Name = body.Email
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.accountByName(body.Name) != nil {
		writeError(w, r, http.StatusConflict, "account "+body.Name+" exists")
		return
	}
	a := s.addAccount(User{Name: body.Name, Email: body.Email, Password: body.Password, Admin: body.Role == "admin"})
	writeJSON(w, http.StatusCreated, a.view())
}

func (s *Server) showAccount(w http.ResponseWriter, r *http.Request, c caller) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.accountByID(w, r, r.PathValue("id")); a != nil {
		writeJSON(w, 200, a.view())
	}
}

func (s *Server) modifyAccount(w http.ResponseWriter, r *http.Request, c caller) {
	var change obj
	if !readJSON(w, r, &change) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.accountByID(w, r, r.PathValue("id"))
	if a == nil {
		return
	}
	if e, ok := change["email"].(string); ok {
		a.email = e
	}
	if role, ok := change["role"].(string); ok {
		a.admin = role == "admin"
	}
	writeJSON(w, 200, a.view())
}

func (s *Server) deleteAccount(w http.ResponseWriter, r *http.Request, c caller) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.accountByID(w, r, r.PathValue("id"))
	if a == nil {
		return
	}
	s.users = slices.DeleteFunc(s.users, func(x *account) bool { return x == a })
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) listGroups(kind string) handler {
	return func(w http.ResponseWriter, r *http.Request, c caller) {
		s.mu.Lock()
		var items []obj
		for _, g := range s.groups {
			if g.kind == kind && (g.member(c.user) || c.user.admin) {
				items = append(items, g.view())
			}
		}
		s.mu.Unlock()
		pageOf(w, r, collection(kind), filter(items, r.URL.Query().Get("q")))
	}
}

func (s *Server) groupOf(w http.ResponseWriter, r *http.Request, kind, id string) *group {
	if g := s.groupByID(kind, id); g != nil {
		return g
	}
	writeError(w, r, http.StatusNotFound, "no "+strings.ReplaceAll(kind, "_", " ")+" "+id)
	return nil
}

func (s *Server) createGroup(kind string) handler {
	return func(w http.ResponseWriter, r *http.Request, c caller) {
		var body obj
		if !readJSON(w, r, &body) {
			return
		}
		name, _ := body["name"].(string)
		if name == "" {
			writeError(w, r, http.StatusBadRequest, "name is required")
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.groupByName(name) != nil {
			writeError(w, r, http.StatusConflict, name+" exists")
			return
		}
		g := &group{id: s.nextID(), kind: kind, name: name, members: []string{c.user.id}, extra: obj{}}
		for k, v := range body {
			if k != "id" && k != "name" {
				g.extra[k] = v
			}
		}
		s.groups = append(s.groups, g)
		status := http.StatusCreated
		if kind == "shared_inbox" {
			status = http.StatusOK // as documented
		}
		writeJSON(w, status, g.view())
	}
}

func (s *Server) showGroup(kind string) handler {
	return func(w http.ResponseWriter, r *http.Request, c caller) {
		s.mu.Lock()
		defer s.mu.Unlock()
		if g := s.groupOf(w, r, kind, r.PathValue("id")); g != nil {
			writeJSON(w, 200, g.view())
		}
	}
}

func (s *Server) modifyGroup(kind string) handler {
	return func(w http.ResponseWriter, r *http.Request, c caller) {
		var change obj
		if !readJSON(w, r, &change) {
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		g := s.groupOf(w, r, kind, r.PathValue("id"))
		if g == nil {
			return
		}
		for k, v := range change {
			switch k {
			case "id":
			case "name":
				if n, ok := v.(string); ok && n != "" {
					g.name = n
				}
			default:
				g.extra[k] = v
			}
		}
		writeJSON(w, 200, g.view())
	}
}

func (s *Server) deleteGroup(kind string) handler {
	return func(w http.ResponseWriter, r *http.Request, c caller) {
		s.mu.Lock()
		defer s.mu.Unlock()
		g := s.groupOf(w, r, kind, r.PathValue("id"))
		if g == nil {
			return
		}
		s.groups = slices.DeleteFunc(s.groups, func(x *group) bool { return x == g })
		w.WriteHeader(http.StatusNoContent)
	}
}
