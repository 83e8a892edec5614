package oauth

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/asperalm/aslmcli/products/rest"
)

// DefaultThreshold is the validity left under which a token is renewed before use.
const DefaultThreshold = 120 * time.Second

// notSupported is the refresh token value some servers give to say there is none.
const notSupported = "not_supported"

// Source gives the access tokens of a grant: from memory, then the cache, then a refresh, then
// the grant itself. It implements rest.TokenSource and is safe for concurrent use: one token
// request at a time, the others wait for its result (the wait ends with their ctx).
type Source struct {
	Grant     Grant
	HTTP      *http.Client     // given by the caller; nil = http.DefaultClient
	Cache     *Cache           // nil = memory only
	Threshold time.Duration    // renew when less than this remains; default DefaultThreshold
	Now       func() time.Time // nil = time.Now
	Logger    *slog.Logger     // nil = discard; never given a token

	once    sync.Once
	turn    chan struct{} // held by the Token call that obtains a token
	mu      sync.Mutex    // guards tok and refresh
	tok     *Token
	refresh string // refresh token kept after Invalidate
}

var _ rest.TokenSource = (*Source)(nil)

// NewSource returns the source of g's tokens, requested with hc and kept in c (may be nil).
func NewSource(g Grant, hc *http.Client, c *Cache) *Source {
	return &Source{Grant: g, HTTP: hc, Cache: c}
}

func (s *Source) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Source) log() *slog.Logger {
	if s.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Logger
}

func (s *Source) threshold() time.Duration {
	if s.Threshold <= 0 {
		return DefaultThreshold
	}
	return s.Threshold
}

// Token returns a valid access token: the one in memory if it has more than Threshold left,
// else the cached one if valid, else a refreshed one when a refresh token is known (and is
// not "not_supported"), else (or when the refresh fails) a new one from the grant. New tokens
// are saved in the cache. A token just obtained is returned even if it has less than
// Threshold left.
func (s *Source) Token(ctx context.Context) (string, error) {
	s.once.Do(func() { s.turn = make(chan struct{}, 1) })
	select {
	case s.turn <- struct{}{}:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	defer func() { <-s.turn }()

	now, margin := s.now(), s.threshold()
	key := s.Grant.Key()
	s.mu.Lock()
	cur, refresh := s.tok, s.refresh
	s.mu.Unlock()
	if cur.validAt(now, margin) {
		return cur.AccessToken, nil
	}
	if cur != nil && cur.RefreshToken != "" {
		refresh = cur.RefreshToken
	}
	if cur == nil && s.Cache != nil {
		t, err := s.Cache.Get(key)
		switch {
		case err != nil:
			s.log().Warn("oauth: cannot read the token cache", "id", key.ID(), "error", err.Error())
		case t.validAt(now, margin):
			s.log().Debug("oauth: token from the cache", "grant", key.Grant, "id", key.ID())
			s.set(t, key, false)
			return t.AccessToken, nil
		case t != nil && t.RefreshToken != "":
			refresh = t.RefreshToken
		}
	}
	var tok *Token
	if refresh != "" && refresh != notSupported {
		t, err := Refresh(ctx, s.HTTP, s.Grant.TokenEndpoint(), refresh)
		switch {
		case err == nil:
			s.log().Info("oauth: token refreshed", "grant", key.Grant, "id", key.ID())
			tok = t
		case ctx.Err() != nil:
			return "", err
		default:
			s.log().Info("oauth: refresh failed, requesting a new token", "grant", key.Grant, "error", err.Error())
		}
	}
	if tok == nil {
		t, err := s.Grant.Fetch(ctx, s.HTTP)
		if err != nil {
			return "", err
		}
		s.log().Info("oauth: new token", "grant", key.Grant, "id", key.ID())
		tok = t
	}
	s.set(tok, key, true)
	return tok.AccessToken, nil
}

// set makes t the current token, and saves it in the cache when save is true.
func (s *Source) set(t *Token, key Key, save bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tok, s.refresh = t, ""
	if save && s.Cache != nil {
		if err := s.Cache.Put(key, t); err != nil {
			s.log().Warn("oauth: cannot save the token", "id", key.ID(), "error", err.Error())
		}
	}
}

// Invalidate drops the current token (a server refused it, HTTP 401) from memory and from the
// cache; the next Token call refreshes it with its refresh token, or obtains a new one. It
// does not wait for a Token call in progress.
func (s *Source) Invalidate() {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := s.Grant.Key()
	if s.tok != nil && s.tok.RefreshToken != "" {
		s.refresh = s.tok.RefreshToken
	}
	s.tok = nil
	if s.Cache == nil {
		return
	}
	if s.refresh == "" {
		if t, err := s.Cache.Get(key); err == nil && t != nil {
			s.refresh = t.RefreshToken
		}
	}
	if err := s.Cache.Delete(key); err != nil {
		s.log().Warn("oauth: cannot delete the cached token", "id", key.ID(), "error", err.Error())
	}
}
