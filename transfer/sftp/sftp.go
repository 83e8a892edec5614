// Package sftp is the "sftp" transfer agent: it moves the files of a transfer spec over SFTP
// (products/server's SSH connection) for users without ascp. Folders are walked (uploads) or
// listed (downloads) recursively; several files move at once (Parallel, default 4); a
// destination file shorter than the source is resumed from where it stopped (overwrite
// "diff", the default; "always" rewrites it, "never" skips existing files); preserve_times
// keeps the modification time; events are those of every agent. Uploads keep 64 writes in
// flight and downloads 64 reads (SFTP round trips would otherwise bound the throughput).
//
// Decisions where the issue was silent:
//   - Resume compares sizes only (an SFTP server offers no checksum); a destination as long
//     as the source is skipped with diff when the times are equal too, else rewritten.
//   - An upload resumes 4 MiB before the end of the remote file: its concurrent writes leave
//     holes only among the last ones in flight when a run was killed.
//   - The connection comes from the spec: remote_host, ssh_port (default 22 here: the SFTP
//     of an HSTS transfer user is often refused by aspshell, see protocols.md 5.4),
//     remote_user, remote_password, the keys (ssh_private_key, EX_ssh_key_value,
//     EX_ssh_key_paths, ssh_private_key_path), else the ssh-agent; host keys per the agent's
//     settings (known_hosts files, strict_host_key_checking), by default the run's
//     (transfer.InputSSH: aslmcli's known_hosts and --ssh-options).
//   - SFTP has no rate control: the jobs are not transfer.RateSetter.
package sftp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sync"
	"time"

	pkgsftp "github.com/pkg/sftp"

	"github.com/asperalm/aslmcli/products/server"
	"github.com/asperalm/aslmcli/transfer"
	"github.com/asperalm/aslmcli/transfer/spec"
)

// Agent moves files over SFTP.
type Agent struct {
	// Connect opens the SSH connection of a spec.
	Connect  func(ctx context.Context, s spec.Spec) (*server.Client, error)
	Parallel int // files at once; default 4
}

// Name returns "sftp".
func (a *Agent) Name() string { return "sftp" }

// item is one file to move.
type item struct {
	src, dst string
	size     int64
	mtime    time.Time
}

// Start checks the spec, connects, plans the files and moves them.
func (a *Agent) Start(ctx context.Context, s spec.Spec, o transfer.Options) (transfer.Job, error) {
	if err := transfer.CheckSpec(a.Name(), s); err != nil {
		return nil, err
	}
	c, err := a.Connect(ctx, s)
	if err != nil {
		return nil, err
	}
	fsys, err := sftpOf(c)
	if err != nil {
		c.Close()
		return nil, err
	}
	jctx, cancel := context.WithCancel(ctx)
	j := &job{conn: c, cl: fsys}
	j.Init(a.Name(), o, func() error { cancel(); return nil })
	j.SetSession("sftp")
	go func() {
		defer cancel()
		j.run(jctx, a, s)
	}()
	return j, nil
}

func sftpOf(c *server.Client) (*pkgsftp.Client, error) {
	cl, err := pkgsftp.NewClient(c.SSH, pkgsftp.UseConcurrentWrites(true), pkgsftp.UseConcurrentReads(true))
	if err != nil {
		return nil, fmt.Errorf("sftp: %w", err)
	}
	return cl, nil
}

// job is one SFTP transfer.
type job struct {
	transfer.JobBase
	conn *server.Client
	cl   *pkgsftp.Client

	mu    sync.Mutex
	bytes int64
	files int64
}

func (j *job) add(n int64) {
	j.mu.Lock()
	j.bytes += n
	b := j.bytes
	j.mu.Unlock()
	j.Emit(transfer.Event{Type: transfer.Progress, Bytes: b})
}

