package httpgw_test

import (
	"context"
	"fmt"
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
// frame and discards the bytes) and reports MB/s: stop-and-wait (window 1, the default, as
// IBM's SDK) and a window of 16 un-acked chunks (upload_window, for a gateway that acks each).
func BenchmarkUpload(b *testing.B) {
	p := benchFile(b)
	for _, window := range []int{httpgw.DefaultWindow, 16} {
		b.Run(fmt.Sprintf("window=%d", window), func(b *testing.B) {
			gw := gwtest.Start(b, gwtest.Options{Discard: true})
			a := &httpgw.Agent{URL: gw.Base, Window: window}
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
		})
	}
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
