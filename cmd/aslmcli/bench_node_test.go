package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/asperalm/aslmcli/products/node/nodesim"
	"github.com/asperalm/aslmcli/runtime"
)

// BenchmarkNodeBrowse lists a folder of ASLMCLI_BENCH_ENTRIES entries (default 20,000)
// through an in-process simulator to csv on /dev/null: the client side of bench/node_browse.sh,
// for profiling (-cpuprofile).
func BenchmarkNodeBrowse(b *testing.B) {
	n := 20000
	if v, err := strconv.Atoi(os.Getenv("ASLMCLI_BENCH_ENTRIES")); err == nil {
		n = v
	}
	root := b.TempDir()
	for i := 0; i < n; i++ {
		f, err := os.Create(filepath.Join(root, fmt.Sprintf("e%06d", i)))
		if err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
	sim, err := nodesim.Start(nodesim.Config{Root: root})
	if err != nil {
		b.Fatal(err)
	}
	defer sim.Close()
	env := benchEnv(b)
	devnull, _ := os.OpenFile(os.DevNull, os.O_RDWR, 0)
	defer devnull.Close()
	io := &runtime.IO{In: devnull, Out: devnull, Err: os.Stderr}
	args := []string{"node", "browse", "/", "--format=csv", "--url=" + sim.URL, "--username=node_user", "--password=node_pass"}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if code := Main(context.Background(), args, io, env); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
	b.ReportMetric(float64(n), "entries/op")
}

// BenchmarkNodeInfo is one small command end to end in-process: argv, options, Lua plugin,
// one HTTP request to a local simulator, output (the design's dispatch budget is 5 ms).
func BenchmarkNodeInfo(b *testing.B) {
	sim, err := nodesim.Start(nodesim.Config{Root: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	defer sim.Close()
	env := benchEnv(b)
	devnull, _ := os.OpenFile(os.DevNull, os.O_RDWR, 0)
	defer devnull.Close()
	io := &runtime.IO{In: devnull, Out: devnull, Err: os.Stderr}
	args := []string{"node", "info", "--url=" + sim.URL, "--username=node_user", "--password=node_pass"}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if code := Main(context.Background(), args, io, env); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}
