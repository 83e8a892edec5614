// Package copytree copies files and folders as an Aspera transfer places them, for the test
// doubles that stand for a far end on this machine (transfer/ascp's fakeascp, connecttest): a
// source folder f lands as DEST/f/... with its tree, a source file as DEST/name, a destination
// file shorter than its source is resumed from where it stops, and one as long is kept.
package copytree

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// File is one file to copy.
type File struct {
	Src, Dst string
	Size     int64
}

// Plan lists the files of the sources (folders walked in lexical order) with their targets
// under dest, and their total size. A source that cannot be read is an error (an
// *fs.PathError: errors.Is(err, fs.ErrNotExist) for a missing one).
func Plan(sources []string, dest string) ([]File, int64, error) {
	var files []File
	var total int64
	for _, src := range sources {
		base := filepath.Base(src)
		err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(src, p)
			files = append(files, File{Src: p, Dst: filepath.Join(dest, base, rel), Size: info.Size()})
			total += info.Size()
			return nil
		})
		if err != nil {
			return nil, 0, err
		}
	}
	return files, total, nil
}

// ErrStopped is the error of Copy when each asked to stop.
var ErrStopped = errors.New("copy stopped")

// Copy copies the file in chunks of chunk bytes, from the size of a shorter destination
// (resume); a destination as long as the source is kept, as done. After each chunk, each gets
// the bytes of the file done so far and tells whether to go on. It returns the bytes of the
// file done (the resumed part included).
func (f File) Copy(chunk int, each func(done int64) bool) (int64, error) {
	if st, err := os.Stat(f.Dst); err == nil && st.Mode().IsRegular() && st.Size() == f.Size && f.Size > 0 {
		each(f.Size)
		return f.Size, nil
	}
	in, err := os.Open(f.Src)
	if err != nil {
		return 0, err
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(f.Dst), 0o755); err != nil {
		return 0, err
	}
	var done int64
	flags := os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	if st, err := os.Stat(f.Dst); err == nil && st.Mode().IsRegular() && st.Size() < f.Size {
		done, flags = st.Size(), os.O_WRONLY|os.O_APPEND
		if _, err := in.Seek(done, io.SeekStart); err != nil {
			return 0, err
		}
	}
	out, err := os.OpenFile(f.Dst, flags, 0o644)
	if err != nil {
		return 0, err
	}
	buf := make([]byte, max(chunk, 1))
	for {
		k, rerr := in.Read(buf)
		if k > 0 {
			if _, err := out.Write(buf[:k]); err != nil {
				out.Close()
				return done, err
			}
			done += int64(k)
			if !each(done) {
				out.Close()
				return done, ErrStopped
			}
		}
		if rerr == io.EOF {
			return done, out.Close()
		}
		if rerr != nil {
			out.Close()
			return done, rerr
		}
	}
}
