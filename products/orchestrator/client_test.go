package orchestrator_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/asperalm/aslmcli/products/orchestrator"
	"github.com/asperalm/aslmcli/products/orchestrator/internal/orchtest"
	"github.com/asperalm/aslmcli/products/orchestrator/orchestratorsim"
	"github.com/asperalm/aslmcli/products/rest"
)

// start runs a simulator under the shape check; requests counts the requests it receives.
func start(t *testing.T, cfg orchestratorsim.Config) (*orchestratorsim.Server, *orchtest.Recorder, *atomic.Int32) {
	t.Helper()
	var requests atomic.Int32
	cfg.Wrap = func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { requests.Add(1); h.ServeHTTP(w, r) })
	}
	if cfg.StepTime == 0 {
		cfg.StepTime = 20 * time.Millisecond
	}
	s, rec := orchtest.Start(t, cfg)
	return s, rec, &requests
}

func client(t *testing.T, s *orchestratorsim.Server, o orchestrator.Options) *orchestrator.Client {
	t.Helper()
	o.URL = s.URL
	if o.Username == "" {
		o.Username, o.Password = s.Credentials()
	}
	c, err := orchestrator.NewFromOptions(o, &rest.Settings{RetryMax: -1})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func collect(t *testing.T, l *orchestrator.Listing) []any {
	t.Helper()
	var out []any
	for v, ok := l.Next(); ok; v, ok = l.Next() {
		out = append(out, v)
	}
	if err := l.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestInstance(t *testing.T) {
	s, _, _ := start(t, orchestratorsim.Config{})
	ctx := context.Background()
	for _, style := range orchestrator.RetStyles {
		c := client(t, s, orchestrator.Options{RetStyle: style})
		info, err := c.Info(ctx)
		if err != nil || info["orchestrator-version"] != orchestratorsim.Version || info["action"] != "ping" {
			t.Fatalf("%s: info %v %v", style, info, err)
		}
		procs, err := c.Processes(ctx)
		if err != nil || len(procs) != 4 || procs[0].(map[string]any)["name"] != "Engine" {
			t.Fatalf("%s: processes %v %v", style, procs, err)
		}
		plugins, err := c.Plugins(ctx)
		if err != nil || len(plugins) != 5 {
			t.Fatalf("%s: plugins %v %v", style, plugins, err)
		}
		mon, err := c.Monitors(ctx)
		if err != nil || mon["engine"] != "running" {
			t.Fatalf("%s: monitors %v %v", style, mon, err)
		}
	}
	c := client(t, s, orchestrator.Options{})
	h := c.Health(ctx)
	if len(h) != 2 || h[1].(map[string]any)["message"] != "version "+orchestratorsim.Version {
		t.Fatalf("health %v", h)
	}
	bad := client(t, s, orchestrator.Options{Username: "admin", Password: "wrong"})
	if h := bad.Health(ctx); len(h) != 1 || h[0].(map[string]any)["status"] != "critical" ||
		!strings.Contains(h[0].(map[string]any)["message"].(string), "401 Unauthorized") {
		t.Fatalf("health with a bad password %v", h)
	}
}

func TestWorkflows(t *testing.T) {
	s, _, requests := start(t, orchestratorsim.Config{})
	ctx := context.Background()
	c := client(t, s, orchestrator.Options{})
	l := c.Workflows(ctx, 0)
	if requests.Load() != 0 {
		t.Fatal("the listing asked before it was read")
	}
	wfs := collect(t, l)
	if len(wfs) != 3 || wfs[0].(map[string]any)["name"] != "Hello" || requests.Load() != 1 {
		t.Fatalf("workflows %v (%d requests)", wfs, requests.Load())
	}
	if got := collect(t, c.Workflows(ctx, 2)); len(got) != 2 {
		t.Fatalf("max 2: %v", got)
	}
	in, err := c.WorkflowInputs(ctx, "10")
	params := orchestrator.List(in["parameter"])
	if err != nil || in["workflow_name"] != "Hello" || len(params) != 1 || params[0].(map[string]any)["name"] != "Param" {
		t.Fatalf("inputs %v %v", in, err)
	}
	outs, err := c.WorkflowOutputs(ctx, "10")
	if err != nil || len(outs) != 2 || outs[1].(map[string]any)["variable_name"] != "Complete_status_message" {
		t.Fatalf("outputs %v %v", outs, err)
	}
	all, err := c.WorkflowStatus(ctx, "ALL")
	if err != nil || len(all) != 3 {
		t.Fatalf("status ALL %v %v", all, err)
	}
	one, err := c.WorkflowStatus(ctx, "11")
	if err != nil || len(one) != 1 || one[0].(map[string]any)["name"] != "Failing" {
		t.Fatalf("status 11 %v %v", one, err)
	}
	xml, err := c.ExportWorkflow(ctx, "12")
	if err != nil || !strings.HasPrefix(xml, "<?xml") || !strings.Contains(xml, `name="Transcode"`) {
		t.Fatalf("export %q %v", xml, err)
	}
	_, err = c.WorkflowInputs(ctx, "99")
	var he *rest.Error
	if !errors.As(err, &he) || he.Status != 404 || !strings.Contains(err.Error(), `no workflow with id "99"`) {
		t.Fatalf("unknown workflow: %v", err)
	}
}

func TestRunSynchronousResult(t *testing.T) {
	s, rec, _ := start(t, orchestratorsim.Config{})
	ctx := context.Background()
	c := client(t, s, orchestrator.Options{AuthStyle: "arg_pass"})
	var statuses []string
	v, err := c.Run(ctx, "10", map[string]any{"Param": "laurent"}, orchestrator.RunOptions{
		Result: "ResultStep:Complete_status_message", Poll: 10 * time.Millisecond,
		OnStatus: func(wo orchestrator.Object) { statuses = append(statuses, orchestrator.Status(wo)) }})
	if err != nil || v != "Hello laurent: workflow complete" {
		t.Fatalf("run: %v %v", v, err)
	}
	if len(statuses) < 2 || statuses[0] != "In Progress" || statuses[len(statuses)-1] != "Complete" {
		t.Fatalf("statuses %v", statuses)
	}
	// asynchronous: the work order as started
	v, err = c.Run(ctx, "10", map[string]any{"Param": "x"}, orchestrator.RunOptions{})
	wo, _ := v.(orchestrator.Object)
	if err != nil || orchestrator.Status(wo) != "In Progress" || orchestrator.ID(wo) == "" {
		t.Fatalf("async %v %v", v, err)
	}
	final, err := c.Wait(ctx, orchestrator.ID(wo), 5*time.Millisecond, nil)
	if err != nil || orchestrator.Status(final) != "Complete" {
		t.Fatalf("wait %v %v", final, err)
	}
	listed := collect(t, c.WorkOrders(ctx, "10", url.Values{"max_results": {"1"}}, 0))
	if len(listed) != 1 || orchestrator.ID(listed[0].(map[string]any)) != orchestrator.ID(wo) {
		t.Fatalf("work orders %v", listed)
	}
	details, err := c.WorkflowDetails(ctx, "10")
	if err != nil || len(details) != 1 || fmt.Sprint(details[0].(map[string]any)["count"]) != "2" {
		t.Fatalf("details %v %v", details, err)
	}
	out, err := c.WorkOrderOutput(ctx, orchestrator.ID(wo))
	if err != nil || len(out) != 2 {
		t.Fatalf("output %v %v", out, err)
	}
	if _, err := c.Result(ctx, orchestrator.ID(wo), "ResultStep", "nothing"); err == nil ||
		!strings.Contains(err.Error(), "has no output ResultStep:nothing (outputs: Greet:greeting, ResultStep:Complete_status_message)") {
		t.Fatalf("missing result: %v", err)
	}
	// missing required input: the API's own message
	_, err = c.Run(ctx, "10", nil, orchestrator.RunOptions{Synchronous: true})
	if err == nil || !strings.Contains(err.Error(), "400 Bad Request") || !strings.Contains(err.Error(), "missing parameter: Param") ||
		strings.Contains(err.Error(), "password=aspera") {
		t.Fatalf("missing param: %v", err)
	}
	if _, err := c.Run(ctx, "10", nil, orchestrator.RunOptions{Result: "nocolon"}); !errors.Is(err, orchestrator.ErrUsage) {
		t.Fatalf("bad result: %v", err)
	}
	// every endpoint used so far was held to its shape
	if seen := strings.Join(rec.Seen(), ","); !strings.Contains(seen, "initiate: ") || !strings.Contains(seen, "work_order_output: ") {
		t.Fatalf("seen %s", seen)
	}
}

func TestRunFailsAndCancel(t *testing.T) {
	s, _, _ := start(t, orchestratorsim.Config{})
	ctx := context.Background()
	c := client(t, s, orchestrator.Options{RetStyle: "ext"})
	_, err := c.Run(ctx, "11", nil, orchestrator.RunOptions{Synchronous: true, Poll: 5 * time.Millisecond})
	var we *orchestrator.WorkOrderError
	if !errors.As(err, &we) || we.Status != "Failed" || !strings.Contains(err.Error(), "simulated failure of step Broken") {
		t.Fatalf("failing: %v", err)
	}
	slow, _, _ := start(t, orchestratorsim.Config{StepTime: time.Hour})
	c = client(t, slow, orchestrator.Options{RetStyle: "header"})
	wo, err := c.Start(ctx, "12", nil)
	if err != nil {
		t.Fatal(err)
	}
	steps := orchestrator.List(wo["work_steps"].(map[string]any)["work_step"])
	step := orchestrator.ID(steps[0].(map[string]any))
	ws, err := c.WorkStep(ctx, step)
	if err != nil || ws["status"] != "In Progress" || ws["name"] != "Start" {
		t.Fatalf("work step %v %v", ws, err)
	}
	// Ctrl-C while waiting
	cctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if _, err := c.Wait(cctx, orchestrator.ID(wo), 10*time.Millisecond, nil); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("wait cancelled: %v", err)
	}
	got, err := c.CancelWorkOrder(ctx, orchestrator.ID(wo))
	if err != nil || orchestrator.Status(got) != "Cancelled" {
		t.Fatalf("cancel %v %v", got, err)
	}
	if _, err := c.Wait(ctx, orchestrator.ID(wo), time.Millisecond, nil); !errors.As(err, &we) || we.Status != "Cancelled" {
		t.Fatalf("wait on a cancelled order: %v", err)
	}
	got, err = c.ResetWorkOrder(ctx, orchestrator.ID(wo))
	if err != nil || orchestrator.Status(got) != "In Progress" {
		t.Fatalf("reset %v %v", got, err)
	}
	ws, err = c.CancelWorkStep(ctx, step)
	if err != nil || ws["status"] != "Cancelled" {
		t.Fatalf("cancel step %v %v", ws, err)
	}
	if _, err := c.WorkOrder(ctx, "424242"); err == nil || !strings.Contains(err.Error(), "404") {
		t.Fatalf("unknown work order: %v", err)
	}
}

func TestOptions(t *testing.T) {
	for _, o := range []orchestrator.Options{{}, {URL: "http://h", AuthStyle: "apikey"}, {URL: "http://h", RetStyle: "yaml"}} {
		if _, err := orchestrator.NewFromOptions(o, nil); !errors.Is(err, orchestrator.ErrUsage) {
			t.Errorf("%+v: %v", o, err)
		}
	}
	// arg_pass: the password travels in the query, and never shows in an error
	s, _, _ := start(t, orchestratorsim.Config{})
	c := client(t, s, orchestrator.Options{AuthStyle: "arg_pass", Username: "admin", Password: "s3cret-pw"})
	_, err := c.Info(context.Background())
	if err == nil || !strings.Contains(err.Error(), "401") || strings.Contains(err.Error(), "s3cret-pw") || !strings.Contains(err.Error(), "password=%2A%2A%2A") {
		t.Fatalf("arg_pass with a bad password: %v", err)
	}
}
