// Package openapitest holds the fakes of the products to their official OpenAPI documents in
// tests: a middleware validates every request a fake receives and every response it sends with
// kin-openapi (example validation off, and the check of the schemas' default values: Faspex
// 5's document has defaults its own schemas refuse, which no exchange carries) and fails the
// test on any mismatch, except for the
// documented errata of a document, each with the reason it is wrong.
//
// The documents are the repository's own copies (package api), so a contract test never skips.
package openapitest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/asperalm/aslmcli/api"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// Erratum is a known error of a document: a mismatch whose message contains Contains, on the
// operation Method Path (the document's path template; "" matches any), in Part ("request",
// "response" or "route") is not a failure. Status, when set, limits a response erratum to
// answers of that HTTP status (a status the document forgot, without hiding the others).
type Erratum struct {
	Method, Path, Part, Contains string
	Status                       int
	Why                          string // why the document is wrong (required)
}

// Contract validates exchanges against one document.
type Contract struct {
	Name   string
	router routers.Router
	errata []Erratum
	mu     sync.Mutex
	seen   map[string]int // "GET /info" -> exchanges validated
}

// Load reads the document name (e.g. "node-4.4.6.yaml") of package api; a missing or invalid
// document fails the test.
func Load(t testing.TB, name string, errata ...Erratum) *Contract {
	t.Helper()
	return LoadRepaired(t, name, nil, errata...)
}

// Repair is a known error that makes a document itself invalid, and its repair: Fix is applied
// to the loaded document, in memory, before it is validated, so that the rest of the document
// is still checked.
type Repair struct {
	Why string // why the document is wrong (required)
	Fix func(*openapi3.T)
}

// LoadRepaired is Load for a document that needs repairs before it validates.
func LoadRepaired(t testing.TB, name string, repairs []Repair, errata ...Erratum) *Contract {
	t.Helper()
	data, err := api.Document(name)
	if err != nil {
		t.Fatalf("OpenAPI document %s: %v", name, err)
	}
	return loadData(t, name, data, repairs, errata)
}

// LoadData is Load of a document given as data (YAML or JSON), for the shapes of endpoints an
// official document lacks, recorded by a product's tests from its other sources; name labels
// the messages.
func LoadData(t testing.TB, name string, data []byte, errata ...Erratum) *Contract {
	t.Helper()
	return loadData(t, name, data, nil, errata)
}

func loadData(t testing.TB, name string, data []byte, repairs []Repair, errata []Erratum) *Contract {
	t.Helper()
	for _, e := range errata {
		if e.Why == "" {
			t.Fatalf("erratum %+v has no reason", e)
		}
	}
	doc, err := openapi3.NewLoader().LoadFromData(data)
	if err != nil {
		t.Fatalf("load %s: %v", name, err)
	}
	for _, r := range repairs {
		if r.Why == "" || r.Fix == nil {
			t.Fatalf("a repair of %s needs a reason and a fix", name)
		}
		r.Fix(doc)
	}
	if err := doc.Validate(context.Background(), openapi3.DisableExamplesValidation(), openapi3.DisableSchemaDefaultsValidation()); err != nil {
		t.Fatalf("%s is not a valid document: %v", name, err)
	}
	doc.Servers = openapi3.Servers{{URL: "/"}}
	r, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return &Contract{Name: name, router: r, errata: errata, seen: map[string]int{}}
}

// Covers tells whether the document has the path of r (whatever the method), so that a
// test can send the exchanges of the paths a document lacks to another one.
func (c *Contract) Covers(r *http.Request) bool {
	_, _, err := c.router.FindRoute(r)
	return err == nil || !errors.Is(err, routers.ErrPathNotFound)
}

func (c *Contract) allowed(method, path, part, msg string, status int) bool {
	for _, e := range c.errata {
		if (e.Method == "" || e.Method == method) && (e.Path == "" || e.Path == path) && e.Part == part &&
			(e.Status == 0 || e.Status == status) && strings.Contains(msg, e.Contains) {
			return true
		}
	}
	return false
}

// tolerated tells whether every mismatch of err is an erratum: each error of a multiple error
// is checked alone, so that an erratum never hides another mismatch of the same exchange.
func (c *Contract) tolerated(method, path, part string, status int, err error) bool {
	var multi openapi3.MultiError
	if errors.As(err, &multi) && len(multi) > 0 {
		for _, e := range multi {
			if !c.tolerated(method, path, part, status, e) {
				return false
			}
		}
		return true
	}
	return c.allowed(method, path, part, err.Error(), status)
}

// Seen returns the operations validated so far ("GET /info: 3"), sorted.
func (c *Contract) Seen() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for k, n := range c.seen {
		out = append(out, fmt.Sprintf("%s: %d", k, n))
	}
	sort.Strings(out)
	return out
}

// Middleware validates the request before next sees it and the response before the client
// does; a mismatch is reported with t.Errorf (the test fails, the exchange goes on).
func (c *Contract) Middleware(t testing.TB, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		route, params, err := c.router.FindRoute(r)
		if err != nil {
			if !c.allowed(r.Method, "", "route", err.Error(), 0) {
				t.Errorf("contract %s: %s %s is not in the document: %v", c.Name, r.Method, r.URL.Path, err)
			}
			next.ServeHTTP(w, r)
			return
		}
		op := r.Method + " " + route.Path
		c.mu.Lock()
		c.seen[op]++
		c.mu.Unlock()
		in := &openapi3filter.RequestValidationInput{Request: r, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true}}
		check := r.Clone(r.Context())
		check.Body = io.NopCloser(bytes.NewReader(body))
		in.Request = check
		if err := openapi3filter.ValidateRequest(r.Context(), in); err != nil && !c.tolerated(r.Method, route.Path, "request", 0, err) {
			t.Errorf("contract %s: %s: request %s does not match: %v", c.Name, op, body, err)
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		res := rec.Result()
		out := rec.Body.Bytes()
		rin := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: res.StatusCode, Header: res.Header,
			Body: io.NopCloser(bytes.NewReader(out)), Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true}}
		if r.Method != http.MethodHead {
			if err := openapi3filter.ValidateResponse(r.Context(), rin); err != nil && !c.tolerated(r.Method, route.Path, "response", res.StatusCode, err) {
				t.Errorf("contract %s: %s: response %d %.300s does not match: %v", c.Name, op, res.StatusCode, out, err)
			}
		}
		for k, v := range res.Header {
			w.Header()[k] = v
		}
		w.WriteHeader(res.StatusCode)
		_, _ = w.Write(out)
	})
}
