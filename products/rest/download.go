package rest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
)

// PartialSuffix is appended to the name of a download in progress.
const PartialSuffix = ".partial"

// Download writes the answer of req (a GET unless said otherwise; Accept: */*) to dest, through
// dest+PartialSuffix renamed when complete. A partial file left by an earlier try is resumed
// with "Range: bytes=N-": a 206 for that range is appended, a 200 restarts the file from zero, a
// 206 for another range restarts without Range, a 416 whose Content-Range gives the partial
// file's size completes it. A connection dropped mid-body (an idempotent request, or
// Request.Retry) is resumed the same way, at most Settings.RetryMax times, each logged at Info.
// A non-2xx answer is the *Error of Do and leaves the partial file as it was. On any other
// failure, and on cancellation, the partial file stays so that the next call resumes it, and the
// error says so (errors.As still finds the *Error, errors.Is the context's error). progress,
// if not nil, is called on the caller's goroutine as bytes arrive, with the bytes of the file
// so far and the total (-1 when unknown). It returns the size of dest. The file is not synced
// to disk before the rename.
func (c *Client) Download(ctx context.Context, req *Request, dest string, progress func(done, total int64)) (int64, error) {
	partial := dest + PartialSuffix
	tries := 0
	for {
		n, retry, err := c.downloadOnce(ctx, req, partial, progress)
		if err == nil {
			if err := os.Rename(partial, dest); err != nil {
				return n, fmt.Errorf("download %s: %w", dest, err)
			}
			return n, nil
		}
		if !retry || tries >= c.cfg().retryMax() || ctx.Err() != nil {
			if _, serr := os.Stat(partial); serr == nil {
				return n, fmt.Errorf("%w (the partial download %s is kept and resumed by the next download)", err, partial)
			}
			return n, err
		}
		tries++
		delay := c.backoff(tries - 1)
		c.cfg().logger().Info("resuming download", "file", dest, "written", n, "attempt", tries+1, "of", c.cfg().retryMax()+1, "wait", delay.Round(time.Millisecond), "reason", err.Error())
		if err := sleep(ctx, delay); err != nil {
			return n, fmt.Errorf("%w (the partial download %s is kept and resumed by the next download)",
				TransportError(&http.Request{Method: orGET(req.Method), URL: mustURL(c, req)}, err), partial)
		}
	}
}

// downloadOnce sends one request, appending to partial when the server honours the range.
// retry tells whether a failure happened mid-body (worth resuming).
func (c *Client) downloadOnce(ctx context.Context, req *Request, partial string, progress func(int64, int64)) (int64, bool, error) {
	var have int64
	if st, err := os.Stat(partial); err == nil && st.Mode().IsRegular() {
		have = st.Size()
	}
	r := *req
	r.Header = req.Header.Clone()
	if r.Header == nil {
		r.Header = http.Header{}
	}
	if have > 0 {
		r.Header.Set("Range", "bytes="+strconv.FormatInt(have, 10)+"-")
	}
	r.Header.Set("Accept", "*/*")
	resp, err := c.Stream(ctx, &r)
	if err != nil {
		var he *Error
		if have > 0 && errors.As(err, &he) && he.Status == http.StatusRequestedRangeNotSatisfiable {
			if rangeTotal(he.Header.Get("Content-Range")) == have {
				return have, false, nil // the partial file was complete
			}
			// the partial file is larger than the source: start over
			_ = os.Remove(partial)
			return c.downloadOnce(ctx, req, partial, progress)
		}
		return have, false, err
	}
	defer resp.Body.Close()
	flags := os.O_WRONLY | os.O_CREATE
	total := resp.ContentLength
	start := rangeStart(resp.Header.Get("Content-Range"))
	switch {
	case resp.StatusCode == http.StatusPartialContent && have > 0 && start == have:
		flags |= os.O_APPEND
		if total >= 0 {
			total += have
		}
	case resp.StatusCode == http.StatusPartialContent && start != 0:
		// not the range asked for: appending it would corrupt the file
		if have == 0 {
			return 0, false, TransportError(resp.Request, fmt.Errorf("unexpected partial answer (Content-Range %q)", resp.Header.Get("Content-Range")))
		}
		resp.Body.Close()
		_ = os.Remove(partial)
		return c.downloadOnce(ctx, req, partial, progress)
	default:
		flags |= os.O_TRUNC
		have = 0
	}
	f, err := os.OpenFile(partial, flags, 0o644)
	if err != nil {
		return have, false, fmt.Errorf("download: %w", err)
	}
	w := &progressWriter{w: f, n: have, total: total, fn: progress}
	_, cerr := io.Copy(w, resp.Body)
	if err := f.Close(); err != nil && cerr == nil {
		return w.n, false, fmt.Errorf("download: %w", err)
	}
	if cerr != nil {
		if ctx.Err() != nil {
			return w.n, false, TransportError(resp.Request, ctx.Err())
		}
		var we *writeError
		if errors.As(cerr, &we) {
			return w.n, false, fmt.Errorf("download: %w", we.err)
		}
		return w.n, mayResume(req), TransportError(resp.Request, fmt.Errorf("connection lost after %d bytes: %w", w.n, cerr))
	}
	if total >= 0 && w.n < total {
		return w.n, mayResume(req), TransportError(resp.Request, fmt.Errorf("connection lost after %d of %d bytes", w.n, total))
	}
	return w.n, false, nil
}

// mayResume tells whether a download broken mid-body may be asked again: an idempotent method
// (or Request.Retry) and a body that can be sent again.
func mayResume(req *Request) bool {
	retry := idempotent(strings.ToUpper(orGET(req.Method)))
	if req.Retry != nil {
		retry = *req.Retry
	}
	if _, seeker := req.Body.(io.Seeker); req.Body != nil && !seeker {
		return false
	}
	return retry
}

func orGET(m string) string {
	if m == "" {
		return http.MethodGet
	}
	return m
}

// rangeStart returns the first byte of a Content-Range "bytes a-b/n", -1 when unreadable.
func rangeStart(v string) int64 {
	v = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), "bytes"))
	a, _, ok := strings.Cut(v, "-")
	if !ok {
		return -1
	}
	n, err := strconv.ParseInt(strings.TrimSpace(a), 10, 64)
	if err != nil {
		return -1
	}
	return n
}

// rangeTotal returns the size n of a Content-Range "bytes a-b/n" or "bytes */n", -1 when
// unknown.
func rangeTotal(v string) int64 {
	_, n, ok := strings.Cut(v, "/")
	if !ok {
		return -1
	}
	t, err := strconv.ParseInt(strings.TrimSpace(n), 10, 64)
	if err != nil {
		return -1
	}
	return t
}

type writeError struct{ err error }

func (e *writeError) Error() string { return e.err.Error() }

// progressWriter counts bytes and reports them; its write errors are marked so that they are
// not mistaken for a lost connection.
type progressWriter struct {
	w     io.Writer
	n     int64
	total int64
	fn    func(int64, int64)
}

func (p *progressWriter) Write(b []byte) (int, error) {
	n, err := p.w.Write(b)
	p.n += int64(n)
	if p.fn != nil && n > 0 {
		p.fn(p.n, p.total)
	}
	if err != nil {
		return n, &writeError{err}
	}
	return n, nil
}
