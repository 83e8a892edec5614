package faspex5sim

import (
	"encoding/json"
	"net/http"
	"slices"
	"time"
)

// settings are the server-wide answers of the simulator: configuration, SMTP, jobs, events.
type settings struct {
	config  obj         // GET /configuration (admin's view)
	smtp    obj         // nil: not configured
	events  []obj       // application events, oldest first
	deleted []time.Time // when each deleted package record was deleted, not purged yet
	// processing holds the file processing statuses set by POST and PUT /file_processing, by
	// file id
	processing map[string]string
	// processingSince is when file processing was enabled: the files of packages made since
	// wait for processing
	processingSince time.Time
}

// publicConfig are the configuration fields a user (not an admin) sees.
var publicConfig = []string{"server_address", "package_instructions", "invitations_allowed", "session_timeout_minutes"}

func newSettings() settings {
	return settings{processing: map[string]string{}, config: obj{"server_address": "127.0.0.1", "days_before_deleting_package_records": 365,
		"packages_expire": false, "days_until_packages_expire": 30, "invitations_allowed": true,
		"session_timeout_minutes": 60, "package_instructions": "Send files with Faspex", "use_strong_password": false,
		"announcement": "Welcome to the Faspex 5 simulator", "file_processing_enabled": false}}
}

// event records an application event (s.mu held).
func (s *Server) event(kind, application string, who *account, p *pkg) {
	e := obj{"id": s.nextID(), "created_at": stamp(time.Now()), "event_type": kind, "application": application,
		"package_id": nil, "package_name": nil, "message": nil, "user": nil}
	if who != nil {
		e["user"] = []any{obj{"id": who.id, "name": who.name, "email": who.email, "role": who.role()}}
	}
	if p != nil {
		e["package_id"], e["package_name"] = p.id, p.title
	}
	s.set.events = append(s.set.events, e)
}

func (s *Server) settingsRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET "+API+"/configuration/ping", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-IBM-Aspera", Version)
		w.WriteHeader(http.StatusOK) // an empty body: what detection looks for
	})
	mux.HandleFunc("GET "+API+"/configuration", s.user(s.configuration))
	mux.HandleFunc("PUT "+API+"/configuration", s.admin(s.modifyConfiguration))
	mux.HandleFunc("GET "+API+"/configuration/smtp", s.admin(s.smtp(http.MethodGet)))
	mux.HandleFunc("POST "+API+"/configuration/smtp", s.admin(s.smtp(http.MethodPost)))
	mux.HandleFunc("PUT "+API+"/configuration/smtp", s.admin(s.smtp(http.MethodPut)))
	mux.HandleFunc("DELETE "+API+"/configuration/smtp", s.admin(s.smtp(http.MethodDelete)))
	mux.HandleFunc("POST "+API+"/configuration/smtp/test", s.admin(s.testSMTP))
	mux.HandleFunc("GET "+API+"/jobs", s.admin(func(w http.ResponseWriter, r *http.Request, c caller) {
		st := s.stores["jobs"]
		st.mu.Lock()
		items := st.list()
		st.mu.Unlock()
		pageOf(w, r, "jobs", items)
	}))
	mux.HandleFunc("GET "+API+"/jobs/{id}", s.admin(s.showJob))
	mux.HandleFunc("DELETE "+API+"/jobs/{id}", s.admin(s.deleteIn("jobs")))
	mux.HandleFunc("GET "+API+"/application_events", s.user(s.applicationEvents))
	mux.HandleFunc("GET "+API+"/all_webhooks_events", s.admin(func(w http.ResponseWriter, r *http.Request, c caller) {
		pageOf(w, r, "events", nil) // the simulator calls no webhook
	}))
	mux.HandleFunc("POST "+API+"/internal/packages/clean_deleted", s.admin(s.cleanDeleted))
}

func (s *Server) configuration(w http.ResponseWriter, r *http.Request, c caller) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := obj{}
	for k, v := range s.set.config {
		if c.user.admin || slices.Contains(publicConfig, k) {
			out[k] = v
		}
	}
	writeJSON(w, 200, out)
}

