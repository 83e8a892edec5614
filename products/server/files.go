package server

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	goruntime "runtime"
	"sort"
	"syscall"
)

// Files is the file operations of a server: through ascmd, through SFTP when the server has
// no ascmd, or on the local file system for local:// URLs.
type Files interface {
	Info(ctx context.Context, p string) (Entry, error)
	List(ctx context.Context, p string) ([]Entry, error)
	Mkdir(ctx context.Context, p string) error
	Rename(ctx context.Context, from, to string) error
	// Copy copies a file, or a folder with its contents, on the server.
	Copy(ctx context.Context, from, to string) error
	Remove(ctx context.Context, p string) error
	Du(ctx context.Context, p string) (Usage, error)
	Df(ctx context.Context, p string) (Space, error)
	MD5(ctx context.Context, p string) (string, error)
	// About describes the server: ascmd's info record, the SSH server version and SFTP
	// extensions, or this machine.
	About(ctx context.Context) (map[string]any, error)
	// Kind is "ascmd", "sftp" or "local".
	Kind() string
	Close() error
}

// Open returns the file operations of a connection: ascmd when the server has it, else SFTP.
func (c *Client) Open(ctx context.Context) (Files, error) {
	if _, err := c.Ascmd(ctx); err == nil {
		return &ascmdFiles{c: c}, nil
	} else if !errors.Is(err, ErrNoAscmd) {
		return nil, err
	}
	fs, err := c.SFTP()
	if err != nil {
		return nil, fmt.Errorf("the server has neither ascmd nor SFTP: %w", err)
	}
	return &sftpFiles{fs: fs, version: string(c.SSH.ServerVersion())}, nil
}

// ascmdFiles runs each operation as one ascmd command.
type ascmdFiles struct{ c *Client }

func (a *ascmdFiles) Kind() string { return "ascmd" }

func (a *ascmdFiles) About(ctx context.Context) (map[string]any, error) {
	r, err := a.one(ctx, Command("info"))
	if err != nil {
		return nil, fmt.Errorf("info: %w", err)
	}
	m := map[string]any{"access": "ascmd", "ssh_server": string(a.c.SSH.ServerVersion())}
	for k, v := range r.Info {
		m[k] = v
	}
	return m, nil
}
func (a *ascmdFiles) Close() error { return nil }

func (a *ascmdFiles) one(ctx context.Context, cmd string) (Result, error) {
	res, err := a.c.Ascmd(ctx, cmd)
	if err != nil {
		return Result{}, err
	}
	if res[0].Err != nil {
		return res[0], res[0].Err
	}
	return res[0], nil
}

func statEntry(dir string, s Stat) Entry {
	return Entry{Name: s.Name, Path: filepath.ToSlash(filepath.Join(dir, s.Name)), Type: s.Type(), Size: s.Size, Mtime: s.Mtime, Mode: s.Mode}
}

func (a *ascmdFiles) List(ctx context.Context, p string) ([]Entry, error) {
	r, err := a.one(ctx, Command("ls", p))
	if err != nil {
		return nil, fmt.Errorf("browse %s: %w", p, err)
	}
	if r.Stat != nil {
		e := statEntry(filepath.Dir(p), *r.Stat)
		e.Path = p
		return []Entry{e}, nil
	}
	out := make([]Entry, 0, len(r.Dir))
	for _, s := range r.Dir {
		out = append(out, statEntry(p, s))
	}
	return out, nil
}

func (a *ascmdFiles) Info(ctx context.Context, p string) (Entry, error) {
	l, err := a.List(ctx, p)
	if err != nil {
		return Entry{}, err
	}
	if len(l) == 1 && l[0].Path == p {
		return l[0], nil
	}
	// a folder: describe it from its parent's listing
	parent, err := a.List(ctx, filepath.Dir(p))
	if err != nil {
		return Entry{}, err
	}
	for _, e := range parent {
		if e.Name == filepath.Base(p) {
			e.Path = p
			return e, nil
		}
	}
	return Entry{Name: filepath.Base(p), Path: p, Type: "directory"}, nil
}

func (a *ascmdFiles) simple(ctx context.Context, what, p string, cmd string) error {
	if _, err := a.one(ctx, cmd); err != nil {
		return fmt.Errorf("%s %s: %w", what, p, err)
	}
	return nil
}

