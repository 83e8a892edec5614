package oauth

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func ccGrant(s *authServer) *ClientCredentials {
	return &ClientCredentials{Endpoint: Endpoint{TokenURL: s.URL + "/token", ClientID: "cid", ClientSecret: "csecret"}}
}

func TestSourceMemoryRefreshAndFetch(t *testing.T) {
	s := newAuthServer(t)
	ctx := context.Background()
	now := time.Now()
	src := NewSource(ccGrant(s), nil, nil)
	src.Now = func() time.Time { return now }
	for i := 0; i < 3; i++ {
		if tok, err := src.Token(ctx); err != nil || tok != "at-1" {
			t.Fatalf("token %q %v", tok, err)
		}
	}
	if s.count("client_credentials") != 1 {
		t.Fatalf("%d fetches for 3 calls", s.count("client_credentials"))
	}
	// 100 s left (< 120 s): refreshed with the refresh token
	now = now.Add(3500 * time.Second)
	if tok, err := src.Token(ctx); err != nil || tok != "at-2" || s.count("refresh_token") != 1 {
		t.Fatalf("refresh: %q %v (%d refreshes)", tok, err, s.count("refresh_token"))
	}
	// the refresh fails: a new token from the grant
	now = now.Add(3500 * time.Second)
	s.failNext.Store(1)
	if tok, err := src.Token(ctx); err != nil || tok != "at-3" || s.count("refresh_token") != 2 || s.count("client_credentials") != 2 {
		t.Fatalf("refresh failure: %q %v", tok, err)
	}
}

func TestSourceInvalidateDoesNotLoop(t *testing.T) {
	s := newAuthServer(t)
	ctx := context.Background()
	src := NewSource(ccGrant(s), nil, nil)
	if _, err := src.Token(ctx); err != nil {
		t.Fatal(err)
	}
	src.Invalidate()
	if tok, err := src.Token(ctx); err != nil || tok != "at-2" || s.count("refresh_token") != 1 || s.count("client_credentials") != 1 {
		t.Fatalf("after Invalidate: %q %v", tok, err)
	}
	// refresh and grant both refused: one try of each, then the error
	src.Invalidate()
	s.failNext.Store(2)
	if _, err := src.Token(ctx); err == nil || s.count("refresh_token") != 2 || s.count("client_credentials") != 2 {
		t.Fatalf("both refused: %v, %d refreshes, %d fetches", err, s.count("refresh_token"), s.count("client_credentials"))
	}
	// without a refresh token, Invalidate leads to one fetch
	s2 := newAuthServer(t)
	s2.noRefresh = true
	src = NewSource(ccGrant(s2), nil, nil)
	_, _ = src.Token(ctx)
	src.Invalidate()
	if _, err := src.Token(ctx); err != nil || s2.count("client_credentials") != 2 || s2.count("refresh_token") != 0 {
		t.Fatalf("no refresh token: %v", err)
	}
}

func TestCache(t *testing.T) {
	s := newAuthServer(t)
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "persist_store")
	cache := NewCache(dir)
	if tok, err := NewSource(ccGrant(s), nil, cache).Token(ctx); err != nil || tok != "at-1" {
		t.Fatal(tok, err)
	}
	// another source (another run) reads the file
	if tok, err := NewSource(ccGrant(s), nil, NewCache(dir)).Token(ctx); err != nil || tok != "at-1" || s.count("client_credentials") != 1 {
		t.Fatalf("from the cache: %q %v (%d fetches)", tok, err, s.count("client_credentials"))
	}
	st, _ := os.Stat(dir)
	if st.Mode().Perm() != 0o700 {
		t.Fatalf("dir mode %v", st.Mode())
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	raw, _ := os.ReadFile(files[0])
	var rec struct {
		Key   Key    `json:"key"`
		Token Token  `json:"token"`
		Saved string `json:"saved"`
	}
	if err := json.Unmarshal(raw, &rec); err != nil || rec.Key != ccGrant(s).Key() || rec.Token.AccessToken != "at-1" {
		t.Fatalf("file content %s: %v", raw, err)
	}
	if _, err := time.Parse(time.RFC3339, rec.Saved); err != nil {
		t.Fatalf("saved: %v", err)
	}
	if len(files) != 1 || filepath.Base(files[0]) != ccGrant(s).Key().ID()+".json" {
		t.Fatalf("files %v", files)
	}
	if st, _ := os.Stat(files[0]); st.Mode().Perm() != 0o600 {
		t.Fatalf("file mode %v", st.Mode())
	}
	entries, err := cache.List()
	if err != nil || len(entries) != 1 || entries[0].Key.Grant != "client_credentials" || entries[0].Expired {
		t.Fatalf("list %+v %v", entries, err)
	}
	b, _ := json.Marshal(entries)
	if strings.Contains(string(b), "at-1") || strings.Contains(string(b), "rt-1") {
		t.Fatalf("List shows a token: %s", b)
	}
	e, tok, err := cache.Show(entries[0].ID)
	if err != nil || tok.AccessToken != "at-1" || e.ID != entries[0].ID {
		t.Fatalf("show %v %v", tok, err)
	}
	if _, _, err := cache.Show("token_../../etc"); err == nil {
		t.Fatal("Show accepted a path")
	}
	if _, _, err := cache.Show("token_ffffffffffffffff"); err == nil || err.Error() != "no token token_ffffffffffffffff" {
		t.Fatalf("absent: %v", err)
	}
	// a file of the cache that is not a token file is not listed, nor flushed
	_ = os.WriteFile(filepath.Join(dir, "other.json"), []byte("{}"), 0o600)
	defer os.Remove(filepath.Join(dir, "other.json"))
	// a corrupt file is ignored and removed
	bad := filepath.Join(dir, "token_0000000000000000.json")
	_ = os.WriteFile(bad, []byte("{not json"), 0o600)
	if entries, _ := cache.List(); len(entries) != 1 {
		t.Fatalf("corrupt entry listed")
	}
	if _, err := os.Stat(bad); !os.IsNotExist(err) {
		t.Fatal("corrupt file kept")
	}
	// Invalidate deletes the entry
	src := NewSource(ccGrant(s), nil, cache)
	_, _ = src.Token(ctx)
	src.Invalidate()
	if got, _ := cache.Get(ccGrant(s).Key()); got != nil {
		t.Fatal("Invalidate left the cache entry")
	}
	_, _ = src.Token(ctx)
	if n, err := cache.Flush(); err != nil || n != 1 {
		t.Fatalf("flush %d %v", n, err)
	}
	if entries, _ := cache.List(); len(entries) != 0 {
		t.Fatalf("after flush: %v", entries)
	}
}

