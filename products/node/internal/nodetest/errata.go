// Package nodetest holds what the tests of products/node and of its simulator share: the
// errata of the official Node API document, and a simulator started under the contract check.
package nodetest

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/asperalm/aslmcli/internal/openapitest"
	"github.com/asperalm/aslmcli/products/node/nodesim"
)

// Document is the official OpenAPI document of the Node API both sides are held to.
const Document = "node-4.4.6.yaml"

// undocumented401 is only applied to exchanges answered 401 (see Start): its message ("status
// is not supported") would hide any other undocumented status.
var undocumented401 = openapitest.Erratum{Part: "response", Contains: "status is not supported",
	Why: "no operation documents 401, which a node answers to missing or bad credentials"}

// Errata are the known errors of Document, each one shown by a test of products/node or of
// nodesim. Add one only when a test shows the document is wrong, never to hide a simulator bug.
var Errata = []openapitest.Erratum{
	undocumented401,
	{Method: "POST", Path: "/files/du", Part: "response", Contains: `Error at "/path": value must be an integer`,
		Why: "files-du types path as an integer: it is the path asked for, a string"},
	{Method: "POST", Path: "/files/du", Part: "response", Contains: "status is not supported",
		Why: "files-du documents 200 only: a refused path is a 400, as on the other /files operations"},
	{Method: "POST", Path: "/files/browse", Part: "response", Contains: "status is not supported",
		Why: "files-browse documents 400 and 500 only: a node answers 404 to a path that does not exist, as files-search and contents document"},
	{Method: "POST", Path: "/space", Part: "response", Contains: "status is not supported",
		Why: "space documents 400 and 500 only: a node answers 404 to a path that does not exist, as files-search and contents document"},
	{Method: "POST", Path: "/files/create", Part: "request", Contains: `/target": value must be a string`,
		Why: "files-create types target as a string, yet gives it a required property path: it is an object {path}"},
	{Method: "CANCEL", Part: "route", Contains: "method not allowed",
		Why: "a node cancels a transfer with the HTTP method CANCEL on /ops/transfers/{id}, which OpenAPI cannot express"},
	{Method: "GET", Path: "/files/{uri_encoded_path}/contents", Part: "response", Contains: "response header Content-Type has unexpected value",
		Why: "contents is documented as application/json but answers the file's bytes"},
	{Method: "POST", Path: "/files/upload_setup", Part: "response", Contains: `property "source" is missing`,
		Why: "the spec echoes the request's paths, which for an upload hold only destination (token-paths allows it), but its paths schema requires source"},
}

// Start starts a simulator under the contract middleware (cfg.Root defaults to a temporary
// folder; a cfg.Wrap runs outside the contract check) and closes it at the end of the test.
func Start(t testing.TB, cfg nodesim.Config) *nodesim.Server {
	t.Helper()
	var strict []openapitest.Erratum
	for _, e := range Errata {
		if e != undocumented401 {
			strict = append(strict, e)
		}
	}
	others := openapitest.Load(t, Document, strict...)
	unauthorized := openapitest.Load(t, Document, Errata...)
	if cfg.Root == "" {
		cfg.Root = t.TempDir()
	}
	outer := cfg.Wrap
	cfg.Wrap = func(h http.Handler) http.Handler {
		h = byStatus(t, others, unauthorized, h)
		if outer != nil {
			h = outer(h)
		}
		return h
	}
	srv, err := nodesim.Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Errorf("close the simulator: %v", err)
		}
	})
	return srv
}

// byStatus lets next answer, then has the exchange validated by unauthorized when the answer
// is a 401, by others otherwise.
func byStatus(t testing.TB, others, unauthorized *openapitest.Contract, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		rec := httptest.NewRecorder()
		r.Body = io.NopCloser(bytes.NewReader(body))
		next.ServeHTTP(rec, r)
		c := others
		if rec.Code == http.StatusUnauthorized {
			c = unauthorized
		}
		replay := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			w.WriteHeader(rec.Code)
			_, _ = w.Write(rec.Body.Bytes())
		})
		r.Body = io.NopCloser(bytes.NewReader(body))
		c.Middleware(t, replay).ServeHTTP(w, r)
	})
}
