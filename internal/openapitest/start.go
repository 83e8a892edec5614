package openapitest

import (
	"io"
	"net/http"
	"testing"
)

// Around returns the Wrap of a simulator started under a check: check wraps the simulator's
// handler and the test's own wrap (outer, nil for none) wraps the check, so that what a test
// injects (a fault, a delay) is outside the contract and never held to it.
func Around(check, outer func(http.Handler) http.Handler) func(http.Handler) http.Handler {
	if outer == nil {
		return check
	}
	return func(h http.Handler) http.Handler { return outer(check(h)) }
}

// Started ends the test when its simulator did not start (err) and closes it at the end of
// the test, where an error of Close fails the test. It returns srv:
//
//	srv, err := atssim.Start(cfg)
//	return openapitest.Started(t, srv, err), contract
func Started[S io.Closer](t testing.TB, srv S, err error) S {
	t.Helper()
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
