package faspex5

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"
)

// DefaultPostprocessingURL is where the postprocessing listener listens by default (ascli's).
const DefaultPostprocessingURL = "http://localhost:8080/processing"

// PostprocessingHandler handles one webhook event: name is the request's path below the
// listener's root ("" at the root: ascli maps it to a script of a folder), event the JSON the
// webhook posted. Its result is added to the answer.
type PostprocessingHandler func(ctx context.Context, name string, event Object) (Object, error)

// Postprocessing is ascli's "postprocessing": an HTTP listener that Faspex 5 webhooks post
// package events to, each handed to a handler.
type Postprocessing struct {
	URL     string        // http://HOST:PORT/ROOT it listens on (the real port when the URL's was 0)
	Root    string        // the path requests must be below
	Timeout time.Duration // of each handler call; 0 = none
	handle  PostprocessingHandler
	log     *slog.Logger
	l       *listener
}

// ListenPostprocessing listens on rawURL (http only; "" = DefaultPostprocessingURL). Requests
// are served once Serve runs.
func ListenPostprocessing(rawURL string, timeout time.Duration, handle PostprocessingHandler, log *slog.Logger) (*Postprocessing, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	p := &Postprocessing{Timeout: timeout, handle: handle, log: log}
	l, err := listen(rawURL, DefaultPostprocessingURL, "postprocessing", p)
	if err != nil {
		return nil, err
	}
	p.l, p.URL, p.Root = l, l.url, l.root
	return p, nil
}

// Serve answers requests until ctx is done or Stop or Close is called; requests being handled
// get 5 seconds to finish. It returns nil when one of those ended it.
func (p *Postprocessing) Serve(ctx context.Context) error { return p.l.serve(ctx) }

// Stop stops listening, letting the requests being handled finish (5 seconds at most). It
// may be called from a handler: it returns at once.
func (p *Postprocessing) Stop() { p.l.stop() }

// Close stops listening at once.
func (p *Postprocessing) Close() error { return p.l.srv.Close() }

// ServeHTTP handles one webhook: POST below Root with a JSON object.
func (p *Postprocessing) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rel, inside := p.l.below(r.URL.Path)
	name := strings.TrimPrefix(rel, "/")
	switch {
	case r.Method != http.MethodPost:
		answer(w, http.StatusMethodNotAllowed, Object{"status": "error", "message": "POST expected"})
		return
	case !inside:
		answer(w, http.StatusBadRequest, Object{"status": "error", "message": "request outside domain"})
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 16<<20))
	var event Object
	if err == nil {
		err = json.Unmarshal(body, &event)
	}
	if err != nil || event == nil {
		answer(w, http.StatusBadRequest, Object{"status": "error", "message": "a JSON object is expected"})
		return
	}
	ctx := r.Context()
	if p.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, p.Timeout)
		defer cancel()
	}
	p.log.Info("postprocessing event", "name", name, "event", event["event"])
	result, err := p.handle(ctx, name, event)
	out := Object{"status": "success", "script": name}
	if err != nil {
		p.log.Error("postprocessing failed", "name", name, "error", err)
		answer(w, http.StatusInternalServerError, Object{"status": "error", "script": name, "message": err.Error()})
		return
	}
	for k, v := range result {
		if k != "status" {
			out[k] = v
		}
	}
	answer(w, http.StatusOK, out)
}