func (j *job) run(ctx context.Context, a *Agent, s spec.Spec) {
	defer j.conn.Close()
	defer j.cl.Close()
	j.Emit(transfer.Event{Type: transfer.SessionStart})
	items, err := j.plan(s)
	if err == nil {
		var total int64
		for _, it := range items {
			total += it.size
		}
		j.Emit(transfer.Event{Type: transfer.Sizes, Total: total, Files: int64(len(items))})
		err = j.move(ctx, a, s, items)
	}
	status := transfer.Succeeded
	switch {
	case ctx.Err() != nil:
		status = transfer.Canceled
	case err != nil:
		status, err = transfer.Failed, &transfer.Error{Agent: "sftp", Message: err.Error()}
	}
	j.mu.Lock()
	r := transfer.Result{Bytes: j.bytes, Files: j.files}
	j.mu.Unlock()
	j.Finish(status, r, err)
}

// plan lists the files: local sources walked for an upload, remote ones for a download.
func (j *job) plan(s spec.Spec) ([]item, error) {
	dest, _ := s["destination_root"].(string)
	if dest == "" {
		dest = "."
	}
	var items []item
	upload := s.Direction() == "send"
	for _, p := range s.Paths() {
		target := p.Destination
		if target == "" {
			target = path.Base(filepath.ToSlash(p.Source))
		}
		if upload {
			err := filepath.WalkDir(p.Source, func(f string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				fi, err := d.Info()
				if err != nil {
					return err
				}
				rel, _ := filepath.Rel(p.Source, f)
				items = append(items, item{src: f, dst: path.Join(dest, target, filepath.ToSlash(rel)), size: fi.Size(), mtime: fi.ModTime()})
				return nil
			})
			if err != nil {
				return nil, fmt.Errorf("upload %s: %w", p.Source, err)
			}
			continue
		}
		w := j.cl.Walk(p.Source)
		for w.Step() {
			if err := w.Err(); err != nil {
				return nil, fmt.Errorf("download %s: %w", w.Path(), err)
			}
			if w.Stat().IsDir() {
				continue
			}
			rel, _ := filepath.Rel(p.Source, w.Path())
			items = append(items, item{src: w.Path(), dst: filepath.Join(dest, target, rel), size: w.Stat().Size(), mtime: w.Stat().ModTime()})
		}
	}
	return items, nil
}

// move copies the items, Parallel at a time.
func (j *job) move(ctx context.Context, a *Agent, s spec.Spec, items []item) error {
	n := a.Parallel
	if n <= 0 {
		n = 4
	}
	sem := make(chan struct{}, n)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var errs []error
	for _, it := range items {
		if ctx.Err() != nil {
			break
		}
		sem <- struct{}{}
		wg.Add(1)
		go func(it item) {
			defer wg.Done()
			defer func() { <-sem }()
			if err := j.one(ctx, s, it); err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
				j.Emit(transfer.Event{Type: transfer.FileError, File: it.dst, Message: err.Error()})
				return
			}
			j.mu.Lock()
			j.files++
			files := j.files
			j.mu.Unlock()
			j.Emit(transfer.Event{Type: transfer.FileDone, File: it.dst, Files: files})
		}(it)
	}
	wg.Wait()
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return errors.Join(errs...)
}

// one moves one file, resuming a shorter destination.
func (j *job) one(ctx context.Context, s spec.Spec, it item) error {
	upload := s.Direction() == "send"
	overwrite := s.String("overwrite")
	if overwrite == "" {
		overwrite = "diff"
	}
	var have int64
	var haveTime time.Time
	var exists bool
	if upload {
		if fi, err := j.cl.Stat(it.dst); err == nil {
			have, haveTime, exists = fi.Size(), fi.ModTime(), true
		}
	} else if fi, err := os.Stat(it.dst); err == nil {
		have, haveTime, exists = fi.Size(), fi.ModTime(), true
	}
	offset := int64(0)
	switch {
	case !exists:
	case overwrite == "never":
		return nil
	case have < it.size && overwrite != "always":
		offset = have // resume
	case overwrite == "diff" && have == it.size && haveTime.Unix() == it.mtime.Unix():
		return nil
	}
	var err error
	if upload {
		err = j.upload(ctx, it, offset)
	} else {
		err = j.download(ctx, it, offset)
	}
	if err != nil {
		return err
	}
	if s.Bool("preserve_times") || s.Bool("preserve_modification_time") {
		if upload {
			err = j.cl.Chtimes(it.dst, it.mtime, it.mtime)
		} else {
			err = os.Chtimes(it.dst, it.mtime, it.mtime)
		}
	}
	return err
}

