// Package nodetest holds what the tests of products/node and of its simulator share: the
// errata of the official Node API document, the shapes recorded for the endpoints it lacks,
// and a simulator started under the contract check.
package nodetest

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/asperalm/aslmcli/internal/openapitest"
	"github.com/asperalm/aslmcli/products/node/nodesim"
)

// Document is the official OpenAPI document of the Node API both sides are held to.
const Document = "node-4.4.6.yaml"

// Recorded is the OpenAPI document of the endpoints Document lacks (/async, /rund/services,
// /v3/watchfolders, /streams, /services/rest/transfers/v1), recorded from the IBM aspera-cli
// sources: not an official document (see its description).
//
//go:embed recorded.yaml
var Recorded []byte

// AsyncTables is the schema of the async database's tables the /async records are held to.
const AsyncTables = "node-async-tables.yaml"

// undocumented401 is only applied to exchanges answered 401 (see Start): its message ("status
// is not supported") would hide any other undocumented status.
var undocumented401 = openapitest.Erratum{Part: "response", Contains: "status is not supported",
	Why: "no operation documents 401, which a node answers to missing or bad credentials"}

// cancelErratum: OpenAPI has no CANCEL method.
var cancelErratum = openapitest.Erratum{Method: "CANCEL", Part: "route", Contains: "method not allowed",
	Why: "a node cancels a transfer (and a stream) with the HTTP method CANCEL on /ops/transfers/{id} (/streams/{id}), which OpenAPI cannot express"}

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
	{Method: "POST", Path: "/ops/transfers", Part: "response", Contains: `/target_rate_kbps": value must be a string`,
		Why: "transferResponseSpec types target_rate_kbps as a string, while the request it echoes (transferPostRequest) and the start_spec of the same transfer type it as an integer"},
	{Method: "GET", Path: "/events", Part: "response", Contains: `/types": value must be a string`,
		Why: "events-id-get-200 types types as a string yet describes it as an array of event types"},
	{Method: "GET", Path: "/events", Part: "response", Contains: `/data": value must be a string`,
		Why: "events-id-get-200 types data as a string yet describes it as a JSON object (the answer of the action)"},
	{Method: "GET", Path: "/events/{id}", Part: "response", Contains: `"/types": value must be a string`,
		Why: "events-id-get-200 types types as a string yet describes it as an array of event types"},
	{Method: "GET", Path: "/events/{id}", Part: "response", Contains: `"/data": value must be a string`,
		Why: "events-id-get-200 types data as a string yet describes it as a JSON object (the answer of the action)"},
	{Method: "POST", Path: "/files/create", Part: "request", Contains: `/target": value must be a string`,
		Why: "files-create types target as a string, yet gives it a required property path: it is an object {path}"},
	cancelErratum,
	{Method: "GET", Path: "/files/{uri_encoded_path}/contents", Part: "response", Contains: "response header Content-Type has unexpected value",
		Why: "contents is documented as application/json but answers the file's bytes"},
	{Method: "POST", Path: "/files/upload_setup", Part: "response", Contains: `property "source" is missing`,
		Why: "the spec echoes the request's paths, which for an upload hold only destination (token-paths allows it), but its paths schema requires source"},
}

// Start starts a simulator under the contract middleware (cfg.Root defaults to a temporary
// folder; a cfg.Wrap runs outside the contract check) and closes it at the end of the test.
// Exchanges on paths Document lacks are held to Recorded, and the records of /async answers
// to the async tables.
func Start(t testing.TB, cfg nodesim.Config) *nodesim.Server {
	t.Helper()
	var strict []openapitest.Erratum
	for _, e := range Errata {
		if e != undocumented401 {
			strict = append(strict, e)
		}
	}
	c := contracts{
		others:       openapitest.Load(t, Document, strict...),
		unauthorized: openapitest.Load(t, Document, Errata...),
		recorded:     openapitest.LoadData(t, "recorded.yaml", Recorded, cancelErratum),
		tables:       openapitest.LoadSchema(t, AsyncTables),
	}
	if cfg.Root == "" {
		cfg.Root = t.TempDir()
	}
	cfg.Wrap = openapitest.Around(func(h http.Handler) http.Handler { return c.handler(t, h) }, cfg.Wrap)
	srv, err := nodesim.Start(cfg)
	return openapitest.Started(t, srv, err)
}

type contracts struct {
	others, unauthorized, recorded *openapitest.Contract
	tables                         *openapitest.Schema
}

// handler lets next answer, then has the exchange validated: by recorded on the paths the
// document lacks, by unauthorized when the answer is a 401, by others otherwise.
func (c contracts) handler(t testing.TB, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		rec := httptest.NewRecorder()
		r.Body = io.NopCloser(bytes.NewReader(body))
		next.ServeHTTP(rec, r)
		contract := c.others
		switch {
		case !c.others.Covers(r):
			contract = c.recorded
		case rec.Code == http.StatusUnauthorized:
			contract = c.unauthorized
		}
		if rec.Code == http.StatusOK && strings.HasPrefix(r.URL.Path, "/async/") {
			for _, err := range c.asyncRecords(r.URL.Path, rec.Body.Bytes()) {
				t.Errorf("async tables: %s: %v", r.URL.Path, err)
			}
		}
		replay := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			w.WriteHeader(rec.Code)
			_, _ = w.Write(rec.Body.Bytes())
		})
		r.Body = io.NopCloser(bytes.NewReader(body))
		contract.Middleware(t, replay).ServeHTTP(w, r)
	})
}

// asyncRecords checks the records of an /async answer against the async tables: a summary
// is a meta row, counters a counters row, a file a file_info row.
func (c contracts) asyncRecords(path string, body []byte) []error {
	var answer map[string][]any
	if err := json.Unmarshal(body, &answer); err != nil {
		return nil // not a list answer (list, delete): the document checks it
	}
	var errs []error
	check := func(table string, v any) {
		if err := c.tables.Check(table, v); err != nil {
			errs = append(errs, err)
		}
	}
	byID := func(key, table string) {
		for _, m := range answer[key] {
			for _, rows := range m.(map[string]any) {
				for _, row := range rows.([]any) {
					check(table, row)
				}
			}
		}
	}
	switch path {
	case "/async/summary":
		for _, s := range answer["sync_summaries"] {
			check("meta", s)
		}
	case "/async/counters":
		byID("sync_counters", "counters")
	case "/async/files":
		byID("sync_files", "file_info")
	}
	return errs
}
