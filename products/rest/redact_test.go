package rest

import (
	"context"
	"net/url"
	"strings"
	"testing"
)

// TestPublicLinkSecretsRedacted: the passcode of a Faspex 4 public link (?passcode=) and the
// token of a Faspex 5 one (?context=) never show in errors: an HTTP answer's, a transport
// failure's, CleanURL's.
func TestPublicLinkSecretsRedacted(t *testing.T) {
	s := serve(t, 404, "text/html", "<html>not here</html>")
	c := newClient(t, s.URL+"/aspera/faspex", nil)
	ctx := context.Background()
	for _, req := range []*Request{
		{Method: "GET", Path: "external_deliveries/7", Query: url.Values{"passcode": {"PC-s3cr3t"}}},
		{Method: "GET", Path: s.URL + "/aspera/faspex/public/package?context=CTX.s3cr3t&page=1"},
	} {
		_, err := c.Do(ctx, req)
		if err == nil || strings.Contains(err.Error(), "s3cr3t") || !strings.Contains(err.Error(), "%2A%2A%2A") {
			t.Errorf("%s: the error shows the secret or no mask: %v", req.Path, err)
		}
	}
	s.Close() // a transport failure names the URL too
	_, err := c.Do(ctx, &Request{Method: "GET", Path: "external_deliveries/7", Query: url.Values{"passcode": {"PC-s3cr3t"}}})
	if err == nil || strings.Contains(err.Error(), "s3cr3t") {
		t.Errorf("transport error shows the passcode: %v", err)
	}
	for in, want := range map[string]string{
		"https://h/aspera/faspex/external_deliveries/7?passcode=abc&x=1": "https://h/aspera/faspex/external_deliveries/7?passcode=%2A%2A%2A&x=1",
		"https://h/aspera/faspex/public/package?context=eyJabc":          "https://h/aspera/faspex/public/package?context=%2A%2A%2A",
		"https://h/aspera/faspex/api/v5/packages?contexts=all":           "https://h/aspera/faspex/api/v5/packages?contexts=all",
	} {
		u, _ := url.Parse(in)
		if got := CleanURL(u); got != want {
			t.Errorf("CleanURL(%s) = %s, want %s", in, got, want)
		}
	}
}
