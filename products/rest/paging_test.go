package rest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"
)

const nItems = 2345

// pagedServer serves nItems items {"n": i} in the given paging style, counting page hits.
func pagedServer(t testing.TB, style string, hits *atomic.Int32) *httptest.Server {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		q := r.URL.Query()
		w.Header().Set("Content-Type", "application/json")
		page := func(from, size int) []map[string]int {
			items := []map[string]int{}
			for i := from; i < from+size && i < nItems; i++ {
				items = append(items, map[string]int{"n": i})
			}
			return items
		}
		switch style {
		case "link":
			from, _ := strconv.Atoi(q.Get("iteration_token"))
			items := page(from, 100)
			if from+100 < nItems {
				// a relative link, as some servers send
				w.Header().Set("Link", fmt.Sprintf(`</things?iteration_token=%d>; rel="next", </things>; rel="first"`, from+100))
			}
			_ = json.NewEncoder(w).Encode(items)
		case "token":
			from, _ := strconv.Atoi(q.Get("iteration_token"))
			per, _ := strconv.Atoi(q.Get("per_page"))
			items := page(from, per)
			if from+per < nItems {
				w.Header().Set("X-Aspera-Next-Iteration-Token", strconv.Itoa(from+per))
			}
			_ = json.NewEncoder(w).Encode(map[string]any{"item_count": len(items), "items": items})
		case "page":
			p, _ := strconv.Atoi(q.Get("page"))
			per, _ := strconv.Atoi(q.Get("per_page"))
			w.Header().Set("X-Total-Count", strconv.Itoa(nItems))
			_ = json.NewEncoder(w).Encode(page((p-1)*per, per))
		case "offset":
			off, _ := strconv.Atoi(q.Get("offset"))
			lim, _ := strconv.Atoi(q.Get("limit"))
			_ = json.NewEncoder(w).Encode(map[string]any{"total_count": nItems, "packages": page(off, lim)})
		case "body":
			var b map[string]any
			_ = json.NewDecoder(r.Body).Decode(&b)
			if b["path"] != "/" {
				http.Error(w, "path expected", 400)
				return
			}
			skip, _ := b["skip"].(float64)
			count, _ := b["count"].(float64)
			_ = json.NewEncoder(w).Encode(map[string]any{"total_count": nItems, "items": page(int(skip), int(count)), "self": map[string]any{}})
		}
	}))
	t.Cleanup(s.Close)
	return s
}

func collect(t *testing.T, it *Iterator) []int {
	t.Helper()
	var ns []int
	for {
		v, ok := it.Next()
		if !ok {
			break
		}
		n, _ := v.(map[string]any)["n"].(json.Number).Int64()
		ns = append(ns, int(n))
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
	return ns
}

func checkSequence(t *testing.T, name string, ns []int, want int) {
	t.Helper()
	if len(ns) != want {
		t.Fatalf("%s: %d items, want %d", name, len(ns), want)
	}
	for i, n := range ns {
		if n != i {
			t.Fatalf("%s: item %d is %d", name, i, n)
		}
	}
}

func TestPagingStyles(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		style string
		req   Request
		p     Paging
		pages int32
	}{
		{"link", Request{Path: "things"}, Paging{Style: "link"}, 24},
		{"token", Request{Path: "files/1/files"}, Paging{Style: "token", PerPage: 500}, 5},
		{"page", Request{Path: "users"}, Paging{Style: "page", PerPage: 1000}, 3},
		{"offset", Request{Path: "packages"}, Paging{Style: "offset", PerPage: 1000}, 3},
		{"body", Request{Method: "POST", Path: "files/browse", JSON: map[string]any{"path": "/"}},
			Paging{Style: "offset", PerPage: 1000, InBody: true, OffsetParam: "skip", LimitParam: "count", ItemsKey: "items"}, 3},
	} {
		var hits atomic.Int32
		s := pagedServer(t, tc.style, &hits)
		it := newClient(t, s.URL, nil).Each(ctx, &tc.req, tc.p)
		checkSequence(t, tc.style, collect(t, it), nItems)
		if hits.Load() != tc.pages || it.Pages() != int(tc.pages) {
			t.Errorf("%s: %d hits, %d pages, want %d", tc.style, hits.Load(), it.Pages(), tc.pages)
		}
		if tc.style == "page" || tc.style == "offset" {
			if it.Total() != nItems {
				t.Errorf("%s: total %d", tc.style, it.Total())
			}
		}
	}
}

func TestPagingLimitsAreLazy(t *testing.T) {
	ctx := context.Background()
	var hits atomic.Int32
	s := pagedServer(t, "page", &hits)
	c := newClient(t, s.URL, nil)
	it := c.Each(ctx, &Request{Path: "users"}, Paging{Style: "page", PerPage: 100, Max: 10})
	checkSequence(t, "max", collect(t, it), 10)
	if hits.Load() != 1 {
		t.Fatalf("max=10 with pages of 100 fetched %d pages", hits.Load())
	}
	hits.Store(0)
	it = c.Each(ctx, &Request{Path: "users"}, Paging{Style: "page", PerPage: 100, PMax: 3})
	checkSequence(t, "pmax", collect(t, it), 300)
	if hits.Load() != 3 {
		t.Fatalf("pmax=3 fetched %d pages", hits.Load())
	}
	// a caller that stops early stops fetching: at most one page ahead of what it used
	hits.Store(0)
	it = c.Each(ctx, &Request{Path: "users"}, Paging{Style: "page", PerPage: 100})
	for i := 0; i < 150; i++ {
		it.Next()
	}
	it.Close()
	after := hits.Load()
	if after < 2 || after > 3 {
		t.Fatalf("150 items of pages of 100 fetched %d pages", after)
	}
	if _, ok := it.Next(); ok || it.Err() != nil {
		t.Fatal("Next after Close gave an item or an error")
	}
	it.Close()
	if hits.Load() != after {
		t.Fatalf("requests after Close: %d then %d", after, hits.Load())
	}
}

