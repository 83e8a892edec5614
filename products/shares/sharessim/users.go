package sharessim

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// user is an authorizable user; localID is set for the local (database) users.
type user struct {
	id, localID      int
	username, email  string
	first, last      string
	password         string // "" for LDAP and SAML users: they cannot log in here
	directory        string // database, active_directory, saml
	admin, disabled  bool
	created, updated time.Time
}

var directoryIDs = map[string]int{"database": 1, "active_directory": 2, "saml": 3}

// authorizable is the user as data/users shows it (AuthorizableUser).
func (u *user) authorizable() map[string]any {
	du := map[string]any{"type": u.directory}
	if u.directory == "database" {
		du["local_user_id"] = u.localID
	}
	return map[string]any{
		"id": u.id, "username": u.username, "email": u.email, "first_name": nilIfEmpty(u.first), "last_name": nilIfEmpty(u.last),
		"directory_id": directoryIDs[u.directory], "disabled": u.disabled, "locked": false, "home_share_disabled": false,
		"items_per_page": 50, "notify_on_my_share_authorization": false, "notify_on_self_registration_request": false,
		"notify_on_share_authorization": true, "notify_on_transfer_complete": false, "suppress_connect_install_dialog": false,
		"created_at": stamp(u.created), "updated_at": stamp(u.updated), "last_login_at": nil,
		"urn":            "urn:user:" + base64.StdEncoding.EncodeToString([]byte(fmt.Sprintf("%s,local,%d", u.directory, u.id))),
		"directory_user": du,
	}
}