func (s *Server) modifyConfiguration(w http.ResponseWriter, r *http.Request, c caller) {
	var change obj
	if !readJSON(w, r, &change) {
		return
	}
	if len(change) == 0 {
		writeError(w, r, http.StatusBadRequest, "no parameter to change")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if on, ok := change["file_processing_enabled"].(bool); ok && on && s.set.config["file_processing_enabled"] != true {
		s.set.processingSince = time.Now()
	}
	for k, v := range change {
		s.set.config[k] = v
	}
	writeJSON(w, 200, s.set.config)
}

// smtpView is the SMTP configuration without its password.
func smtpView(o obj) obj {
	out := obj{}
	for k, v := range o {
		if k != "password" {
			out[k] = v
		}
	}
	return out
}

var smtpRequired = []string{"auth_type", "server_address", "server_port", "domain", "from_user", "from_email", "tls_enabled", "packages_recipient_from"}

func (s *Server) smtp(method string) handler {
	return func(w http.ResponseWriter, r *http.Request, c caller) {
		var body obj
		if (method == http.MethodPost || method == http.MethodPut) && !readJSON(w, r, &body) {
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		switch {
		case method == http.MethodPost && s.set.smtp != nil:
			writeError(w, r, http.StatusConflict, "the SMTP configuration exists")
			return
		case method != http.MethodPost && s.set.smtp == nil:
			writeError(w, r, http.StatusNotFound, "no SMTP configuration")
			return
		}
		switch method {
		case http.MethodGet:
			writeJSON(w, 200, smtpView(s.set.smtp))
		case http.MethodDelete:
			s.set.smtp = nil
			w.WriteHeader(http.StatusNoContent)
		default:
			next := obj{}
			for k, v := range s.set.smtp {
				next[k] = v
			}
			for k, v := range body {
				next[k] = v
			}
			for _, k := range smtpRequired {
				if next[k] == nil {
					writeError(w, r, http.StatusBadRequest, k+" is required")
					return
				}
			}
			s.set.smtp = next
			status := http.StatusOK
			if method == http.MethodPost {
				status = http.StatusCreated
			}
			writeJSON(w, status, smtpView(next))
		}
	}
}

// testSMTP queues a job "Test email settings"; the job completes at its second reading.
func (s *Server) testSMTP(w http.ResponseWriter, r *http.Request, c caller) {
	var body struct {
		Recipient string `json:"test_email_recipient"`
	}
	if !readJSON(w, r, &body) {
		return
	}
	if body.Recipient == "" {
		writeError(w, r, http.StatusBadRequest, "test_email_recipient is required")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.set.smtp == nil {
		writeError(w, r, http.StatusBadRequest, "no SMTP configuration")
		return
	}
	args, _ := json.Marshal(obj{"test_email_recipient": body.Recipient, "template_type": r.URL.Query().Get("template_type")})
	now := stamp(time.Now())
	id := s.nextID()
	st := s.stores["jobs"]
	st.mu.Lock()
	st.put(id, obj{"job_name": "Test email settings", "job_type": "email", "status": "queued", "retry_count": 0,
		"persistent": false, "serialized_args": string(args), "created_at": now, "updated_at": now})
	st.mu.Unlock()
	out := obj{"smtp_configuration": smtpView(s.set.smtp), "message": "test email queued", "job_id": id}
	if t := r.URL.Query().Get("template_type"); t != "" {
		out["template_type"] = t
	}
	writeJSON(w, 200, out)
}

func (s *Server) showJob(w http.ResponseWriter, r *http.Request, c caller) {
	st := s.stores["jobs"]
	st.mu.Lock()
	defer st.mu.Unlock()
	o, ok := st.items[r.PathValue("id")]
	if !ok {
		writeError(w, r, http.StatusNotFound, "no job "+r.PathValue("id"))
		return
	}
	out := obj{}
	for k, v := range o {
		out[k] = v
	}
	if o["status"] == "queued" {
		o["status"], o["updated_at"] = "completed", stamp(time.Now())
	}
	writeJSON(w, 200, out)
}

func (s *Server) applicationEvents(w http.ResponseWriter, r *http.Request, c caller) {
	q := r.URL.Query()
	s.mu.Lock()
	var items []obj
	for i := len(s.set.events) - 1; i >= 0; i-- { // newest first
		e := s.set.events[i]
		if t := q.Get("event_type"); t != "" && e["event_type"] != t {
			continue
		}
		if !c.user.admin && !eventOf(e, c.user) {
			continue
		}
		items = append(items, e)
	}
	s.mu.Unlock()
	pageOf(w, r, "application_events", items)
}

func eventOf(e obj, a *account) bool {
	l, _ := e["user"].([]any)
	return len(l) > 0 && l[0].(obj)["id"] == a.id
}

// cleanDeleted purges the records of packages deleted more than days_before_deleting_package_records
// days ago (the configuration's when the body has none).
func (s *Server) cleanDeleted(w http.ResponseWriter, r *http.Request, c caller) {
	var body struct {
		Days *int `json:"days_before_deleting_package_records"`
	}
	if !readJSON(w, r, &body) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	days := 365
	if n, ok := s.set.config["days_before_deleting_package_records"].(float64); ok {
		days = int(n)
	} else if n, ok := s.set.config["days_before_deleting_package_records"].(int); ok {
		days = n
	}
	if body.Days != nil {
		days = *body.Days
	}
	limit := time.Now().Add(-time.Duration(days) * 24 * time.Hour)
	n := 0
	s.set.deleted = slices.DeleteFunc(s.set.deleted, func(t time.Time) bool {
		if !t.After(limit) {
			n++
			return true
		}
		return false
	})
	writeJSON(w, 200, obj{"number_of_deleted_packages": n})
}
