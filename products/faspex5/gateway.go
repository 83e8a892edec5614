package faspex5

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"path"
)

// DefaultGatewayURL is where the gateway listens by default: ascli's listener, with Faspex
// 4's path, so that a Faspex 4 client's URL only changes host.
const DefaultGatewayURL = "http://localhost:8080/aspera/faspex"

// Gateway is ascli's faspex5 "gateway": an HTTP listener that takes Faspex 4's package
// creation (POST ROOT/send, API v3: {"delivery": {title, note, recipients, sources}}),
// creates the package on Faspex 5 and answers as Faspex 4 does, with the upload's transfer
// spec in xfer_sessions, so that a Faspex 4 client sends to Faspex 5 unchanged. Faspex 4
// clients authenticate to it with whatever they have: the gateway acts as its own Faspex 5
// client's user (ascli's behaviour), so it must listen where only trusted clients reach it.
type Gateway struct {
	URL string // http://HOST:PORT/ROOT it listens on (the real port when the URL's was 0)
	c   *Client
	log *slog.Logger
	l   *listener
}

// ListenGateway listens on rawURL (http only; "" = DefaultGatewayURL) for the packages of c.
// Requests are served once Serve runs.
func ListenGateway(rawURL string, c *Client, log *slog.Logger) (*Gateway, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	g := &Gateway{c: c, log: log}
	l, err := listen(rawURL, DefaultGatewayURL, "gateway", g)
	if err != nil {
		return nil, err
	}
	g.l, g.URL = l, l.url
	return g, nil
}

// Serve answers requests until ctx is done or Stop or Close is called.
func (g *Gateway) Serve(ctx context.Context) error { return g.l.serve(ctx) }

// Stop stops listening, letting the requests being handled finish (5 seconds at most).
func (g *Gateway) Stop() { g.l.stop() }

// Close stops listening at once.
func (g *Gateway) Close() error { return g.l.srv.Close() }

// Faspex4Delivery is the delivery of a Faspex 4 package creation.
type Faspex4Delivery struct {
	Title      string         `json:"title"`
	Note       string         `json:"note"`
	Recipients []string       `json:"recipients"`
	Metadata   map[string]any `json:"metadata"`
	Sources    []struct {
		Paths []string `json:"paths"`
	} `json:"sources"`
}

// ServeHTTP answers POST ROOT/send; anything else is refused as Faspex 4's unsupported
// endpoint.
func (g *Gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rel, inside := g.l.below(r.URL.Path)
	if r.Method != http.MethodPost || !inside || rel != "/send" {
		answer(w, http.StatusBadRequest, Object{"error": "Unsupported endpoint"})
		return
	}
	var body struct {
		Delivery *Faspex4Delivery `json:"delivery"`
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, 16<<20))
	if err == nil {
		err = json.Unmarshal(b, &body)
	}
	if err == nil && body.Delivery == nil {
		err = fmt.Errorf("a JSON object with a delivery is expected")
	}
	if err != nil {
		answer(w, http.StatusBadRequest, Object{"error": err.Error()})
		return
	}
	out, err := g.Send(r.Context(), *body.Delivery)
	if err != nil {
		g.log.Error("gateway: send failed", "title", body.Delivery.Title, "error", err)
		answer(w, http.StatusInternalServerError, Object{"error": err.Error()})
		return
	}
	g.log.Info("gateway: package created", "title", body.Delivery.Title, "id", out["id"])
	delete(out, "id")
	answer(w, http.StatusOK, out)
}

// Send creates the Faspex 5 package of a Faspex 4 delivery (its recipients resolved by name)
// and returns Faspex 4's answer: {"links": {"status": ...}, "xfer_sessions": [spec]}, and
// "id", the Faspex 5 package's. The spec is the upload's, for the delivery's files (their
// base names: Faspex 5 knows the package complete when they have arrived), without paths.
func (g *Gateway) Send(ctx context.Context, d Faspex4Delivery) (Object, error) {
	var files []string
	for _, s := range d.Sources {
		for _, p := range s.Paths {
			files = append(files, path.Base(p))
		}
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%w: the delivery has no sources' paths: the files to send", ErrSetup)
	}
	recipients := make([]any, len(d.Recipients))
	for i, n := range d.Recipients {
		recipients[i] = n
	}
	pkg := Object{"title": d.Title, "recipients": recipients}
	if d.Note != "" {
		pkg["note"] = d.Note
	}
	if len(d.Metadata) > 0 {
		pkg["metadata"] = d.Metadata
	}
	body, err := g.c.PrepareSend(ctx, pkg, false)
	if err != nil {
		return nil, err
	}
	created, err := g.c.CreatePackage(ctx, body)
	if err != nil {
		return nil, err
	}
	id := fmt.Sprint(created["id"])
	s, err := g.c.UploadSpec(ctx, id, files)
	if err != nil {
		return nil, fmt.Errorf("package %s: %w", id, err)
	}
	return Object{"id": id, "links": Object{"status": g.c.Base + "/api/v5/packages/" + id + "/upload_details"},
		"xfer_sessions": []any{map[string]any(s)}}, nil
}
