package main

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// productSimulator runs `aslmcli PLUGIN simulator ARGS...` and returns its first lines (the
// URL, then the credentials) and the process; it is killed at the end of the test.
func productSimulator(t *testing.T, e *env, plugin string, lines int, args ...string) ([]string, *exec.Cmd) {
	t.Helper()
	p := runSimulator(t, e, plugin, args...)
	out := []string{p.url}
	for len(out) < lines {
		out = append(out, p.line(t))
	}
	return out, p.cmd
}

// manualRow is one example of the original manual: the line as the manual prints it, the
// command run (the manual's "[email protected]:" is the web page's mangling of
// "--params=@json:", restored), and the check of its output.
type manualRow struct {
	manual string
	args   []string
	check  func(t *testing.T, out string)
}

func csvIs(want string) func(*testing.T, string) {
	return func(t *testing.T, out string) {
		t.Helper()
		if out != want {
			t.Fatalf("got %q, want %q", out, want)
		}
	}
}

func linesAre(n int, first string) func(*testing.T, string) {
	return func(t *testing.T, out string) {
		t.Helper()
		l := lines(out)
		if len(l) != n || l[0] != first {
			t.Fatalf("got %d lines starting %q, want %d starting %q:\n%s", len(l), l[0], n, first, out)
		}
	}
}

// TestOrchestratorManualExamples runs every orchestrator example of the original manual,
// verbatim but for the restored --params=@json:, against `aslmcli orchestrator simulator`.
func TestOrchestratorManualExamples(t *testing.T) {
	e := newEnv(t)
	sim, cmd := productSimulator(t, e, "orchestrator", 2, "--step-time=0.05")
	if sim[1] != "--username=admin --password=aspera" {
		t.Fatalf("credentials line %q", sim[1])
	}
	e.ok("config", "preset", "update", "orch", "--url="+sim[0], "--username=admin", "--password=aspera", "--poll=0.02")
	e.ok("config", "preset", "set", "default", "orchestrator", "orch")
	csv := []string{"--format=csv"}
	rows := []manualRow{
		{"aslmcli orchestrator info", []string{"orchestrator", "info", "--fields=orchestrator-version,orchestrator-status"},
			csvIs("orchestrator-version,4.1.0.sim\norchestrator-status,running\n")},
		{"aslmcli orchestrator plugins", []string{"orchestrator", "plugins", "--fields=name"}, linesAre(5, "Email")},
		{"aslmcli orchestrator processes", []string{"orchestrator", "processes", "--fields=name,status"}, linesAre(4, "Engine,running")},
		{"aslmcli orchestrator workflow id 10 inputs", []string{"orchestrator", "workflow", "id", "10", "inputs", "--fields=workflow_name,parameter.0.name,parameter.0.optional"},
			csvIs("workflow_name,Hello\nparameter.0.name,Param\nparameter.0.optional,false\n")},
		{`aslmcli orchestrator workflow id 10 start [email protected]:'{"Param":"laurent"}'`,
			[]string{"orchestrator", "workflow", "id", "10", "start", `--params=@json:{"Param":"laurent"}`, "--fields=id,status"},
			csvIs("id,1001\nstatus,In Progress\n")},
		{`aslmcli orchestrator workflow id 10 start [email protected]:'{"Param":"laurent"}' --result=ResultStep:Complete_status_message`,
			[]string{"orchestrator", "workflow", "id", "10", "start", `--params=@json:{"Param":"laurent"}`, "--result=ResultStep:Complete_status_message"},
			csvIs("Hello laurent: workflow complete\n")},
		{"aslmcli orchestrator workflow id 10 status", []string{"orchestrator", "workflow", "id", "10", "status", "--fields=id,name,complete"},
			csvIs("10,Hello,2\n")},
		{"aslmcli orchestrator workflow list", []string{"orchestrator", "workflow", "list"}, func(t *testing.T, out string) {
			l := lines(out)
			if len(l) != 3 || !strings.HasPrefix(l[0], "10,wf-0010-sim,Hello,published,3,3,") {
				t.Fatalf("list (the manual's 7 columns):\n%s", out)
			}
		}},
		{"aslmcli orchestrator workflow status", []string{"orchestrator", "workflow", "status", "--fields=id,name"},
			csvIs("10,Hello\n11,Failing\n12,Transcode\n")},
	}
	for _, r := range rows {
		t.Run(r.manual, func(t *testing.T) { r.check(t, e.ok(append(r.args, csv...)...)) })
	}
	stopsOnInterrupt(t, cmd)
}

