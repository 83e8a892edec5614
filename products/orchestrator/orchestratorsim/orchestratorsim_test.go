package orchestratorsim_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/asperalm/aslmcli/products/orchestrator"
	"github.com/asperalm/aslmcli/products/orchestrator/internal/orchtest"
	"github.com/asperalm/aslmcli/products/orchestrator/orchestratorsim"
)

func get(t *testing.T, s *orchestratorsim.Server, path string, header ...string) (int, string, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", s.URL+"/api/"+path, nil)
	req.SetBasicAuth(s.Credentials())
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Content-Type"), string(b)
}

// TestFormats: the extension beats the format parameter, which beats Accept; XML by default.
func TestFormats(t *testing.T) {
	s, _ := orchtest.Start(t, orchestratorsim.Config{})
	for _, c := range []struct {
		path, accept, want string
	}{
		{"workflows_list/0", "", "xml"}, {"workflows_list/0.json", "application/xml", "json"},
		{"workflows_list/0?format=json", "application/xml", "json"}, {"workflows_list/0", "application/json", "json"},
		{"workflows_list/0.xml?format=json", "", "xml"}, {"processes_status?format=json", "", "xml"},
		{"plugin_version?format=xml", "", "json"},
	} {
		code, ct, body := get(t, s, c.path, "Accept", c.accept)
		if code != 200 || !strings.Contains(ct, c.want) {
			t.Errorf("%s (Accept %q): %d %s %s", c.path, c.accept, code, ct, body)
		}
	}
	// the same content in both formats
	_, _, x := get(t, s, "workflow_inputs_spec/10.xml")
	_, xv, err := orchestrator.DecodeXML(strings.NewReader(x))
	if err != nil || fmt.Sprint(xv.(map[string]any)["parameter"].(map[string]any)["name"]) != "Param" {
		t.Fatalf("inputs XML %v %v\n%s", xv, err, x)
	}
}

// TestRefusals: requests outside the API (so not under the shape check).
func TestRefusals(t *testing.T) {
	s, err := orchestratorsim.Start(orchestratorsim.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, c := range []struct {
		method, path, user, pass string
		want                     int
	}{
		{"GET", "/api/remote_node_ping", "admin", "bad", 401},
		{"GET", "/api/remote_node_ping", "", "", 401},
		{"GET", "/api/no_such_thing", "admin", "aspera", 404},
		{"POST", "/api/initiate/10", "admin", "aspera", 405},
	} {
		req, _ := http.NewRequest(c.method, s.URL+c.path, nil)
		if c.user != "" {
			req.SetBasicAuth(c.user, c.pass)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != c.want {
			t.Errorf("%s %s as %s: %d", c.method, c.path, c.user, resp.StatusCode)
		}
	}
}

// TestWorkOrderClock: a work order's steps follow the clock; a synchronous initiate with an
// explicit output answers its value as text once the work order has ended.
func TestWorkOrderClock(t *testing.T) {
	now := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	sim := orchestratorsim.New(orchestratorsim.Config{StepTime: time.Minute, Now: clock})
	srv := httptest.NewServer(sim.Handler())
	defer srv.Close()
	call := func(path string) string {
		req, _ := http.NewRequest("GET", srv.URL+orchestratorsim.BasePath+"/api/"+path, nil)
		req.SetBasicAuth(sim.Credentials())
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	if got := call("initiate/10.json?external_parameters[Param]=x"); !strings.Contains(got, `"statusDetails":"Executing Step: Start (50001)"`) {
		t.Fatalf("initiate %s", got)
	}
	now = now.Add(90 * time.Second)
	if got := call("work_order_status/1001.json"); !strings.Contains(got, `"statusDetails":"Executing Step: Greet (50002)"`) {
		t.Fatalf("after 90 s: %s", got)
	}
	if got := call("work_order_output/1001"); strings.Contains(got, "<variable>") {
		t.Fatalf("output after 90 s: %s", got)
	}
	now = now.Add(time.Minute)
	if got := call("work_order_output/1001"); !strings.Contains(got, "<value>Hello x</value>") || strings.Contains(got, "Complete_status_message") {
		t.Fatalf("output after 150 s: %s", got)
	}
	now = now.Add(time.Minute)
	if got := call("work_order_status/1001.json"); !strings.Contains(got, `"status":"Complete"`) {
		t.Fatalf("after 210 s: %s", got)
	}
	// instantaneous steps: the synchronous call answers at once
	fast, _ := orchtest.Start(t, orchestratorsim.Config{StepTime: -1})
	code, ct, body := get(t, fast, "initiate/10?external_parameters[Param]=laurent&synchronous=true&explicit_output_step=ResultStep&explicit_output_variable=Complete_status_message")
	if code != 200 || !strings.HasPrefix(ct, "text/plain") || body != "Hello laurent: workflow complete" {
		t.Fatalf("synchronous: %d %s %q", code, ct, body)
	}
	code, _, body = get(t, fast, "initiate/11.json?synchronous=true")
	if code != 200 || !strings.Contains(body, `"status":"Failed"`) {
		t.Fatalf("synchronous failing: %d %s", code, body)
	}
}

// fakeT records the failures of the shape check.
type fakeT struct {
	testing.TB
	errors []string
}

func (f *fakeT) Errorf(format string, args ...any) {
	f.errors = append(f.errors, fmt.Sprintf(format, args...))
}
func (f *fakeT) Helper() {}

// TestShapeCheckFails: the shape check reports an answer that lacks what the plugin reads,
// a request outside the API, and a missing credential.
func TestShapeCheckFails(t *testing.T) {
	ft := &fakeT{TB: t}
	rec := &orchtest.Recorder{}
	bad := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"workflows":{"workflow":[{"id":1,"name":"no portable_id"}]}}`)
	})
	srv := httptest.NewServer(rec.Check(ft, bad))
	defer srv.Close()
	for _, p := range []string{"/aspera/orchestrator/api/workflows_list/0?format=json&login=a&password=b",
		"/aspera/orchestrator/api/nowhere?login=a&password=b", "/aspera/orchestrator/api/workflows_list/0?format=json"} {
		resp, err := http.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	all := strings.Join(ft.errors, "\n")
	for _, want := range []string{"workflow[0] has no field portable_id", "not an endpoint of the API", "no credentials"} {
		if !strings.Contains(all, want) {
			t.Errorf("the check did not report %q:\n%s", want, all)
		}
	}
}