func TestSourceConcurrent(t *testing.T) {
	s := newAuthServer(t)
	src := NewSource(ccGrant(s), nil, NewCache(t.TempDir()))
	var wg sync.WaitGroup
	for i := 0; i < 10; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := src.Token(context.Background()); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if n := s.count("client_credentials"); n != 1 {
		t.Fatalf("%d fetches for 10 concurrent calls", n)
	}
}

func TestSourceShortTokenAndLogs(t *testing.T) {
	s := newAuthServer(t)
	s.expiresIn = 100 // less than the 120 s threshold
	ctx := context.Background()
	now := time.Now()
	var logs strings.Builder
	src := NewSource(ccGrant(s), nil, nil)
	src.Now = func() time.Time { return now }
	src.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	if tok, err := src.Token(ctx); err != nil || tok != "at-1" {
		t.Fatalf("first: %q %v", tok, err)
	}
	now = now.Add(time.Second)
	if tok, err := src.Token(ctx); err != nil || tok != "at-2" || s.count("refresh_token") != 1 || s.count("client_credentials") != 1 {
		t.Fatalf("second: %q %v (%d refreshes)", tok, err, s.count("refresh_token"))
	}
	if !strings.Contains(logs.String(), "token refreshed") || !strings.Contains(logs.String(), "new token") {
		t.Fatalf("logs: %s", logs.String())
	}
	for _, secret := range []string{"at-1", "at-2", "rt-1", "rt-2", "csecret"} {
		if strings.Contains(logs.String(), secret) {
			t.Fatalf("the log shows %s: %s", secret, logs.String())
		}
	}
}

func TestSourceCachedExpiredTokenIsRefreshed(t *testing.T) {
	s := newAuthServer(t)
	ctx := context.Background()
	cache := NewCache(t.TempDir())
	g := ccGrant(s)
	if err := cache.Put(g.Key(), &Token{AccessToken: "old", RefreshToken: "rt-old", Expiry: time.Now().Add(-time.Minute)}); err != nil {
		t.Fatal(err)
	}
	if tok, err := NewSource(g, nil, cache).Token(ctx); err != nil || tok != "at-1" || s.count("refresh_token") != 1 || s.count("client_credentials") != 0 {
		t.Fatalf("%q %v: %d refreshes %d fetches", tok, err, s.count("refresh_token"), s.count("client_credentials"))
	}
	if got, _ := cache.Get(g.Key()); got == nil || got.AccessToken != "at-1" || got.RefreshToken != "rt-1" {
		t.Fatalf("cache after refresh: %+v", got)
	}
	// "not_supported" is not a refresh token
	_ = cache.Put(g.Key(), &Token{AccessToken: "old", RefreshToken: "not_supported", Expiry: time.Now().Add(-time.Minute)})
	if tok, err := NewSource(g, nil, cache).Token(ctx); err != nil || tok != "at-2" || s.count("refresh_token") != 1 || s.count("client_credentials") != 1 {
		t.Fatalf("not_supported: %q %v", tok, err)
	}
}

func TestSourceWaitIsCancellable(t *testing.T) {
	release := make(chan struct{})
	g := blockingGrant{release: release, calls: &atomic.Int32{}}
	src := NewSource(g, nil, nil)
	go func() { _, _ = src.Token(context.Background()) }() // holds the turn
	time.Sleep(50 * time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	if _, err := src.Token(ctx); !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 2*time.Second {
		t.Fatalf("waiting caller: %v after %s", err, time.Since(start))
	}
	close(release)
	if n := g.calls.Load(); n != 1 {
		t.Fatalf("%d fetches: the waiting caller did not wait", n)
	}
}

type blockingGrant struct {
	release chan struct{}
	calls   *atomic.Int32
}

func (blockingGrant) Name() string            { return "blocking" }
func (blockingGrant) Key() Key                { return Key{Grant: "blocking"} }
func (blockingGrant) TokenEndpoint() Endpoint { return Endpoint{} }
func (g blockingGrant) Fetch(ctx context.Context, _ *http.Client) (*Token, error) {
	g.calls.Add(1)
	select {
	case <-g.release:
		return &Token{AccessToken: "x"}, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