// local is the user as data/local_users shows it (LocalUser).
func (u *user) local() map[string]any {
	status := "never set"
	if u.password != "" {
		status = "expiring_soon"
	}
	return map[string]any{
		"id": u.localID, "user_id": u.id, "username": u.username, "email": u.email,
		"first_name": nilIfEmpty(u.first), "last_name": nilIfEmpty(u.last), "password_status": status,
		"password_changed_on": nil, "login_token": nil, "login_token_expires_at": nil,
		"created_at": stamp(u.created), "updated_at": stamp(u.updated),
	}
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// seed makes the administrator and node 1 (the embedded node simulator).
func (s *Server) seed() {
	now := time.Now()
	s.users = append(s.users, &user{id: s.newID("user"), localID: s.newID("local_user"), username: s.cfg.Username, email: s.cfg.Username + "@shares.example.com",
		password: s.cfg.Password, directory: "database", admin: true, created: now, updated: now})
	s.nodes = append(s.nodes, map[string]any{"id": s.newID("node"), "name": "local", "host": s.cfg.Host, "api_port": 0,
		"api_prefix": NodeAPIPrefix, "api_username": s.node.Username, "browse_count": 0, "bytes_unknown": false, "ssl": false, "verify_ssl": false,
		"timeout": 30, "open_timeout": 10, "sync_enabled": false, "ref_uuid": "6138aeec-4cf3-4fa1-8d77-1d4b659db9fa",
		"salt": "02757fd5fb6d74b3d67d", "docroot": s.cfg.Root, "status": "ok", "status_at": stamp(now),
		"created_at": stamp(now), "updated_at": stamp(now)})
}

// NodeAPIPrefix is the path of the Node API of the embedded node (it is this server's).
const NodeAPIPrefix = "/node_api"

// newID returns the next id of a kind of record (user, local_user, group, share, node,
// permission, settings): each kind counts from 1, as Shares' tables do.
func (s *Server) newID(kind string) int {
	s.nextID[kind]++
	return s.nextID[kind]
}

func (s *Server) userNamed(name string) *user {
	for _, u := range s.users {
		if u.username == name {
			return u
		}
	}
	return nil
}

func (s *Server) userByID(id int) *user {
	for _, u := range s.users {
		if u.id == id {
			return u
		}
	}
	return nil
}

func (s *Server) userByLocalID(id int) *user {
	for _, u := range s.users {
		if u.localID == id && u.directory == "database" {
			return u
		}
	}
	return nil
}

func (s *Server) listUsers(w http.ResponseWriter, r *http.Request) {
	out := []any{}
	for _, u := range s.users {
		out = append(out, u.authorizable())
	}
	writeJSON(w, 200, out)
}

func (s *Server) showUser(w http.ResponseWriter, r *http.Request) {
	if u := s.pathUser(w, r); u != nil {
		writeJSON(w, 200, u.authorizable())
	}
}

func (s *Server) pathUser(w http.ResponseWriter, r *http.Request) *user {
	id, ok := pathID(w, r, "id")
	if !ok {
		return nil
	}
	u := s.userByID(id)
	if u == nil {
		writeError(w, http.StatusNotFound, fmt.Sprintf("user %d not found", id))
	}
	return u
}

func (s *Server) pathLocalUser(w http.ResponseWriter, r *http.Request) *user {
	id, ok := pathID(w, r, "id")
	if !ok {
		return nil
	}
	u := s.userByLocalID(id)
	if u == nil {
		writeError(w, http.StatusNotFound, fmt.Sprintf("local user %d not found", id))
	}
	return u
}

// deleteUser deletes any user, and its permissions and settings.
func (s *Server) deleteUser(u *user, w http.ResponseWriter, r *http.Request, caller *user) {
	if u == caller {
		writeError(w, http.StatusForbidden, "you cannot delete yourself")
		return
	}
	for i, x := range s.users {
		if x == u {
			s.users = append(s.users[:i], s.users[i+1:]...)
			break
		}
	}
	s.dropPermissions(func(p *permission) bool { return p.kind == "user" && p.owner == u.id })
	delete(s.settings, fmt.Sprintf("user/%d", u.id))
	writeJSON(w, http.StatusNoContent, nil)
}

func (s *Server) listLocalUsers(w http.ResponseWriter, r *http.Request) {
	out := []any{}
	for _, u := range s.users {
		if u.directory == "database" {
			out = append(out, u.local())
		}
	}
	writeJSON(w, 200, out)
}

// userFields validates the fields of a local user's creation or change.
func userFields(body map[string]any, create bool) (map[string]string, string) {
	out := map[string]string{}
	for _, k := range []string{"username", "password", "email", "first_name", "last_name"} {
		v, ok := body[k]
		if !ok {
			continue
		}
		text, isText := v.(string)
		if !isText {
			return nil, k + " must be a string"
		}
		out[k] = text
	}
	if create && (out["username"] == "" || out["email"] == "") {
		return nil, "username and email are required"
	}
	if n, ok := out["username"]; ok && (len(n) < 3 || len(n) > 50) {
		return nil, "username must have 3 to 50 characters"
	}
	if p, ok := out["password"]; ok && len(p) < 8 {
		return nil, "password is too short (minimum is 8 characters)"
	}
	if e, ok := out["email"]; ok && !strings.Contains(e, "@") {
		return nil, "email is invalid"
	}
	return out, ""
}

func (s *Server) createLocalUser(w http.ResponseWriter, r *http.Request) {
	var body map[string]any
	if !readJSON(w, r, &body) {
		return
	}
	f, bad := userFields(body, true)
	if bad != "" {
		writeError(w, http.StatusBadRequest, bad)
		return
	}
	if s.userNamed(f["username"]) != nil {
		writeError(w, http.StatusBadRequest, "username has already been taken")
		return
	}
	now := time.Now()
	u := &user{id: s.newID("user"), localID: s.newID("local_user"), username: f["username"], email: f["email"], first: f["first_name"], last: f["last_name"],
		password: f["password"], directory: "database", created: now, updated: now}
	s.users = append(s.users, u)
	writeJSON(w, http.StatusCreated, u.local())
}

func (s *Server) modifyLocalUser(w http.ResponseWriter, r *http.Request) {
	u := s.pathLocalUser(w, r)
	if u == nil {
		return
	}
	var body map[string]any
	if !readJSON(w, r, &body) {
		return
	}
	f, bad := userFields(body, false)
	if bad != "" {
		writeError(w, http.StatusBadRequest, bad)
		return
	}
	if n, ok := f["username"]; ok && n != u.username && s.userNamed(n) != nil {
		writeError(w, http.StatusBadRequest, "username has already been taken")
		return
	}
	for k, v := range f {
		switch k {
		case "username":
			u.username = v
		case "password":
			u.password = v
		case "email":
			u.email = v
		case "first_name":
			u.first = v
		case "last_name":
			u.last = v
		}
	}
	u.updated = time.Now()
	writeJSON(w, 200, u.local())
}

// addDirectoryUser adds an LDAP (active_directory) or a SAML user record.
func (s *Server) addDirectoryUser(w http.ResponseWriter, name, email, first, last, directory string) {
	if strings.TrimSpace(name) == "" {
		writeError(w, http.StatusBadRequest, "a user name is required")
		return
	}
	if s.userNamed(name) != nil {
		writeError(w, http.StatusBadRequest, "username has already been taken")
		return
	}
	if email == "" {
		email = name + "@" + strings.ReplaceAll(directory, "_", "-") + ".example.com"
	}
	now := time.Now()
	u := &user{id: s.newID("user"), username: name, email: email, first: first, last: last, directory: directory, created: now, updated: now}
	s.users = append(s.users, u)
	writeJSON(w, http.StatusCreated, u.authorizable())
}

func (s *Server) addLDAPUser(w http.ResponseWriter, r *http.Request) {
	var body struct {
		User string `json:"user"`
	}
	if readJSON(w, r, &body) {
		s.addDirectoryUser(w, body.User, "", "", "", "active_directory")
	}
}

func (s *Server) importSAMLUser(w http.ResponseWriter, r *http.Request) {
	var body struct {
		ID        string `json:"id"`
		NameID    string `json:"name_id"`
		Email     string `json:"email"`
		GivenName string `json:"given_name"`
		Surname   string `json:"surname"`
	}
	if !readJSON(w, r, &body) {
		return
	}
	if body.ID == "" || body.NameID == "" {
		writeError(w, http.StatusBadRequest, "id and name_id are required")
		return
	}
	s.addDirectoryUser(w, body.ID, body.Email, body.GivenName, body.Surname, "saml")
}
