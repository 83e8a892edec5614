package rest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"
	"time"
)

// slowPages serves pages of 10 items {"n": i} (page style, 3 pages); the second page waits
// until its request is cancelled or release is closed, and reports a cancelled request on
// aborted.
func slowPages(t *testing.T, release chan struct{}, aborted chan<- struct{}, asked chan<- int) *httptest.Server {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, _ := strconv.Atoi(r.URL.Query().Get("page"))
		asked <- p
		if p == 2 {
			select {
			case <-r.Context().Done():
				aborted <- struct{}{}
				return
			case <-release:
			}
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Total-Count", "30")
		fmt.Fprint(w, "[")
		for i := (p - 1) * 10; i < p*10; i++ {
			if i > (p-1)*10 {
				fmt.Fprint(w, ",")
			}
			fmt.Fprintf(w, `{"n":%d}`, i)
		}
		fmt.Fprint(w, "]")
	}))
	t.Cleanup(s.Close)
	return s
}

// TestPrefetchOnePageAhead: the next page is asked for while the caller still uses the
// current one, and never more than one page ahead.
func TestPrefetchOnePageAhead(t *testing.T) {
	release, aborted, asked := make(chan struct{}), make(chan struct{}, 1), make(chan int, 10)
	s := slowPages(t, release, aborted, asked)
	it := newClient(t, s.URL, nil).Each(context.Background(), &Request{Path: "x"}, Paging{Style: "page", PerPage: 10})
	if _, ok := it.Next(); !ok {
		t.Fatal(it.Err())
	}
	if p := <-asked; p != 1 {
		t.Fatalf("first request for page %d", p)
	}
	select { // page 2 is asked for before item 2 of page 1 is even used
	case p := <-asked:
		if p != 2 {
			t.Fatalf("prefetch of page %d", p)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("page 2 was not fetched ahead")
	}
	select {
	case p := <-asked:
		t.Fatalf("page %d asked for while page 2 is not received: more than one page ahead", p)
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	checkSequence(t, "ahead", collectRest(t, it, 1), 29)
	if it.Pages() != 3 || len(asked) != 1 { // page 3, asked when page 2 arrived
		t.Fatalf("pages %d, requests left %d", it.Pages(), len(asked))
	}
}

// collectRest collects the remaining items, which must continue from n=from.
func collectRest(t *testing.T, it *Iterator, from int) []int {
	ns := collect(t, it)
	for i := range ns {
		ns[i] -= from
	}
	return ns
}

// TestPrefetchStopsOnCancel: cancelling the context aborts the request of the page fetched
// ahead and ends its goroutine; the caller then gets the cancellation as the error.
func TestPrefetchStopsOnCancel(t *testing.T) {
	release, aborted, asked := make(chan struct{}), make(chan struct{}, 1), make(chan int, 10)
	defer close(release)
	s := slowPages(t, release, aborted, asked)
	ctx, cancel := context.WithCancel(context.Background())
	it := newClient(t, s.URL, nil).Each(ctx, &Request{Path: "x"}, Paging{Style: "page", PerPage: 10})
	it.Next()
	<-asked
	<-asked // page 2 is in flight, held by the server
	ahead := it.ahead
	cancel()
	select {
	case <-aborted:
	case <-time.After(5 * time.Second):
		t.Fatal("the request of the page fetched ahead was not cancelled")
	}
	select {
	case pg := <-ahead: // the goroutine answered and ended (the channel is its last action)
		if !errors.Is(pg.sendErr, context.Canceled) {
			t.Fatalf("prefetch ended with %v", pg.sendErr)
		}
		ahead <- pg // give it back to the iterator
	case <-time.After(5 * time.Second):
		t.Fatal("the prefetch goroutine did not end")
	}
	n := 1
	for _, ok := it.Next(); ok; _, ok = it.Next() {
		n++
	}
	if n != 10 || !errors.Is(it.Err(), context.Canceled) {
		t.Fatalf("%d items, err %v", n, it.Err())
	}
}

// TestPrefetchClose: Close abandons the page fetched ahead, cancels its request and returns
// once its goroutine has ended.
func TestPrefetchClose(t *testing.T) {
	release, aborted, asked := make(chan struct{}), make(chan struct{}, 1), make(chan int, 10)
	defer close(release)
	s := slowPages(t, release, aborted, asked)
	it := newClient(t, s.URL, nil).Each(context.Background(), &Request{Path: "x"}, Paging{Style: "page", PerPage: 10})
	it.Next()
	<-asked
	<-asked
	done := make(chan struct{})
	go func() { it.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not return: the prefetch was not stopped")
	}
	select {
	case <-aborted:
	case <-time.After(5 * time.Second):
		t.Fatal("the request of the page fetched ahead was not cancelled")
	}
	if it.ahead != nil {
		t.Fatal("a prefetch is still pending after Close")
	}
	if _, ok := it.Next(); ok || it.Err() != nil {
		t.Fatalf("Next after Close: %v %v", ok, it.Err())
	}
}

// TestPrefetchRespectsLimits: no page is fetched ahead past Max items or PMax pages, nor
// after the last page.
func TestPrefetchRespectsLimits(t *testing.T) {
	var hits atomic.Int32
	s := pagedServer(t, "page", &hits)
	c := newClient(t, s.URL, nil)
	for _, p := range []Paging{{Style: "page", PerPage: 100, Max: 150}, {Style: "page", PerPage: 100, PMax: 2}} {
		hits.Store(0)
		it := c.Each(context.Background(), &Request{Path: "users"}, p)
		n := len(collect(t, it))
		time.Sleep(20 * time.Millisecond) // a wrong prefetch would have reached the server
		if hits.Load() != 2 || it.ahead != nil {
			t.Errorf("%+v: %d items, %d requests, prefetch pending %v", p, n, hits.Load(), it.ahead != nil)
		}
	}
}
