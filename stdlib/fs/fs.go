// Package fs is the Lua module "fs": the local file system. Every path accepts a leading
// "~" for the home folder. Failures raise errors of kind io whose message starts with
// "fs.<function>: " followed by the operating system's error; absence is not a failure
// for the predicates and lookups (exists, stat, remove).
//
// Decisions where the design was silent:
//   - write returns nothing; an explicit mode is also applied to an existing file (a
//     script that writes a secret with mode "0600" gets 0600), while the default mode only
//     applies, less the umask, to a file that write creates;
//   - an atomic write keeps the mode of the file it replaces unless mode is given, applies
//     the mode exactly (no umask), writes through a symbolic link to its target, and with
//     append rewrites the old content followed by data;
//   - exists follows symbolic links (false for a dangling link); stat describes the target
//     of a link (or the link itself when dangling) and sets is_link; stat.path is the path
//     as given, "~" expanded; a path under a regular file ("file/x") does not exist;
//   - copy copies one regular file's bytes and permissions to dst (a file path, not a
//     folder), stops when the script is interrupted, and removes a partial dst on failure;
//   - mkdir uses mode 0755 less the umask; with parents=false an existing folder is an error;
//   - glob raises a usage error (bad argument) on a malformed pattern.
package fs

import (
	_ "embed"
	"errors"
	"fmt"
	iofs "io/fs"
	"os"
	"path/filepath"
	"sort"
	"syscall"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/stdlib/internal/opt"
	"github.com/asperalm/aslmcli/stdlib/path"
)

//go:embed fs.d.lua
var meta string

// Module is the "fs" module.
var Module = runtime.Module{
	Name: "fs",
	Doc:  "Local files: read, write (atomic), stat, list, mkdir, remove, copy, glob",
	Open: open,
	Meta: meta,
}

func open(L *lua.LState) int {
	L.Push(L.SetFuncs(L.NewTable(), map[string]lua.LGFunction{
		"read": read, "write": write, "exists": exists, "stat": stat, "list": list,
		"mkdir": mkdir, "remove": remove, "rename": rename, "copy": copyFn,
		"glob": glob, "cwd": cwd, "home": home,
	}))
	return 1
}

// fail raises err as an io error of function fn (an interruption stays an interruption).
func fail(L *lua.LState, fn string, err error) {
	runtime.RaiseIn(L, runtime.KindIO, "fs."+fn, err)
}

// checkPath returns argument n as a path, "~" expanded.
func checkPath(L *lua.LState, n int, fn string) string {
	p, err := path.Expand(L.CheckString(n))
	if err != nil {
		fail(L, fn, err)
	}
	return p
}

func notExist(err error) bool {
	return errors.Is(err, iofs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)
}

// read: fs.read(path) -> string
func read(L *lua.LState) int {
	b, err := os.ReadFile(checkPath(L, 1, "read"))
	if err != nil {
		fail(L, "read", err)
	}
	L.Push(lua.LString(b))
	return 1
}

// exists: fs.exists(path) -> boolean
func exists(L *lua.LState) int {
	_, err := os.Stat(checkPath(L, 1, "exists"))
	L.Push(lua.LBool(err == nil))
	return 1
}

// stat: fs.stat(path) -> table or nil
func stat(L *lua.LState) int {
	p := checkPath(L, 1, "stat")
	fi, err := os.Lstat(p)
	if notExist(err) {
		L.Push(lua.LNil)
		return 1
	}
	if err != nil {
		fail(L, "stat", err)
	}
	link := fi.Mode()&iofs.ModeSymlink != 0
	if target, err := os.Stat(p); link && err == nil {
		fi = target
	}
	L.Push(runtime.ToLua(L, map[string]any{
		"name": filepath.Base(p), "path": p, "size": fi.Size(),
		"mode":  fmt.Sprintf("%04o", fi.Mode().Perm()),
		"mtime": fi.ModTime().Unix(), "is_dir": fi.IsDir(), "is_file": fi.Mode().IsRegular(),
		"is_link": link,
	}))
	return 1
}

// list: fs.list(dir) -> sorted names
func list(L *lua.LState) int {
	entries, err := os.ReadDir(checkPath(L, 1, "list"))
	if err != nil {
		fail(L, "list", err)
	}
	names := make([]string, len(entries))
	for i, e := range entries {
		names[i] = e.Name()
	}
	sort.Strings(names)
	L.Push(runtime.ToLua(L, names))
	return 1
}

// mkdir: fs.mkdir(path, opts?)
func mkdir(L *lua.LState) int {
	p := checkPath(L, 1, "mkdir")
	mk := os.MkdirAll
	if !opt.Get(L, 2, "parents").Bool("parents", true) {
		mk = os.Mkdir
	}
	if err := mk(p, 0o755); err != nil {
		fail(L, "mkdir", err)
	}
	return 0
}

// remove: fs.remove(path, opts?) -> true when removed, false when absent
func remove(L *lua.LState) int {
	p := checkPath(L, 1, "remove")
	rm := os.Remove
	if opt.Get(L, 2, "recursive").Bool("recursive", false) {
		rm = os.RemoveAll
	}
	if _, err := os.Lstat(p); notExist(err) {
		L.Push(lua.LFalse)
		return 1
	}
	if err := rm(p); err != nil {
		fail(L, "remove", err)
	}
	L.Push(lua.LTrue)
	return 1
}

// rename: fs.rename(old, new)
func rename(L *lua.LState) int {
	if err := os.Rename(checkPath(L, 1, "rename"), checkPath(L, 2, "rename")); err != nil {
		fail(L, "rename", err)
	}
	return 0
}

// glob: fs.glob(pattern) -> sorted paths
func glob(L *lua.LState) int {
	matches, err := filepath.Glob(checkPath(L, 1, "glob"))
	if err != nil {
		L.ArgError(1, err.Error())
	}
	sort.Strings(matches)
	L.Push(runtime.ToLua(L, matches))
	return 1
}

// cwd: fs.cwd() -> string
func cwd(L *lua.LState) int {
	d, err := os.Getwd()
	if err != nil {
		fail(L, "cwd", err)
	}
	L.Push(lua.LString(d))
	return 1
}

// home: fs.home() -> string
func home(L *lua.LState) int {
	d, err := os.UserHomeDir()
	if err != nil {
		fail(L, "home", err)
	}
	L.Push(lua.LString(d))
	return 1
}
