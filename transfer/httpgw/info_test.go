package httpgw_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/asperalm/aslmcli/transfer"
	"github.com/asperalm/aslmcli/transfer/httpgw"
	"github.com/asperalm/aslmcli/transfer/httpgw/gwtest"
)

func errorsAs(err error, target any) bool { return errors.As(err, target) }

func TestBaseURL(t *testing.T) {
	for in, want := range map[string]string{
		"gw.example.com/aspera/http-gwy":        "https://gw.example.com/aspera/http-gwy",
		"https://gw:9443/":                      "https://gw:9443/aspera/http-gwy", // a bare host: DefaultPath
		"https://gw/other/prefix//":             "https://gw/other/prefix",
		"https://gw/aspera/http-gwy/v1/":        "https://gw/aspera/http-gwy",
		"http://127.0.0.1:8080/aspera/http-gwy": "http://127.0.0.1:8080/aspera/http-gwy",
		"https://gw/proxy/aspera/http-gwy/v1":   "https://gw/proxy/aspera/http-gwy",
		" https://gw/aspera/http-gwy?x=1 ":      "https://gw/aspera/http-gwy",
	} {
		if got, err := httpgw.BaseURL(in); err != nil || got != want {
			t.Errorf("BaseURL(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "ftp://gw", "https://"} {
		if _, err := httpgw.BaseURL(bad); err == nil {
			t.Errorf("BaseURL(%q): no error", bad)
		}
	}
}

func TestInfoHealth(t *testing.T) {
	gw := gwtest.Start(t, gwtest.Options{Version: "2.3.0"})
	m, err := httpgw.Info(context.Background(), gw.Base, nil)
	if err != nil {
		t.Fatal(err)
	}
	if m["version"] != "2.3.0" || m["name"] == nil || len(m["endpoints"].([]any)) != 4 {
		t.Errorf("info %v", m)
	}
	if err := httpgw.Health(context.Background(), gw.Base+"/v1", nil); err != nil {
		t.Errorf("Health: %v", err)
	}
	other := httptest.NewServer(http.NotFoundHandler())
	defer other.Close()
	if err := httpgw.Health(context.Background(), other.URL, nil); err == nil {
		t.Error("Health of a non-gateway: no error")
	}
}

func TestRegistered(t *testing.T) {
	a, err := transfer.New("httpgw", map[string]any{"url": "https://gw.example.com", "synchronous": true, "upload_chunk_size": float64(32000)})
	if err != nil || a.Name() != "httpgw" {
		t.Fatalf("New: %v, %v", a, err)
	}
	if g := a.(*httpgw.Agent); g.Window != 1 || g.ChunkSize != 32000 {
		t.Errorf("agent %+v", g)
	}
	if _, err := transfer.New("httpgw", map[string]any{}); err == nil {
		t.Error("no url: no error")
	}
}
