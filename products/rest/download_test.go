package rest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// fileServer serves content; the first `drops` answers stop after cut bytes (connection
// closed); honourRange false ignores Range headers.
func fileServer(t *testing.T, content []byte, drops int32, cut int, honourRange bool, ranges *[]string) *httptest.Server {
	var n atomic.Int32
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := n.Add(1)
		start := 0
		if rg := r.Header.Get("Range"); rg != "" {
			*ranges = append(*ranges, rg)
			if honourRange {
				start, _ = strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(rg, "bytes="), "-"))
			}
		}
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Length", strconv.Itoa(len(content)-start))
		if start > 0 {
			w.Header().Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", start, len(content)-1, len(content)))
			w.WriteHeader(206)
		}
		body := content[start:]
		if i <= drops {
			_, _ = w.Write(body[:cut])
			w.(http.Flusher).Flush()
			conn, _, _ := w.(http.Hijacker).Hijack()
			conn.Close()
			return
		}
		_, _ = w.Write(body)
	}))
	t.Cleanup(s.Close)
	return s
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	r := rand.NewChaCha8([32]byte{1})
	_, _ = r.Read(b)
	return b
}

func TestDownload(t *testing.T) {
	content := randomBytes(3<<20 + 17)
	var ranges []string
	s := fileServer(t, content, 0, 0, true, &ranges)
	c, _ := retryClient(t, s.URL, 3)
	dest := filepath.Join(t.TempDir(), "file.bin")
	var calls int
	var last, total int64
	n, err := c.Download(context.Background(), &Request{Path: "file"}, dest, func(done, tot int64) { calls++; last, total = done, tot })
	if err != nil || n != int64(len(content)) {
		t.Fatalf("n %d err %v", n, err)
	}
	got, _ := os.ReadFile(dest)
	if sha256.Sum256(got) != sha256.Sum256(content) {
		t.Fatal("content differs")
	}
	if calls == 0 || last != int64(len(content)) || total != int64(len(content)) {
		t.Fatalf("progress: %d calls, last %d/%d", calls, last, total)
	}
	if _, err := os.Stat(dest + PartialSuffix); !os.IsNotExist(err) {
		t.Fatal("the partial file remains")
	}
}

func TestDownloadResumesAfterADrop(t *testing.T) {
	content := randomBytes(1<<20 + 3)
	var ranges []string
	s := fileServer(t, content, 1, 300_000, true, &ranges)
	c, logs := retryClient(t, s.URL, 3)
	dest := filepath.Join(t.TempDir(), "file.bin")
	if _, err := c.Download(context.Background(), &Request{Path: "file"}, dest, nil); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(dest)
	if !bytes.Equal(got, content) {
		t.Fatalf("content differs (%d bytes)", len(got))
	}
	if len(ranges) != 1 || ranges[0] != "bytes=300000-" {
		t.Fatalf("ranges asked: %v", ranges)
	}
	if !strings.Contains(logs.String(), "resuming download") {
		t.Fatalf("not logged: %s", logs.String())
	}
}

func TestDownloadRestartsWhenRangeIgnored(t *testing.T) {
	content := randomBytes(500_000)
	var ranges []string
	s := fileServer(t, content, 1, 100_000, false, &ranges)
	c, _ := retryClient(t, s.URL, 3)
	dest := filepath.Join(t.TempDir(), "file.bin")
	if _, err := c.Download(context.Background(), &Request{Path: "file"}, dest, nil); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(dest)
	if !bytes.Equal(got, content) || len(ranges) != 1 {
		t.Fatalf("content equal %v, ranges %v", bytes.Equal(got, content), ranges)
	}
}