func TestPagingStopsOnRepeats(t *testing.T) {
	var hits atomic.Int32
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Link", `<`+r.URL.Path+`?iteration_token=same>; rel="next"`)
		w.Header().Set("X-Aspera-Next-Iteration-Token", "same")
		_, _ = w.Write([]byte(`[{"n":1}]`))
	}))
	defer s.Close()
	c := newClient(t, s.URL, nil)
	for _, style := range []string{"link", "token"} {
		hits.Store(0)
		it := c.Each(context.Background(), &Request{Path: "loop"}, Paging{Style: style})
		n := 0
		for _, ok := it.Next(); ok; _, ok = it.Next() {
			n++
		}
		if it.Err() != nil || hits.Load() != 2 || n != 2 {
			t.Errorf("%s: %d hits, %d items, err %v: a repeated next page must stop", style, hits.Load(), n, it.Err())
		}
	}
}

func TestPagingErrors(t *testing.T) {
	s := serve(t, 200, "application/json", `{"a":[1],"b":[2]}`)
	it := newClient(t, s.URL, nil).Each(context.Background(), &Request{Path: "x"}, Paging{})
	if _, ok := it.Next(); ok || it.Err() == nil || it.Err().Error() != "page 1 of x: the answer holds several lists (a, b): say which" {
		t.Fatalf("ambiguous lists: %v", it.Err())
	}
	s = serve(t, 500, "application/json", `{"message":"boom"}`)
	it = newClient(t, s.URL, nil).Each(context.Background(), &Request{Path: "x"}, Paging{Style: "page"})
	if _, ok := it.Next(); ok || it.Err() == nil || it.Err().Error() != "500 Internal Server Error: GET "+s.URL+"/x?page=1: boom" {
		t.Fatalf("server error: %v", it.Err())
	}
	it = newClient(t, s.URL, nil).Each(context.Background(), &Request{Path: "x"}, Paging{Style: "pages"})
	if _, ok := it.Next(); ok || it.Err() == nil {
		t.Fatal("an unknown style was accepted")
	}
}

func TestNextLink(t *testing.T) {
	h := http.Header{}
	h.Add("Link", `<https://h/a?x=1,2>; rel="prev", <https://h/b?t=3>; rel="next last"`)
	if got := nextLink(h); got != "https://h/b?t=3" {
		t.Fatalf("nextLink = %q", got)
	}
	h = http.Header{"Link": {`<https://h/a>; rel=prev`}}
	if got := nextLink(h); got != "" {
		t.Fatalf("nextLink without next = %q", got)
	}
}

func TestPagingRelativeLinksAndTotals(t *testing.T) {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Total-Count", "3")
		switch r.URL.RequestURI() {
		case "/api/v1/items":
			w.Header().Set("Link", `</api/v2/items?p=2>; rel="next"`)
			_, _ = w.Write([]byte(`[{"n":0}]`))
		case "/api/v2/items?p=2":
			w.Header().Set("Link", `<more?p=3>; rel="next"`) // relative to this page
			_, _ = w.Write([]byte(`[{"n":1}]`))
		case "/api/v2/more?p=3":
			_, _ = w.Write([]byte(`[{"n":2}]`))
		default:
			http.Error(w, r.URL.RequestURI(), 404)
		}
	}))
	defer s.Close()
	it := newClient(t, s.URL+"/api", nil).Each(context.Background(), &Request{Path: "v1/items"}, Paging{Style: "link"})
	checkSequence(t, "relative", collect(t, it), 3)
	if it.Total() != 3 || it.Pages() != 3 || it.Page().Header.Get("X-Total-Count") != "3" {
		t.Fatalf("total %d pages %d", it.Total(), it.Pages())
	}
}

// BenchmarkEach lists 100,000 items in pages of 1,000 (offset paging).
func BenchmarkEach(b *testing.B) {
	const total, per = 100_000, 1000
	pages := make([][]byte, total/per)
	for p := range pages {
		var buf []byte
		buf = fmt.Appendf(buf, `{"total_count":%d,"items":[`, total)
		for i := p * per; i < (p+1)*per; i++ {
			if i > p*per {
				buf = append(buf, ',')
			}
			buf = fmt.Appendf(buf, `{"id":"%d","name":"file-%d.bin","size":%d,"type":"file"}`, i, i, i*10)
		}
		pages[p] = append(buf, "]}"...)
	}
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		off, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		w.Header().Set("Content-Type", "application/json")
		if off/per < len(pages) {
			_, _ = w.Write(pages[off/per])
			return
		}
		fmt.Fprintf(w, `{"total_count":%d,"items":[]}`, total)
	}))
	defer s.Close()
	c, _ := New(s.URL, nil, nil)
	b.ReportAllocs()
	for b.Loop() {
		it := c.Each(context.Background(), &Request{Path: "items"}, Paging{Style: "offset", PerPage: per, ItemsKey: "items"})
		n := 0
		for _, ok := it.Next(); ok; _, ok = it.Next() {
			n++
		}
		if it.Err() != nil || n != total || it.Pages() != total/per {
			b.Fatal(n, it.Pages(), it.Err())
		}
	}
}
