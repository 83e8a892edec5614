package sharessim

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"
)

// permission is a user's or a group's permissions on a share.
type permission struct {
	id, share, owner int
	kind             string // user or group
	flags            map[string]bool
	created, updated time.Time
}

// permissionFlags are the *_permission fields, without the suffix.
var permissionFlags = []string{"browse", "upload", "download", "mkdir", "rename", "delete", "manage", "content_availability"}

func (p *permission) view() map[string]any {
	v := map[string]any{"id": p.id, "share_id": p.share, p.kind + "_id": p.owner, "created_at": stamp(p.created),
		"updated_at": stamp(p.updated), "last_viewed_at": nil, "last_viewed_comments_at": nil}
	for _, f := range permissionFlags {
		v[f+"_permission"] = p.flags[f]
	}
	return v
}

func (s *Server) dropPermissions(drop func(*permission) bool) {
	s.perms = slices.DeleteFunc(s.perms, drop)
}

// setFlags applies the *_permission fields of body; a field that is not a boolean is refused.
func setFlags(p *permission, body map[string]any) string {
	for _, f := range permissionFlags {
		v, ok := body[f+"_permission"]
		if !ok {
			continue
		}
		b, isBool := v.(bool)
		if !isBool {
			return f + "_permission must be true or false"
		}
		p.flags[f] = b
	}
	return ""
}

func (s *Server) listPermissions(kind string) adminHandler {
	return func(w http.ResponseWriter, r *http.Request, _ *user) {
		sh := s.pathShare(w, r)
		if sh == nil {
			return
		}
		out := []any{}
		for _, p := range s.perms {
			if p.share == sh.id && p.kind == kind {
				out = append(out, p.view())
			}
		}
		writeJSON(w, 200, out)
	}
}

// createPermission grants {user_id|group_id, *_permission...}; browse is granted unless the
// body says otherwise; one permission per owner and share.
func (s *Server) createPermission(kind string) adminHandler {
	return func(w http.ResponseWriter, r *http.Request, _ *user) {
		sh := s.pathShare(w, r)
		if sh == nil {
			return
		}
		var body map[string]any
		if !readJSON(w, r, &body) {
			return
		}
		n, ok := body[kind+"_id"].(float64)
		owner := int(n)
		exists := kind == "user" && s.userByID(owner) != nil
		if kind == "group" {
			exists = slices.ContainsFunc(s.groups, func(g *group) bool { return g.id == owner })
		}
		if !ok || !exists {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("%s_id must be the id of a %s", kind, kind))
			return
		}
		if slices.ContainsFunc(s.perms, func(p *permission) bool { return p.share == sh.id && p.kind == kind && p.owner == owner }) {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("%s %d already has permissions on share %s: modify them", kind, owner, sh.name))
			return
		}
		now := time.Now()
		p := &permission{id: s.newID("permission"), share: sh.id, owner: owner, kind: kind, flags: map[string]bool{"browse": true}, created: now, updated: now}
		if bad := setFlags(p, body); bad != "" {
			writeError(w, http.StatusBadRequest, bad)
			return
		}
		s.perms = append(s.perms, p)
		writeJSON(w, http.StatusCreated, p.view())
	}
}

func (s *Server) onePermission(kind, verb string) adminHandler {
	return func(w http.ResponseWriter, r *http.Request, _ *user) {
		sh := s.pathShare(w, r)
		if sh == nil {
			return
		}
		id, ok := pathID(w, r, "pid")
		if !ok {
			return
		}
		i := slices.IndexFunc(s.perms, func(p *permission) bool { return p.id == id && p.share == sh.id && p.kind == kind })
		if i < 0 {
			writeError(w, http.StatusNotFound, fmt.Sprintf("permission %d not found on share %s", id, sh.name))
			return
		}
		p := s.perms[i]
		switch verb {
		case "modify":
			var body map[string]any
			if !readJSON(w, r, &body) {
				return
			}
			if bad := setFlags(p, body); bad != "" {
				writeError(w, http.StatusBadRequest, bad)
				return
			}
			p.updated = time.Now()
		case "delete":
			s.perms = slices.Delete(s.perms, i, i+1)
			writeJSON(w, http.StatusNoContent, nil)
			return
		}
		writeJSON(w, 200, p.view())
	}
}

