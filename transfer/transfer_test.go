package transfer

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestConclude(t *testing.T) {
	start := time.Now().Add(-time.Second)
	r, err := Conclude("x", Succeeded, false, nil, Result{Bytes: 5}, start)
	if err != nil || r.Status != Succeeded || r.Agent != "x" || r.Sessions != 1 || r.Bytes != 5 || r.Elapsed < time.Second {
		t.Fatalf("success %+v %v", r, err)
	}
	r, err = Conclude("x", Failed, true, nil, Result{Sessions: 3}, start)
	var te *Error
	if !errors.As(err, &te) || r.Status != Canceled || r.Sessions != 3 || r.Errors[0] != "x: the transfer was canceled" {
		t.Fatalf("canceled %+v %v", r, err)
	}
	r, err = Conclude("x", Failed, false, &Error{Agent: "x", Code: 4, Message: "no file"}, Result{}, start)
	if r.Status != Failed || err.Error() != "x: error 4: no file" || len(r.Errors) != 1 {
		t.Fatalf("failed %+v %v", r, err)
	}
	// a job canceled after it succeeded stays a success
	if r, _ := Conclude("x", Succeeded, true, nil, Result{}, start); r.Status != Succeeded {
		t.Fatalf("late cancel %+v", r)
	}
}

func TestAwaitCancels(t *testing.T) {
	done := make(chan struct{})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	called := false
	Await(ctx, done, func() { called = true; close(done) })
	if !called {
		t.Fatal("cancel not called")
	}
}

func TestRegistry(t *testing.T) {
	Register("test-agent", func(map[string]any) (Agent, error) { return nil, errors.New("cannot run here") })
	if _, err := New("test-agent", nil); err == nil || err.Error() != "cannot run here" {
		t.Fatalf("factory error: %v", err)
	}
	if _, err := New("nope", nil); !errors.Is(err, ErrUnknownAgent) || !strings.Contains(err.Error(), "test-agent") {
		t.Fatalf("unknown: %v", err)
	}
}
