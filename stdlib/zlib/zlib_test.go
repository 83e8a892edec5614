package zlib_test

import (
	"bytes"
	"compress/zlib"
	"io"
	"strings"
	"testing"

	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/runtime/luatest"
	zmod "github.com/asperalm/aslmcli/stdlib/zlib"
)

func TestZlib(t *testing.T) {
	s := luatest.New(t, zmod.Module)
	s.Must(`
		local zlib = require("zlib")
		local text = string.rep("aspera ", 1000) .. "\0\255"
		for _, level in ipairs({-1, 0, 1, 9}) do
			local z = zlib.compress(text, level)
			assert(zlib.decompress(z) == text, "level " .. level)
		end
		assert(#zlib.compress(text) < #text / 10)
		assert(#zlib.compress(text, 0) > #text)
		assert(zlib.decompress(zlib.compress("")) == "")`)
	// interoperability with the Go reader: the zlib format, not raw deflate or gzip
	z := s.String(`return require("zlib").compress("hello, world")`)
	r, err := zlib.NewReader(strings.NewReader(z))
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := io.ReadAll(r); string(b) != "hello, world" {
		t.Errorf("Go reads %q", b)
	}
	var buf bytes.Buffer
	w := zlib.NewWriter(&buf)
	w.Write([]byte("from go"))
	w.Close()
	if got := s.String(`return require("zlib").decompress(...)`, buf.String()); got != "from go" {
		t.Errorf("decompress: %q", got)
	}
	s.Fail(runtime.KindError, "zlib.decompress: zlib: invalid header", `require("zlib").decompress("not zlib")`)
	s.Fail(runtime.KindError, "zlib.decompress: unexpected EOF",
		`local z = require("zlib") z.decompress(z.compress(string.rep("x", 100)):sub(1, 6))`)
	s.Fail(runtime.KindLua, "level must be -1 (default) or 0 to 9", `require("zlib").compress("x", 10)`)
}