// userSharePermissions lists a user's permissions, or those on one share.
func (s *Server) userSharePermissions(w http.ResponseWriter, r *http.Request) {
	u := s.pathUser(w, r)
	if u == nil {
		return
	}
	only := 0
	if r.PathValue("share_id") != "" {
		id, ok := pathID(w, r, "share_id")
		if !ok {
			return
		}
		only = id
	}
	out := []any{}
	for _, p := range s.perms {
		if p.kind == "user" && p.owner == u.id && (only == 0 || p.share == only) {
			out = append(out, p.view())
		}
	}
	writeJSON(w, 200, out)
}

// allowed tells whether u may do what (a permission flag) on the share named name.
func (s *Server) allowed(u *user, sh *share, what string) bool {
	if u.admin {
		return true
	}
	return slices.ContainsFunc(s.perms, func(p *permission) bool {
		return p.share == sh.id && p.kind == "user" && p.owner == u.id && p.flags[what]
	})
}

// nodes

func (s *Server) nodeIndex(w http.ResponseWriter, r *http.Request) int {
	id, ok := pathID(w, r, "id")
	if !ok {
		return -1
	}
	i := slices.IndexFunc(s.nodes, func(n map[string]any) bool { return n["id"] == id })
	if i < 0 {
		writeError(w, http.StatusNotFound, fmt.Sprintf("node %d not found", id))
	}
	return i
}

func (s *Server) listNodes(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, s.nodes) }

func (s *Server) showNode(w http.ResponseWriter, r *http.Request) {
	if i := s.nodeIndex(w, r); i >= 0 {
		writeJSON(w, 200, s.nodes[i])
	}
}

// nodeFields applies NodeCreate's fields to n (api_password is kept out of the answers).
func nodeFields(n map[string]any, body map[string]any) string {
	for k, v := range body {
		switch k {
		case "name", "host", "api_username":
			text, ok := v.(string)
			if !ok || text == "" {
				return k + " must be a non-empty string"
			}
			n[k] = text
		case "api_password":
			if _, ok := v.(string); !ok {
				return k + " must be a string"
			}
		case "port", "timeout", "open_timeout":
			f, ok := v.(float64)
			if !ok || f != float64(int(f)) || f <= 0 {
				return k + " must be a positive integer"
			}
			if k == "port" {
				k = "api_port"
			}
			n[k] = int(f)
		case "ssl", "verify_ssl":
			b, ok := v.(bool)
			if !ok {
				return k + " must be true or false"
			}
			n[k] = b
		default:
			return "unknown field " + k
		}
	}
	return ""
}

func (s *Server) createNode(w http.ResponseWriter, r *http.Request) {
	var body map[string]any
	if !readJSON(w, r, &body) {
		return
	}
	for _, k := range []string{"name", "host", "api_username", "api_password"} {
		if _, ok := body[k]; !ok {
			writeError(w, http.StatusBadRequest, k+" is required")
			return
		}
	}
	now := stamp(time.Now())
	n := map[string]any{"id": s.newID("node"), "api_port": 9092, "ssl": true, "verify_ssl": false, "timeout": 30, "open_timeout": 10,
		"browse_count": 0, "bytes_unknown": true, "sync_enabled": false, "ref_uuid": fmt.Sprintf("00000000-0000-4000-8000-%012d", s.nextID["node"]),
		"salt": strconv.FormatInt(time.Now().UnixNano(), 16), "status": nil, "created_at": now, "updated_at": now}
	if bad := nodeFields(n, body); bad != "" {
		writeError(w, http.StatusBadRequest, bad)
		return
	}
	s.nodes = append(s.nodes, n)
	writeJSON(w, http.StatusCreated, n)
}

func (s *Server) modifyNode(w http.ResponseWriter, r *http.Request) {
	i := s.nodeIndex(w, r)
	if i < 0 {
		return
	}
	var body map[string]any
	if !readJSON(w, r, &body) {
		return
	}
	n := map[string]any{}
	for k, v := range s.nodes[i] {
		n[k] = v
	}
	if bad := nodeFields(n, body); bad != "" {
		writeError(w, http.StatusBadRequest, bad)
		return
	}
	n["updated_at"] = stamp(time.Now())
	s.nodes[i] = n
	writeJSON(w, 200, n)
}

func (s *Server) deleteNode(w http.ResponseWriter, r *http.Request) {
	i := s.nodeIndex(w, r)
	if i < 0 {
		return
	}
	if s.nodes[i]["id"] == 1 || slices.ContainsFunc(s.shares, func(sh *share) bool { return sh.nodeID == s.nodes[i]["id"] }) {
		writeError(w, http.StatusBadRequest, "the node holds shares: delete them first")
		return
	}
	s.nodes = slices.Delete(s.nodes, i, i+1)
	writeJSON(w, http.StatusNoContent, nil)
}
