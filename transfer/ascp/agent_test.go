package ascp

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/asperalm/aslmcli/transfer"
	"github.com/asperalm/aslmcli/transfer/agenttest"
	"github.com/asperalm/aslmcli/transfer/ascp/ascptest"
	"github.com/asperalm/aslmcli/transfer/spec"
)

var (
	_ transfer.Job        = (*job)(nil)
	_ transfer.RateSetter = (*job)(nil)
)

// fakeascp returns the ascp test double.
func fakeascp(t *testing.T) string { return ascptest.Fake(t) }

// anySpec is a valid spec for the agents whose Build ignores it.
var anySpec = spec.Spec{"direction": "send", "remote_host": "127.0.0.1", "paths": []any{map[string]any{"source": "x"}}}

// setup makes source files and an agent whose builder runs the double on them.
func setup(t *testing.T, script string, env ...string) (*Agent, string, []string) {
	fake := fakeascp(t)
	src, dst := t.TempDir(), t.TempDir()
	var files []string
	for i, size := range []int{3 << 20, 1000, 0} {
		p := filepath.Join(src, "file"+string(rune('a'+i)))
		b := make([]byte, size)
		_, _ = rand.Read(b)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	state := filepath.Join(t.TempDir(), "state")
	a := &Agent{
		Retry:        Retry{Max: 3, Initial: 10 * time.Millisecond, Cap: 50 * time.Millisecond},
		SpawnTimeout: 10 * time.Second,
		Build: func(s spec.Spec) (Invocation, error) {
			return Invocation{Path: fake, Args: append(append([]string{"--mode=send"}, files...), "--dest64", base64.StdEncoding.EncodeToString([]byte(dst))),
				Env: append([]string{"FAKEASCP_SCRIPT=" + script, "FAKEASCP_STATE=" + state, "ASPERA_SCP_PASS=secret"}, env...)}, nil
		},
	}
	return a, dst, files
}

func sameFiles(t *testing.T, files []string, dst string) {
	t.Helper()
	for _, f := range files {
		a, _ := os.ReadFile(f)
		b, err := os.ReadFile(filepath.Join(dst, filepath.Base(f)))
		if err != nil || !bytes.Equal(a, b) {
			t.Fatalf("%s: not copied (%v)", f, err)
		}
	}
}

func TestDirectSuccess(t *testing.T) {
	a, dst, files := setup(t, "ok")
	ev := &agenttest.Recorder{}
	job, err := a.Start(context.Background(), anySpec, ev.Options())
	if err != nil {
		t.Fatal(err)
	}
	res, err := job.Wait(context.Background())
	if err != nil || res.Status != transfer.Succeeded || res.Files != 3 || res.Bytes != 3<<20+1000 {
		t.Fatalf("result %+v, %v", res, err)
	}
	if got := ev.Types(); !strings.HasPrefix(got, "session_start,sizes,progress,file_done,") || strings.Count(got, "file_done") != 3 || !strings.HasSuffix(got, ",done") {
		t.Fatalf("events %s", got)
	}
	sameFiles(t, files, dst)
}

func TestDirectRetryThenSuccess(t *testing.T) {
	a, dst, files := setup(t, "retry:2:13")
	ev := &agenttest.Recorder{}
	job, _ := a.Start(context.Background(), anySpec, ev.Options())
	res, err := job.Wait(context.Background())
	if err != nil || res.Status != transfer.Succeeded {
		t.Fatalf("result %+v, %v", res, err)
	}
	if n := strings.Count(ev.Types(), "retry"); n != 2 {
		t.Fatalf("%d retries: %s", n, ev.Types())
	}
	sameFiles(t, files, dst)
}

func TestDirectFatalAndNoDone(t *testing.T) {
	a, _, _ := setup(t, "fatal:4")
	job, _ := a.Start(context.Background(), anySpec, transfer.Options{})
	res, err := job.Wait(context.Background())
	var te *transfer.Error
	if !errors.As(err, &te) || te.Code != 4 || te.Retryable || res.Status != transfer.Failed {
		t.Fatalf("fatal: %+v %v", res, err)
	}
	a, _, _ = setup(t, "nodone")
	job, _ = a.Start(context.Background(), anySpec, transfer.Options{})
	if _, err := job.Wait(context.Background()); err == nil || !strings.Contains(err.Error(), "ended without DONE or ERROR") {
		t.Fatalf("nodone: %v", err)
	}
	// retries are bounded: a retryable error that never goes away
	a, _, _ = setup(t, "retry:100:13")
	ev := &agenttest.Recorder{}
	job, _ = a.Start(context.Background(), anySpec, ev.Options())
	if _, err := job.Wait(context.Background()); err == nil || strings.Count(ev.Types(), "retry") != 3 {
		t.Fatalf("bounded: %v %s", err, ev.Types())
	}
}

func TestDirectCancelAndRate(t *testing.T) {
	commands := filepath.Join(t.TempDir(), "commands")
	a, _, _ := setup(t, "slow", "FAKEASCP_COMMANDS="+commands)
	job, _ := a.Start(context.Background(), anySpec, transfer.Options{})
	time.Sleep(200 * time.Millisecond)
	if err := transfer.SetRate(job, 5000); err != nil {
		t.Fatalf("set rate: %v", err)
	}
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if b, _ := os.ReadFile(commands); strings.TrimSpace(string(b)) == "RATE 5000000" {
			break
		}
	}
	if b, _ := os.ReadFile(commands); strings.TrimSpace(string(b)) != "RATE 5000000" {
		t.Fatalf("ascp received %q, want a RATE command of 5000 kbps in bps", b)
	}
	start := time.Now()
	job.Cancel()
	res, err := job.Wait(context.Background())
	if res.Status != transfer.Canceled || err == nil || time.Since(start) > 5*time.Second {
		t.Fatalf("cancel: %+v %v after %s", res, err, time.Since(start))
	}
	// no orphan: the double's process group is gone
	out, _ := exec.Command("pgrep", "-f", fakeascp(t)).Output()
	if len(bytes.TrimSpace(out)) > 0 {
		t.Fatalf("an ascp survived: %s", out)
	}
}

