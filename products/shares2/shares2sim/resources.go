package shares2sim

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// level is one collection of the organizations tree: its record kind and the path values
// naming its parents ("org", "proj").
type level struct {
	kind    string
	parents []string
}

var (
	organizations = level{kind: "organizations"}
	projects      = level{kind: "projects", parents: []string{"org"}}
	teams         = level{kind: "teams", parents: []string{"org"}}
	sharesLevel   = level{kind: "shares", parents: []string{"org", "proj"}}
)

// parentKeys are the fields linking a record to its parents.
var parentKeys = map[string]string{"org": "organization_id", "proj": "project_id"}

func (s *Server) resourceRoutes(mux *http.ServeMux) {
	for pattern, l := range map[string]level{
		"/organizations":                              organizations,
		"/organizations/{org}/projects":               projects,
		"/organizations/{org}/teams":                  teams,
		"/organizations/{org}/projects/{proj}/shares": sharesLevel,
	} {
		mux.HandleFunc("GET "+pattern, s.bearer(s.list(l)))
		mux.HandleFunc("POST "+pattern, s.bearer(s.create(l)))
		mux.HandleFunc("GET "+pattern+"/{id}", s.bearer(s.show(l)))
		mux.HandleFunc("DELETE "+pattern+"/{id}", s.bearer(s.remove(l)))
	}
	mux.HandleFunc("GET /system/{kind}", s.bearer(s.systemList))
	mux.HandleFunc("POST /system/{kind}", s.bearer(s.systemCreate))
	mux.HandleFunc("GET /system/{kind}/{id}", s.bearer(s.systemOne("show")))
	mux.HandleFunc("PUT /system/{kind}/{id}", s.bearer(s.systemOne("modify")))
	mux.HandleFunc("DELETE /system/{kind}/{id}", s.bearer(s.systemOne("delete")))
}

// seed makes the sample data (see the package comment) and the folder of its share.
func (s *Server) seed() error {
	now := time.Now().UTC().Format(time.RFC3339)
	add := func(kind string, fields map[string]any) int {
		id := s.newID(kind)
		r := map[string]any{"id": id, "created_at": now}
		for k, v := range fields {
			r[k] = v
		}
		s.records[kind] = append(s.records[kind], r)
		return id
	}
	sport := add("organizations", map[string]any{"name": "Sport", "description": "sample organization"})
	add("organizations", map[string]any{"name": "Music", "description": "sample organization"})
	football := add("projects", map[string]any{"name": "Football", "organization_id": sport, "description": "sample project"})
	add("projects", map[string]any{"name": "Tennis", "organization_id": sport, "description": "sample project"})
	add("shares", map[string]any{"name": "Highlights", "organization_id": sport, "project_id": football, "path": "/Sport/Football/Highlights"})
	add("teams", map[string]any{"name": "Referees", "organization_id": sport})
	add("users", map[string]any{"username": s.cfg.Username, "name": s.cfg.Username, "email": s.cfg.Username + "@shares2.example.com", "admin": true})
	add("users", map[string]any{"username": "guest", "name": "guest", "email": "guest@shares2.example.com", "admin": false})
	add("groups", map[string]any{"name": "administrators"})
	add("nodes", map[string]any{"name": "local", "host": s.cfg.Host, "port": 9092})
	return os.MkdirAll(filepath.Join(s.cfg.Root, "Sport", "Football", "Highlights"), 0o755)
}

func (s *Server) newID(kind string) int {
	s.nextID[kind]++
	return s.nextID[kind]
}

// parents resolves the parents of a request's collection, or answers 404.
func (s *Server) parents(w http.ResponseWriter, r *http.Request, l level) (map[string]int, bool) {
	out := map[string]int{}
	for _, p := range l.parents {
		id, err := strconv.Atoi(r.PathValue(p))
		kind := map[string]string{"org": "organizations", "proj": "projects"}[p]
		rec := s.find(kind, id)
		if err != nil || rec == nil || (p == "proj" && rec["organization_id"] != out["org"]) {
			writeError(w, http.StatusNotFound, "not_found", fmt.Sprintf("%s %q not found", strings.TrimSuffix(kind, "s"), r.PathValue(p)))
			return nil, false
		}
		out[p] = id
	}
	return out, true
}

