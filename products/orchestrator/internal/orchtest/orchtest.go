// Package orchtest holds Orchestrator's API to the shapes recorded from the IBM sources, for
// the tests of products/orchestrator and of its simulator. Orchestrator has no OpenAPI
// document: Shapes lists, for every endpoint, what the aspera-cli plugin and the API guide
// show of its answers (the JSON root, the fields read, the lists and their items' fields, the
// formats it answers), and Check validates every request a simulator receives (GET, a known
// endpoint, credentials, the query parameters the endpoint takes) and every answer it gives.
// A mismatch fails the test.
package orchtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/asperalm/aslmcli/internal/openapitest"
	"github.com/asperalm/aslmcli/products/orchestrator"
	"github.com/asperalm/aslmcli/products/orchestrator/orchestratorsim"
)

// Shape is what an endpoint's successful answers hold.
type Shape struct {
	Arg    bool     // the path carries an id after the endpoint name
	Only   string   // "json" or "xml": the format it answers whatever is asked
	Root   string   // the root field of its JSON answers ("": the answer is the content)
	Fields []string // fields of the content (dot paths)
	List   string   // dot path of a list in the content ("." the content itself)
	Item   []string // fields of every item of List
	Text   bool     // may answer text/plain (initiate with an explicit output)
	Query  []string // query parameters it takes besides format, login and password ("x[" a prefix)
}

// Shapes are the recorded shapes, by endpoint.
var Shapes = map[string]Shape{
	"remote_node_ping": {Root: "remote_orchestrator_info", Fields: []string{"orchestrator-version"}},
	"processes_status": {Only: "xml", List: "process", Item: []string{"name", "status"}},
	"plugin_version":   {Only: "json", List: "Plugin", Item: []string{"name", "version"}},
	"monitor_snapshot": {Root: "monitor"},
	"workflows_list": {Root: "workflows", List: "workflow", Item: []string{"id", "portable_id", "name", "published_status",
		"published_revision_id", "latest_revision_id", "last_modification"}},
	"workflows_status":      {Root: "workflows", List: "workflow", Item: []string{"id", "name"}},
	"workflow_details":      {Arg: true, Root: "workflows", Fields: []string{"workflow.id"}, List: "workflow.statuses", Item: []string{"type", "count"}},
	"workflow_inputs_spec":  {Arg: true, Root: "workflow_inputs_spec", Fields: []string{"workflow_id", "workflow_name"}, List: "parameter", Item: []string{"name", "value_type", "optional"}},
	"workflow_outputs_spec": {Arg: true, Root: "workflow_outputs_spec", List: "output", Item: []string{"step_name", "variable_name", "value_type"}},
	"work_orders_list":      {Arg: true, Root: "work_orders", List: ".", Item: []string{"id", "status", "statusDetails"}, Query: []string{"max_results"}},
	"export_workflow":       {Arg: true, Only: "xml"},
	"initiate": {Arg: true, Root: "work_order", Fields: []string{"id", "status", "statusDetails", "workflow_id"}, Text: true,
		Query: []string{"external_parameters[", "synchronous", "explicit_output_step", "explicit_output_variable"}},
	"work_order_status": {Arg: true, Root: "work_order", Fields: []string{"id", "status", "statusDetails", "workflow_id"}, List: "work_steps.work_step", Item: []string{"id", "name", "status"}},
	"work_order_cancel": {Arg: true, Root: "work_order", Fields: []string{"id", "status", "statusDetails"}},
	"work_order_reset":  {Arg: true, Root: "work_order", Fields: []string{"id", "status", "statusDetails"}},
	"work_order_output": {Arg: true, Only: "xml", List: "variable", Item: []string{"step_name", "variable_name", "value_type", "value"}},
	"work_step_status":  {Arg: true, Root: "Work-step-status", Fields: []string{"work_step.id", "work_step.status", "work_step.name"}},
	"work_step_cancel":  {Arg: true, Root: "Work-step-status", Fields: []string{"work_step.id", "work_step.status"}},
}

// Recorder counts the endpoints checked; its zero value is ready to use.
type Recorder struct {
	mu   sync.Mutex
	seen map[string]int
}

// Seen returns the endpoints validated so far ("initiate: 2"), sorted.
func (r *Recorder) Seen() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for k, n := range r.seen {
		out = append(out, fmt.Sprintf("%s: %d", k, n))
	}
	sort.Strings(out)
	return out
}

