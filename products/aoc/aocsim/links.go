package aocsim

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/asperalm/aslmcli/products/aoc"
)

// shortLinkRoutes serves /short_links to every user: a user creates, lists and deletes his
// own links (an administrator with admin:all sees and deletes all). A link gets a short_url
// (https://aspera.pub/<path>, which the simulator does not serve; no expires_at: it never
// expires) and keeps its purpose and data. A listing filters on purpose and on json_query, a JSON object whose fields the data
// must hold. A public link (purpose token_auth_redirection) gets a URL token of its
// data.url_token_data (resource_type UrlToken, resource_id, token_value), which opens the
// folder like the public links made at start; its short_url is then the link it redirects
// to (the simulator serves no short URL domain).
func (s *Server) shortLinkRoutes(mux *http.ServeMux, v1 string) {
	c := s.st.shortLinks
	mine := func(sess *session, o object) bool {
		return idText(o["created_by_user_id"]) == sess.userID || (sess.hasScope(aoc.ScopeAdmin, aoc.ScopeAdminUser) && s.isAdmin(sess.userID))
	}
	mux.HandleFunc("GET "+v1+"short_links", s.user(func(w http.ResponseWriter, r *http.Request, sess *session) {
		var want object
		if q := r.URL.Query().Get("json_query"); q != "" {
			if err := json.Unmarshal([]byte(q), &want); err != nil {
				writeJSON(w, http.StatusBadRequest, object{"error": object{"code": "invalid", "user_message": "json_query: " + err.Error()}})
				return
			}
		}
		s.mu.Lock()
		out := []object{}
		for _, o := range c.all() {
			if mine(sess, o) && matches(o, r.URL.Query(), map[string]bool{"json_query": true, "edit_access": true}) && holds(o["data"], want) {
				out = append(out, o)
			}
		}
		s.mu.Unlock()
		page(w, r, out)
	}))
	mux.HandleFunc("POST "+v1+"short_links", s.user(func(w http.ResponseWriter, r *http.Request, sess *session) {
		o, ok := readJSON(w, r)
		if !ok {
			return
		}
		if _, ok := o["data"].(map[string]any); !ok || idText(o["purpose"]) == "" {
			writeJSON(w, http.StatusUnprocessableEntity, object{"error": object{"code": "invalid", "user_message": "short link: purpose and data are required"}})
			return
		}
		now := time.Now().UTC().Format(time.RFC3339)
		path := randomHex(4)
		link := object{"purpose": o["purpose"], "data": o["data"], "short_url": "https://aspera.pub/" + path, "short_url_path": path,
			"password_enabled": false, "password_protected": false, "expired": false,
			"created_by_user_id": sess.userID, "updated_by_user_id": sess.userID, "created_at": now, "updated_at": now}
		s.mu.Lock()
		if o["purpose"] == "token_auth_redirection" {
			// a public link: its URL token (view_shared_file of the data's folder)
			d, _ := o["data"].(map[string]any)
			td, _ := d["url_token_data"].(map[string]any)
			data, _ := td["data"].(map[string]any)
			if data == nil || idText(td["purpose"]) == "" {
				s.mu.Unlock()
				writeJSON(w, http.StatusUnprocessableEntity, object{"error": object{"code": "invalid", "user_message": "short link: data.url_token_data {data, purpose} is required"}})
				return
			}
			t := &urlToken{token: "pub" + randomHex(8), purpose: idText(td["purpose"]), data: data}
			t.id = strconv.Itoa(len(s.st.urlTokens) + 1)
			s.st.urlTokens[t.token] = t
			link["resource_type"], link["resource_id"], link["token_value"] = "UrlToken", t.id, t.token
			link["short_url"] = s.PublicLinkURL(t.token) // what the short URL redirects to
		}
		c.add(link)
		s.event("short_link.created", sess.userID, object{"id": link["id"]})
		s.mu.Unlock()
		writeJSON(w, http.StatusCreated, link)
	}))
	mux.HandleFunc("DELETE "+v1+"short_links/{id}", s.user(func(w http.ResponseWriter, r *http.Request, sess *session) {
		s.mu.Lock()
		defer s.mu.Unlock()
		o := c.get(r.PathValue("id"))
		if o == nil || !mine(sess, o) {
			notFound(w, "short link "+r.PathValue("id"))
			return
		}
		c.remove(r.PathValue("id"))
		delete(s.st.urlTokens, idText(o["token_value"])) // a public link's token goes with it
		w.WriteHeader(http.StatusNoContent)
	}))
}

// holds tells whether data (a JSON object) has every field of want with the same text
// (objects compared field by field).
func holds(data any, want object) bool {
	d, _ := data.(map[string]any)
	for k, v := range want {
		if sub, ok := v.(map[string]any); ok {
			if d == nil || !holds(d[k], sub) {
				return false
			}
			continue
		}
		if d == nil || idText(d[k]) != idText(v) {
			return false
		}
	}
	return true
}