func TestDirectMultiSessionAndNoMonitor(t *testing.T) {
	a, dst, files := setup(t, "ok")
	a.Sessions = 3
	job, _ := a.Start(context.Background(), anySpec, transfer.Options{})
	res, err := job.Wait(context.Background())
	if err != nil || res.Sessions != 3 || res.Status != transfer.Succeeded {
		t.Fatalf("multi: %+v %v", res, err)
	}
	sameFiles(t, files, dst)
	a, _, _ = setup(t, "exit:0")
	a.NoMonitor = true
	job, _ = a.Start(context.Background(), anySpec, transfer.Options{})
	if _, err := job.Wait(context.Background()); err != nil {
		t.Fatalf("no monitor, exit 0: %v", err)
	}
	a, _, _ = setup(t, "exit:3")
	a.NoMonitor = true
	job, _ = a.Start(context.Background(), anySpec, transfer.Options{})
	if _, err := job.Wait(context.Background()); err == nil || !strings.Contains(err.Error(), "exit status 3") {
		t.Fatalf("no monitor, exit 3: %v", err)
	}
}

// TestMultiSessionUDPPorts: session i of N gets -C i:N and -O fasp_port+i-1 (multi_incr_udp),
// and the spec's own -O is left out; SameUDPPort keeps the spec's.
func TestMultiSessionUDPPorts(t *testing.T) {
	fake := fakeascp(t)
	dst := t.TempDir()
	src := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(src, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, same := range []bool{false, true} {
		argsFile := filepath.Join(t.TempDir(), "argv")
		a := &Agent{SameUDPPort: same, Build: func(s spec.Spec) (Invocation, error) {
			inv, err := Build(s, BuildOptions{Ascp: fake, NoList: true})
			inv.Env = append(inv.Env, "FAKEASCP_SCRIPT=ok", "FAKEASCP_ARGS="+argsFile)
			return inv, err
		}}
		s := spec.Spec{"direction": "send", "remote_host": "h", "multi_session": float64(3), "fasp_port": float64(40000),
			"paths": []any{map[string]any{"source": src}}, "destination_root": dst}
		job, err := a.Start(context.Background(), s, transfer.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if res, err := job.Wait(context.Background()); err != nil || res.Sessions != 3 {
			t.Fatalf("%+v %v", res, err)
		}
		b, _ := os.ReadFile(argsFile)
		var ports []string
		for _, block := range strings.Split(strings.TrimSpace(string(b)), "---") {
			lines := strings.Fields(block)
			for i, l := range lines {
				if l == "-O" && i+1 < len(lines) {
					ports = append(ports, lines[i+1])
				}
			}
		}
		sort.Strings(ports)
		want := []string{"40000", "40001", "40002"}
		if same {
			want = []string{"40000", "40000", "40000"}
		}
		if !reflect.DeepEqual(ports, want) {
			t.Fatalf("same=%v: -O values %v, want %v", same, ports, want)
		}
	}
}

// TestBearerTokenRefresh: a refused bearer token is replaced through Options.RefreshToken,
// then the session runs again; without the callback the error stands (code 19 is fatal).
func TestBearerTokenRefresh(t *testing.T) {
	a, dst, files := setup(t, "bearer", "ASPERA_SCP_TOKEN=Bearer stale")
	refreshed := 0
	job, _ := a.Start(context.Background(), anySpec, transfer.Options{RefreshToken: func(context.Context) (string, error) {
		refreshed++
		return "Bearer fresh", nil
	}})
	if res, err := job.Wait(context.Background()); err != nil || res.Status != transfer.Succeeded || refreshed != 1 {
		t.Fatalf("%+v %v, %d refreshes", res, err, refreshed)
	}
	sameFiles(t, files, dst)
	a, _, _ = setup(t, "bearer", "ASPERA_SCP_TOKEN=Bearer stale")
	job, _ = a.Start(context.Background(), anySpec, transfer.Options{})
	if _, err := job.Wait(context.Background()); err == nil || !strings.Contains(err.Error(), "Bearer token is expired") {
		t.Fatalf("no refresh: %v", err)
	}
}

// TestDoubleRefusesSecretsInArgv proves the double's contract check can fail: a builder that
// puts the password on the command line is refused.
func TestDoubleRefusesSecretsInArgv(t *testing.T) {
	fake := fakeascp(t)
	a := &Agent{Build: func(s spec.Spec) (Invocation, error) {
		return Invocation{Path: fake, Args: []string{"--pass", "hunter2", "--dest64", "x", b64("/tmp")},
			Env: []string{"ASPERA_SCP_PASS=hunter2", "FAKEASCP_SCRIPT=ok"}}, nil
	}}
	job, _ := a.Start(context.Background(), anySpec, transfer.Options{})
	if _, err := job.Wait(context.Background()); err == nil || !strings.Contains(err.Error(), "the value of ASPERA_SCP_PASS is on the command line") {
		t.Fatalf("a password on the command line: %v", err)
	}
}

// TestFaspProxy: Agent.Proxy (--fasp-proxy) becomes the spec's proxy, unless the spec names
// one (proxy, or the fasp_proxy_url extension).
func TestFaspProxy(t *testing.T) {
	fake := fakeascp(t)
	for _, c := range []struct {
		over map[string]any
		want any
	}{
		{nil, "dnat://px:9091"},
		{map[string]any{"proxy": "dnat://mine:9091"}, "dnat://mine:9091"},
		{map[string]any{"EX_fasp_proxy_url": "dnat://ext:9091"}, nil},
	} {
		var got spec.Spec
		a := &Agent{Proxy: "dnat://px:9091", NoMonitor: true, Build: func(s spec.Spec) (Invocation, error) {
			got = s
			return Invocation{Path: fake, Env: []string{"FAKEASCP_SCRIPT=exit:0"}}, nil
		}}
		if _, err := transfer.Run(context.Background(), a, spec.Merge(anySpec, c.over), transfer.Options{}); err != nil {
			t.Fatal(err)
		}
		if got["proxy"] != c.want {
			t.Errorf("%v: proxy %v, want %v", c.over, got["proxy"], c.want)
		}
	}
}
