package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/asperalm/aslmcli/runtime"
)

// Start-up budgets (DESIGN.md): --version under 15 ms, config preset list under 25 ms, wall
// time of the whole process. These benchmarks run the built binary; bench/startup.sh gives
// the medians.

func benchEnv(b *testing.B) []string {
	home := filepath.Join(b.TempDir(), "home")
	env := []string{"PATH=/usr/bin:/bin", "HOME=" + filepath.Dir(home), "ASLMCLI_HOME=" + home}
	for _, p := range []string{"a", "b", "c"} {
		cmd := exec.Command(binary, "config", "preset", "set", p, "url", "https://"+p)
		cmd.Env = env
		if err := cmd.Run(); err != nil {
			b.Fatal(err)
		}
	}
	return env
}

func benchExec(b *testing.B, args ...string) {
	env := benchEnv(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cmd := exec.Command(binary, args...)
		cmd.Env = env
		if err := cmd.Run(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkExecVersion(b *testing.B)    { benchExec(b, "--version") }
func BenchmarkExecPresetList(b *testing.B) { benchExec(b, "config", "preset", "list") }

// BenchmarkInProcessPresetList measures the work of one command without the process start:
// parsing, config file, Lua state, plugin script (compiled once per process), output.
func BenchmarkInProcessPresetList(b *testing.B) {
	env := benchEnv(b)
	devnull, _ := os.OpenFile(os.DevNull, os.O_RDWR, 0)
	defer devnull.Close()
	io := &runtime.IO{In: devnull, Out: devnull, Err: os.Stderr}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if code := Main(context.Background(), []string{"config", "preset", "list"}, io, env); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}
