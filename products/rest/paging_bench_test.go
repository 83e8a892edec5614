package rest

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"
)

// BenchmarkEachOverlap lists 20 pages of 1,000 items from a server that takes 5 ms per page
// while the caller takes 5 ms to use each page (it sleeps, so that the figure does not depend
// on the load of the machine): without prefetch a listing costs the sum of both (about
// 200 ms), with the next page fetched while the current one is used, about the larger of the
// two (about 105 ms).
func BenchmarkEachOverlap(b *testing.B) {
	const total, per = 20_000, 1000
	pages := make([][]byte, total/per)
	for p := range pages {
		var buf []byte
		buf = fmt.Appendf(buf, `{"total_count":%d,"items":[`, total)
		for i := p * per; i < (p+1)*per; i++ {
			if i > p*per {
				buf = append(buf, ',')
			}
			buf = fmt.Appendf(buf, `{"id":"%d"}`, i)
		}
		pages[p] = append(buf, "]}"...)
	}
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(5 * time.Millisecond)
		off, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(pages[off/per])
	}))
	defer s.Close()
	c, _ := New(s.URL, nil, nil)
	for b.Loop() {
		it := c.Each(context.Background(), &Request{Path: "items"}, Paging{Style: "offset", PerPage: per, ItemsKey: "items"})
		n := 0
		for _, ok := it.Next(); ok; _, ok = it.Next() {
			if n++; n%per == 0 {
				time.Sleep(5 * time.Millisecond)
			}
		}
		if it.Err() != nil || n != total {
			b.Fatal(n, it.Err())
		}
	}
}
