package faspexsim

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// sendRequest is the body of POST send.
type sendRequest struct {
	Delivery struct {
		Title      string         `json:"title"`
		Note       string         `json:"note"`
		Recipients []string       `json:"recipients"`
		Metadata   map[string]any `json:"metadata"`
		Sources    []struct {
			ID    json.Number `json:"id"`
			Paths []string    `json:"paths"`
		} `json:"sources"`
		SendUploadResult bool `json:"send_upload_result"`
	} `json:"delivery"`
}

// send answers POST send: the package is made; the answer holds the spec of its upload
// (xfer_sessions), or, for a remote source, only its links (the simulator copies nothing:
// the package stays empty).
func (s *Server) send(w http.ResponseWriter, r *http.Request, u *User) {
	var req sendRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, "the body is not the JSON of a delivery: "+err.Error())
		return
	}
	d := req.Delivery
	if strings.TrimSpace(d.Title) == "" || len(d.Recipients) == 0 {
		writeError(w, http.StatusUnprocessableEntity, "a package needs a title and at least one recipient")
		return
	}
	remote := len(d.Sources) > 0 && d.Sources[0].ID != ""
	if remote && d.Sources[0].ID != "1" {
		writeError(w, http.StatusUnprocessableEntity, fmt.Sprintf("no source %s", d.Sources[0].ID))
		return
	}
	s.mu.Lock()
	p, err := s.create(u, d.Title, d.Note, d.Recipients, d.Metadata)
	s.mu.Unlock()
	if err != nil {
		writeError(w, http.StatusUnprocessableEntity, err.Error())
		return
	}
	links := map[string]any{"status": s.URL + "/sent/" + p.deliveryID}
	if remote {
		writeJSON(w, 200, map[string]any{"delivery_id": p.deliveryID, "links": links})
		return
	}
	var paths []any
	if len(d.Sources) > 0 {
		for _, x := range d.Sources[0].Paths {
			paths = append(paths, map[string]any{"source": x})
		}
	}
	host, _, _ := strings.Cut(strings.TrimPrefix(s.URL, "http://"), ":")
	ts := map[string]any{"direction": "send", "remote_host": host, "remote_user": "xfer", "ssh_port": 33001, "fasp_port": 33001,
		"token": token(p), "cipher": "aes-128", "rate_policy": "fair", "target_rate_kbps": 100000, "min_rate_kbps": 0,
		"destination_root": s.dir(p), "create_dir": true, "paths": paths,
		"tags": map[string]any{"aspera": map[string]any{"faspex": map[string]any{"delivery_id": p.deliveryID}}}}
	writeJSON(w, 200, map[string]any{"delivery_id": p.deliveryID, "links": links, "xfer_sessions": []any{ts}})
}

// tags64 is the tags64 parameter of a faspe: link: the package's tags, base64 JSON.
func tags64(p *pkg) string {
	b, _ := json.Marshal(map[string]any{"aspera": map[string]any{"faspex": map[string]any{"delivery_id": p.deliveryID}}})
	return base64.StdEncoding.EncodeToString(b)
}
