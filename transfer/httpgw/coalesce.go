package httpgw

import (
	"io"
	"net/http"
	"sync"
)

// coder/websocket writes a masked (client) frame through a 4 KiB bufio.Writer: a 64000-byte
// chunk would cost 16 system calls (and 16 TLS records). The coalescer, put under the
// WebSocket as the body of the 101 answer, gathers these full 4 KiB writes and sends them at
// once; any other write (the end of a message, a control frame) goes out at once with what was
// gathered, and the uploader calls Flush after each message, so nothing waits.
type coalescer struct {
	io.ReadWriteCloser
	mu  sync.Mutex
	buf []byte
}

const (
	wsBufioSize  = 4096      // coder/websocket's write buffer
	coalesceSize = 256 << 10 // at most this is gathered
)

func (c *coalescer) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(p) != wsBufioSize {
		if len(c.buf) == 0 {
			return c.ReadWriteCloser.Write(p)
		}
		c.buf = append(c.buf, p...)
		if err := c.flushLocked(); err != nil {
			return 0, err
		}
		return len(p), nil
	}
	c.buf = append(c.buf, p...)
	if len(c.buf) >= coalesceSize {
		if err := c.flushLocked(); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}

// Flush sends what was gathered.
func (c *coalescer) Flush() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.flushLocked()
}

func (c *coalescer) flushLocked() error {
	if len(c.buf) == 0 {
		return nil
	}
	_, err := c.ReadWriteCloser.Write(c.buf)
	c.buf = c.buf[:0]
	return err
}

// upgrader puts a coalescer under the connection of a WebSocket handshake answer.
type upgrader struct {
	next http.RoundTripper
	co   *coalescer
}

func (u *upgrader) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := u.next.RoundTrip(r)
	if err == nil && resp.StatusCode == http.StatusSwitchingProtocols {
		if rwc, ok := resp.Body.(io.ReadWriteCloser); ok {
			u.co = &coalescer{ReadWriteCloser: rwc, buf: make([]byte, 0, coalesceSize+wsBufioSize)}
			resp.Body = u.co
		}
	}
	return resp, err
}

// wsClient returns a copy of hc whose WebSocket connections are coalesced, and the upgrader
// that will hold the coalescer once dialed.
func wsClient(hc *http.Client) (*http.Client, *upgrader) {
	c := *hc
	next := c.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	u := &upgrader{next: next}
	c.Transport = u
	return &c, u
}
