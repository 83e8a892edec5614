package path_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/runtime/luatest"
	"github.com/asperalm/aslmcli/stdlib/path"
)

func TestPath(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	wd, _ := os.Getwd()
	s := luatest.New(t, path.Module)
	s.Must(`
		local path, home, wd = require("path"), ...
		assert(path.join("a", "b", "../c", "d.txt") == "a/c/d.txt")
		assert(path.join("/a/", "", "b") == "/a/b" and path.join() == "")
		assert(path.base("/a/b.txt") == "b.txt" and path.base("/a/b/") == "b" and path.base("") == ".")
		assert(path.dir("/a/b.txt") == "/a" and path.dir("b.txt") == ".")
		assert(path.ext("a/b.tar.gz") == ".gz" and path.ext("a/b") == "")
		assert(path.clean("a//b/./c/..") == "a/b")
		local d, f = path.split("/a/b.txt")
		assert(d == "/a/" and f == "b.txt")
		d, f = path.split("b.txt")
		assert(d == "" and f == "b.txt")
		assert(path.is_abs("/a") and not path.is_abs("a"))
		assert(path.rel("/a/b", "/a/c/d") == "../c/d")
		assert(path.abs("x") == wd .. "/x" and path.abs("/x/../y") == "/y")
		assert(path.abs("~/x") == home .. "/x")
		assert(path.expand("~") == home and path.expand("~/a") == home .. "/a")
		assert(path.expand("~user/a") == "~user/a" and path.expand("a/~") == "a/~")`, home, wd)
	s.Fail(runtime.KindError, "path.rel: Rel: can't make /b relative to a", `require("path").rel("a", "/b")`)
	s.Fail(runtime.KindLua, "bad argument #2", `require("path").join("a", {})`)
	if got, _ := path.Expand("~" + string(filepath.Separator) + "k"); got != filepath.Join(home, "k") {
		t.Errorf("Expand: %s", got)
	}
}
