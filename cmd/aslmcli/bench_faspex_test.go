package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/asperalm/aslmcli/products/faspex5/faspex5sim"
	"github.com/asperalm/aslmcli/products/oauth"
	"github.com/asperalm/aslmcli/transfer/ascp/ascptest"
)

// faspex5Bench starts an in-process Faspex 5 simulator with packages packages from admin to
// user1 (each holding one small file when small is true) and returns the environment and the
// options of user1.
func faspex5Bench(b *testing.B, packages int, small bool) ([]string, []string) {
	b.Helper()
	dir := b.TempDir()
	key := filepath.Join(dir, "user.pem")
	pemData, err := oauth.GenerateKey(2048)
	if err == nil {
		err = os.WriteFile(key, pemData, 0o600)
	}
	if err != nil {
		b.Fatal(err)
	}
	pub, err := oauth.PublicKeyOf(pemData, "")
	if err != nil {
		b.Fatal(err)
	}
	sim, err := faspex5sim.Start(faspex5sim.Config{Root: filepath.Join(dir, "root"), PublicKey: pub})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = sim.Close() })
	for i := 0; i < packages; i++ {
		var files []faspex5sim.PackageFile
		if small {
			files = []faspex5sim.PackageFile{{Name: fmt.Sprintf("f%04d.txt", i), Data: []byte("a small file\n")}}
		}
		if _, err := sim.AddPackage(fmt.Sprintf("package %d", i), "admin", []string{"user1"}, files...); err != nil {
			b.Fatal(err)
		}
	}
	id, _ := sim.ClientID()
	return benchEnv(b), []string{"--url=" + sim.URL, "--client-id=" + id, "--username=user1", "--private-key=@file:" + key}
}

// runMeasured runs the binary with its output discarded and returns its peak RSS in MiB.
func runMeasured(b *testing.B, env []string, args ...string) float64 {
	b.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err != nil {
		b.Fatalf("%v: %v\n%s", args, err, out)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		return float64(ru.Maxrss) / 1024
	}
	return 0
}

// BenchmarkFaspex5PackagesList: `faspex5 packages list` of 5,000 packages to csv, the whole
// command as a user runs it (process start, token, the pages of 1,000); reports the peak RSS.
func BenchmarkFaspex5PackagesList(b *testing.B) {
	env, user1 := faspex5Bench(b, 5000, false)
	args := append([]string{"faspex5", "packages", "list", "--format=csv", "--fields=id,title,sender.name,total_bytes"}, user1...)
	rss := 0.0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rss = max(rss, runMeasured(b, env, args...))
	}
	b.ReportMetric(rss, "MiB-RSS")
	b.ReportMetric(5000, "packages/op")
}

// BenchmarkFaspex5ReceiveAll: `faspex5 packages receive ALL` of 100 small packages, one
// transfer at a time and four at once (the ascp test double copies the bytes).
func BenchmarkFaspex5ReceiveAll(b *testing.B) {
	for _, n := range []int{1, 4} {
		b.Run(fmt.Sprintf("concurrency=%d", n), func(b *testing.B) {
			env, user1 := faspex5Bench(b, 100, true)
			env = append(env, "FAKEASCP_SCRIPT=ok")
			fake := ascptest.Fake(b)
			rss := 0.0
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				to := filepath.Join(b.TempDir(), "in")
				rss = max(rss, runMeasured(b, env, append([]string{"faspex5", "packages", "receive", "ALL", "--package-folder=yes",
					"--to-folder=" + to, fmt.Sprintf("--concurrency=%d", n), "--ascp-path=" + fake}, user1...)...))
				if entries, err := os.ReadDir(to); err != nil || len(entries) != 100 {
					b.Fatalf("%d package folders, %v", len(entries), err)
				}
			}
			b.ReportMetric(rss, "MiB-RSS")
		})
	}
}
