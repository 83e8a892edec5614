package sharessim

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// settingValues are the values the document allows for the enumerated settings.
var settingValues = map[string][]string{
	"starting_policy":    {"", "fixed", "high", "fair", "low"},
	"allowed_policy":     {"", "fixed, high, fair, and low", "high, fair, and low", "fair and low", "low"},
	"encryption":         {"", "Optional", "AES-128"},
	"encryption_at_rest": {"", "Optional", "Required"},
}

var settingTexts = []string{"min_connect_version", "upload_target_rate", "upload_target_rate_cap", "download_target_rate", "download_target_rate_cap"}

func defaultSettings() map[string]any {
	s := map[string]any{"min_connect_version": "3.6.1"}
	for _, k := range settingTexts[1:] {
		s[k] = nil
	}
	for k := range settingValues {
		s[k] = ""
	}
	return s
}

// applySettings sets the fields of body on cur, or says what is wrong (nothing is changed then).
func applySettings(cur, body map[string]any) string {
	next := map[string]any{}
	for k, v := range cur {
		next[k] = v
	}
	for k, v := range body {
		text, isText := v.(string)
		switch {
		case k == "reset_all_defaults":
			if v == true {
				for dk, dv := range defaultSettings() {
					next[dk] = dv
				}
			}
			continue
		case slices.Contains(settingTexts, k):
			if !isText {
				return k + " must be a string"
			}
		case settingValues[k] != nil:
			if !isText || !slices.Contains(settingValues[k], text) {
				return fmt.Sprintf("%s must be one of %q", k, settingValues[k])
			}
		default:
			return "unknown setting " + k
		}
		if text == "" && slices.Contains(settingTexts, k) {
			next[k] = nil // blank: inherited
		} else {
			next[k] = text
		}
	}
	for k, v := range next {
		cur[k] = v
	}
	return ""
}

func (s *Server) showSettings(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, 200, s.settings[""])
}

func (s *Server) modifySettings(w http.ResponseWriter, r *http.Request) {
	body := map[string]any{}
	if r.ContentLength != 0 && !readJSON(w, r, &body) {
		return
	}
	if bad := applySettings(s.settings[""], body); bad != "" {
		writeError(w, http.StatusBadRequest, bad)
		return
	}
	writeJSON(w, 200, s.settings[""])
}

// ownSettings serves the settings of one user or group: 404 while it has none (it inherits).
func (s *Server) ownSettings(kind, verb string) adminHandler {
	return func(w http.ResponseWriter, r *http.Request, _ *user) {
		id, ok := pathID(w, r, "id")
		if !ok {
			return
		}
		exists := kind == "user" && s.userByID(id) != nil || kind == "group" && slices.ContainsFunc(s.groups, func(g *group) bool { return g.id == id })
		if !exists {
			writeError(w, http.StatusNotFound, fmt.Sprintf("%s %d not found", kind, id))
			return
		}
		key := fmt.Sprintf("%s/%d", kind, id)
		cur := s.settings[key]
		switch verb {
		case "delete":
			delete(s.settings, key)
			writeJSON(w, http.StatusNoContent, nil)
			return
		case "modify":
			var body map[string]any
			if !readJSON(w, r, &body) {
				return
			}
			next := map[string]any{}
			if cur == nil {
				for k := range defaultSettings() {
					next[k] = ""
				}
				for _, k := range settingTexts {
					next[k] = nil
				}
				next["id"], next["authorizable_type"], next["authorizable_id"] = s.newID("settings"), "Authorizable::"+strings.ToUpper(kind[:1])+kind[1:], id
				next["created_at"] = stamp(time.Now())
			} else {
				for k, v := range cur {
					next[k] = v
				}
			}
			if bad := applySettings(next, body); bad != "" {
				writeError(w, http.StatusBadRequest, bad)
				return
			}
			next["updated_at"] = stamp(time.Now())
			s.settings[key], cur = next, next
		}
		if cur == nil {
			writeError(w, http.StatusNotFound, fmt.Sprintf("%s %d has no transfer settings of its own: it inherits the global ones", kind, id))
			return
		}
		writeJSON(w, 200, cur)
	}
}
