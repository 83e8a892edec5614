package rest

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"syscall"
	"time"
)

// maxRetryAfter bounds the wait a server may ask for with Retry-After.
const maxRetryAfter = 5 * time.Minute

// send sends p until handle accepts the answer, retrying temporary failures (only when p may
// be retried) and refreshing a Refresher auth once on a 401.
func (c *Client) send(ctx context.Context, p *prepared, extra http.Header, handle handler) error {
	max := c.cfg().retryMax()
	refreshed := false
	for attempt := 0; ; attempt++ {
		hr, err := c.build(ctx, p, extra)
		if err != nil {
			if ctx.Err() != nil {
				return &Error{Method: p.method, URL: CleanURL(p.url), Err: ctx.Err()}
			}
			return err
		}
		var failure error
		var retryable bool
		var reason string
		var wait time.Duration
		resp, err := c.cfg().HTTPClient().Do(hr)
		if err != nil {
			if ctx.Err() != nil {
				return TransportError(hr, ctx.Err())
			}
			failure, retryable, reason = TransportError(hr, err), temporary(err), stripURLError(err).Error()
		} else {
			if resp.StatusCode == http.StatusUnauthorized && !refreshed && !p.noAuth && p.replayable() {
				if r, ok := c.Auth.(Refresher); ok {
					drain(resp)
					r.Refresh()
					refreshed = true
					attempt--
					continue
				}
			}
			retryable, failure = handle(hr, resp)
			if failure == nil {
				return nil
			}
			drain(resp)
			if ctx.Err() != nil {
				return TransportError(hr, ctx.Err())
			}
			var he *Error
			if errors.As(failure, &he) && he.Status != 0 {
				retryable = retryStatus(he.Status)
				reason = StatusLine(he.Status)
				wait = retryAfter(resp.Header)
			} else {
				reason = failure.Error()
			}
		}
		if !retryable || !p.retry || attempt >= max {
			return failure
		}
		delay := c.backoff(attempt)
		if wait > delay {
			delay = min(wait, maxRetryAfter)
		}
		c.cfg().logger().Info("retrying", "method", p.method, "url", CleanURL(p.url),
			"attempt", attempt+2, "of", max+1, "wait", delay.Round(time.Millisecond), "reason", reason)
		if err := sleep(ctx, delay); err != nil {
			return &Error{Method: p.method, URL: CleanURL(p.url), Err: err}
		}
	}
}

func drain(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
}

// retryStatus tells whether an HTTP status is worth another try.
func retryStatus(code int) bool {
	switch code {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// temporary tells whether a transport error may go away: connection refused or reset, a
// dropped connection, a timeout, a temporary DNS failure. Certificate errors and unknown hosts
// are not.
func temporary(err error) bool {
	var cv *tls.CertificateVerificationError
	var ua x509.UnknownAuthorityError
	var hn x509.HostnameError
	var ci x509.CertificateInvalidError
	if errors.As(err, &cv) || errors.As(err, &ua) || errors.As(err, &hn) || errors.As(err, &ci) {
		return false
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return dns.IsTemporary || dns.IsTimeout
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return true
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNABORTED) || errors.Is(err, syscall.EPIPE) {
		return true
	}
	var op *net.OpError
	return errors.As(err, &op)
}

// backoff returns the wait before retry n+1: RetryBase*2^n capped at RetryCap, with jitter
// (between half and all of it).
func (c *Client) backoff(n int) time.Duration {
	base := orDuration(c.cfg().RetryBase, DefaultRetryBase)
	limit := orDuration(c.cfg().RetryCap, DefaultRetryCap)
	d := base
	for i := 0; i < n && d < limit; i++ {
		d *= 2
	}
	d = min(d, limit)
	half := d / 2
	return half + time.Duration(rand.Int64N(int64(half)+1))
}

// retryAfter reads a Retry-After header: seconds or an HTTP date; 0 when absent.
func retryAfter(h http.Header) time.Duration {
	v := h.Get("Retry-After")
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := time.Until(t); d > 0 {
			return d
		}
	}
	return 0
}

// sleep waits d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
