package connecttest

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"os"
	"regexp"
)

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// decode reads a POST body and checks its Content-Type and aspera_connect_settings.app_id.
func (s *Server) decode(r *http.Request) (map[string]any, bool) {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "text/plain" && mt != "application/json" {
		s.t.Errorf("connecttest: POST %s: Content-Type %q, want text/plain (the SDK's XMLHttpRequest) or application/json", r.URL.Path, r.Header.Get("Content-Type"))
	}
	raw, err := io.ReadAll(r.Body)
	if err != nil { // the client went away (a poll cancelled): nothing to check
		return nil, false
	}
	var body map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&body); err != nil || body == nil {
		s.t.Errorf("connecttest: POST %s: the body is not a JSON object: %v", r.URL.Path, err)
		return nil, false
	}
	if r.URL.Path == prefix+"update/require" { // the SDK's request handler sends it without settings
		return body, true
	}
	acs, _ := body["aspera_connect_settings"].(map[string]any)
	app, _ := acs["app_id"].(string)
	if app == "" {
		s.t.Errorf("connecttest: POST %s: no aspera_connect_settings.app_id in %v", r.URL.Path, body)
		return body, true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.appID == "" {
		s.appID = app
	} else if app != s.appID {
		s.t.Errorf("connecttest: POST %s: app_id %q, earlier %q", r.URL.Path, app, s.appID)
	}
	return body, true
}

// checkStart checks a start body and returns its transfer specs and entry settings, or
// false (the test has been failed).
func (s *Server) checkStart(body map[string]any) (specs, settings []map[string]any, ok bool) {
	entries, _ := body["transfer_specs"].([]any)
	if len(entries) == 0 {
		s.t.Errorf("connecttest: start: transfer_specs must be a non-empty list: %v", body["transfer_specs"])
		return nil, nil, false
	}
	requestID := ""
	for i, e := range entries {
		entry, _ := e.(map[string]any)
		ts, ok := entry["transfer_spec"].(map[string]any)
		if !ok {
			s.t.Errorf("connecttest: start: transfer_specs[%d] has no transfer_spec object: %v", i, e)
			return nil, nil, false
		}
		cs, _ := entry["aspera_connect_settings"].(map[string]any)
		if cs["app_id"] != s.appID {
			s.t.Errorf("connecttest: start: transfer_specs[%d].aspera_connect_settings.app_id %v, want %q", i, cs["app_id"], s.appID)
		}
		rid, _ := cs["request_id"].(string)
		switch {
		case !uuidRE.MatchString(rid):
			s.t.Errorf("connecttest: start: transfer_specs[%d].aspera_connect_settings.request_id %q is not a UUID", i, rid)
		case requestID != "" && rid != requestID:
			s.t.Errorf("connecttest: start: transfer_specs[%d] request_id %q, entry 0 has %q", i, rid, requestID)
		case requestID == "" && s.requestIDs[rid]:
			s.t.Errorf("connecttest: start: request_id %q sent twice", rid)
		}
		requestID = rid
		for _, k := range []string{"allow_dialogs", "use_absolute_destination_path", "return_files", "return_paths"} {
			if v, ok := cs[k]; ok {
				if _, isBool := v.(bool); !isBool {
					s.t.Errorf("connecttest: start: transfer_specs[%d].aspera_connect_settings.%s %v is not a boolean", i, k, v)
				}
			}
		}
		specs = append(specs, ts)
		settings = append(settings, cs)
	}
	s.requestIDs[requestID] = true
	return specs, settings, true
}

// checkDialog checks the options of the file dialog (the SDK sends all four).
func (s *Server) checkDialog(body map[string]any) {
	for _, k := range []string{"title", "suggestedName"} {
		if _, ok := body[k].(string); !ok {
			s.t.Errorf("connecttest: file dialog: %s %v is not a string", k, body[k])
		}
	}
	if _, ok := body["allowMultipleSelection"].(bool); !ok {
		s.t.Errorf("connecttest: file dialog: allowMultipleSelection %v is not a boolean", body["allowMultipleSelection"])
	}
	switch body["allowedFileTypes"].(type) {
	case string, []any:
	default:
		s.t.Errorf("connecttest: file dialog: allowedFileTypes %v is neither a string nor a list of filters", body["allowedFileTypes"])
	}
}

// selection is the dialog's files: [{lastModifiedDate, name, size, type}].
func selection(paths []string) []any {
	files := []any{}
	for _, p := range paths {
		f := map[string]any{"lastModifiedDate": "", "name": p, "size": 0, "type": "application/octet-stream"}
		if st, err := os.Stat(p); err == nil {
			f["size"] = st.Size()
			f["lastModifiedDate"] = st.ModTime().Format("Mon Jan 2 15:04:05 2006")
		}
		files = append(files, f)
	}
	return files
}
