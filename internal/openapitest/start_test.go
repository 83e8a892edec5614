package openapitest

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestAround(t *testing.T) {
	var order []string
	layer := func(name string) func(http.Handler) http.Handler {
		return func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				order = append(order, name)
				next.ServeHTTP(w, r)
			})
		}
	}
	sim := http.HandlerFunc(func(http.ResponseWriter, *http.Request) { order = append(order, "sim") })
	Around(layer("check"), layer("test"))(sim).ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
	Around(layer("check"), nil)(sim).ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
	if got := strings.Join(order, ","); got != "test,check,sim,check,sim" {
		t.Fatalf("order %s", got)
	}
}

// startTB is a testing.TB that records instead of failing and runs its cleanups on demand.
type startTB struct {
	testing.TB
	fatal, errs []string
	cleanups    []func()
}

func (s *startTB) Helper()           {}
func (s *startTB) Fatal(args ...any) { s.fatal = append(s.fatal, fmt.Sprint(args...)) }
func (s *startTB) Errorf(format string, args ...any) {
	s.errs = append(s.errs, fmt.Sprintf(format, args...))
}
func (s *startTB) Cleanup(f func()) { s.cleanups = append(s.cleanups, f) }

type closer struct{ err error }

func (c *closer) Close() error { return c.err }

func TestStarted(t *testing.T) {
	tb := &startTB{TB: t}
	srv := &closer{}
	if got := Started(tb, srv, nil); got != srv || len(tb.fatal) != 0 || len(tb.cleanups) != 1 {
		t.Fatalf("started: %v %v %d", got, tb.fatal, len(tb.cleanups))
	}
	tb.cleanups[0]()
	if len(tb.errs) != 0 {
		t.Fatalf("a clean close failed: %v", tb.errs)
	}
	srv.err = errors.New("port still busy")
	tb.cleanups[0]()
	if len(tb.errs) != 1 || !strings.Contains(tb.errs[0], "close the simulator: port still busy") {
		t.Fatalf("a failed close: %v", tb.errs)
	}
	Started(tb, srv, errors.New("no port"))
	if len(tb.fatal) != 1 || tb.fatal[0] != "no port" {
		t.Fatalf("a failed start: %v", tb.fatal)
	}
}