func (s *Server) find(kind string, id int) map[string]any {
	for _, r := range s.records[kind] {
		if r["id"] == id {
			return r
		}
	}
	return nil
}

// children returns the records of l under parents.
func (s *Server) children(l level, parents map[string]int) []map[string]any {
	var out []map[string]any
	for _, r := range s.records[l.kind] {
		ok := true
		for p, id := range parents {
			ok = ok && r[parentKeys[p]] == id
		}
		if ok {
			out = append(out, r)
		}
	}
	return out
}

// matches tells whether r has the fields of the json_query (compared as text).
func matches(r map[string]any, query map[string]any) bool {
	for k, v := range query {
		if fmt.Sprint(r[k]) != fmt.Sprint(v) {
			return false
		}
	}
	return true
}

func (s *Server) list(l level) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var query map[string]any
		if q := r.URL.Query().Get("json_query"); q != "" {
			if err := json.Unmarshal([]byte(q), &query); err != nil {
				writeError(w, http.StatusBadRequest, "bad_request", "json_query: "+err.Error())
				return
			}
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		parents, ok := s.parents(w, r, l)
		if !ok {
			return
		}
		out := []any{}
		for _, rec := range s.children(l, parents) {
			if matches(rec, query) {
				out = append(out, rec)
			}
		}
		writeJSON(w, 200, out)
	}
}