func (a *ascmdFiles) Mkdir(ctx context.Context, p string) error {
	return a.simple(ctx, "mkdir", p, Command("mkdir", p))
}

func (a *ascmdFiles) Rename(ctx context.Context, from, to string) error {
	return a.simple(ctx, "rename", from, Command("mv", from, to))
}

func (a *ascmdFiles) Copy(ctx context.Context, from, to string) error {
	return a.simple(ctx, "cp", from, Command("cp", from, to))
}

func (a *ascmdFiles) Remove(ctx context.Context, p string) error {
	return a.simple(ctx, "delete", p, Command("rm", p))
}

func (a *ascmdFiles) Du(ctx context.Context, p string) (Usage, error) {
	r, err := a.one(ctx, Command("du", p))
	if err != nil {
		return Usage{}, fmt.Errorf("du %s: %w", p, err)
	}
	return Usage{Path: p, Size: r.DU.Size, Files: r.DU.Files, Dirs: r.DU.Dirs}, nil
}

func (a *ascmdFiles) Df(ctx context.Context, p string) (Space, error) {
	r, err := a.one(ctx, Command("df"))
	if err != nil {
		return Space{}, fmt.Errorf("df: %w", err)
	}
	// the mount holding p: the longest mount folder that prefixes it
	best := -1
	for i, m := range r.Mounts {
		if rel, err := filepath.Rel(m.Dir, p); err == nil && !filepath.IsAbs(rel) && (rel == "." || rel[0] != '.') {
			if best < 0 || len(m.Dir) > len(r.Mounts[best].Dir) {
				best = i
			}
		}
	}
	if best < 0 {
		return Space{}, fmt.Errorf("df %s: no mount holds it", p)
	}
	m := r.Mounts[best]
	return Space{Path: p, Total: uint64(m.Total), Free: uint64(m.Free), Used: uint64(m.Total - m.Free)}, nil
}

func (a *ascmdFiles) MD5(ctx context.Context, p string) (string, error) {
	r, err := a.one(ctx, Command("md5sum", p))
	if err != nil {
		return "", fmt.Errorf("md5sum %s: %w", p, err)
	}
	return r.MD5, nil
}

// sftpFiles adapts FS to Files.
type sftpFiles struct {
	fs      *FS
	version string
}

func (s *sftpFiles) About(context.Context) (map[string]any, error) {
	return map[string]any{"access": "sftp", "ssh_server": s.version, "sftp_extensions": s.fs.Extensions()}, nil
}

func (s *sftpFiles) Kind() string                                      { return "sftp" }
func (s *sftpFiles) Close() error                                      { return s.fs.Close() }
func (s *sftpFiles) Info(_ context.Context, p string) (Entry, error)   { return s.fs.Info(p) }
func (s *sftpFiles) List(_ context.Context, p string) ([]Entry, error) { return s.fs.List(p) }
func (s *sftpFiles) Mkdir(_ context.Context, p string) error           { return s.fs.Mkdir(p) }
func (s *sftpFiles) Rename(_ context.Context, from, to string) error   { return s.fs.Rename(from, to) }
func (s *sftpFiles) Copy(_ context.Context, from, to string) error     { return s.fs.Copy(from, to) }
func (s *sftpFiles) Remove(_ context.Context, p string) error          { return s.fs.Remove(p) }
func (s *sftpFiles) Du(_ context.Context, p string) (Usage, error)     { return s.fs.Du(p) }
func (s *sftpFiles) Df(_ context.Context, p string) (Space, error)     { return s.fs.Df(p) }
func (s *sftpFiles) MD5(_ context.Context, p string) (string, error)   { return s.fs.MD5(p) }

// Local is the file operations on this machine (local:// URLs), in Go. Its errors match
// ErrLocal.
type Local struct{}

// ErrLocal is matched (errors.Is) by the errors of Local: they come from this machine's file
// system, not from an SSH server.
var ErrLocal = errors.New("local file operation failed")

// localError keeps the message of its error and matches it and ErrLocal.
type localError struct{ err error }

func (e *localError) Error() string   { return e.err.Error() }
func (e *localError) Unwrap() []error { return []error{e.err, ErrLocal} }

func localErr(err error) error {
	if err == nil {
		return nil
	}
	return &localError{err}
}

