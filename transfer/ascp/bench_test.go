package ascp

import (
	"bytes"
	"io"
	"strconv"
	"testing"
)

// statsStream returns n STATS messages as ascp writes them, with the fields of a real one.
func statsStream(n int) []byte {
	var b bytes.Buffer
	for i := 0; i < n; i++ {
		_ = Write(&b, Command("STATS",
			"SessionId", sid,
			"Rate", "100000000",
			"MinRate", "0",
			"Loss", "0",
			"TransferBytes", strconv.Itoa(i*65536),
			"StartByte", "0",
			"FileBytes", strconv.Itoa(i*65536),
			"Elapsedusec", strconv.Itoa(i*1000),
			"Direction", "Send",
			"Remote", "No",
			"UserStr", "xfer-1",
		))
	}
	return b.Bytes()
}

// BenchmarkReaderSession reads and applies 100,000 STATS messages per iteration.
func BenchmarkReaderSession(b *testing.B) {
	const n = 100_000
	data := statsStream(n)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	msgs := 0
	for b.Loop() {
		r := NewReader(bytes.NewReader(data))
		s := NewSession("direct")
		for {
			m, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			if evs := s.Apply(m); len(evs) != 1 {
				b.Fatalf("%d events", len(evs))
			}
			msgs++
		}
	}
	if msgs != n*b.N {
		b.Fatalf("read %d messages, want %d", msgs, n*b.N)
	}
	b.ReportMetric(float64(msgs)/b.Elapsed().Seconds(), "msgs/s")
}
