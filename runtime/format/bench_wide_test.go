package format

import (
	"fmt"
	"io"
	"testing"
)

// wideObject is one record of n keys (config echo @json:@file: of a big object).
func wideObject(n int) map[string]any {
	m := make(map[string]any, n)
	for i := 0; i < n; i++ {
		m[fmt.Sprintf("key%07d", i)] = int64(i)
	}
	return m
}

// BenchmarkWriteWideObject formats one object of 200,000 keys in each format (issue 12,
// defect 14: the budget is under 1 s per run).
func BenchmarkWriteWideObject(b *testing.B) {
	obj := wideObject(200000)
	for _, f := range []string{"table", "csv", "json", "yaml"} {
		b.Run(f, func(b *testing.B) {
			r := Result{Kind: Object, Data: obj}
			o := Options{Format: f, FlatHash: true}
			b.ReportAllocs()
			for b.Loop() {
				if err := Write(io.Discard, r, o); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