func localf(format string, args ...any) error { return localErr(fmt.Errorf(format, args...)) }

// Kind returns "local".
func (Local) Kind() string { return "local" }

// About names this machine.
func (Local) About(context.Context) (map[string]any, error) {
	h, _ := os.Hostname()
	return map[string]any{"access": "local", "hostname": h, "os": goruntime.GOOS, "arch": goruntime.GOARCH}, nil
}

// Close does nothing.
func (Local) Close() error { return nil }

func localEntry(p string, fi os.FileInfo) Entry {
	return entryOf(filepath.ToSlash(p), fi)
}

// Info describes a path (links are not followed).
func (Local) Info(_ context.Context, p string) (Entry, error) {
	fi, err := os.Lstat(p)
	if err != nil {
		return Entry{}, localf("info %s: %w", p, err)
	}
	return localEntry(p, fi), nil
}

// List lists a folder, sorted; a file lists as itself.
func (l Local) List(ctx context.Context, p string) ([]Entry, error) {
	fi, err := os.Stat(p)
	if err != nil {
		return nil, localf("browse %s: %w", p, err)
	}
	if !fi.IsDir() {
		e, err := l.Info(ctx, p)
		return []Entry{e}, err
	}
	des, err := os.ReadDir(p)
	if err != nil {
		return nil, localf("browse %s: %w", p, err)
	}
	out := make([]Entry, 0, len(des))
	for _, d := range des {
		if fi, err := d.Info(); err == nil {
			out = append(out, localEntry(filepath.Join(p, d.Name()), fi))
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// Mkdir creates a folder and its parents.
func (Local) Mkdir(_ context.Context, p string) error { return localErr(os.MkdirAll(p, 0o755)) }

// Rename moves from to to, refused when to exists.
func (Local) Rename(_ context.Context, from, to string) error {
	if _, err := os.Lstat(to); err == nil {
		return localf("rename %s: %s exists", from, to)
	}
	return localErr(os.Rename(from, to))
}

// Copy copies a file, or a folder with its contents (links are copied as links).
func (Local) Copy(_ context.Context, from, to string) error {
	err := filepath.Walk(from, func(f string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, f)
		dst := filepath.Join(to, rel)
		switch {
		case fi.IsDir():
			return os.MkdirAll(dst, fi.Mode().Perm()|0o700)
		case fi.Mode()&os.ModeSymlink != 0:
			target, err := os.Readlink(f)
			if err == nil {
				err = os.Symlink(target, dst)
			}
			return err
		case fi.Mode().IsRegular():
			return copyLocalFile(f, dst, fi.Mode().Perm())
		}
		return nil
	})
	if err != nil {
		return localf("cp %s: %w", from, err)
	}
	return nil
}

func copyLocalFile(from, to string, perm os.FileMode) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, perm)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// Remove deletes a file, link or folder with its contents.
func (Local) Remove(_ context.Context, p string) error {
	if _, err := os.Lstat(p); err != nil {
		return localf("delete %s: %w", p, err)
	}
	return localErr(os.RemoveAll(p))
}

// Du adds up the files of a folder.
func (Local) Du(_ context.Context, p string) (Usage, error) {
	u := Usage{Path: p}
	err := filepath.Walk(p, func(f string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		switch {
		case fi.IsDir():
			if f != p {
				u.Dirs++
			}
		case fi.Mode().IsRegular():
			u.Files++
			u.Size += fi.Size()
		}
		return nil
	})
	if err != nil {
		return u, localf("du %s: %w", p, err)
	}
	return u, nil
}

// Df reports the space of the file system of a path.
func (Local) Df(_ context.Context, p string) (Space, error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(p, &st); err != nil {
		return Space{}, localf("df %s: %w", p, err)
	}
	total, free := st.Blocks*uint64(st.Bsize), st.Bavail*uint64(st.Bsize)
	return Space{Path: p, Total: total, Free: free, Used: total - free}, nil
}

// MD5 hashes a file.
func (Local) MD5(_ context.Context, p string) (string, error) {
	f, err := os.Open(p)
	if err != nil {
		return "", localf("md5sum %s: %w", p, err)
	}
	defer f.Close()
	h := md5.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", localf("md5sum %s: %w", p, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

var _ Files = Local{}
