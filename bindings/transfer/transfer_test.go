package transfer_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/asperalm/aslmcli/bindings/internal/bindtest"
	"github.com/asperalm/aslmcli/bindings/kit"
	"github.com/asperalm/aslmcli/bindings/node"
	"github.com/asperalm/aslmcli/bindings/transfer"
	"github.com/asperalm/aslmcli/products/node/nodesim"
	"github.com/asperalm/aslmcli/products/rest"
	_ "github.com/asperalm/aslmcli/transfer/node" // registers the node agent
)

func TestTransferModule(t *testing.T) {
	w := bindtest.New(t, []kit.Module{transfer.Module, node.Module})
	var fail atomic.Bool
	sim, err := nodesim.Start(nodesim.Config{Root: t.TempDir(), Runner: func(ctx context.Context, s map[string]any) error {
		time.Sleep(20 * time.Millisecond)
		if fail.Load() {
			return errors.New("disk full")
		}
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	kit.SetTransfer(w.Engine, &kit.TransferContext{
		Default: func() string { return "node" },
		Settings: func(agent string) (map[string]any, error) {
			return map[string]any{"url": sim.URL, "username": "node_user", "password": "node_pass", "rest_settings": &rest.Settings{}, "poll": 0.01}, nil
		},
	})
	src := `
		local transfer = require("aspera.transfer")
		local seen = {}
		local job = transfer.start({direction = "send", remote_host = "127.0.0.1", remote_user = "xfer", token = "Basic x",
			paths = {{source = "a"}}}, {on_progress = function(ev) seen[#seen + 1] = ev.type end})
		local ok, r = pcall(job.wait, job)
		if not ok then return "error|" .. r.kind .. "|" .. r.message .. "|" .. table.concat(seen, ",") end
		return r.status .. "|" .. r.agent .. "|" .. table.concat(seen, ",")
	`
	if got := w.String(src); got != "success|node|session_start,done" {
		t.Fatalf("got %s", got)
	}
	fail.Store(true)
	if got := w.String(src); got != "error|transfer|node: error 1: disk full|session_start,error" {
		t.Fatalf("got %s", got)
	}
	// the agents of the registry: those linked into this test binary
	if got := w.String(`return table.concat(require("aspera.transfer").agents(), ",")`); got != "direct,node" {
		t.Fatalf("agents %s", got)
	}
	// a product module's upload returns the same job object
	fail.Store(false)
	got := w.String(`
		local n = require("aspera.node").new{url = ..., username = "node_user", password = "node_pass"}
		local job = n:upload({"local.bin"}, {to_folder = "/", agent = "node"})
		return tostring(job):sub(1, 19) .. "|" .. job:wait().status
	`, sim.URL)
	if got != "aspera.transfer.job|success" {
		t.Fatalf("n:upload: %s", got)
	}
	w.Fail("usage", `no transfer agent "nope"`, `require("aspera.transfer").start({direction = "send", remote_host = "h", paths = {{source = "a"}}}, {agent = "nope"})`)
	// the spec is checked before any agent is looked for
	w.Fail("usage", `field "direction" is required`, `require("aspera.transfer").start({}, {agent = "nope"})`)
}
