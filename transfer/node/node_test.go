package node

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	nodeapi "github.com/asperalm/aslmcli/products/node"
	"github.com/asperalm/aslmcli/products/node/nodesim"
	"github.com/asperalm/aslmcli/products/rest"
	"github.com/asperalm/aslmcli/transfer"
	"github.com/asperalm/aslmcli/transfer/agenttest"
	"github.com/asperalm/aslmcli/transfer/spec"
)

func agentWith(t *testing.T, runner func(context.Context, map[string]any) error) (*Agent, *nodesim.Server) {
	sim, err := nodesim.Start(nodesim.Config{Root: t.TempDir(), Runner: runner})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sim.Close() })
	api, err := rest.New(sim.URL, rest.Basic{Username: "node_user", Password: "node_pass"}, &rest.Settings{NoRetry: true})
	if err != nil {
		t.Fatal(err)
	}
	return &Agent{Client: nodeapi.New(api), Poll: 10 * time.Millisecond}, sim
}

var testSpec = spec.Spec{"direction": "send", "remote_host": "127.0.0.1", "remote_user": "xfer", "token": "Basic x",
	"paths": []any{map[string]any{"source": "a"}}, "EX_ascp_args": []any{"-l", "1m"}, "tags": map[string]any{"aspera": map[string]any{"app": "x"}}}

var (
	_ transfer.Job        = (*job)(nil)
	_ transfer.RateSetter = (*job)(nil)
)

func TestNodeAgentSuccess(t *testing.T) {
	var got map[string]any
	a, _ := agentWith(t, func(ctx context.Context, s map[string]any) error {
		got = s
		time.Sleep(50 * time.Millisecond)
		return nil
	})
	rec := &agenttest.Recorder{}
	job, err := a.Start(context.Background(), testSpec, rec.Options())
	if err != nil {
		t.Fatal(err)
	}
	res, err := job.Wait(context.Background())
	if err != nil || res.Status != transfer.Succeeded || res.Agent != "node" {
		t.Fatalf("result %+v, %v", res, err)
	}
	if rec.Types() != "session_start,done" {
		t.Fatalf("events %s", rec.Types())
	}
	if _, ok := got["EX_ascp_args"]; ok {
		t.Fatal("EX_ fields were sent to the node")
	}
	if tags := got["tags"].(map[string]any)["aspera"].(map[string]any); tags["xfer_retry"] != float64(150) || tags["app"] != "x" {
		t.Fatalf("tags %v", tags)
	}
	if _, ok := testSpec["tags"].(map[string]any)["aspera"].(map[string]any)["xfer_retry"]; ok {
		t.Fatal("the caller's spec was changed")
	}
}

func TestNodeAgentFailureAndCancel(t *testing.T) {
	a, _ := agentWith(t, func(ctx context.Context, s map[string]any) error { return errors.New("disk full") })
	rec := &agenttest.Recorder{}
	job, err := a.Start(context.Background(), testSpec, rec.Options())
	if err != nil {
		t.Fatal(err)
	}
	res, err := job.Wait(context.Background())
	var te *transfer.Error
	if !errors.As(err, &te) || te.Message != "disk full" || res.Status != transfer.Failed || rec.Types() != "session_start,error" {
		t.Fatalf("result %+v, %v, events %s", res, err, rec.Types())
	}
	// no runner: the simulator says why
	b, _ := agentWith(t, nil)
	job, _ = b.Start(context.Background(), testSpec, transfer.Options{})
	if _, err := job.Wait(context.Background()); err == nil || !strings.Contains(err.Error(), "no ascp") {
		t.Fatalf("no runner: %v", err)
	}
	// cancel a running job
	started := make(chan struct{})
	c, _ := agentWith(t, func(ctx context.Context, s map[string]any) error { close(started); <-ctx.Done(); return ctx.Err() })
	job, _ = c.Start(context.Background(), testSpec, transfer.Options{})
	<-started
	if err := transfer.SetRate(job, 1000); err != nil {
		t.Fatalf("set rate: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	res, err = job.Wait(ctx) // the deadline cancels the job
	if res.Status != transfer.Canceled || err == nil {
		t.Fatalf("cancel: %+v %v", res, err)
	}
}

func TestNodeAgentRegistered(t *testing.T) {
	_, sim := agentWith(t, func(context.Context, map[string]any) error { return nil })
	a, err := transfer.New("node", map[string]any{"url": sim.URL, "username": "node_user", "password": "node_pass"})
	if err != nil || a.Name() != "node" {
		t.Fatalf("registry: %v", err)
	}
	job, err := a.Start(context.Background(), testSpec, transfer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res, err := job.Wait(context.Background()); err != nil || res.Status != transfer.Succeeded {
		t.Fatalf("%+v %v", res, err)
	}
	if _, err := transfer.New("node", map[string]any{}); err == nil || !strings.Contains(err.Error(), "needs the node's url") {
		t.Fatalf("no url: %v", err)
	}
}
