// Package gwtest is a test double of an IBM Aspera HTTP Gateway, for the tests of the httpgw
// agent: an httptest server serving /aspera/http-gwy/v1/info, the /v1/upload and /v2/upload
// WebSockets and /v1/download. It is strict: every upload frame is checked against the
// protocol (docs/protocols.md §4 and the decisions of package httpgw), each mismatch is
// reported with t.Errorf and ends the upload with an error message. Uploaded files are really
// written under Options.UploadDir, downloads serve real files of Options.DownloadDir (a zip
// made with archive/zip when zip_required), so tests compare bytes.
package gwtest

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// Options configure the double; the zero value is a v2 gateway accepting any token.
type Options struct {
	Version        string        // info version; default "2.3.0"; below 2.3.0 the endpoints list no /v2/upload
	Token          string        // token the spec must hold; "" = any non-empty token
	ChunkSize      int           // chunk size the client must use; default 64000
	UploadDir      string        // where uploaded files are written; default a t.TempDir()
	Discard        bool          // check and count uploaded bytes but write no file (benchmarks)
	DownloadDir    string        // files served by downloads; default UploadDir
	FailAfter      int           // > 0: after this many data chunks (v1 slices, v2 binary chunks) answer an error and close
	FailMessage    string        // message of that error; default "failed by the test double"
	FailBase64     bool          // send it as a quoted base64 string of JSON rather than as JSON
	AckDelay       time.Duration // wait before each data chunk's ack (a slow gateway)
	DownloadAnswer string        // fields of the POST /v1/download answer: "url", "transfer_spec_id", or "" for both
}

// Upload is what the double saw of one upload WebSocket.
type Upload struct {
	Version string         // "v1" or "v2"
	Spec    map[string]any // the transfer_spec message
	Files   []string       // names received completely, in order
	Chunks  int            // data chunks received
	Closed  int            // close status of the client (1000 when it ended well), -1 when the connection broke
	Ended   bool           // the double is done with this WebSocket
}

// Server is a running double; it stops at the end of the test.
type Server struct {
	URL  string // root URL (http://127.0.0.1:port), without /aspera/http-gwy
	Base string // URL + /aspera/http-gwy
	Opts Options

	t   testing.TB
	srv *httptest.Server

	mu        sync.Mutex
	uploads   []*Upload
	downloads map[string]map[string]any // id -> transfer spec
	posted    []map[string]any
	nextID    int
	conns     map[*websocket.Conn]bool
	wg        sync.WaitGroup
}

// BasePath is where the gateway's API lives.
const BasePath = "/aspera/http-gwy"

// Start runs a double until the end of the test.
func Start(t testing.TB, opts Options) *Server {
	t.Helper()
	if opts.Version == "" {
		opts.Version = "2.3.0"
	}
	if opts.ChunkSize <= 0 {
		opts.ChunkSize = 64000
	}
	if opts.UploadDir == "" {
		opts.UploadDir = t.TempDir()
	}
	if opts.DownloadDir == "" {
		opts.DownloadDir = opts.UploadDir
	}
	if opts.FailMessage == "" {
		opts.FailMessage = "failed by the test double"
	}
	s := &Server{Opts: opts, t: t, downloads: map[string]map[string]any{}, conns: map[*websocket.Conn]bool{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+BasePath+"/v1/info", s.info)
	mux.HandleFunc("GET "+BasePath+"/v1/upload", func(w http.ResponseWriter, r *http.Request) { s.upload(w, r, "v1") })
	mux.HandleFunc("GET "+BasePath+"/v2/upload", func(w http.ResponseWriter, r *http.Request) { s.upload(w, r, "v2") })
	mux.HandleFunc("POST "+BasePath+"/v1/download", s.postDownload)
	mux.HandleFunc("GET "+BasePath+"/v1/download/{id}", s.getDownload)
	s.srv = httptest.NewServer(mux)
	s.URL, s.Base = s.srv.URL, s.srv.URL+BasePath
	t.Cleanup(s.close)
	return s
}

// close ends the WebSockets still open, waits for their handlers and stops the server.
func (s *Server) close() {
	s.mu.Lock()
	for c := range s.conns {
		_ = c.CloseNow()
	}
	s.mu.Unlock()
	s.wg.Wait()
	s.srv.Close()
}

// Uploads returns what the double saw of the uploads so far (copies).
func (s *Server) Uploads() []Upload {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Upload, len(s.uploads))
	for i, u := range s.uploads {
		out[i] = *u
		out[i].Files = append([]string(nil), u.Files...)
	}
	return out
}

// Downloads returns the transfer specs of the POST /v1/download requests so far.
func (s *Server) Downloads() []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]map[string]any(nil), s.posted...)
}

// v2 tells whether the configured version offers the v2 upload (>= 2.3.0, as the SDK decides).
func (s *Server) v2() bool {
	parts := strings.SplitN(s.Opts.Version, ".", 3)
	n := 0
	for i := range 3 {
		v := 0
		if i < len(parts) {
			v, _ = strconv.Atoi(parts[i])
		}
		n = n*100000 + v
	}
	return n >= 2*100000*100000+3*100000
}

func (s *Server) info(w http.ResponseWriter, _ *http.Request) {
	eps := []string{BasePath + "/v1/info", BasePath + "/v1/upload"}
	if s.v2() {
		eps = append(eps, BasePath+"/v2/upload")
	}
	eps = append(eps, BasePath+"/v1/download")
	writeJSON(w, http.StatusOK, map[string]any{"name": "IBM Aspera HTTP Gateway (test double)", "version": s.Opts.Version, "endpoints": eps})
}
