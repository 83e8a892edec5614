package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/transfer"
	"github.com/asperalm/aslmcli/transfer/spec"
)

// probeSettings are the settings of an agent that only this test registers.
type probeSettings struct {
	Speed int    `setting:"probe_speed,cli" help:"how fast the probe goes"`
	Mode  string `setting:"mode" enum:"calm,wild" help:"its mood"`
	HTTP  any    `setting:"rest_settings,internal"`
}

// probe is an agent that records how it was made and started, and succeeds at once.
type probe struct{ s probeSettings }

var (
	probeMu   sync.Mutex
	probeMade []probeSettings
	probeRan  []spec.Spec
)

func (p *probe) Name() string { return "probe" }

func (p *probe) Start(_ context.Context, s spec.Spec, o transfer.Options) (transfer.Job, error) {
	if err := transfer.CheckSpec("probe", s); err != nil {
		return nil, err
	}
	probeMu.Lock()
	probeRan = append(probeRan, s)
	probeMu.Unlock()
	j := &probeJob{}
	j.Init("probe", o, nil)
	j.Emit(transfer.Event{Type: transfer.SessionStart})
	go j.Finish(transfer.Succeeded, transfer.Result{Bytes: 42}, nil)
	return j, nil
}

type probeJob struct{ transfer.JobBase }

func init() {
	transfer.Register(transfer.Info{Name: "probe", Aliases: []string{"pr0be"}, Help: "a test agent", Options: transfer.OptionsOf[probeSettings](),
		Inputs: []transfer.Input{transfer.InputHTTP},
		New: transfer.Typed(func(s probeSettings) (transfer.Agent, error) {
			probeMu.Lock()
			probeMade = append(probeMade, s)
			probeMu.Unlock()
			return &probe{s}, nil
		})})
}

// inProcess runs aslmcli in this process (where the probe agent is registered).
func inProcess(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	dir := t.TempDir()
	var out, errb bytes.Buffer
	io := &runtime.IO{In: strings.NewReader(""), Out: &out, Err: &errb}
	env := []string{"HOME=" + dir, "ASLMCLI_HOME=" + filepath.Join(dir, "home"), "PATH=/usr/bin:/bin"}
	code := Main(context.Background(), args, io, env)
	return out.String(), errb.String(), code
}

// TestRegisteredAgentReachesTheCommandLine: an agent registered in a test package, with no
// change to runtime/cli or cmd/, is listed by aslmcli -h with its option and settings, is a
// value of --transfer (by name and alias), gets its command-line option, its --transfer-info
// settings and the run's HTTP settings, and its unknown settings are usage errors naming the
// known ones.
func TestRegisteredAgentReachesTheCommandLine(t *testing.T) {
	out, errs, code := inProcess(t, "-h")
	for _, want := range []string{
		"\n  probe (pr0be)        a test agent; settings: probe_speed, mode\n",
		"--probe-speed=INT ",
		"how fast the probe goes",
	} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("aslmcli -h (exit %d, %s) lacks %q:\n%s", code, errs, want, out)
		}
	}
	if i := strings.Index(out, "--transfer=ENUM"); i < 0 || !strings.Contains(out[i:i+300], "probe") || !strings.Contains(out[i:i+300], "pr0be") {
		t.Errorf("--transfer does not list the probe:\n%s", out)
	}
	run := `local j = require("aspera.transfer").start({direction = "send", remote_host = "h", paths = {{source = "a"}}})
		print(j:wait().status)`
	for _, agent := range []string{"--transfer=probe", "--transfer=pr0", "--transfer=pr0be"} {
		probeMade, probeRan = nil, nil
		out, errs, code = inProcess(t, agent, "--probe-speed=7", `--transfer-info=@json:{"mode":"wild"}`, "run", "-e", run)
		if code != 0 || strings.TrimSpace(out) != "success" || len(probeRan) != 1 {
			t.Fatalf("%s: exit %d, %q %q", agent, code, out, errs)
		}
		if s := probeMade[0]; s.Speed != 7 || s.Mode != "wild" || s.HTTP == nil {
			t.Errorf("%s: made with %+v", agent, s)
		}
	}
	_, errs, code = inProcess(t, "--transfer=probe", `--transfer-info=@json:{"bogus":1}`, "run", "-e", run)
	if code != 2 || !strings.Contains(errs, `probe agent: unknown setting "bogus" (known: mode, probe_speed)`) {
		t.Errorf("an unknown setting: exit %d, %s", code, errs)
	}
	_, errs, code = inProcess(t, "--transfer=nosuch", "run", "-e", run)
	if code != 2 || !strings.Contains(errs, "nosuch") {
		t.Errorf("an unknown agent: exit %d, %s", code, errs)
	}
}
