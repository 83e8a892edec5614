package preview_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/asperalm/aslmcli/products/node"
	"github.com/asperalm/aslmcli/products/node/nodesim"
	"github.com/asperalm/aslmcli/products/preview"
	"github.com/asperalm/aslmcli/products/preview/previewtest"
)

// BenchmarkScan200Images scans 200 JPEG pictures (400x300) of a node simulator's storage,
// making every PNG thumbnail again (--overwrite=always) with the real ImageMagick and
// OptiPNG, with --concurrency=1 and with the default (the number of cores), and reports
// previews per second:
//
//	go test -run '^$' -bench Scan200Images -benchtime 1x ./products/preview/
func BenchmarkScan200Images(b *testing.B) {
	previewtest.Require(b)
	root := b.TempDir()
	photo := filepath.Join(root, "photo.jpg")
	if out, err := exec.Command("convert", "-size", "400x300", "plasma:", "-quality", "85", photo).CombinedOutput(); err != nil {
		b.Fatalf("%v %s", err, out)
	}
	data, err := os.ReadFile(photo)
	if err != nil {
		b.Fatal(err)
	}
	os.Remove(photo)
	for _, d := range []string{"previews", "photos"} {
		if err := os.Mkdir(filepath.Join(root, d), 0o755); err != nil {
			b.Fatal(err)
		}
	}
	for i := 0; i < 200; i++ {
		if err := os.WriteFile(filepath.Join(root, "photos", fmt.Sprintf("p%03d.jpg", i)), data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	sim, err := nodesim.Start(nodesim.Config{Root: root})
	if err != nil {
		b.Fatal(err)
	}
	defer sim.Close()
	u, p := sim.Credentials()
	ctx := context.Background()
	if _, err := client(b, sim.URL, u, p).CreateAccessKey(ctx, node.Object{"id": "ak", "secret": "s", "storage": node.Object{"type": "local", "path": "/"}}); err != nil {
		b.Fatal(err)
	}
	key := client(b, sim.URL, "ak", "s")
	for _, c := range []struct {
		name string
		n    int
	}{{"concurrency=1", 1}, {fmt.Sprintf("concurrency=default(%d)", preview.DefaultConcurrency()), 0}} {
		b.Run(c.name, func(b *testing.B) {
			g := &preview.Generator{Tools: preview.FindTools(nil), TempDir: b.TempDir()}
			sc, err := preview.NewScanner(ctx, key, g, preview.ScanOptions{StorageRoot: root, CheckExtension: true,
				Overwrite: preview.Always, Concurrency: c.n})
			if err != nil {
				b.Fatal(err)
			}
			made := 0
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				sum, err := sc.Scan(ctx, "", "")
				if err != nil || sum.Generated != 200 {
					b.Fatalf("%+v %v", sum, err)
				}
				made += sum.Generated
			}
			b.ReportMetric(float64(made)/b.Elapsed().Seconds(), "previews/s")
		})
	}
}
