// Package orchestratorsim is an IBM Aspera Orchestrator simulator: `aslmcli orchestrator
// simulator`, the scripts developed offline, and the tests of products/orchestrator and of the
// orchestrator command use it. It serves the API under /aspera/orchestrator/api: the
// instance (remote_node_ping, processes_status, plugin_version, monitor_snapshot), workflows
// (workflows_list, workflows_status, workflow_details, workflow_inputs_spec,
// workflow_outputs_spec, work_orders_list, export_workflow), initiate, work orders
// (work_order_status, _cancel, _reset, _output) and work steps (work_step_status, _cancel).
//
// Its answers have Orchestrator's shapes, recorded from the IBM aspera-cli sources (the keys
// its plugin reads: workflows.workflow, workflow_inputs_spec, work_order.statusDetails,
// missing_parameters, Plugin, process, monitor, variable...) and the examples of the
// Orchestrator API guide; products/orchestrator/internal/orchtest holds them to these shapes.
// It answers JSON or XML as asked (a .json/.xml extension, the format parameter, or the
// Accept header; XML by default), except processes_status and work_order_output (XML only)
// and plugin_version (JSON only), as the plugin's comments say of the real API.
//
// Decisions where the issue was silent:
//   - Work orders run through their workflow's steps on the clock: each step lasts
//     Config.StepTime from the start (or the last reset), so a work order is queued, in
//     progress, then complete, failed (a step with Fail) or cancelled, with nothing running in
//     the background. Complete steps publish their output variables (work_order_output).
//   - Credentials are HTTP Basic, or login and password in the query (the API guide's
//     style); anything else is a 401.
//   - initiate with synchronous=true holds the request until the work order ends, and with
//     explicit_output_step/explicit_output_variable answers that output's value as text.
//   - Errors are JSON ({"error": message}); a refused initiate carries work_order.statusDetails
//     and missing_parameters, as the plugin's error handler expects.
package orchestratorsim

import (
	"context"
	"crypto/subtle"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/asperalm/aslmcli/internal/simhttp"
)

// BasePath is where the API lives, as on a real Orchestrator.
const BasePath = "/aspera/orchestrator"

// Config configures a simulator.
type Config struct {
	Host     string // listen address; default 127.0.0.1
	Port     int    // 0: a free port
	Username string // default "admin"
	Password string // default "aspera"
	// StepTime is how long each work step runs; default 500 ms. A negative value runs every
	// step at once.
	StepTime  time.Duration
	Workflows []Workflow // default DefaultWorkflows()
	// Wrap wraps the handler (tests install the shape check here).
	Wrap   func(http.Handler) http.Handler
	Logger *slog.Logger
	Now    func() time.Time // default time.Now
}

// Server is a running simulator.
type Server struct {
	URL string // base URL, e.g. http://127.0.0.1:40123/aspera/orchestrator
	cfg Config
	srv *http.Server
	ln  net.Listener

	mu        sync.Mutex
	workflows map[int]*Workflow
	orders    map[int]*workOrder
	nextOrder int
	nextStep  int
	started   time.Time
	ctx       context.Context
	cancel    context.CancelFunc
}

// Credentials returns the user and password the simulator accepts.
func (s *Server) Credentials() (string, string) { return s.cfg.Username, s.cfg.Password }

