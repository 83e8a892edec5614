package aocsim

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/asperalm/aslmcli/products/aoc"
)

// state is the organization: its resources, the public links, and the activity recorded.
type state struct {
	org        object
	users      *collection
	groups     *collection
	groupMemb  *collection
	workspaces *collection
	wsMemb     *collection
	nodes      *collection
	clients    *collection
	dropboxes  *collection
	dbMemb     *collection
	packages   *collection
	shortLinks *collection
	generic    map[string]*collection // the other administration resources, by path
	userKeys   map[string]string      // user id -> public key (PEM) of its JWT logins
	urlTokens  map[string]*urlToken
	events     []object // analytics application_events
	transfers  []object // analytics transfers
}

// urlToken is a public link.
type urlToken struct {
	id, token, purpose, password string
	data                         object
}

func (u *urlToken) value() object {
	return object{"id": u.id, "purpose": u.purpose, "data": u.data, "password_protected": u.password != ""}
}

// Links are the public links the simulator makes at start, by purpose.
type Links struct {
	Files, FilesProtected, Dropbox string // tokens
	Password                       string // of FilesProtected
}

// genericPaths are the administration resources the simulator keeps without behaviour.
var genericPaths = []string{"configuration_policies", "network_policies", "operations", "saml_configurations",
	"integrations/kms_profiles", "client_access_keys", "client_registration_tokens"}

func newState() *state {
	st := &state{
		users:      newCollection("user", true, "email"),
		groups:     newCollection("group", false, "name"),
		groupMemb:  newCollection("group membership", false, "group_id", "member_id"),
		workspaces: newCollection("workspace", false, "name"),
		wsMemb:     newCollection("workspace membership", false, "member_id", "member_type", "workspace_id"),
		nodes:      newCollection("node", false, "name"),
		clients:    newCollection("client", false, "name"),
		dropboxes:  newCollection("shared inbox", false, "name"),
		dbMemb:     newCollection("shared inbox membership", false, "dropbox_id", "member_id"),
		packages:   newCollection("package", false, "name", "workspace_id"),
		shortLinks: newCollection("short link", false),
		generic:    map[string]*collection{},
		userKeys:   map[string]string{},
		urlTokens:  map[string]*urlToken{},
	}
	for _, p := range genericPaths {
		st.generic[p] = newCollection(strings.TrimSuffix(p[strings.LastIndex(p, "/")+1:], "s"), false, "name")
	}
	return st
}

// userByEmail returns the user of an e-mail (case ignored); the caller holds mu.
func (s *Server) userByEmail(email string) object {
	for _, u := range s.st.users.all() {
		if strings.EqualFold(idText(u["email"]), email) {
			return u
		}
	}
	return nil
}

