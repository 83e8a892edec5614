// Package gwtest is a test double of an IBM Aspera HTTP Gateway, for the tests of the httpgw
// agent and of IBM's HTTP Gateway SDK: an httptest server serving /aspera/http-gwy/v1/info, the
// /v1/upload and /v2/upload WebSockets and /v1/download. It accepts what the SDK
// (@ibm-aspera/http-gateway-sdk-js 7.7.4) sends and checks the wire format, not a client's
// habits: the spec (a token; authentication absent or "token"; paths of {source[,
// destination]}), then for each non-empty file its slices in order (v1: slice_upload with base64
// data; v2: a slice_upload delimiter, the binary chunks, the delimiter again), files in
// increasing fileIndex (an empty file sends nothing). It acks the spec and each data chunk with
// "end upload", stop-and-wait clients as well as windowed ones. Each mismatch is reported with
// t.Errorf and ends the upload with an error message. Uploaded files are really
// written under Options.UploadDir, downloads serve real files of Options.DownloadDir (a zip
// made with archive/zip when zip_required, and for several paths or a folder whatever
// zip_required says, as a gateway must: the SDK may ask for several files without zip), so
// tests compare bytes.
package gwtest

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/asperalm/aslmcli/transfer"
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
	SliceAcks      bool          // also answer end_slice_upload after each v2 delimiter (some gateways do; the SDK ignores it)
	DuplicateAcks  bool          // answer each data chunk with "end upload" twice (the SDK says gateways do)
	Noise          bool          // send an unknown text frame after each ack (clients must ignore it)
	Prefix         string        // path of the gateway's API; default BasePath
	DownloadAnswer string        // fields of the POST /v1/download answer: "url", "transfer_spec_id", or "" for both
	Record         bool          // keep every upload message in Upload.Frames (the recording double)
}

// Frame is one WebSocket message of an upload's client, recorded with Options.Record.
type Frame struct {
	Binary bool           // a binary message (a v2 chunk): only its Size is kept
	Size   int            // bytes of the message
	JSON   map[string]any // a text message decoded (numbers as json.Number), slice_upload.data replaced by its length
	Text   string         // a text message that is not a JSON object
}

// Upload is what the double saw of one upload WebSocket.
type Upload struct {
	Version string         // "v1" or "v2"
	Spec    map[string]any // the transfer_spec message
	Files   []string       // names received completely, in order (empty files send nothing: not here)
	Chunks  int            // data chunks received
	Closed  int            // close status of the client (1000 when it ended well), -1 when the connection broke
	Ended   bool           // the double is done with this WebSocket
	Frames  []Frame        // the client's messages, in order (Options.Record)
}

// Server is a running double; it stops at the end of the test.
type Server struct {
	URL  string // root URL (http://127.0.0.1:port), without /aspera/http-gwy
	Base string // URL + Options.Prefix: the gateway URL clients are given
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
const BasePath = "/aspera/http-gwy" // httpgw.DefaultPath (not imported: httpgw's tests import this package)

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
	if opts.Prefix == "" {
		opts.Prefix = BasePath
	}
	if opts.FailMessage == "" {
		opts.FailMessage = "failed by the test double"
	}
	s := &Server{Opts: opts, t: t, downloads: map[string]map[string]any{}, conns: map[*websocket.Conn]bool{}}
	mux := http.NewServeMux()
	base := opts.Prefix
	mux.HandleFunc("GET "+base+"/v1/info", s.info)
	mux.HandleFunc("GET "+base+"/v1/upload", func(w http.ResponseWriter, r *http.Request) { s.upload(w, r, "v1") })
	mux.HandleFunc("GET "+base+"/v2/upload", func(w http.ResponseWriter, r *http.Request) { s.upload(w, r, "v2") })
	mux.HandleFunc("POST "+base+"/v1/download", s.postDownload)
	mux.HandleFunc("GET "+base+"/v1/download/{id}", s.getDownload)
	s.srv = httptest.NewServer(mux)
	s.URL, s.Base = s.srv.URL, s.srv.URL+base
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
		out[i].Frames = append([]Frame(nil), u.Frames...)
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
func (s *Server) v2() bool { return !transfer.VersionLess(s.Opts.Version, "2.3.0") }

func (s *Server) info(w http.ResponseWriter, _ *http.Request) {
	base := s.Opts.Prefix
	eps := []string{base + "/v1/info", base + "/v1/upload"}
	if s.v2() {
		eps = append(eps, base+"/v2/upload")
	}
	eps = append(eps, base+"/v1/download")
	writeJSON(w, http.StatusOK, map[string]any{"name": "IBM Aspera HTTP Gateway (test double)", "version": s.Opts.Version, "endpoints": eps})
}
