package fs_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/runtime/luatest"
	"github.com/asperalm/aslmcli/stdlib/fs"
	"github.com/asperalm/aslmcli/stdlib/json"
)

func TestReadWrite(t *testing.T) {
	dir := t.TempDir()
	s := luatest.New(t, fs.Module)
	s.Must(`
		local fs, dir = require("fs"), ...
		local p = dir .. "/a.txt"
		assert(not fs.exists(p) and fs.stat(p) == nil)
		fs.write(p, "hello")
		assert(fs.exists(p) and fs.read(p) == "hello")
		fs.write(p, " world", {append = true})
		assert(fs.read(p) == "hello world")
		fs.write(p, "bin\0\255")
		assert(fs.read(p) == "bin\0\255")
		local st = fs.stat(p)
		assert(st.name == "a.txt" and st.path == p and st.size == 5 and st.is_file and not st.is_dir)
		assert(not st.is_link and math.abs(st.mtime - os.time()) < 60, st.mtime)
		fs.write(p, "secret", {mode = "0600"})
		assert(fs.stat(p).mode == "0600", fs.stat(p).mode)
		fs.write(p, "x", {mode = tonumber("640", 8)})
		assert(fs.stat(p).mode == "0640")
		local d = fs.stat(dir)
		assert(d.is_dir and not d.is_file)
		assert(fs.stat(p .. "/under/a/file") == nil and not fs.exists(p .. "/x"))`, dir)
	s.Fail(runtime.KindIO, "fs.read: open "+dir+"/missing: no such file or directory",
		`require("fs").read((...) .. "/missing")`, dir)
	s.Fail(runtime.KindIO, "fs.write: open "+dir+"/no/such/file:", `require("fs").write((...) .. "/no/such/file", "x")`, dir)
	s.Fail(runtime.KindLua, `unexpected option "apend"`, `require("fs").write((...) .. "/x", "x", {apend = true})`, dir)
	s.Fail(runtime.KindLua, "option mode: 1000 is not a permission", `require("fs").write((...) .. "/x", "x", {mode = "1000"})`, dir)
	s.Fail(runtime.KindLua, "option mode:", `require("fs").write((...) .. "/x", "x", {mode = "rw"})`, dir)
	s.Fail(runtime.KindLua, "option mode: -1 is not a permission", `require("fs").write((...) .. "/x", "x", {mode = -1})`, dir)
	s.Fail(runtime.KindLua, "option mode: string or number expected", `require("fs").write((...) .. "/x", "x", {mode = true})`, dir)
}

func TestAtomic(t *testing.T) {
	dir := t.TempDir()
	s := luatest.New(t, fs.Module)
	s.Must(`
		local fs, dir = require("fs"), ...
		local p = dir .. "/config.yaml"
		fs.write(p, "v1", {atomic = true, mode = "0600"})
		assert(fs.read(p) == "v1" and fs.stat(p).mode == "0600")
		fs.write(p, "v2", {atomic = true})
		assert(fs.read(p) == "v2" and fs.stat(p).mode == "0600", "keeps the mode")
		fs.write(p, "+v3", {atomic = true, append = true})
		assert(fs.read(p) == "v2+v3")
		fs.write(p, "v4", {atomic = true, mode = 420})
		assert(fs.stat(p).mode == "0644")
		assert(#fs.list(dir) == 1)`, dir)
	// through a symbolic link: the target is replaced, the link stays
	if err := os.Symlink(filepath.Join(dir, "config.yaml"), filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	s.Must(`
		local fs, dir = require("fs"), ...
		fs.write(dir .. "/link", "v5", {atomic = true})
		assert(fs.stat(dir .. "/link").is_link and fs.read(dir .. "/config.yaml") == "v5")`, dir)
	// a failed rename (the target is a folder) leaves no temporary file behind
	if err := os.Mkdir(filepath.Join(dir, "target"), 0o755); err != nil {
		t.Fatal(err)
	}
	s.Fail(runtime.KindIO, "fs.write: rename ", `require("fs").write((...) .. "/target", "x", {atomic = true})`, dir)
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if strings.Join(names, ",") != "config.yaml,link,target" {
		t.Errorf("left behind: %v", names)
	}
	s.Fail(runtime.KindIO, "fs.write: open ", `require("fs").write((...) .. "/nodir/x", "x", {atomic = true})`, dir)
}

func TestFolders(t *testing.T) {
	dir := t.TempDir()
	s := luatest.New(t, fs.Module, json.Module)
	s.Must(`
		local fs, json, dir = require("fs"), require("json"), ...
		assert(json.encode(fs.list(dir)) == "[]")
		fs.mkdir(dir .. "/a/b/c")
		fs.mkdir(dir .. "/a/b/c")
		fs.mkdir(dir .. "/z", {parents = false})
		for _, n in ipairs({"b.txt", "a.txt", "c.lua"}) do fs.write(dir .. "/a/" .. n, n) end
		assert(table.concat(fs.list(dir .. "/a"), ",") == "a.txt,b,b.txt,c.lua")
		assert(table.concat(fs.glob(dir .. "/a/*.txt"), ",") == dir .. "/a/a.txt," .. dir .. "/a/b.txt")
		assert(json.encode(fs.glob(dir .. "/none*")) == "[]")
		fs.copy(dir .. "/a/a.txt", dir .. "/copy.txt")
		assert(fs.read(dir .. "/copy.txt") == "a.txt")
		fs.rename(dir .. "/copy.txt", dir .. "/moved.txt")
		assert(not fs.exists(dir .. "/copy.txt") and fs.read(dir .. "/moved.txt") == "a.txt")
		assert(fs.remove(dir .. "/moved.txt") == true)
		assert(fs.remove(dir .. "/moved.txt") == false)
		assert(fs.remove(dir .. "/no/such/thing", {recursive = true}) == false)
		local ok, err = pcall(fs.remove, dir .. "/a")
		assert(not ok and err.kind == "io" and err.message:find("^fs.remove: "), tostring(err))
		assert(fs.remove(dir .. "/a", {recursive = true}) == true and not fs.exists(dir .. "/a"))
		assert(fs.cwd() ~= "" and fs.home() ~= "")`, dir)
	s.Fail(runtime.KindIO, "fs.mkdir: mkdir ", `require("fs").mkdir((...) .. "/z", {parents = false})`, dir)
	s.Fail(runtime.KindIO, "fs.list: open ", `require("fs").list((...) .. "/none")`, dir)
	s.Fail(runtime.KindIO, "fs.copy: "+dir+" is not a regular file", `require("fs").copy(..., "x")`, dir)
	s.Fail(runtime.KindIO, "fs.copy: open ", `require("fs").copy((...) .. "/none", "x")`, dir)
	s.Fail(runtime.KindIO, "fs.rename: rename ", `require("fs").rename((...) .. "/none", "x")`, dir)
	s.Fail(runtime.KindLua, "syntax error in pattern", `require("fs").glob("[")`)
}

func TestHome(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	s := luatest.New(t, fs.Module)
	s.Must(`
		local fs = require("fs")
		fs.write("~/f.txt", "in home")
		assert(fs.read("~/f.txt") == "in home" and fs.home() == ...)
		assert(fs.stat("~/f.txt").path == (...) .. "/f.txt")`, home)
	if b, err := os.ReadFile(filepath.Join(home, "f.txt")); err != nil || string(b) != "in home" {
		t.Errorf("got %q, %v", b, err)
	}
}
