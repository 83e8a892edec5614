package server

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"reflect"
	"testing"
	"time"
)

// rec encodes a record (the ascmd wire format), for the golden tests.
func rec(typ byte, value []byte) []byte {
	b := []byte{typ, 0, 0, 0, 0}
	binary.BigEndian.PutUint32(b[1:], uint32(len(value)))
	return append(b, value...)
}

func z(s string) []byte { return append([]byte(s), 0) }

func i64(n int64) []byte { b := make([]byte, 8); binary.BigEndian.PutUint64(b, uint64(n)); return b }

func i32(n int32) []byte { b := make([]byte, 4); binary.BigEndian.PutUint32(b, uint32(n)); return b }

func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

func stat(name, mode string, size, mtime int64) []byte {
	return cat(rec(1, z(name)), rec(2, i64(size)), rec(3, i32(0o644)), rec(4, z(mode)), rec(6, z("xfer")), rec(8, z("users")),
		rec(11, i64(mtime)), rec(12, z("2024-01-01")))
}

func TestAscmdCommand(t *testing.T) {
	if got := Command("mv", `/a "b"`, `c\d`); got != `as_mv "/a \"b\"" "c\\d"`+"\n" {
		t.Fatalf("command %q", got)
	}
	if got := Command("df"); got != "as_df\n" {
		t.Fatalf("df %q", got)
	}
}

func TestAscmdGolden(t *testing.T) {
	stream := cat(
		rec(ResultInfo, cat(rec(1, z("linux")), rec(2, z("4.4.2")), rec(10, z("/dev/a")), rec(10, z("/dev/b")), rec(12, z("2")))),
		rec(ResultDir, cat(rec(1, stat("a.txt", "-rw-r--r--", 12, 1700000000)), rec(1, stat("sub", "drwxr-xr-x", 0, 1700000100)))),
		rec(ResultStat, stat("one", "lrwxrwxrwx", 5, 1)),
		rec(ResultSize, cat(rec(1, i64(1<<40)), rec(2, i32(3)), rec(3, i32(2)), rec(4, i32(0)), rec(5, i32(1)))),
		rec(ResultDF, cat(rec(1, z("/dev/sda1")), rec(2, z("/")), rec(4, i64(100)), rec(6, i64(40)), rec(1, z("tmpfs")), rec(2, z("/tmp")))),
		rec(ResultMD5, rec(1, z("d41d8cd98f00b204e9800998ecf8427e"))),
		rec(ResultError, cat(rec(1, i32(2)), rec(2, z("No such file or directory")))),
		rec(ResultSuccess, nil),
		rec(ResultExit, nil),
	)
	r := NewResultReader(bytes.NewReader(stream))
	next := func() Result {
		t.Helper()
		res, err := ReadResult(r)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	if info := next().Info; !reflect.DeepEqual(info, map[string]string{"platform": "linux", "version": "4.4.2", "dev": "/dev/a,/dev/b", "protocol": "2"}) {
		t.Fatalf("info %v", info)
	}
	dir := next().Dir
	want := []Stat{
		{Name: "a.txt", Size: 12, Mode: "-rw-r--r--", UID: "xfer", GID: "users", Mtime: time.Unix(1700000000, 0).UTC()},
		{Name: "sub", Mode: "drwxr-xr-x", UID: "xfer", GID: "users", Mtime: time.Unix(1700000100, 0).UTC()},
	}
	if !reflect.DeepEqual(dir, want) || dir[0].Type() != "file" || dir[1].Type() != "directory" {
		t.Fatalf("dir %+v", dir)
	}
	if s := next().Stat; s.Name != "one" || s.Type() != "link" {
		t.Fatalf("stat %+v", s)
	}
	if d := next().DU; *d != (DU{Size: 1 << 40, Files: 3, Dirs: 2, FailedDirs: 1}) {
		t.Fatalf("du %+v", d)
	}
	if m := next().Mounts; len(m) != 2 || m[0] != (Mount{FS: "/dev/sda1", Dir: "/", Total: 100, Free: 40}) || m[1].Dir != "/tmp" {
		t.Fatalf("df %+v", m)
	}
	if s := next().MD5; s != "d41d8cd98f00b204e9800998ecf8427e" {
		t.Fatalf("md5 %s", s)
	}
	if e := next().Err; e == nil || e.Error() != "ascmd: No such file or directory (2)" {
		t.Fatalf("error %v", e)
	}
	if next().Type != ResultSuccess || next().Type != ResultExit {
		t.Fatal("success/exit")
	}
	if _, err := ReadResult(r); !errors.Is(err, io.EOF) {
		t.Fatalf("end: %v", err)
	}
}

func TestAscmdBroken(t *testing.T) {
	for name, b := range map[string][]byte{
		"cut record":     rec(ResultMD5, rec(1, z("abc")))[:8],
		"field too long": rec(ResultSize, []byte{1, 0, 0, 0, 9, 1}),
		"unknown type":   rec(42, nil),
		"df field first": rec(ResultDF, rec(2, z("/"))),
		"huge length":    {1, 0xff, 0xff, 0xff, 0xff},
	} {
		if _, err := ReadResult(bytes.NewReader(b)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
