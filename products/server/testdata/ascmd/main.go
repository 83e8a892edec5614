// Command ascmd is a TEST DOUBLE of IBM Aspera's ascmd, installed on the PATH of the test sshd:
// it reads as_* command lines on stdin and answers the binary result records of the ascmd
// protocol (protocols.md 5.2-5.3) from the local file system: ls, du, df, md5sum, mkdir, rm,
// mv, cp, info; as_exit ends it. It first emits an info record, as ascmd does.
package main

import (
	"bufio"
	"crypto/md5"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
)

var out = bufio.NewWriter(os.Stdout)

func rec(typ byte, value []byte) []byte {
	b := []byte{typ, 0, 0, 0, 0}
	binary.BigEndian.PutUint32(b[1:], uint32(len(value)))
	return append(b, value...)
}

func z(s string) []byte { return append([]byte(s), 0) }

func i64(n int64) []byte { b := make([]byte, 8); binary.BigEndian.PutUint64(b, uint64(n)); return b }

func i32(n int32) []byte { b := make([]byte, 4); binary.BigEndian.PutUint32(b, uint32(n)); return b }

func emit(b []byte) { _, _ = out.Write(b) }

func fail(err error) {
	errno := int32(1)
	if e, ok := err.(*os.PathError); ok {
		if n, ok := e.Err.(syscall.Errno); ok {
			errno = int32(n)
		}
		err = e.Err
	}
	msg := err.Error()
	if len(msg) > 0 {
		msg = strings.ToUpper(msg[:1]) + msg[1:]
	}
	emit(rec(4, append(rec(1, i32(errno)), rec(2, z(msg))...)))
}

func mode(fi fs.FileInfo) string {
	m := fi.Mode()
	c := "-"
	switch {
	case m&fs.ModeSymlink != 0:
		c = "l"
	case m.IsDir():
		c = "d"
	}
	return c + m.Perm().String()[1:]
}

func stat(name string, fi fs.FileInfo) []byte {
	var b []byte
	b = append(b, rec(1, z(name))...)
	b = append(b, rec(2, i64(fi.Size()))...)
	b = append(b, rec(4, z(mode(fi)))...)
	b = append(b, rec(6, z("xfer"))...)
	b = append(b, rec(8, z("xfer"))...)
	b = append(b, rec(11, i64(fi.ModTime().Unix()))...)
	return b
}

// split parses the quoted arguments of a command line.
func split(line string) []string {
	var args []string
	var cur strings.Builder
	in, esc, has := false, false, false
	for _, r := range line {
		switch {
		case esc:
			cur.WriteRune(r)
			esc = false
		case r == '\\':
			esc = true
		case r == '"':
			in, has = !in, true
		case r == ' ' && !in:
			if has || cur.Len() > 0 {
				args = append(args, cur.String())
			}
			cur.Reset()
			has = false
		default:
			cur.WriteRune(r)
		}
	}
	if has || cur.Len() > 0 {
		args = append(args, cur.String())
	}
	return args
}

func main() {
	emit(rec(5, append(append(rec(1, z("linux")), rec(2, z("4.4.2.0-double"))...), rec(12, z("1"))...)))
	out.Flush()
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		args := split(sc.Text())
		if len(args) == 0 {
			continue
		}
		cmd, a := args[0], args[1:]
		arg := func(i int) string {
			if i < len(a) {
				return a[i]
			}
			return ""
		}
		switch cmd {
		case "as_exit":
			emit(rec(7, nil))
			out.Flush()
			return
		case "as_ls":
			p := arg(0)
			fi, err := os.Lstat(p)
			if err != nil {
				fail(err)
				break
			}
			if !fi.IsDir() {
				emit(rec(1, stat(filepath.Base(p), fi)))
				break
			}
			entries, err := os.ReadDir(p)
			if err != nil {
				fail(err)
				break
			}
			sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
			var b []byte
			for _, e := range entries {
				if fi, err := e.Info(); err == nil {
					b = append(b, rec(1, stat(e.Name(), fi))...)
				}
			}
			emit(rec(2, b))
		case "as_du":
			var size int64
			var files, dirs int32
			err := filepath.WalkDir(arg(0), func(p string, d fs.DirEntry, err error) error {
				if err != nil {
					return err
				}
				if d.IsDir() {
					if p != arg(0) {
						dirs++
					}
				} else if fi, err := d.Info(); err == nil && fi.Mode().IsRegular() {
					files++
					size += fi.Size()
				}
				return nil
			})
			if err != nil {
				fail(err)
				break
			}
			emit(rec(3, append(append(rec(1, i64(size)), rec(2, i32(files))...), rec(3, i32(dirs))...)))
		case "as_df":
			var st syscall.Statfs_t
			if err := syscall.Statfs("/", &st); err != nil {
				fail(err)
				break
			}
			total, free := int64(st.Blocks)*int64(st.Bsize), int64(st.Bavail)*int64(st.Bsize)
			emit(rec(8, append(append(append(rec(1, z("rootfs")), rec(2, z("/"))...), rec(4, i64(total))...), rec(6, i64(free))...)))
		case "as_md5sum":
			f, err := os.Open(arg(0))
			if err != nil {
				fail(err)
				break
			}
			h := md5.New()
			_, err = io.Copy(h, f)
			f.Close()
			if err != nil {
				fail(err)
				break
			}
			emit(rec(9, rec(1, z(hex.EncodeToString(h.Sum(nil))))))
		case "as_mkdir":
			if err := os.MkdirAll(arg(0), 0o755); err != nil {
				fail(err)
				break
			}
			emit(rec(6, nil))
		case "as_rm":
			if _, err := os.Lstat(arg(0)); err != nil {
				fail(err)
				break
			}
			if err := os.RemoveAll(arg(0)); err != nil {
				fail(err)
				break
			}
			emit(rec(6, nil))
		case "as_mv":
			if err := os.Rename(arg(0), arg(1)); err != nil {
				fail(err)
				break
			}
			emit(rec(6, nil))
		case "as_cp":
			data, err := os.ReadFile(arg(0))
			if err == nil {
				err = os.WriteFile(arg(1), data, 0o644)
			}
			if err != nil {
				fail(err)
				break
			}
			emit(rec(6, nil))
		case "as_info":
			emit(rec(5, append(rec(1, z("linux")), rec(2, z("4.4.2.0-double"))...)))
		default:
			fail(fmt.Errorf("unknown command %s", cmd))
		}
		out.Flush()
	}
}
