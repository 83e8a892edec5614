package openapitest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// recorder is a testing.TB that keeps the errors instead of failing.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, strings.TrimSpace(strings.ReplaceAll(format, "%", "")))
}

// TestContractCatchesMismatches proves that the middleware can fail: a fake /info that
// answers a wrong type, and a request to a path the document does not have.
func TestContractCatchesMismatches(t *testing.T) {
	c := Load(t, "node-4.4.6.yaml")
	rec := &recorder{TB: t}
	h := c.Middleware(rec, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/ping":
			w.WriteHeader(200)
		case "/info":
			_, _ = io.WriteString(w, `{"version": 4, "current_time": "now"}`)
		default:
			w.WriteHeader(404)
		}
	}))
	s := httptest.NewServer(h)
	defer s.Close()
	get := func(p string) {
		resp, err := http.Get(s.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	get("/ping")
	if len(rec.errs) != 0 {
		t.Fatalf("a good exchange failed: %v", rec.errs)
	}
	get("/info")
	if len(rec.errs) != 1 || !strings.Contains(rec.errs[0], "response") {
		t.Fatalf("a wrong /info answer passed: %v", rec.errs)
	}
	get("/no/such/path")
	if len(rec.errs) != 2 || !strings.Contains(rec.errs[1], "not in the document") {
		t.Fatalf("an unknown path passed: %v", rec.errs)
	}
	if seen := c.Seen(); len(seen) != 2 || seen[0] != "GET /info: 1" {
		t.Fatalf("seen %v", seen)
	}
}

// TestErratumStatus: an erratum with a Status hides the mismatch of answers of that status
// only; Parse reads a document given as text.
func TestErratumStatus(t *testing.T) {
	doc := []byte(`openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /x:
    get:
      responses:
        "200": {description: ok}
`)
	c := Parse(t, "inline.yaml", doc, Erratum{Method: "GET", Path: "/x", Part: "response", Status: 403, Contains: "status is not supported", Why: "test"})
	rec := &recorder{TB: t}
	code := 403
	s := httptest.NewServer(c.Middleware(rec, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(code) })))
	defer s.Close()
	for _, status := range []int{403, 404} {
		code = status
		resp, err := http.Get(s.URL + "/x")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	if len(rec.errs) != 1 || !strings.Contains(rec.errs[0], "response") {
		t.Fatalf("want the 404 only: %v", rec.errs)
	}
}