// populate builds the organization: an administrator and two users, two workspaces whose
// homes are on the main node, a folder of the partner node shared in the first workspace's
// home, a shared inbox, the simulator's API client (JWT with clientKey) and the global
// client, and public links to the first home.
func (s *Server) populate(clientKey string) error {
	ctx := context.Background()
	st := newState()
	s.st = st
	st.org = object{"id": "1", "name": "Simulated organization", "subdomain_name": s.cfg.Org, "tier": "enterprise",
		"created_at": time.Now().UTC().Format(time.RFC3339)}
	for i, u := range [][3]string{{s.AdminEmail, "Ada", "Admin"}, {"user@example.com", "Bob", "User"}, {"colleague@example.com", "Cleo", "Colleague"}} {
		st.users.add(object{"email": u[0], "first_name": u[1], "last_name": u[2], "name": u[1] + " " + u[2],
			"organization_admin": i == 0, "deactivated": false, "default_workspace_id": "1", "member_of_any_workspace": true})
	}
	for _, n := range s.nodes {
		host, port := splitHostPort(n.srv.URL)
		st.nodes.add(object{"id": n.id, "name": n.name, "url": n.srv.URL, "host": host, "port": port, "access_key": n.ak,
			"status": "ok", "use_ssl": false, "path": "/"})
	}
	main, partner := s.nodes[0], s.nodes[1]
	for _, ws := range []string{"Default", "Second"} {
		w := st.workspaces.add(object{"name": ws, "description": ws + " workspace of the simulator", "node_id": 1, "home_node_id": 1})
		home, err := main.folder(ctx, "/workspaces/"+idText(w["id"])+"/home")
		if err != nil {
			return err
		}
		w["home_file_id"] = number(home)
		w["root_file_id"] = home
	}
	for _, m := range [][2]int{{1, 1}, {1, 2}, {1, 3}, {2, 1}} {
		st.wsMemb.add(object{"workspace_id": m[0], "member_type": "user", "member_id": m[1], "manager": m[1] == 1, "storage_allowed": true, "inherited": false})
	}
	shared, err := partner.folder(ctx, "/shared")
	if err != nil {
		return err
	}
	if err := os.WriteFile(partner.local("/shared/welcome.txt"), []byte("a folder of the partner node, shared in the Default workspace\n"), 0o644); err != nil {
		return err
	}
	home1 := idText(st.workspaces.get("1")["root_file_id"])
	main.addLink(home1, "partner_shared", partner, shared)
	st.groups.add(object{"name": "Everyone", "description": "every user"})
	st.dropboxes.add(object{"name": "Support", "description": "the support team's shared inbox", "workspace_id": "1"})
	st.dbMemb.add(object{"dropbox_id": "1", "member_id": "1", "member_type": "user", "can_receive_packages": true, "can_submit_packages": true, "workspace_id": "1"})
	st.clients.add(object{"id": s.ClientID, "name": "aslmcli simulator client", "jwt_grant_enabled": true, "public_key": clientKey,
		"secret": s.ClientSecret, "redirect_uris": []any{aoc.DefaultRedirectURI}, "organization_id": "1"})
	st.clients.add(object{"id": aoc.GlobalClientID, "name": "IBM command line tools (global)", "jwt_grant_enabled": true,
		"secret": randomHex(12), "redirect_uris": []any{aoc.DefaultRedirectURI}, "organization_id": "1"})
	s.links = Links{Files: "pubfiles" + randomHex(6), FilesProtected: "pubprot" + randomHex(6), Dropbox: "pubinbox" + randomHex(6), Password: "link-" + randomHex(4)}
	for _, l := range []*urlToken{
		{token: s.links.Files, purpose: "view_shared_file", data: object{"workspace_id": "1", "node_id": "1", "file_id": home1}},
		{token: s.links.FilesProtected, purpose: "view_shared_file", password: s.links.Password, data: object{"workspace_id": "1", "node_id": "1", "file_id": home1}},
		{token: s.links.Dropbox, purpose: "send_package_to_dropbox", data: object{"workspace_id": "1", "dropbox_id": "1", "name": "Support"}},
	} {
		l.id = strconv.Itoa(len(st.urlTokens) + 1)
		st.urlTokens[l.token] = l
	}
	if s.cfg.Packages > 0 {
		folder, err := main.folder(ctx, "/packages/many")
		if err != nil {
			return err
		}
		now := time.Now().UTC().Format(time.RFC3339)
		for i := 0; i < s.cfg.Packages; i++ {
			st.packages.add(object{"name": fmt.Sprintf("package %05d", i+1), "note": "made at start", "workspace_id": json.Number("1"),
				"node_id": 1, "contents_file_id": folder, "file_id": folder, "sender": object{"id": "1", "type": "user"},
				"recipients": []any{object{"id": "1", "type": "user"}}, "sent": true, "draft": false, "archived": false,
				"deleted": false, "completed": true, "has_content": true, "transfers_expected": 1, "files_completed": 0,
				"bytes_transferred": 0, "sent_at": now, "completed_at": now})
		}
	}
	return nil
}

// PublicLinks returns the public links made at start.
func (s *Server) PublicLinks() Links { return s.links }

// PublicLinkURL returns the URL of a public link to files.
func (s *Server) PublicLinkURL(token string) string { return s.OrgURL + "/public/files?token=" + token }

func splitHostPort(u string) (string, int) {
	hp := strings.TrimPrefix(strings.TrimPrefix(u, "http://"), "https://")
	i := strings.LastIndex(hp, ":")
	port, _ := strconv.Atoi(hp[i+1:])
	return hp[:i], port
}

// number returns a numeric text as a JSON number (the document types some ids as integers).
func number(id string) any {
	if _, err := strconv.Atoi(id); err == nil {
		return json.Number(id)
	}
	return id
}

// event records an application event and returns it; the caller holds mu.
func (s *Server) event(typ string, userID string, data object) {
	s.st.events = append(s.st.events, object{"id": fmt.Sprint(len(s.st.events) + 1), "event_type": typ,
		"created_at": time.Now().UTC().Format(time.RFC3339Nano), "user_id": userID, "data": data})
}
