package httpgw_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/asperalm/aslmcli/transfer"
	"github.com/asperalm/aslmcli/transfer/httpgw"
	"github.com/asperalm/aslmcli/transfer/httpgw/gwtest"
)

const benchSize = 256 << 20

func benchFile(b *testing.B) string {
	p := filepath.Join(b.TempDir(), "bench.bin")
	writeFile(b, p, benchSize)
	return p
}

// BenchmarkUpload sends 256 MiB through the v2 double on loopback (the double checks every
// frame and discards the bytes) and reports MB/s.
func BenchmarkUpload(b *testing.B) {
	p := benchFile(b)
	gw := gwtest.Start(b, gwtest.Options{Discard: true})
	a := &httpgw.Agent{URL: gw.Base, Window: 16}
	b.SetBytes(benchSize)
	b.ResetTimer()
	start := time.Now()
	for b.Loop() {
		j, err := a.Start(context.Background(), ts("send", p), transfer.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if res, err := j.Wait(context.Background()); err != nil || res.Bytes != benchSize {
			b.Fatalf("%+v %v", res, err)
		}
	}
	b.ReportMetric(float64(benchSize)*float64(b.N)/time.Since(start).Seconds()/1e6, "MB/s")
}

// BenchmarkHTTPPost is the reference: the same file in one plain HTTP POST on loopback (what
// curl -T does), read and discarded by the server.
func BenchmarkHTTPPost(b *testing.B) {
	p := benchFile(b)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
	}))
	defer srv.Close()
	b.SetBytes(benchSize)
	b.ResetTimer()
	start := time.Now()
	for b.Loop() {
		f, err := os.Open(p)
		if err != nil {
			b.Fatal(err)
		}
		resp, err := http.Post(srv.URL, "application/octet-stream", f)
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
	}
	b.ReportMetric(float64(benchSize)*float64(b.N)/time.Since(start).Seconds()/1e6, "MB/s")
}
