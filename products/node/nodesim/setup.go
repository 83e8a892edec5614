package nodesim

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net"
	"net/http"
	"path"
	"path/filepath"
	"time"
)

// setup answers upload_setup (direction "send") and download_setup ("receive"): one transfer
// spec per request, pointing at this host, or an error inside the 200 answer, as a node does.
func (s *Server) setup(direction string) handler {
	return func(w http.ResponseWriter, r *http.Request, c caller) {
		var req struct {
			TransferRequests []struct {
				TransferRequest map[string]any `json:"transfer_request"`
			} `json:"transfer_requests"`
		}
		if !readJSON(w, r, &req) {
			return
		}
		if len(req.TransferRequests) == 0 {
			s.writeError(w, 400, "transfer_requests is empty")
			return
		}
		host, _, err := net.SplitHostPort(r.Host)
		if err != nil {
			host = r.Host
		}
		specs := []any{}
		for _, tr := range req.TransferRequests {
			specs = append(specs, s.oneSpec(direction, host, c, tr.TransferRequest))
		}
		writeJSON(w, 200, map[string]any{"transfer_specs": specs})
	}
}

func (s *Server) oneSpec(direction, host string, c caller, tr map[string]any) map[string]any {
	paths, _ := tr["paths"].([]any)
	if len(paths) == 0 {
		return map[string]any{"error": errorBody(400, "no paths in the transfer request")["error"]}
	}
	for _, p := range paths {
		pm, _ := p.(map[string]any)
		for _, k := range []string{"source", "destination"} {
			v, ok := pm[k].(string)
			if !ok || v == "*" {
				continue
			}
			if _, err := s.tree.local(c.base(), v, false); err != nil {
				return map[string]any{"error": errorBody(403, v+": "+err.Error())["error"]}
			}
		}
	}
	spec := map[string]any{
		"direction": direction, "remote_host": host, "remote_user": transferUser, "ssh_port": 33001, "fasp_port": 33001,
		"cipher": "aes-128", "rate_policy": "fair", "rate_policy_allowed": "fair", "target_rate_kbps": 100000,
		"min_rate_kbps": 0, "http_fallback": false, "paths": paths,
		"token": s.transferToken(direction, c, paths),
		"tags":  map[string]any{"aspera": map[string]any{"node": map[string]any{"simulator": true}}},
	}
	root := s.tree.root
	if c.key != nil {
		root = s.tree.root + c.key.path
	}
	// the roots are local paths of this machine, so that a local ascp (or a test double)
	// run with this spec reads and writes the served folder: an upload goes to the first
	// path's destination
	if direction == "send" {
		dest := "/"
		if pm, ok := paths[0].(map[string]any); ok {
			if d, ok := pm["destination"].(string); ok && d != "" && d != "*" {
				dest = d
			}
		}
		spec["destination_root"] = filepath.Join(root, filepath.FromSlash(clean(dest)))
		s.watchUploads(c, path.Join(c.base(), clean(dest)))
	} else {
		spec["source_root"] = root
	}
	return map[string]any{"transfer_spec": spec}
}

// transferToken makes an opaque token in the shape of a node's ("ATV7_..."); it carries the
// direction, the paths and the expiry, base64-encoded, and a random part.
func (s *Server) transferToken(direction string, c caller, paths []any) string {
	nonce := make([]byte, 8)
	_, _ = rand.Read(nonce)
	user := "node_user"
	if c.key != nil {
		user = c.key.id
	}
	b, _ := json.Marshal(map[string]any{"user": user, "direction": direction, "paths": paths,
		"expires_at": time.Now().Add(24 * time.Hour).UTC().Format(time.RFC3339), "nonce": hex.EncodeToString(nonce)})
	return "ATV7_" + base64.RawURLEncoding.EncodeToString(b)
}
