package server

import (
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/pkg/sftp"
)

// FS is the file operations of a server over SFTP (used when the server has no ascmd).
type FS struct {
	c *sftp.Client
}

// SFTP opens the SFTP subsystem of the connection.
func (c *Client) SFTP() (*FS, error) {
	s, err := sftp.NewClient(c.SSH)
	if err != nil {
		return nil, fmt.Errorf("sftp: %w", err)
	}
	return &FS{c: s}, nil
}

// Extensions lists the SFTP extensions the server announced, sorted.
func (f *FS) Extensions() []string {
	var l []string
	for _, name := range []string{"posix-rename@openssh.com", "statvfs@openssh.com", "fstatvfs@openssh.com", "hardlink@openssh.com", "fsync@openssh.com", "lsetstat@openssh.com", "limits@openssh.com", "expand-path@openssh.com", "copy-data", "home-directory", "users-groups-by-id@openssh.com"} {
		if _, ok := f.c.HasExtension(name); ok {
			l = append(l, name)
		}
	}
	sort.Strings(l)
	return l
}

// Close ends the SFTP session (not the connection).
func (f *FS) Close() error { return f.c.Close() }

// Entry describes a file, folder or link.
type Entry struct {
	Name  string    `json:"name"`
	Path  string    `json:"path"`
	Type  string    `json:"type"` // file, directory, link, other
	Size  int64     `json:"size"`
	Mtime time.Time `json:"mtime"`
	Mode  string    `json:"mode"`
}

func entryOf(p string, fi fs.FileInfo) Entry {
	t := "other"
	switch {
	case fi.Mode()&fs.ModeSymlink != 0:
		t = "link"
	case fi.IsDir():
		t = "directory"
	case fi.Mode().IsRegular():
		t = "file"
	}
	return Entry{Name: fi.Name(), Path: p, Type: t, Size: fi.Size(), Mtime: fi.ModTime().UTC(), Mode: fi.Mode().Perm().String()}
}

// Info describes one path (links are not followed).
func (f *FS) Info(p string) (Entry, error) {
	fi, err := f.c.Lstat(p)
	if err != nil {
		return Entry{}, fmt.Errorf("info %s: %w", p, err)
	}
	e := entryOf(p, fi)
	e.Name = path.Base(p)
	return e, nil
}

// List lists a folder, sorted by name; a file lists as itself.
func (f *FS) List(p string) ([]Entry, error) {
	fi, err := f.c.Stat(p)
	if err != nil {
		return nil, fmt.Errorf("browse %s: %w", p, err)
	}
	if !fi.IsDir() {
		e, err := f.Info(p)
		return []Entry{e}, err
	}
	infos, err := f.c.ReadDir(p)
	if err != nil {
		return nil, fmt.Errorf("browse %s: %w", p, err)
	}
	out := make([]Entry, 0, len(infos))
	for _, fi := range infos {
		out = append(out, entryOf(path.Join(p, fi.Name()), fi))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// Mkdir creates a folder and its parents.
func (f *FS) Mkdir(p string) error {
	if err := f.c.MkdirAll(p); err != nil {
		return fmt.Errorf("mkdir %s: %w", p, err)
	}
	return nil
}

// Rename moves from to to (refused when to exists, as ascmd does).
func (f *FS) Rename(from, to string) error {
	if _, err := f.c.Lstat(to); err == nil {
		return fmt.Errorf("rename %s: %s exists", from, to)
	}
	if err := f.c.Rename(from, to); err != nil {
		return fmt.Errorf("rename %s: %w", from, err)
	}
	return nil
}

// Remove deletes a file, a link or a folder with its contents.
func (f *FS) Remove(p string) error {
	fi, err := f.c.Lstat(p)
	if err != nil {
		return fmt.Errorf("delete %s: %w", p, err)
	}
	if fi.IsDir() {
		err = f.c.RemoveAll(p)
	} else {
		err = f.c.Remove(p)
	}
	if err != nil {
		return fmt.Errorf("delete %s: %w", p, err)
	}
	return nil
}

// Copy copies a file, or a folder with its contents, through this client (SFTP has no copy
// on the server side): the bytes go there and back.
func (f *FS) Copy(from, to string) error {
	w := f.c.Walk(from)
	for w.Step() {
		if err := w.Err(); err != nil {
			return fmt.Errorf("cp %s: %w", w.Path(), err)
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(w.Path(), from), "/")
		dst := path.Join(to, rel)
		fi := w.Stat()
		var err error
		switch {
		case fi.IsDir():
			err = f.c.MkdirAll(dst)
		case fi.Mode()&fs.ModeSymlink != 0:
			var target string
			if target, err = f.c.ReadLink(w.Path()); err == nil {
				err = f.c.Symlink(target, dst)
			}
		case fi.Mode().IsRegular():
			err = f.copyFile(w.Path(), dst, fi.Mode().Perm())
		}
		if err != nil {
			return fmt.Errorf("cp %s: %w", w.Path(), err)
		}
	}
	return nil
}

func (f *FS) copyFile(from, to string, perm fs.FileMode) error {
	in, err := f.c.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := f.c.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_TRUNC)
	if err != nil {
		return err
	}
	if _, err := in.WriteTo(out); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	return f.c.Chmod(to, perm)
}

// Usage is what du reports.
type Usage struct {
	Path  string `json:"path"`
	Size  int64  `json:"size"`
	Files int64  `json:"files"`
	Dirs  int64  `json:"dirs"`
}

// Du walks a folder and adds up its files (computed: SFTP has no du).
func (f *FS) Du(p string) (Usage, error) {
	u := Usage{Path: p}
	w := f.c.Walk(p)
	for w.Step() {
		if err := w.Err(); err != nil {
			return u, fmt.Errorf("du %s: %w", w.Path(), err)
		}
		fi := w.Stat()
		switch {
		case fi.IsDir():
			if w.Path() != p {
				u.Dirs++
			}
		case fi.Mode().IsRegular():
			u.Files++
			u.Size += fi.Size()
		}
	}
	return u, nil
}

// Space is what df reports.
type Space struct {
	Path  string `json:"path"`
	Total uint64 `json:"total"`
	Free  uint64 `json:"free"`
	Used  uint64 `json:"used"`
}

// ErrNotAvailable is returned for an operation the server's SFTP does not offer.
var ErrNotAvailable = errors.New("not available over this server's SFTP")

// Df reports the space of the file system of a path (the statvfs@openssh.com extension).
func (f *FS) Df(p string) (Space, error) {
	if _, ok := f.c.HasExtension("statvfs@openssh.com"); !ok {
		return Space{}, fmt.Errorf("df %s: %w", p, ErrNotAvailable)
	}
	st, err := f.c.StatVFS(p)
	if err != nil {
		return Space{}, fmt.Errorf("df %s: %w", p, err)
	}
	total, free := st.TotalSpace(), st.FreeSpace()
	return Space{Path: p, Total: total, Free: free, Used: total - free}, nil
}

// MD5 computes the MD5 of a file by reading it (SFTP has no checksum command).
func (f *FS) MD5(p string) (string, error) {
	r, err := f.c.Open(p)
	if err != nil {
		return "", fmt.Errorf("md5sum %s: %w", p, err)
	}
	defer r.Close()
	h := md5.New()
	if _, err := io.Copy(h, r); err != nil {
		return "", fmt.Errorf("md5sum %s: %w", p, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
