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

// Source gives the access tokens of a grant: from memory, then the cache, then a refresh, then
// the grant itself. It implements rest.TokenSource and is safe for concurrent use.
type Source struct {
	Grant     Grant
	HTTP      *http.Client
	Cache     *Cache           // nil = memory only
	Threshold time.Duration    // default DefaultThreshold
	Now       func() time.Time // nil = time.Now
	Logger    *slog.Logger     // nil = discard; never given a token

	mu      sync.Mutex
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

// Token returns a valid access token. A token with less than Threshold left is refreshed with
// its refresh token when it has one (not "not_supported"), else, or when that fails, a new one
// is obtained from the grant. New tokens are saved in the cache.
func (s *Source) Token(ctx context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now, margin := s.now(), s.threshold()
	if s.tok.valid(now, margin) {
		return s.tok.AccessToken, nil
	}
	key := s.Grant.Key()
	refresh := s.refresh
	if s.tok != nil && s.tok.RefreshToken != "" {
		refresh = s.tok.RefreshToken
	}
	if s.Cache != nil && s.tok == nil {
		if t, err := s.Cache.Get(key); err == nil && t != nil {
			if t.valid(now, margin) {
				s.tok = t
				return t.AccessToken, nil
			}
			if t.RefreshToken != "" {
				refresh = t.RefreshToken
			}
		}
	}
	var tok *Token
	if refresh != "" && refresh != "not_supported" {
		t, err := Refresh(ctx, s.HTTP, s.Grant.TokenEndpoint(), refresh)
		if err == nil {
			s.log().Debug("oauth token refreshed", "grant", s.Grant.Name(), "url", key.URL)
			tok = t
		} else {
			if ctx.Err() != nil {
				return "", err
			}
			s.log().Info("oauth token refresh failed, requesting a new one", "grant", s.Grant.Name(), "error", err.Error())
		}
	}
	if tok == nil {
		t, err := s.Grant.Fetch(ctx, s.HTTP)
		if err != nil {
			return "", err
		}
		s.log().Debug("oauth token obtained", "grant", s.Grant.Name(), "url", key.URL)
		tok = t
	}
	s.tok, s.refresh = tok, ""
	if s.Cache != nil {
		if err := s.Cache.Put(key, tok); err != nil {
			s.log().Warn("cannot save the oauth token", "error", err.Error())
		}
	}
	return tok.AccessToken, nil
}

// Invalidate drops the current token (a server refused it) from memory and from the cache;
// the next Token refreshes it with its refresh token, or obtains a new one.
func (s *Source) Invalidate() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tok != nil {
		s.refresh = s.tok.RefreshToken
	}
	s.tok = nil
	if s.Cache != nil {
		if t, err := s.Cache.Get(s.Grant.Key()); err == nil && t != nil && s.refresh == "" {
			s.refresh = t.RefreshToken
		}
		_ = s.Cache.Delete(s.Grant.Key())
	}
}