func TestDownloadFailureKeepsPartialForNextTime(t *testing.T) {
	content := randomBytes(400_000)
	var ranges []string
	s := fileServer(t, content, 100, 50_000, true, &ranges)
	c, _ := retryClient(t, s.URL, 1)
	dest := filepath.Join(t.TempDir(), "file.bin")
	_, err := c.Download(context.Background(), &Request{Path: "file"}, dest, nil)
	if err == nil || !strings.Contains(err.Error(), "is kept and resumed by the next download") {
		t.Fatalf("err %v", err)
	}
	st, serr := os.Stat(dest + PartialSuffix)
	if serr != nil || st.Size() != 100_000 {
		t.Fatalf("partial: %v %v", st, serr)
	}
	if _, err := os.Stat(dest); !os.IsNotExist(err) {
		t.Fatal("dest exists after a failure")
	}
	// the next download resumes where it stopped
	var ranges2 []string
	s2 := fileServer(t, content, 0, 0, true, &ranges2)
	c2, _ := retryClient(t, s2.URL, 1)
	if _, err := c2.Download(context.Background(), &Request{Path: "file"}, dest, nil); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(dest)
	if !bytes.Equal(got, content) || len(ranges2) != 1 || ranges2[0] != "bytes=100000-" {
		t.Fatalf("resume: equal %v, ranges %v", bytes.Equal(got, content), ranges2)
	}
}

func TestDownloadHTTPErrorAndCancel(t *testing.T) {
	s := serve(t, 404, "application/json", `{"error":{"user_message":"gone"}}`)
	c, _ := retryClient(t, s.URL, 1)
	dest := filepath.Join(t.TempDir(), "f")
	if _, err := c.Download(context.Background(), &Request{Path: "f"}, dest, nil); err == nil || err.Error() != "404 Not Found: GET "+s.URL+"/f: gone" {
		t.Fatalf("err %v", err)
	}
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "1000000")
		_, _ = w.Write(make([]byte, 1000))
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}))
	defer slow.Close()
	c, _ = retryClient(t, slow.URL, 3)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	if _, err := c.Download(ctx, &Request{Path: "f"}, dest, nil); err == nil || !strings.Contains(err.Error(), "context canceled") {
		t.Fatalf("cancel: %v", err)
	}
	if st, err := os.Stat(dest + PartialSuffix); err != nil || st.Size() != 1000 {
		t.Fatalf("partial after cancel: %v %v", st, err)
	}
}

func TestDownloadOddRanges(t *testing.T) {
	content := randomBytes(200_000)
	// a server that answers a Range with another range (from 10): the file restarts
	var asked []string
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked = append(asked, r.Header.Get("Range"))
		if r.Header.Get("Range") != "" {
			w.Header().Set("Content-Range", fmt.Sprintf("bytes 10-%d/%d", len(content)-1, len(content)))
			w.WriteHeader(206)
			_, _ = w.Write(content[10:])
			return
		}
		_, _ = w.Write(content)
	}))
	defer s.Close()
	c, _ := retryClient(t, s.URL, 1)
	dest := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(dest+PartialSuffix, content[:500], 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Download(context.Background(), &Request{Path: "f"}, dest, nil); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(dest)
	if !bytes.Equal(got, content) || strings.Join(asked, ",") != "bytes=500-," {
		t.Fatalf("equal %v, asked %q", bytes.Equal(got, content), asked)
	}
	// a complete partial file: 416 with the size in Content-Range
	s416 := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Range", fmt.Sprintf("bytes */%d", len(content)))
		w.WriteHeader(416)
	}))
	defer s416.Close()
	c, _ = retryClient(t, s416.URL, 1)
	dest2 := filepath.Join(t.TempDir(), "g")
	_ = os.WriteFile(dest2+PartialSuffix, content, 0o644)
	n, err := c.Download(context.Background(), &Request{Path: "g"}, dest2, nil)
	if got, _ := os.ReadFile(dest2); err != nil || n != int64(len(content)) || !bytes.Equal(got, content) {
		t.Fatalf("416: n %d err %v", n, err)
	}
}

func TestDownloadCancelDuringBackoff(t *testing.T) {
	content := randomBytes(100_000)
	var ranges []string
	s := fileServer(t, content, 100, 10_000, true, &ranges)
	c, _ := retryClient(t, s.URL, 3)
	c.Settings.RetryBase, c.Settings.RetryCap = time.Minute, time.Minute
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	dest := filepath.Join(t.TempDir(), "f")
	start := time.Now()
	_, err := c.Download(ctx, &Request{Path: "f"}, dest, nil)
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "is kept and resumed by the next download") || time.Since(start) > 5*time.Second {
		t.Fatalf("err %v after %s", err, time.Since(start))
	}
	if st, err := os.Stat(dest + PartialSuffix); err != nil || st.Size() != 10_000 {
		t.Fatalf("partial: %v %v", st, err)
	}
}
