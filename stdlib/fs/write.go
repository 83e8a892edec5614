package fs

import (
	"context"
	"fmt"
	"io"
	iofs "io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/internal/atomicfile"
	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/stdlib/internal/opt"
)

// write: fs.write(path, data, opts?)
func write(L *lua.LState) int {
	p := checkPath(L, 1, "write")
	data := L.CheckString(2)
	o := opt.Get(L, 3, "append", "mode", "atomic")
	mode, explicit := fileMode(o)
	var err error
	if o.Bool("atomic", false) {
		err = WriteAtomic(p, []byte(data), o.Bool("append", false), mode, explicit)
	} else {
		err = writeFile(p, data, o.Bool("append", false), mode, explicit)
	}
	if err != nil {
		fail(L, "write", err)
	}
	return 0
}

// fileMode decodes the mode option: octal text ("0600", "600", "0o600") or a number
// (420 or, in Lua, tonumber("644", 8)).
func fileMode(o opt.Table) (mode iofs.FileMode, explicit bool) {
	var n uint64
	var err error
	switch v := o.Value("mode").(type) {
	case *lua.LNilType:
		return 0o644, false
	case lua.LNumber:
		if v < 0 || v != lua.LNumber(uint64(v)) {
			err = fmt.Errorf("%v is not a permission (000 to 777)", v)
		}
		n = uint64(v)
	case lua.LString:
		n, err = strconv.ParseUint(strings.TrimPrefix(string(v), "0o"), 8, 32)
	default:
		err = fmt.Errorf("string or number expected, got %s", v.Type())
	}
	if err == nil && n > 0o777 {
		err = fmt.Errorf("%o is not a permission (000 to 777)", n)
	}
	if err != nil {
		o.L.ArgError(o.N, fmt.Sprintf("option mode: %v", err))
	}
	return iofs.FileMode(n), true
}

func writeFile(p, data string, appendTo bool, mode iofs.FileMode, explicit bool) error {
	flags := os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	if appendTo {
		flags = os.O_WRONLY | os.O_CREATE | os.O_APPEND
	}
	f, err := os.OpenFile(p, flags, mode)
	if err != nil {
		return err
	}
	if explicit {
		err = f.Chmod(mode)
	}
	if err == nil {
		_, err = f.WriteString(data)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// WriteAtomic replaces the file p with data (appended to its old content when appendTo):
// it writes a temporary file in the same folder, syncs it and renames it over p, so p is
// either the old or the new content, never a mix. The temporary file is removed on
// failure. Unless explicit, an existing file keeps its permissions; a symbolic link is
// written through to its target.
func WriteAtomic(p string, data []byte, appendTo bool, mode iofs.FileMode, explicit bool) error {
	if target, err := filepath.EvalSymlinks(p); err == nil {
		p = target
	}
	if fi, err := os.Stat(p); err == nil && !explicit {
		mode = fi.Mode().Perm()
	}
	if appendTo {
		old, err := os.ReadFile(p)
		if err != nil && !notExist(err) {
			return err
		}
		data = append(old, data...)
	}
	return atomicfile.Write(p, data, mode)
}

// copy: fs.copy(src, dst)
func copyFn(L *lua.LState) int {
	src, dst := checkPath(L, 1, "copy"), checkPath(L, 2, "copy")
	if err := copyFile(runtime.Context(L), src, dst); err != nil {
		fail(L, "copy", err)
	}
	return 0
}

func copyFile(ctx context.Context, src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	fi, err := in.Stat()
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file", src)
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, fi.Mode().Perm())
	if err != nil {
		return err
	}
	_, err = io.Copy(out, ctxReader{ctx, in})
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(dst)
	}
	return err
}

// ctxReader stops reading when ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(b []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(b)
}
