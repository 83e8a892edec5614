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

// TestSchemaCatchesMismatches proves that Check can fail: a counter given as a string, and an
// enum value the async tables do not know.
func TestSchemaCatchesMismatches(t *testing.T) {
	s := LoadSchema(t, "node-async-tables.yaml")
	if got := strings.Join(s.Tables(), ","); got != "counters,file_info,meta" {
		t.Fatalf("tables %s", got)
	}
	if err := s.Check("counters", map[string]any{"syncd": 3, "files_pending": 0, "extra": "kept"}); err != nil {
		t.Fatalf("a good record failed: %v", err)
	}
	if err := s.Check("counters", map[string]any{"syncd": "3"}); err == nil {
		t.Fatal("a string counter passed")
	}
	if err := s.Check("meta", map[string]any{"direction": "sideways"}); err == nil {
		t.Fatal("an unknown direction passed")
	}
	if err := s.Check("nosuch", map[string]any{}); err == nil {
		t.Fatal("an unknown table passed")
	}
}

// TestErratumHidesNoOtherMismatch: an erratum tolerates its own mismatch only; another
// mismatch of the same answer still fails.
func TestErratumHidesNoOtherMismatch(t *testing.T) {
	c := Load(t, "node-4.4.6.yaml", Erratum{Method: "GET", Path: "/info", Part: "response",
		Contains: `"/version": value must be a string`, Why: "a test erratum"})
	for _, tc := range []struct {
		body string
		errs int
	}{
		{`{"version": 4}`, 0},
		{`{"version": 4, "current_time": 5}`, 1},
	} {
		rec := &recorder{TB: t}
		h := c.Middleware(rec, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, tc.body)
		}))
		s := httptest.NewServer(h)
		resp, err := http.Get(s.URL + "/info")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		s.Close()
		if len(rec.errs) != tc.errs {
			t.Errorf("%s: %d mismatches reported, want %d: %v", tc.body, len(rec.errs), tc.errs, rec.errs)
		}
	}
}

// TestErratumStatus: an erratum with a Status hides the mismatch of answers of that status
// only; LoadData reads a document given as text.
func TestErratumStatus(t *testing.T) {
	doc := []byte(`openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /x:
    get:
      responses:
        "200": {description: ok}
`)
	c := LoadData(t, "inline.yaml", doc, Erratum{Method: "GET", Path: "/x", Part: "response", Status: 403, Contains: "status is not supported", Why: "test"})
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
