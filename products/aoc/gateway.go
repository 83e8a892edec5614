package aoc

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
)

// GatewayPath is the Faspex 4 API path the gateway serves.
const GatewayPath = "/aspera/faspex/send"

// Gateway is the Faspex 4 gateway (the original manual's `files faspexgw`, ascli's `aoc
// gateway`): applications written for Faspex 4 post a package to POST /aspera/faspex/send
// ({"delivery": {"title", "note", "recipients", "sources"}}); the gateway creates the package
// in AoC (CreatePackage) and answers, as Faspex 4 does, the transfer spec that fills it:
// {"links": {"status": "unused"}, "xfer_sessions": [spec]}. The client then transfers the
// files with that spec.
func (c *Client) Gateway(log *slog.Logger) http.Handler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fail := func(status int, msg string) {
			log.Warn("faspex gateway", "path", r.URL.Path, "error", msg)
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			_ = json.NewEncoder(w).Encode(Object{"error": msg})
		}
		if r.Method != http.MethodPost || r.URL.Path != GatewayPath {
			fail(http.StatusBadRequest, "Unsupported endpoint")
			return
		}
		var req struct {
			Delivery struct {
				Title      string `json:"title"`
				Note       string `json:"note"`
				Recipients []any  `json:"recipients"`
			} `json:"delivery"`
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err == nil {
			err = json.Unmarshal(body, &req)
		}
		if err != nil {
			fail(http.StatusBadRequest, "payload: "+err.Error())
			return
		}
		pkg, err := c.CreatePackage(r.Context(), Object{"name": req.Delivery.Title, "note": req.Delivery.Note, "recipients": req.Delivery.Recipients}, nil)
		if err != nil {
			fail(http.StatusInternalServerError, err.Error())
			return
		}
		s, err := c.PackageSpec(r.Context(), pkg, "send")
		if err != nil {
			fail(http.StatusInternalServerError, fmt.Sprintf("package %s: %v", ID(pkg["id"]), err))
			return
		}
		log.Info("faspex gateway: package created", "id", ID(pkg["id"]), "name", req.Delivery.Title)
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(Object{"links": Object{"status": "unused"}, "xfer_sessions": []any{s}})
	})
}
