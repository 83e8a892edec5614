package oauth

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
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