func (s *Server) create(l level) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var body map[string]any
		if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&body); err != nil {
			writeError(w, http.StatusBadRequest, "bad_request", "invalid JSON body: "+err.Error())
			return
		}
		name, _ := body["name"].(string)
		if strings.TrimSpace(name) == "" || strings.ContainsAny(name, `/\`) {
			writeError(w, http.StatusBadRequest, "bad_request", "name is required (and holds no /)")
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		parents, ok := s.parents(w, r, l)
		if !ok {
			return
		}
		if slices.ContainsFunc(s.children(l, parents), func(x map[string]any) bool { return x["name"] == name }) {
			writeError(w, http.StatusConflict, "conflict", fmt.Sprintf("%q is taken", name))
			return
		}
		if l.kind == "shares" {
			org, proj := s.find("organizations", parents["org"]), s.find("projects", parents["proj"])
			dir := filepath.Join(s.cfg.Root, org["name"].(string), proj["name"].(string), name)
			if err := os.MkdirAll(dir, 0o755); err != nil {
				writeError(w, http.StatusInternalServerError, "internal", err.Error())
				return
			}
			body["path"] = "/" + org["name"].(string) + "/" + proj["name"].(string) + "/" + name
		}
		rec := map[string]any{}
		for k, v := range body {
			rec[k] = v
		}
		for p, id := range parents {
			rec[parentKeys[p]] = id
		}
		rec["id"], rec["created_at"] = s.newID(l.kind), time.Now().UTC().Format(time.RFC3339)
		s.records[l.kind] = append(s.records[l.kind], rec)
		writeJSON(w, http.StatusCreated, rec)
	}
}

// one finds the record of the request's {id} under its parents, or answers 404.
func (s *Server) one(w http.ResponseWriter, r *http.Request, l level) map[string]any {
	parents, ok := s.parents(w, r, l)
	if !ok {
		return nil
	}
	id, err := strconv.Atoi(r.PathValue("id"))
	for _, rec := range s.children(l, parents) {
		if err == nil && rec["id"] == id {
			return rec
		}
	}
	writeError(w, http.StatusNotFound, "not_found", fmt.Sprintf("%s %q not found", strings.TrimSuffix(l.kind, "s"), r.PathValue("id")))
	return nil
}

func (s *Server) show(l level) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		if rec := s.one(w, r, l); rec != nil {
			writeJSON(w, 200, rec)
		}
	}
}

// remove deletes a record and what it holds (the files of shares stay on the node).
func (s *Server) remove(l level) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		rec := s.one(w, r, l)
		if rec == nil {
			return
		}
		s.drop(l.kind, rec["id"].(int))
		writeJSON(w, http.StatusNoContent, nil)
	}
}

func (s *Server) drop(kind string, id int) {
	s.records[kind] = slices.DeleteFunc(s.records[kind], func(x map[string]any) bool { return x["id"] == id })
	switch kind {
	case "organizations":
		for _, child := range []string{"projects", "teams"} {
			for _, c := range slices.Clone(s.records[child]) {
				if c["organization_id"] == id {
					s.drop(child, c["id"].(int))
				}
			}
		}
	case "projects":
		s.records["shares"] = slices.DeleteFunc(s.records["shares"], func(x map[string]any) bool { return x["project_id"] == id })
	}
}

var systemKinds = []string{"users", "groups", "nodes"}

// systemList answers a page of users, groups or nodes (page from 1, per_page default 25),
// the total in X-Total-Count.
func (s *Server) systemList(w http.ResponseWriter, r *http.Request) {
	kind := r.PathValue("kind")
	if !slices.Contains(systemKinds, kind) {
		writeError(w, http.StatusNotFound, "not_found", "no system collection "+kind)
		return
	}
	page, per := 1, 25
	for name, dst := range map[string]*int{"page": &page, "per_page": &per} {
		if v := r.URL.Query().Get(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				writeError(w, http.StatusBadRequest, "bad_request", fmt.Sprintf("%s must be a positive integer", name))
				return
			}
			*dst = n
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	all := s.records[kind]
	from := min((page-1)*per, len(all))
	to := min(from+per, len(all))
	w.Header().Set("X-Total-Count", strconv.Itoa(len(all)))
	out := []any{}
	for _, rec := range all[from:to] {
		out = append(out, rec)
	}
	writeJSON(w, 200, out)
}

func (s *Server) systemCreate(w http.ResponseWriter, r *http.Request) {
	kind := r.PathValue("kind")
	var body map[string]any
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&body); err != nil || !slices.Contains(systemKinds, kind) {
		writeError(w, http.StatusBadRequest, "bad_request", "a JSON object of a user, group or node is expected")
		return
	}
	if name, _ := body["name"].(string); strings.TrimSpace(name) == "" {
		writeError(w, http.StatusBadRequest, "bad_request", "name is required")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	rec := map[string]any{}
	for k, v := range body {
		rec[k] = v
	}
	rec["id"], rec["created_at"] = s.newID(kind), time.Now().UTC().Format(time.RFC3339)
	s.records[kind] = append(s.records[kind], rec)
	writeJSON(w, http.StatusCreated, rec)
}

func (s *Server) systemOne(verb string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		kind := r.PathValue("kind")
		id, err := strconv.Atoi(r.PathValue("id"))
		s.mu.Lock()
		defer s.mu.Unlock()
		rec := s.find(kind, id)
		if err != nil || rec == nil || !slices.Contains(systemKinds, kind) {
			writeError(w, http.StatusNotFound, "not_found", fmt.Sprintf("%s %q not found", kind, r.PathValue("id")))
			return
		}
		switch verb {
		case "modify":
			var body map[string]any
			if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&body); err != nil {
				writeError(w, http.StatusBadRequest, "bad_request", "invalid JSON body: "+err.Error())
				return
			}
			for k, v := range body {
				if k != "id" {
					rec[k] = v
				}
			}
		case "delete":
			if kind == "users" && id == 1 {
				writeError(w, http.StatusForbidden, "forbidden", "you cannot delete yourself")
				return
			}
			s.records[kind] = slices.DeleteFunc(s.records[kind], func(x map[string]any) bool { return x["id"] == id })
			writeJSON(w, http.StatusNoContent, nil)
			return
		}
		writeJSON(w, 200, rec)
	}
}