// New prepares a simulator without listening (see Handler and Start).
func New(cfg Config) *Server {
	if cfg.Host == "" {
		cfg.Host = "127.0.0.1"
	}
	if cfg.Username == "" {
		cfg.Username, cfg.Password = "admin", "aspera"
	}
	switch {
	case cfg.StepTime == 0:
		cfg.StepTime = 500 * time.Millisecond
	case cfg.StepTime < 0:
		cfg.StepTime = 0
	}
	if cfg.Workflows == nil {
		cfg.Workflows = DefaultWorkflows()
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	s := &Server{cfg: cfg, workflows: map[int]*Workflow{}, orders: map[int]*workOrder{}, nextOrder: 1001, nextStep: 50001, started: cfg.Now()}
	for i := range cfg.Workflows {
		s.workflows[cfg.Workflows[i].ID] = &cfg.Workflows[i]
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	return s
}

// Start listens and serves; URL is set when it returns.
func Start(cfg Config) (*Server, error) {
	s := New(cfg)
	ln, err := simhttp.Listen(s.cfg.Host, s.cfg.Port)
	if err != nil {
		return nil, fmt.Errorf("orchestrator simulator: %w", err)
	}
	s.ln = ln
	s.URL = "http://" + ln.Addr().String() + BasePath
	s.srv = simhttp.Serve(ln, s.Handler())
	return s, nil
}

// Close stops the server; requests waiting for a work order (synchronous) return.
func (s *Server) Close() error {
	s.cancel()
	if s.srv == nil {
		return nil
	}
	return simhttp.Shutdown(s.srv)
}

// Handler returns the simulator's HTTP handler.
func (s *Server) Handler() http.Handler {
	var h http.Handler = http.HandlerFunc(s.serve)
	if s.cfg.Wrap != nil {
		h = s.cfg.Wrap(h)
	}
	return h
}

// endpoints maps the API's endpoint names to their handlers; arg is the path segment after
// the name ("" when absent), f the answer format.
var endpoints = map[string]func(s *Server, w http.ResponseWriter, r *http.Request, arg, f string){
	"remote_node_ping":      (*Server).ping,
	"processes_status":      (*Server).processes,
	"plugin_version":        (*Server).plugins,
	"monitor_snapshot":      (*Server).monitors,
	"workflows_list":        (*Server).workflowsList,
	"workflows_status":      (*Server).workflowsStatus,
	"workflow_details":      (*Server).workflowDetails,
	"workflow_inputs_spec":  (*Server).inputsSpec,
	"workflow_outputs_spec": (*Server).outputsSpec,
	"work_orders_list":      (*Server).workOrdersList,
	"export_workflow":       (*Server).export,
	"initiate":              (*Server).initiate,
	"work_order_status":     (*Server).workOrderStatus,
	"work_order_cancel":     (*Server).workOrderCancel,
	"work_order_reset":      (*Server).workOrderReset,
	"work_order_output":     (*Server).workOrderOutput,
	"work_step_status":      (*Server).workStepStatus,
	"work_step_cancel":      (*Server).workStepCancel,
}

// Endpoints returns the names of the endpoints served, sorted.
func Endpoints() []string {
	out := make([]string, 0, len(endpoints))
	for k := range endpoints {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Split returns the endpoint name and argument of a request path below BasePath/api/ (the
// extension of the last segment removed), and false when the path is not there.
func Split(p string) (name, arg string, ok bool) {
	rest, found := strings.CutPrefix(p, BasePath+"/api/")
	if !found {
		return "", "", false
	}
	if ext := path.Ext(rest); ext == ".json" || ext == ".xml" {
		rest = strings.TrimSuffix(rest, ext)
	}
	name, arg, _ = strings.Cut(rest, "/")
	return name, arg, true
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	name, arg, ok := Split(r.URL.Path)
	h := endpoints[name]
	if !ok || h == nil {
		writeError(w, http.StatusNotFound, "no such API endpoint: "+r.URL.Path)
		return
	}
	if r.Method != http.MethodGet {
		writeError(w, http.StatusMethodNotAllowed, "the API answers GET only")
		return
	}
	user, ok := s.authenticate(r)
	if !ok {
		w.Header().Set("WWW-Authenticate", `Basic realm="Orchestrator"`)
		writeError(w, http.StatusUnauthorized, "invalid login or password")
		return
	}
	s.cfg.Logger.Debug("orchestrator simulator", "endpoint", name, "arg", arg, "user", user)
	h(s, w, r, arg, format(r))
}

// authenticate returns the user of r: HTTP Basic, or login and password in the query.
func (s *Server) authenticate(r *http.Request) (string, bool) {
	u, p, ok := r.BasicAuth()
	if !ok {
		q := r.URL.Query()
		u, p = q.Get("login"), q.Get("password")
		ok = u != ""
	}
	good := ok && subtle.ConstantTimeCompare([]byte(u), []byte(s.cfg.Username)) == 1 &&
		subtle.ConstantTimeCompare([]byte(p), []byte(s.cfg.Password)) == 1
	return u, good
}

func (s *Server) now() time.Time { return s.cfg.Now() }

// workflow returns the workflow of arg, or answers 404.
func (s *Server) workflow(w http.ResponseWriter, arg string) *Workflow {
	id, err := strconv.Atoi(arg)
	if err == nil {
		if wf := s.workflows[id]; wf != nil {
			return wf
		}
	}
	writeError(w, http.StatusNotFound, fmt.Sprintf("no workflow with id %q", arg))
	return nil
}

// order returns the work order of arg (s.mu held), or answers 404.
func (s *Server) order(w http.ResponseWriter, arg string) *workOrder {
	id, err := strconv.Atoi(arg)
	if err == nil {
		if o := s.orders[id]; o != nil {
			return o
		}
	}
	writeError(w, http.StatusNotFound, fmt.Sprintf("no work order with id %q", arg))
	return nil
}
