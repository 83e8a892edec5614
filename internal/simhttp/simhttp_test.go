package simhttp

import (
	"io"
	"net/http"
	"testing"
)

// TestServeAndShutdown: a free port is served until Shutdown, which refuses later requests.
func TestServeAndShutdown(t *testing.T) {
	ln, err := Listen("127.0.0.1", 0)
	if err != nil {
		t.Fatal(err)
	}
	srv := Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "hello") }))
	url := "http://" + ln.Addr().String()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "hello" {
		t.Fatalf("body %q", body)
	}
	if err := Shutdown(srv); err != nil {
		t.Fatal(err)
	}
	if _, err := http.Get(url); err == nil {
		t.Fatal("served after Shutdown")
	}
	if err := Shutdown(nil); err != nil {
		t.Fatal(err)
	}
}
