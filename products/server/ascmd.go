package server

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// The ascmd protocol (protocols.md 5.2-5.3): commands are text lines ("as_ls "/path""), results
// are binary records: type uint8, length uint32 big-endian, value. A structure's value is a list
// of field records.

// Quote quotes an argument of an ascmd command: double quotes, with \ and " escaped.
func Quote(arg string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(arg) + `"`
}

// Command returns the text line of an ascmd command: "as_<name>" and its quoted arguments.
func Command(name string, args ...string) string {
	var b strings.Builder
	b.WriteString("as_" + name)
	for _, a := range args {
		b.WriteString(" " + Quote(a))
	}
	return b.String() + "\n"
}

// Result types of ascmd.
const (
	ResultStat    = 1
	ResultDir     = 2
	ResultSize    = 3
	ResultError   = 4
	ResultInfo    = 5
	ResultSuccess = 6
	ResultExit    = 7
	ResultDF      = 8
	ResultMD5     = 9
)

// Stat is a file of ascmd's ls.
type Stat struct {
	Name    string    `json:"name"`
	Size    int64     `json:"size"`
	Mode    string    `json:"mode"` // ls-style ("drwxr-xr-x")
	UID     string    `json:"uid"`
	GID     string    `json:"gid"`
	Mtime   time.Time `json:"mtime"`
	Symlink string    `json:"symlink,omitempty"`
	Errno   int32     `json:"errno,omitempty"`
	Errstr  string    `json:"errstr,omitempty"`
}

// Type is file, directory, link or other, from the mode string.
func (s Stat) Type() string {
	switch {
	case strings.HasPrefix(s.Mode, "d"):
		return "directory"
	case strings.HasPrefix(s.Mode, "-"):
		return "file"
	case strings.HasPrefix(s.Mode, "l"):
		return "link"
	}
	return "other"
}

// DU is ascmd's du result.
type DU struct {
	Size, Files, Dirs, FailedFiles, FailedDirs int64
}

// Mount is one file system of ascmd's df.
type Mount struct {
	FS, Dir, Type            string
	Total, Used, Free, Files int64
	Errno                    int32
	Errstr                   string
}

// Result is one decoded ascmd result.
type Result struct {
	Type   int
	Stat   *Stat             // ResultStat
	Dir    []Stat            // ResultDir
	DU     *DU               // ResultSize
	Mounts []Mount           // ResultDF
	MD5    string            // ResultMD5
	Info   map[string]string // ResultInfo
	Err    *AscmdError       // ResultError
}

// AscmdError is an error result of ascmd.
type AscmdError struct {
	Errno  int32
	Errstr string
}

func (e *AscmdError) Error() string { return fmt.Sprintf("ascmd: %s (%d)", e.Errstr, e.Errno) }

type tlv struct {
	typ   byte
	value []byte
}

// readTLV reads one record.
func readTLV(r io.Reader) (tlv, error) {
	var head [5]byte
	if _, err := io.ReadFull(r, head[:]); err != nil {
		return tlv{}, err
	}
	n := binary.BigEndian.Uint32(head[1:])
	if n > 64<<20 {
		return tlv{}, fmt.Errorf("ascmd: record of %d bytes", n)
	}
	v := make([]byte, n)
	if _, err := io.ReadFull(r, v); err != nil {
		return tlv{}, fmt.Errorf("ascmd: record cut: %w", io.ErrUnexpectedEOF)
	}
	return tlv{head[0], v}, nil
}

// fields splits a structure's value into its field records.
func fields(v []byte) ([]tlv, error) {
	var out []tlv
	for len(v) > 0 {
		if len(v) < 5 {
			return nil, errors.New("ascmd: field cut")
		}
		n := int(binary.BigEndian.Uint32(v[1:5]))
		if 5+n > len(v) {
			return nil, errors.New("ascmd: field longer than its structure")
		}
		out = append(out, tlv{v[0], v[5 : 5+n]})
		v = v[5+n:]
	}
	return out, nil
}

func zstr(v []byte) string { return strings.TrimSuffix(string(v), "\x00") }

func beUint(v []byte) int64 {
	switch len(v) {
	case 4:
		return int64(binary.BigEndian.Uint32(v))
	case 8:
		return int64(binary.BigEndian.Uint64(v))
	}
	return 0
}

