package rest

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

const (
	dbgPassword = "S3cr3t-pass-42"
	dbgBearer   = "tok-ABCDEFG-999"
	dbgKey      = "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n-----END RSA PRIVATE KEY-----"
)

func TestDebugDumpHidesSecrets(t *testing.T) {
	var received []string
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		received = append(received, string(b))
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Set-Cookie", "session=cookie-value-77")
		_, _ = io.WriteString(w, `{"access_token":"AT-response-555","refresh_token":"RT-555","expires_in":3600,"user":"bob"}`)
	}))
	defer s.Close()
	var dump strings.Builder
	settings := &Settings{Debug: &dump, NoRetry: true}
	ctx := context.Background()
	basic, _ := New(s.URL, Basic{"bob", dbgPassword}, settings)
	body := map[string]any{"username": "bob", "password": dbgPassword, "ssh_private_key": dbgKey}
	data, err := basic.Post(ctx, "login", body)
	if err != nil || data.(map[string]any)["access_token"] != "AT-response-555" {
		t.Fatalf("the caller must read the full answer: %v %v", data, err)
	}
	var sent map[string]any
	if err := json.Unmarshal([]byte(received[0]), &sent); err != nil || sent["password"] != dbgPassword || sent["ssh_private_key"] != dbgKey {
		t.Fatalf("the server did not receive the body intact: %s", received[0])
	}
	bearer, _ := New(s.URL, Bearer{dbgBearer}, settings)
	if _, err := bearer.Get(ctx, "me", url.Values{"password": {dbgPassword}}); err != nil {
		t.Fatal(err)
	}
	form := url.Values{"grant_type": {"urn:ietf:params:oauth:grant-type:jwt-bearer"}, "assertion": {"eyJhbGciOi.assertion.sig"},
		"client_id": {"cid"}, "client_secret": {"cs-SECRET-1"}, "scope": {"user:all"}}
	if _, err := basic.Do(ctx, &Request{Method: "POST", Path: "token", Form: form}); err != nil {
		t.Fatal(err)
	}
	if received[2] != form.Encode() {
		t.Fatalf("form not received intact: %s", received[2])
	}
	node, _ := New(s.URL, NodeBearer{dbgBearer, "ak-id"}, settings)
	if _, err := node.Get(ctx, "files", nil); err != nil {
		t.Fatal(err)
	}
	out := dump.String()
	for _, secret := range []string{dbgPassword, dbgBearer, "MIIBOgIBAAJBAKj34", base64.StdEncoding.EncodeToString([]byte("bob:" + dbgPassword)),
		"cs-SECRET-1", "eyJhbGciOi", "AT-response-555", "RT-555", "cookie-value-77", "ak-id"} {
		if strings.Contains(out, secret) {
			t.Errorf("the dump shows %q:\n%s", secret, out)
		}
	}
	for _, want := range []string{"> POST " + s.URL + "/login", `"username":"bob"`, "< 200 OK (", "> Authorization: ***",
		"> GET " + s.URL + "/me?password=%2A%2A%2A", "client_id=cid", "scope=user%3Aall", `"user":"bob"`, "> X-Aspera-Accesskey: ***"} {
		if !strings.Contains(out, want) {
			t.Errorf("the dump lacks %q:\n%s", want, out)
		}
	}
}

func TestDebugDumpBodies(t *testing.T) {
	big := strings.Repeat("x", 10000)
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/bin":
			w.Header().Set("Content-Type", "application/octet-stream")
			w.Header().Set("Content-Length", "3")
			_, _ = w.Write([]byte{0, 1, 2})
		case "/text":
			w.Header().Set("Content-Type", "text/plain")
			_, _ = io.WriteString(w, big)
		}
	}))
	defer s.Close()
	var dump strings.Builder
	c, _ := New(s.URL, nil, &Settings{Debug: &dump, DebugBodyMax: 100})
	resp, err := c.Do(context.Background(), &Request{Path: "text"})
	if err != nil || len(resp.Body) != 10000 {
		t.Fatalf("body %d %v", len(resp.Body), err)
	}
	if !strings.Contains(dump.String(), "< "+strings.Repeat("x", 100)+"... (10000 bytes)") || strings.Contains(dump.String(), strings.Repeat("x", 101)) {
		t.Fatalf("text not cut at 100:\n%s", dump.String())
	}
	dump.Reset()
	r, err := c.Stream(context.Background(), &Request{Path: "bin"})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(r.Body)
	r.Body.Close()
	if len(b) != 3 || !strings.Contains(dump.String(), "< [3 bytes]") {
		t.Fatalf("binary: %v\n%s", b, dump.String())
	}
}

func TestDebugDumpUploadsAndCutText(t *testing.T) {
	var received [][]byte
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		received = append(received, b)
		w.Header().Set("Content-Type", "text/plain")
		// the cut at DebugBodyMax falls inside the password's value
		_, _ = io.WriteString(w, strings.Repeat("a", 80)+` {"password":"`+dbgPassword+`"} and more text after it`)
	}))
	defer s.Close()
	var dump strings.Builder
	c, _ := New(s.URL, nil, &Settings{Debug: &dump, DebugBodyMax: 100, NoRetry: true, UserAgent: "ua-test"})
	upload := bytes.Repeat([]byte{0xff, 0, 1}, 100_000)
	resp, err := c.Do(context.Background(), &Request{Method: "PUT", Path: "bin", Body: bytes.NewReader(upload), ContentType: "application/octet-stream"})
	if err != nil || !bytes.Equal(received[0], upload) || !strings.Contains(string(resp.Body), dbgPassword) {
		t.Fatalf("upload not intact or answer not complete: %v", err)
	}
	form := "client_secret=cs-SECRET-1&grant_type=refresh_token&refresh_token=RT-xyz&note=hello"
	if _, err := c.Do(context.Background(), &Request{Method: "POST", Path: "token", Body: strings.NewReader(form), ContentType: "application/x-www-form-urlencoded"}); err != nil {
		t.Fatal(err)
	}
	if string(received[1]) != form {
		t.Fatalf("form received %q", received[1])
	}
	out := dump.String()
	for _, secret := range []string{dbgPassword, "S3cr", "cs-SECRET-1", "RT-xyz"} {
		if strings.Contains(out, secret) {
			t.Errorf("the dump shows %q:\n%s", secret, out)
		}
	}
	for _, want := range []string{"> [300000 bytes]\n", "> User-Agent: ua-test\n",
		"> client_secret=***&grant_type=refresh_token&refresh_token=***&note=hello\n",
		"< " + strings.Repeat("a", 80) + ` {"password":"***... (133 bytes)` + "\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("the dump lacks %q:\n%s", want, out)
		}
	}
}

func TestMaskDangling(t *testing.T) {
	for in, want := range map[string]string{
		`x {"password":"abc`:        `x {"password":"***`,
		`a=1&client_secret=abc`:     `a=1&client_secret=***`,
		`user: bob, password: ***`:  `user: bob, password: ***`,
		`{"password":"***","user":`: `{"password":"***","user":`,
		`token="a b c`:              `token="***`,
		`name: bob`:                 `name: bob`,
	} {
		if got := maskDangling(in); got != want {
			t.Errorf("maskDangling(%q) = %q, want %q", in, got, want)
		}
	}
}