// TestOrchestratorAscliSpellings runs ascli's tested commands (its docs' list) against the
// simulator.
func TestOrchestratorAscliSpellings(t *testing.T) {
	e := newEnv(t)
	// steps of a second: a reset work order is still running when the next command cancels it,
	// even on a loaded machine
	sim, _ := productSimulator(t, e, "orchestrator", 2, "--step-time=1")
	auth := []string{"--url=" + sim[0], "--username=admin", "--password=aspera", "--format=csv", "--poll=0.02"}
	run := func(args ...string) string {
		return e.ok(append(append([]string{"orchestrator"}, args...), auth...)...)
	}
	if out := run("health", "--fields=status,component,message"); out != "ok,api,accessible\nok,orchestrator,version 4.1.0.sim\n" {
		t.Fatalf("health %q", out)
	}
	if out := run("monitors", "--fields=engine"); out != "running\n" {
		t.Fatalf("monitors %q", out)
	}
	if out := run("workflows", "start", "10", `@json:{"Param":"world !"}`, "--result=ResultStep:Complete_status_message"); out != "Hello world !: workflow complete\n" {
		t.Fatalf("start --result %q", out)
	}
	wo := strings.TrimSpace(run("workflow", "start", "10", `@json:{"Param":"world !"}`, "--fields=id"))
	if out := run("workflow", "start", "12", "--synchronous=yes", "--fields=status"); out != "Complete\n" {
		t.Fatalf("start --synchronous %q", out)
	}
	if out := run("workflow", "status", "ALL", "--fields=id"); out != "10\n11\n12\n" {
		t.Fatalf("status ALL %q", out)
	}
	if out := run("workflow", "inputs", "12", "--fields=parameter.0.name,parameter.0.value"); out != "parameter.0.name,file\nparameter.0.value,/in/movie.mov\n" {
		t.Fatalf("inputs %q", out)
	}
	if out := run("workflow", "details", "10", "--fields=type"); !strings.Contains(out, "Complete") {
		t.Fatalf("details %q", out)
	}
	if out := run("workflow", "outputs", "10", "--fields=step_name,variable_name"); out != "Greet,greeting\nResultStep,Complete_status_message\n" {
		t.Fatalf("outputs %q", out)
	}
	if out := run("workflow", "export", "12"); !strings.Contains(out, `<workflow id="12" name="Transcode" revision="3">`) {
		t.Fatalf("export %q", out)
	}
	if out := run("workflow", "workorders", "10", "--fields=id", `--query=@json:{"max_results":1}`); out != wo+"\n" {
		t.Fatalf("workorders max_results=1 %q (latest %s)", out, wo)
	}
	for end := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) { // until it has ended
		out := run("workorder", "status", wo, "--fields=status")
		if out == "Complete\n" {
			break
		}
		if out != "In Progress\n" || time.Now().After(end) {
			t.Fatalf("workorder status %q", out)
		}
	}
	if out := run("workorders", "output", wo, "--fields=variable_name,value"); out != "greeting,Hello world !\nComplete_status_message,Hello world !: workflow complete\n" {
		t.Fatalf("workorder output %q", out)
	}
	if out := run("workorder", "reset", wo, "--fields=status"); out != "In Progress\n" {
		t.Fatalf("workorder reset %q", out)
	}
	if out := run("workorder", "cancel", wo, "--fields=status"); out != "Cancelled\n" {
		t.Fatalf("workorder cancel %q", out)
	}
	var st map[string]any
	if err := json.Unmarshal([]byte(e.ok(append(append([]string{"orchestrator", "workorder", "status", wo}, auth...), "--format=json", "--fields=ALL")...)), &st); err != nil {
		t.Fatal(err)
	}
	var step any
	var name string
	for _, ws := range st["work_steps"].(map[string]any)["work_step"].([]any) {
		if m := ws.(map[string]any); m["status"] == "Cancelled" {
			step, name = m["id"], m["name"].(string)
		}
	}
	if step == nil {
		t.Fatalf("no cancelled step in %v", st)
	}
	if out := run("workstep", "status", jsonText(step), "--fields=name,status"); out != "name,"+name+"\nstatus,Cancelled\n" {
		t.Fatalf("workstep status %q", out)
	}
	if out := run("workstep", "cancel", jsonText(step), "--fields=name"); out != name+"\n" {
		t.Fatalf("workstep cancel %q", out)
	}
}