func decodeStat(v []byte) (Stat, error) {
	fs, err := fields(v)
	if err != nil {
		return Stat{}, err
	}
	var s Stat
	for _, f := range fs {
		switch f.typ {
		case 1:
			s.Name = zstr(f.value)
		case 2:
			s.Size = beUint(f.value)
		case 4:
			s.Mode = zstr(f.value)
		case 6:
			s.UID = zstr(f.value)
		case 8:
			s.GID = zstr(f.value)
		case 11:
			s.Mtime = time.Unix(beUint(f.value), 0).UTC()
		case 15:
			s.Symlink = zstr(f.value)
		case 16:
			s.Errno = int32(beUint(f.value))
		case 17:
			s.Errstr = zstr(f.value)
		}
	}
	return s, nil
}

// ReadResult reads one result of ascmd.
func ReadResult(r io.Reader) (Result, error) {
	t, err := readTLV(r)
	if err != nil {
		return Result{}, err
	}
	res := Result{Type: int(t.typ)}
	switch t.typ {
	case ResultStat:
		s, err := decodeStat(t.value)
		res.Stat = &s
		return res, err
	case ResultDir:
		items, err := fields(t.value)
		if err != nil {
			return res, err
		}
		for _, it := range items {
			s, err := decodeStat(it.value)
			if err != nil {
				return res, err
			}
			res.Dir = append(res.Dir, s)
		}
	case ResultSize:
		fs, err := fields(t.value)
		if err != nil {
			return res, err
		}
		d := &DU{}
		for _, f := range fs {
			n := beUint(f.value)
			switch f.typ {
			case 1:
				d.Size = n
			case 2:
				d.Files = n
			case 3:
				d.Dirs = n
			case 4:
				d.FailedFiles = n
			case 5:
				d.FailedDirs = n
			}
		}
		res.DU = d
	case ResultError:
		fs, err := fields(t.value)
		if err != nil {
			return res, err
		}
		e := &AscmdError{}
		for _, f := range fs {
			switch f.typ {
			case 1:
				e.Errno = int32(beUint(f.value))
			case 2:
				e.Errstr = zstr(f.value)
			}
		}
		res.Err = e
	case ResultInfo:
		fs, err := fields(t.value)
		if err != nil {
			return res, err
		}
		names := map[byte]string{1: "platform", 2: "version", 3: "lang", 4: "territory", 5: "codeset", 6: "lc_ctype",
			7: "lc_numeric", 8: "lc_time", 9: "lc_all", 10: "dev", 11: "browse_caps", 12: "protocol"}
		res.Info = map[string]string{}
		for _, f := range fs {
			name, ok := names[f.typ]
			if !ok {
				continue
			}
			val := zstr(f.value)
			if f.typ == 12 && len(f.value) == 8 && f.value[7] != 0 { // a uint64 in some versions
				val = fmt.Sprint(beUint(f.value))
			}
			if old, ok := res.Info[name]; ok && name == "dev" {
				val = old + "," + val
			}
			res.Info[name] = val
		}
	case ResultDF:
		fs, err := fields(t.value)
		if err != nil {
			return res, err
		}
		var m *Mount
		for _, f := range fs {
			if f.typ == 1 {
				res.Mounts = append(res.Mounts, Mount{})
				m = &res.Mounts[len(res.Mounts)-1]
			}
			if m == nil {
				return res, errors.New("ascmd: df field before its mount")
			}
			switch f.typ {
			case 1:
				m.FS = zstr(f.value)
			case 2:
				m.Dir = zstr(f.value)
			case 3:
				m.Type = zstr(f.value)
			case 4:
				m.Total = beUint(f.value)
			case 5:
				m.Used = beUint(f.value)
			case 6:
				m.Free = beUint(f.value)
			case 7:
				m.Files = beUint(f.value)
			case 8:
				m.Errno = int32(beUint(f.value))
			case 9:
				m.Errstr = zstr(f.value)
			}
		}
	case ResultMD5:
		fs, err := fields(t.value)
		if err != nil {
			return res, err
		}
		for _, f := range fs {
			if f.typ == 1 {
				res.MD5 = zstr(f.value)
			}
		}
	case ResultSuccess, ResultExit:
	default:
		return res, fmt.Errorf("ascmd: unknown result type %d", t.typ)
	}
	return res, nil
}

// NewResultReader wraps ascmd's stdout for ReadResult.
func NewResultReader(r io.Reader) *bufio.Reader { return bufio.NewReaderSize(r, 64<<10) }
