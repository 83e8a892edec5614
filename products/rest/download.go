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
)

// PartialSuffix is appended to the name of a download in progress.
const PartialSuffix = ".partial"

// Download writes the answer of req (a GET unless said otherwise) to dest, through
// dest+PartialSuffix renamed when complete. A partial file left by an earlier try is resumed
// with a Range request (a server that answers 200 instead of 206 restarts it from zero). A
// connection dropped mid-body is resumed the same way, up to the retry limit. On failure or
// cancellation the partial file stays, so that the next call resumes it; the error says so.
// progress, if not nil, is called as bytes arrive with the bytes written so far and the total
// (-1 when unknown). It returns the size of dest.
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
		c.cfg().logger().Info("resuming download", "file", dest, "written", n, "attempt", tries+1, "wait", delay, "reason", err.Error())
		if err := sleep(ctx, delay); err != nil {
			return n, err
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
			// the partial file is already complete (or larger than the source): start over
			_ = os.Remove(partial)
			return c.downloadOnce(ctx, req, partial, progress)
		}
		return have, false, err
	}
	defer resp.Body.Close()
	flags := os.O_WRONLY | os.O_CREATE
	total := resp.ContentLength
	if resp.StatusCode == http.StatusPartialContent && have > 0 && rangeStart(resp.Header.Get("Content-Range")) == have {
		flags |= os.O_APPEND
		if total >= 0 {
			total += have
		}
	} else {
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
		return w.n, idempotent(strings.ToUpper(orGET(req.Method))) || (req.Retry != nil && *req.Retry),
			TransportError(resp.Request, fmt.Errorf("connection lost after %d bytes: %w", w.n, cerr))
	}
	if total >= 0 && w.n < total {
		return w.n, true, TransportError(resp.Request, fmt.Errorf("connection lost after %d of %d bytes", w.n, total))
	}
	return w.n, false, nil
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
