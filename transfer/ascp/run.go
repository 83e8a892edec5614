package ascp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/asperalm/aslmcli/transfer"
)

// Invocation is one ascp to start: its argument vector (without the program and without -M,
// which run adds), its environment additions (ASPERA_SCP_* secrets) and the files to remove
// once it ended (file lists).
type Invocation struct {
	Path  string
	Args  []string
	Env   []string
	Clean []string
}

// process is one running ascp with its management connection.
type process struct {
	mu   sync.Mutex
	conn net.Conn // nil before ascp connects, or without monitoring
}

// send writes a management command to ascp (RATE...).
func (p *process) send(m Message) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.conn == nil {
		return errors.New("ascp is not connected to the management port")
	}
	return Write(p.conn, m)
}

// tail keeps the last bytes written to it (ascp's stderr, for error messages).
type tail struct {
	mu  sync.Mutex
	buf []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if len(t.buf) > 4096 {
		t.buf = t.buf[len(t.buf)-4096:]
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(bytes.TrimSpace(t.buf))
}

// run starts one ascp and follows it to its end. With monitor, it listens on 127.0.0.1, passes
// -M <port>, turns the management messages into events and takes the session's result from
// the last one (DONE or ERROR); a session that ends otherwise is a failure. Without monitor,
// the exit code decides. Cancelling ctx sends SIGINT to ascp, then kills it after a grace
// period: no ascp outlives the job.
func run(ctx context.Context, c Invocation, monitor bool, spawnTimeout time.Duration, p *process, emit func([]transfer.Event)) error {
	args := append([]string(nil), c.Args...)
	var ln net.Listener
	if monitor {
		var err error
		if ln, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
			return fmt.Errorf("management port: %w", err)
		}
		defer ln.Close()
		args = append([]string{"-M", strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)}, args...)
	}
	cmd := exec.Command(c.Path, args...)
	cmd.Env = append(os.Environ(), c.Env...)
	stderr := &tail{}
	cmd.Stdout, cmd.Stderr = io.Discard, stderr
	cmd.SysProcAttr = sysProcAttr()
	if err := cmd.Start(); err != nil {
		return &transfer.Error{Agent: "direct", Message: fmt.Sprintf("start %s: %v", c.Path, err)}
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		select {
		case <-ctx.Done():
			interrupt(cmd)
			select {
			case <-stop:
			case <-time.After(2 * time.Second):
				_ = cmd.Process.Kill()
			}
		case <-stop:
		}
	}()
	var result error
	if monitor {
		result = follow(ctx, ln, spawnTimeout, exited, p, emit)
	}
	var exitErr error
	select {
	case exitErr = <-exited:
	case <-time.After(5 * time.Second):
		// the socket ended but ascp lingers: ask it to end, as the reference client does
		interrupt(cmd)
		exitErr = <-exited
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if result != nil {
		var te *transfer.Error
		if errors.As(result, &te) && te.Code == 0 && stderr.String() != "" {
			te.Message += ": " + stderr.String()
		}
		return result
	}
	if exitErr != nil {
		msg := fmt.Sprintf("ascp failed (%v)", exitErr)
		if s := stderr.String(); s != "" {
			msg += ": " + s
		}
		return &transfer.Error{Agent: "direct", Message: msg}
	}
	return nil
}

// follow accepts ascp's management connection and folds its messages until the socket ends.
func follow(ctx context.Context, ln net.Listener, spawnTimeout time.Duration, exited chan error, p *process, emit func([]transfer.Event)) error {
	type accepted struct {
		conn net.Conn
		err  error
	}
	ch := make(chan accepted, 1)
	go func() {
		c, err := ln.Accept()
		ch <- accepted{c, err}
	}()
	var conn net.Conn
	select {
	case a := <-ch:
		if a.err != nil {
			return &transfer.Error{Agent: "direct", Message: "management port: " + a.err.Error()}
		}
		conn = a.conn
	case err := <-exited:
		exited <- err // for the caller
		// a quick ascp may have connected and ended before the accept was seen
		select {
		case a := <-ch:
			if a.err != nil {
				return &transfer.Error{Agent: "direct", Message: "management port: " + a.err.Error()}
			}
			conn = a.conn
		case <-time.After(500 * time.Millisecond):
			return &transfer.Error{Agent: "direct", Message: fmt.Sprintf("ascp ended without connecting to the management port (exit: %v)", exitText(err))}
		}
	case <-time.After(spawnTimeout):
		return &transfer.Error{Agent: "direct", Message: fmt.Sprintf("ascp did not connect to the management port within %s", spawnTimeout), Retryable: true}
	case <-ctx.Done():
		return ctx.Err()
	}
	defer conn.Close()
	p.mu.Lock()
	p.conn = conn
	p.mu.Unlock()
	defer func() {
		p.mu.Lock()
		p.conn = nil
		p.mu.Unlock()
	}()
	go func() {
		<-ctx.Done()
		conn.Close()
	}()
	s := NewSession("direct")
	r := NewReader(&paced{r: conn, every: readEvery})
	for {
		m, err := r.Next()
		if err != nil {
			if errors.Is(err, io.EOF) || ctx.Err() != nil || errors.Is(err, net.ErrClosed) {
				break
			}
			return &transfer.Error{Agent: "direct", Message: "management port: " + err.Error()}
		}
		if ev := s.Apply(m); len(ev) > 0 {
			emit(ev)
		}
	}
	return s.Result()
}

// interrupt asks ascp (and its process group) to stop.
func interrupt(cmd *exec.Cmd) {
	if cmd.Process == nil {
		return
	}
	if err := signalGroup(cmd.Process.Pid, syscall.SIGINT); err != nil {
		_ = cmd.Process.Signal(os.Interrupt)
	}
}

func removeQuiet(path string) { _ = os.Remove(path) }

func exitText(err error) string {
	if err == nil {
		return "status 0"
	}
	return err.Error()
}

// readEvery is the shortest time between two reads of the management socket: ascp may report
// every few milliseconds, and a read per message costs wake-ups; paced reads take what
// accumulated (events are at most this late; twenty updates a second are plenty for a
// progress bar, and a 2 GiB transfer through the ascp double then costs aslmcli 2.4 % of a CPU
// instead of 5-14 %).
const readEvery = 50 * time.Millisecond

// paced spaces out the reads of r.
type paced struct {
	r     io.Reader
	every time.Duration
	last  time.Time
}

func (p *paced) Read(b []byte) (int, error) {
	if wait := p.every - time.Since(p.last); wait > 0 {
		time.Sleep(wait)
	}
	n, err := p.r.Read(b)
	p.last = time.Now()
	return n, err
}