// resumeMargin is how far before the end of a partial remote file an upload resumes:
// uploads keep up to uploadConcurrency writes in flight, dispatched in offset order, so a
// process killed mid-way can leave holes only in the last few of them; resuming this far back
// rewrites them all.
const (
	uploadConcurrency = 64
	resumeMargin      = 4 * uploadConcurrency * 32 << 10
)

// upload sends a local file from offset: the writes go out concurrently (the SFTP round trips
// would otherwise bound the throughput); after an error the remote file is cut to the length
// known to be whole, so that a resume starts from there.
func (j *job) upload(ctx context.Context, it item, offset int64) error {
	if err := j.cl.MkdirAll(path.Dir(it.dst)); err != nil {
		return fmt.Errorf("%s: %w", it.dst, err)
	}
	src, err := os.Open(it.src)
	if err != nil {
		return err
	}
	defer src.Close()
	flags := os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	if offset > 0 {
		offset = max(0, offset-resumeMargin)
		flags = os.O_WRONLY | os.O_CREATE // never O_APPEND: concurrent writes carry offsets
	}
	dst, err := j.cl.OpenFile(it.dst, flags)
	if err != nil {
		return fmt.Errorf("%s: %w", it.dst, err)
	}
	if offset > 0 {
		if _, err := src.Seek(offset, io.SeekStart); err != nil {
			dst.Close()
			return err
		}
		if _, err := dst.Seek(offset, io.SeekStart); err != nil {
			dst.Close()
			return err
		}
		j.add(offset)
	}
	_, err = dst.ReadFromWithConcurrency(&progressReader{src, meter{ctx, j.add}}, uploadConcurrency)
	if err != nil {
		if whole, serr := dst.Seek(0, io.SeekCurrent); serr == nil {
			_ = dst.Truncate(whole)
		}
		dst.Close()
		return fmt.Errorf("%s: %w", it.dst, err)
	}
	if err := dst.Close(); err != nil {
		return fmt.Errorf("%s: %w", it.dst, err)
	}
	return nil
}

// download receives a remote file from offset (reads go out concurrently and are written in
// order, so a partial local file is always whole).
func (j *job) download(ctx context.Context, it item, offset int64) error {
	if err := os.MkdirAll(filepath.Dir(it.dst), 0o755); err != nil {
		return err
	}
	src, err := j.cl.Open(it.src)
	if err != nil {
		return fmt.Errorf("%s: %w", it.src, err)
	}
	defer src.Close()
	flags := os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	if offset > 0 {
		flags = os.O_WRONLY | os.O_APPEND
	}
	dst, err := os.OpenFile(it.dst, flags, 0o644)
	if err != nil {
		return fmt.Errorf("%s: %w", it.dst, err)
	}
	if offset > 0 {
		if _, err := src.Seek(offset, io.SeekStart); err != nil {
			dst.Close()
			return err
		}
		j.add(offset)
	}
	_, err = src.WriteTo(&progressWriter{dst, meter{ctx, j.add}})
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("%s: %w", it.dst, err)
	}
	return nil
}

// meter counts the bytes that go through a reader or writer and stops them on cancellation.
type meter struct {
	ctx context.Context
	add func(int64)
}

func (m meter) step(op func([]byte) (int, error), b []byte) (int, error) {
	if err := m.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := op(b)
	m.add(int64(n))
	return n, err
}

type progressReader struct {
	r io.Reader
	meter
}

func (p *progressReader) Read(b []byte) (int, error) { return p.step(p.r.Read, b) }

type progressWriter struct {
	w io.Writer
	meter
}

func (p *progressWriter) Write(b []byte) (int, error) { return p.step(p.w.Write, b) }
