package atssim_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/asperalm/aslmcli/products/ats/atssim"
)

// What the simulator refuses, as raw requests (outside the shape check, which would flag
// the bad requests themselves): each refusal has the status and the JSON error of ATS.
func TestRefusals(t *testing.T) {
	s, err := atssim.Start(atssim.Config{Root: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cr := s.Credentials()
	do := func(method, path, body string, set func(*http.Request)) (int, string) {
		t.Helper()
		req, err := http.NewRequest(method, s.URL+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.SetBasicAuth(cr.ATSKey, cr.ATSSecret)
		if set != nil {
			set(req)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	res, err := http.PostForm(cr.IAMURL, url.Values{"grant_type": {"urn:ibm:params:oauth:grant-type:apikey"}, "apikey": {cr.IBMAPIKey}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	tok := strings.Split(strings.Split(string(b), `"access_token":"`)[1], `"`)[0]
	bearer := func(instance string) func(*http.Request) {
		return func(r *http.Request) {
			r.Header.Del("Authorization")
			r.Header.Set("Authorization", "Bearer "+tok)
			if instance != "" {
				r.Header.Set("X-ATS-Service-Instance-Id", instance)
			}
		}
	}
	noAuth := func(r *http.Request) { r.Header.Del("Authorization") }
	cases := []struct {
		name, method, path, body string
		set                      func(*http.Request)
		status                   int
		msg                      string
	}{
		{"no credentials", "GET", "/pub/v1/access_keys", "", noAuth, 401, "API key"},
		{"bad offset", "GET", "/pub/v1/access_keys?offset=-1", "", nil, 400, "offset"},
		{"not JSON", "POST", "/pub/v1/access_keys", "{", nil, 400, "JSON object"},
		{"no cluster", "POST", "/pub/v1/access_keys", `{"storage":{"type":"aws_s3"}}`, nil, 400, "transfer_server_id"},
		{"unknown cluster", "POST", "/pub/v1/access_keys", `{"transfer_server_id":"x","storage":{"type":"aws_s3"}}`, nil, 400, "no transfer server"},
		{"outside the storage", "POST", "/pub/v1/access_keys", `{"transfer_server_id":"1f412ae7-869a-445c-9c05-02ad16813be2","storage":{"type":"aws_s3","bucket":"b","credentials":{},"path":"../../etc"}}`, nil, 400, "leaves"},
		{"swift without endpoint", "POST", "/pub/v1/access_keys", `{"transfer_server_id":"1f412ae7-869a-445c-9c05-02ad16813be2","storage":{"type":"softlayer_swift","container":"c","credentials":{"api_key":"k","username":"u"}}}`, nil, 400, "authentication_endpoint"},
		{"trust policy without region", "GET", "/pub/v1/aws/trustpolicy", "", nil, 400, "region"},
		{"unknown endpoint", "GET", "/pub/v2/nothing", "", nil, 404, "no such endpoint"},
		{"no region", "GET", "/pub/v1/servers/AWS/mars", "", noAuth, 404, "no cluster"},
		{"no token", "GET", "/v2/instances", "", nil, 401, "IAM token"},
		{"no instance header", "GET", "/v2/api_keys", "", bearer(""), 400, "X-ATS-Service-Instance-Id"},
		{"other instance", "GET", "/v2/api_keys", "", bearer("other"), 404, "no ATS instance"},
		{"the first key stays", "DELETE", "/v2/api_keys/" + cr.ATSKey, "", bearer(cr.Instance), 403, "cannot be deleted"},
	}
	for _, c := range cases {
		status, body := do(c.method, c.path, c.body, c.set)
		if status != c.status || !strings.Contains(body, c.msg) || !strings.Contains(body, `"error"`) {
			t.Errorf("%s: %d %s", c.name, status, body)
		}
	}
	if status, body := do("GET", "/pub/v1/servers/MARS", "", noAuth); status != 200 || strings.TrimSpace(body) != "[]" {
		t.Errorf("unknown cloud: %d %s", status, body)
	}
	res, err = http.PostForm(cr.IAMURL, url.Values{"grant_type": {"urn:ibm:params:oauth:grant-type:apikey"}, "apikey": {"wrong"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 400 {
		t.Errorf("wrong IBM API key: %d", res.StatusCode)
	}
}

// The node's transfers write only below the root: an upload spec whose destination_root is
// elsewhere (a spec by file id, made for a real cluster) never reaches the runner.
func TestNodeRunnerConfined(t *testing.T) {
	root := t.TempDir()
	var (
		mu  sync.Mutex
		ran []string
	)
	s, err := atssim.Start(atssim.Config{Root: root, NodeRunner: func(_ context.Context, spec map[string]any) error {
		mu.Lock()
		defer mu.Unlock()
		ran = append(ran, spec["destination_root"].(string))
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	post := func(dest string) map[string]any {
		t.Helper()
		body := `{"direction":"send","remote_host":"127.0.0.1","paths":[{"source":"a"}],"destination_root":"` + dest + `"}`
		req, _ := http.NewRequest("POST", s.Node.URL+"/ops/transfers", strings.NewReader(body))
		u, p := s.Node.Credentials()
		req.SetBasicAuth(u, p)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var v map[string]any
		_ = json.NewDecoder(res.Body).Decode(&v)
		return v
	}
	wait := func(id any) map[string]any {
		t.Helper()
		for i := 0; i < 100; i++ {
			req, _ := http.NewRequest("GET", s.Node.URL+"/ops/transfers/"+id.(string), nil)
			u, p := s.Node.Credentials()
			req.SetBasicAuth(u, p)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			var v map[string]any
			_ = json.NewDecoder(res.Body).Decode(&v)
			res.Body.Close()
			if v["status"] == "completed" || v["status"] == "failed" {
				return v
			}
			time.Sleep(10 * time.Millisecond)
		}
		t.Fatal("the transfer did not end")
		return nil
	}
	if v := wait(post("/")["id"]); v["status"] != "failed" || !strings.Contains(fmt.Sprint(v["error_desc"]), "only below its root") {
		t.Errorf("outside the root: %v", v)
	}
	if v := wait(post(filepath.Join(root, "in"))["id"]); v["status"] != "completed" {
		t.Errorf("inside the root: %v", v)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(ran) != 1 || ran[0] != filepath.Join(root, "in") {
		t.Errorf("runs: %v", ran)
	}
}
