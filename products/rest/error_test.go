package rest

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
)

// serve answers every request with the given status, content type and body.
func serve(t *testing.T, status int, ctype, body string) *httptest.Server {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if ctype != "" {
			w.Header().Set("Content-Type", ctype)
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(s.Close)
	return s
}

func newClient(t *testing.T, base string, auth Auth) *Client {
	t.Helper()
	c, err := New(base, auth, &Settings{NoRetry: true})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestErrorFormats(t *testing.T) {
	const js = "application/json"
	tests := []struct {
		name, ctype, body string
		status            int
		msg               string
	}{
		{"aspera error object", js, `{"error":{"code":"x","user_message":"u","reason":"r"}}`, 400, "u"},
		{"aspera reason only", js, `{"error":{"code":"x","reason":"r"}}`, 400, "r"},
		{"oauth error", js, `{"error":"invalid_grant","error_description":"bad"}`, 400, "invalid_grant: bad"},
		{"message", js, `{"message":"m"}`, 404, "m"},
		{"errors list", js, `{"errors":["a","b"]}`, 422, "a; b"},
		{"errors objects", js, `{"errors":[{"message":"x"},{"message":"y"}]}`, 422, "x; y"},
		{"errors map", js, `{"errors":{"name":"taken","size":"too big"}}`, 422, "name: taken; size: too big"},
		{"iam", js, `{"errorCode":"BXNIM0415E","errorMessage":"iam"}`, 400, "iam"},
		{"error code only", js, `{"error":{"code":1234}}`, 500, "code 1234"},
		{"text", "text/plain", "the backend is down\nsecond line", 502, "the backend is down"},
		{"html", "text/html", "<html><head><title>503 Service Unavailable</title></head><body>x</body></html>", 503, "503 Service Unavailable"},
		{"empty", "", "", 500, ""},
		{"json string", js, `"just text"`, 400, "just text"},
	}
	for _, tc := range tests {
		s := serve(t, tc.status, tc.ctype, tc.body)
		_, err := newClient(t, s.URL, nil).Get(context.Background(), "/path", nil)
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("%s: want *Error, got %T %v", tc.name, err, err)
		}
		want := StatusLine(tc.status) + ": GET " + s.URL + "/path"
		if tc.msg != "" {
			want += ": " + tc.msg
		}
		if e.Error() != want || e.Status != tc.status {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, e.Error(), want)
		}
	}
}

func TestSetupErrorInside200(t *testing.T) {
	body := `{"transfer_specs":[{"error":{"code":500,"user_message":"no such path"}}]}`
	s := serve(t, 200, "application/json", body)
	data, err := newClient(t, s.URL, nil).Post(context.Background(), "files/upload_setup", map[string]any{})
	if err != nil {
		t.Fatal(err)
	}
	if got := EmbeddedError(data); got != "no such path" {
		t.Fatalf("EmbeddedError = %q", got)
	}
	nested := map[string]any{"transfer_specs": []any{map[string]any{"transfer_spec": map[string]any{"error": map[string]any{"user_message": "denied"}}}}}
	if got := EmbeddedError(nested); got != "denied" {
		t.Fatalf("nested EmbeddedError = %q", got)
	}
	if got := EmbeddedError(map[string]any{"transfer_specs": []any{map[string]any{"transfer_spec": map[string]any{"token": "x"}}}}); got != "" {
		t.Fatalf("a good answer has an error: %q", got)
	}
}

func TestCleanURL(t *testing.T) {
	u, _ := url.Parse("https://bob:hunter2@host:9092/path?password=x&token=y&page=2")
	got := CleanURL(u)
	if got != "https://host:9092/path?page=2&password=%2A%2A%2A&token=%2A%2A%2A" {
		t.Fatalf("CleanURL = %s", got)
	}
	c, err := New("https://bob:hunter2@host:9092/api", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.BaseURL.String() != "https://host:9092/api" {
		t.Fatalf("credentials kept in the base URL: %s", c.BaseURL)
	}
	if b, ok := c.Auth.(Basic); !ok || b.Username != "bob" || b.Password != "hunter2" {
		t.Fatalf("user info not turned into Basic auth: %#v", c.Auth)
	}
	if _, err := New("ftp://host/x", nil, nil); err == nil {
		t.Fatal("an ftp URL was accepted")
	}
	if _, err := New("/relative", nil, nil); err == nil {
		t.Fatal("a relative URL was accepted")
	}
}

func TestAuthHeaders(t *testing.T) {
	var got http.Header
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Clone()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{}`))
	}))
	defer s.Close()
	ctx := context.Background()
	check := func(auth Auth, header, want string) {
		t.Helper()
		if _, err := newClient(t, s.URL, auth).Get(ctx, "x", nil); err != nil {
			t.Fatal(err)
		}
		if got.Get(header) != want {
			t.Errorf("%T: %s = %q, want %q", auth, header, got.Get(header), want)
		}
	}
	check(Basic{"ak", "secret"}, "Authorization", "Basic YWs6c2VjcmV0")
	check(Bearer{"abc"}, "Authorization", "Bearer abc")
	check(Bearer{"Basic xyz"}, "Authorization", "Basic xyz")
	check(NodeBearer{"tok", "ak1"}, "Authorization", "Bearer tok")
	check(NodeBearer{"tok", "ak1"}, "X-Aspera-AccessKey", "ak1")
	src := &fakeSource{tokens: []string{"t1"}}
	check(OAuth{Source: src, Headers: http.Header{"X-Aspera-Accesskey": {"ak2"}}}, "Authorization", "Bearer t1")
	if got.Get("X-Aspera-AccessKey") != "ak2" {
		t.Errorf("OAuth extra header missing")
	}
	check(None{}, "Authorization", "")
	check(nil, "User-Agent", "aslmcli")
	c := newClient(t, s.URL, Basic{"a", "b"})
	if _, err := c.Do(ctx, &Request{Path: "x", NoAuth: true}); err != nil || got.Get("Authorization") != "" {
		t.Errorf("NoAuth sent credentials: %v %q", err, got.Get("Authorization"))
	}
}

// fakeSource gives tokens in order; Invalidate moves to the next one.
type fakeSource struct {
	tokens      []string
	i           int
	invalidated int
}

func (f *fakeSource) Token(context.Context) (string, error) { return f.tokens[f.i], nil }
func (f *fakeSource) Invalidate() {
	f.invalidated++
	if f.i < len(f.tokens)-1 {
		f.i++
	}
}