// Start starts a simulator under Check and closes it at the end of the test.
func Start(t testing.TB, cfg orchestratorsim.Config) (*orchestratorsim.Server, *Recorder) {
	t.Helper()
	rec := &Recorder{}
	cfg.Wrap = openapitest.Around(func(h http.Handler) http.Handler { return rec.Check(t, h) }, cfg.Wrap)
	s, err := orchestratorsim.Start(cfg)
	return openapitest.Started(t, s, err), rec
}

// Check validates the requests next receives and the answers it gives against Shapes.
func (rec *Recorder) Check(t testing.TB, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name, arg, ok := orchestratorsim.Split(r.URL.Path)
		shape, known := Shapes[name]
		if err := checkRequest(r, shape, known && ok, arg); err != nil {
			t.Errorf("orchestrator shapes: request %s %s: %v", r.Method, r.URL.Path, err)
		}
		out := httptest.NewRecorder()
		next.ServeHTTP(out, r)
		if known && ok {
			rec.mu.Lock()
			if rec.seen == nil {
				rec.seen = map[string]int{}
			}
			rec.seen[name]++
			rec.mu.Unlock()
			if err := checkAnswer(out, shape); err != nil {
				t.Errorf("orchestrator shapes: %s: answer %d %s does not match: %v", name, out.Code, out.Body.String(), err)
			}
		}
		for k, v := range out.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(out.Code)
		_, _ = w.Write(out.Body.Bytes())
	})
}

func checkRequest(r *http.Request, s Shape, known bool, arg string) error {
	switch {
	case !known:
		return fmt.Errorf("not an endpoint of the API")
	case r.Method != http.MethodGet:
		return fmt.Errorf("the API is GET only")
	case s.Arg && arg == "":
		return fmt.Errorf("the endpoint needs an id in its path")
	}
	q := r.URL.Query()
	_, _, basic := r.BasicAuth()
	if !basic && (q.Get("login") == "" || !q.Has("password")) {
		return fmt.Errorf("no credentials (Basic, or login and password)")
	}
	if f := q.Get("format"); f != "" && f != "json" && f != "xml" {
		return fmt.Errorf("format %q", f)
	}
	for k := range q {
		if !allowed(k, s.Query) {
			return fmt.Errorf("unknown query parameter %q", k)
		}
	}
	return nil
}

func allowed(k string, extra []string) bool {
	switch k {
	case "format", "login", "password":
		return true
	}
	for _, e := range extra {
		if k == e || (strings.HasSuffix(e, "[") && strings.HasPrefix(k, e) && strings.HasSuffix(k, "]")) {
			return true
		}
	}
	return false
}

func checkAnswer(out *httptest.ResponseRecorder, s Shape) error {
	ct := out.Header().Get("Content-Type")
	if out.Code < 200 || out.Code > 299 {
		var v map[string]any
		if !strings.Contains(ct, "json") || json.Unmarshal(out.Body.Bytes(), &v) != nil || (v["error"] == nil && v["work_order"] == nil) {
			return fmt.Errorf("an error answer is JSON with error or work_order")
		}
		return nil
	}
	var content any
	switch {
	case strings.Contains(ct, "text/plain") && s.Text:
		return nil
	case strings.Contains(ct, "xml"):
		if s.Only == "json" {
			return fmt.Errorf("answers JSON only")
		}
		_, v, err := orchestrator.DecodeXML(bytes.NewReader(out.Body.Bytes()))
		if err != nil {
			return err
		}
		content = v
	case strings.Contains(ct, "json"):
		if s.Only == "xml" {
			return fmt.Errorf("answers XML only")
		}
		var v any
		if err := json.Unmarshal(out.Body.Bytes(), &v); err != nil {
			return err
		}
		content = v
		if s.Root != "" {
			m, _ := v.(map[string]any)
			if _, ok := m[s.Root]; !ok {
				return fmt.Errorf("no root %q", s.Root)
			}
			content = m[s.Root]
		}
	default:
		return fmt.Errorf("content type %q", ct)
	}
	for _, f := range s.Fields {
		if _, ok := at(content, f); !ok {
			return fmt.Errorf("no field %s", f)
		}
	}
	if s.List == "" {
		return nil
	}
	l, _ := at(content, s.List)
	for i, item := range orchestrator.List(l) {
		for _, f := range s.Item {
			if _, ok := at(item, f); !ok {
				return fmt.Errorf("%s[%d] has no field %s", s.List, i, f)
			}
		}
	}
	return nil
}

// at returns the value at a dot path ("." is v itself).
func at(v any, p string) (any, bool) {
	if p == "." {
		return v, true
	}
	for _, k := range strings.Split(p, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		if v, ok = m[k]; !ok {
			return nil, false
		}
	}
	return v, true
}