func jsonText(v any) string { b, _ := json.Marshal(v); return string(b) }

// TestOrchestratorErrors: failed work orders exit 1 with the API's details; bad input exits 2
// and starts nothing; the password never shows.
func TestOrchestratorErrors(t *testing.T) {
	e := newEnv(t)
	sim, _ := productSimulator(t, e, "orchestrator", 2, "--step-time=0.02")
	auth := []string{"--url=" + sim[0], "--username=admin", "--password=aspera", "--poll=0.02"}
	run := func(args ...string) []string { return append(append([]string{"orchestrator"}, args...), auth...) }
	e.fails(1, "ERROR: error: work order 1001: Failed: Step Broken failed: simulated failure of step Broken", run("workflow", "start", "11", "--synchronous=yes")...)
	e.fails(1, "missing parameter: Param", run("workflow", "start", "10", "--synchronous=yes")...)
	e.fails(1, `404 Not Found: GET `+sim[0]+`/api/workflow_inputs_spec/99?format=json: no workflow with id "99"`, run("workflow", "inputs", "99")...)
	e.fails(2, `result "ResultStep": expected STEP:PARAM`, run("workflow", "start", "10", `@json:{"Param":"x"}`, "--result=ResultStep")...)
	e.fails(2, "auth", run("info", "--auth-style=apikey")...)
	// nothing was started by the refused commands
	if out := e.ok(run("workflow", "details", "10", "--format=csv")...); out != "" {
		t.Fatalf("work orders of 10 after refusals: %q", out)
	}
	// arg_pass: login and password in the query; -r shows neither the password nor Basic
	r := e.run(run("info", "--auth-style=arg_pass", "-r", "--fields=orchestrator-status", "--format=csv")...)
	if r.code != 0 || r.out != "running\n" || strings.Contains(r.err, "password=aspera") || !strings.Contains(r.err, "login=admin") {
		t.Fatalf("arg_pass: %v", r)
	}
	r = e.run(run("info", "-r")...)
	if r.code != 0 || strings.Contains(r.err, "YWRtaW46YXNwZXJh") { // base64 of admin:aspera
		t.Fatalf("head_basic -r shows the credentials: %v", r)
	}
	e.fails(1, "401 Unauthorized", "orchestrator", "info", "--url="+sim[0], "--username=admin", "--password=wrong")
}

// TestOrchestratorLua: aspera.orchestrator in a script: its own simulator, the lazy listing,
// start with on_status and a result, and the structured error of a failed work order.
func TestOrchestratorLua(t *testing.T) {
	e := newEnv(t)
	script := `
local orchestrator = require("aspera.orchestrator")
local sim = orchestrator.simulator{step_time = 0.02}
local c = orchestrator.new{url = sim:url(), username = "admin", password = "aspera"}
local names = {}
for wf in c:each_workflow() do names[#names + 1] = wf.name end
local seen = 0
local v = c:start(10, {Param = "lua"}, {result = "ResultStep:Complete_status_message", poll = 0.01,
  on_status = function(wo) seen = seen + 1 end})
local ok, err = pcall(c.start, c, 11, nil, {synchronous = true, poll = 0.01})
local bad_ok, bad = pcall(c.start, c, 10, {Param = "x"}, {result = "nocolon"})
print(table.concat(names, ","), v, seen > 1, ok, err.kind, err.details.status, bad.kind, tostring(sim:client()) == "aspera.orchestrator(" .. sim:url() .. ")")
sim:stop()`
	out := e.ok("run", "-e", script)
	if out != "Hello,Failing,Transcode\tHello lua: workflow complete\ttrue\tfalse\terror\tFailed\tusage\ttrue\n" {
		t.Fatalf("lua: %q", out)
	}
}
