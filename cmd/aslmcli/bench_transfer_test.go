package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/asperalm/aslmcli/products/node/nodesim"
	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/transfer/ascp/ascptest"
)

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkDirectTransferCPU uploads ASLMCLI_BENCH_BYTES (default 256 MiB; the figure
// is for 2 GiB) with the direct agent and the ascp double, progress events delivered to a Lua
// callback and a progress bar drawn (to /dev/null), and reports the CPU aslmcli itself used
// (the double is a child process, not counted) as a share of the wall time.
func BenchmarkDirectTransferCPU(b *testing.B) {
	size := int64(256 << 20)
	if v, err := strconv.ParseInt(os.Getenv("ASLMCLI_BENCH_BYTES"), 10, 64); err == nil {
		size = v
	}
	fake := ascptest.Fake(b)
	dir := b.TempDir()
	src := filepath.Join(dir, "big.bin")
	f, err := os.Create(src)
	if err != nil {
		b.Fatal(err)
	}
	chunk := make([]byte, 1<<20)
	for n := int64(0); n < size; n += int64(len(chunk)) {
		if _, err := f.Write(chunk); err != nil {
			b.Fatal(err)
		}
	}
	f.Close()
	root := filepath.Join(dir, "served")
	_ = os.MkdirAll(root, 0o755)
	sim, err := nodesim.Start(nodesim.Config{Root: root})
	if err != nil {
		b.Fatal(err)
	}
	defer sim.Close()
	env := append(benchEnv(b), "FAKEASCP_SCRIPT=ok")
	for _, kv := range env {
		k, v, _ := cutEnv(kv)
		b.Setenv(k, v) // the double inherits the process environment
	}
	devnull, _ := os.OpenFile(os.DevNull, os.O_RDWR, 0)
	defer devnull.Close()
	io := &runtime.IO{In: devnull, Out: devnull, Err: devnull}
	script := `local n = require("aspera.node").new{url = arg[1], username = "node_user", password = "node_pass"}
		local events = 0
		local job = n:upload({arg[2]}, {to_folder = "/", progress = true, on_progress = function(ev) events = events + 1 end})
		local r = job:wait()
		assert(r.status == "success" and r.bytes == tonumber(arg[3]), r.status)`
	args := []string{"run", "--ascp-path=" + fake, "-e", script, sim.URL, src, fmt.Sprint(size)}
	b.ResetTimer()
	var cpu, wall time.Duration
	for i := 0; i < b.N; i++ {
		c0, w0 := cpuTime(), time.Now()
		if code := Main(context.Background(), args, io, env); code != 0 {
			b.Fatalf("exit %d", code)
		}
		cpu += cpuTime() - c0
		wall += time.Since(w0)
		b.StopTimer()
		_ = os.Remove(filepath.Join(root, "big.bin")) // freeing 2 GiB is kernel work: not counted
		b.StartTimer()
	}
	b.ReportMetric(100*float64(cpu)/float64(wall), "cpu%")
	b.ReportMetric(float64(size)*float64(b.N)/wall.Seconds()/(1<<20), "MiB/s")
}

func cutEnv(kv string) (string, string, bool) {
	for i := 0; i < len(kv); i++ {
		if kv[i] == '=' {
			return kv[:i], kv[i+1:], true
		}
	}
	return kv, "", false
}
