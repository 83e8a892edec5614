package base64_test

import (
	"testing"

	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/runtime/luatest"
	"github.com/asperalm/aslmcli/stdlib/base64"
)

func TestBase64(t *testing.T) {
	s := luatest.New(t, base64.Module)
	s.Must(`
		local b64 = require("base64")
		local bin = "\0\1\2\250\251\252\253\254\255 ok?>"
		assert(b64.encode("hello") == "aGVsbG8=")
		assert(b64.encode("") == "" and b64.decode("") == "")
		assert(b64.encode_url("\251\255\254") == "-__-")
		assert(b64.encode_url("hello") == "aGVsbG8")
		assert(b64.decode(b64.encode(bin)) == bin)
		assert(b64.decode(b64.encode_url(bin)) == bin)
		assert(b64.decode("aGVsbG8") == "hello")
		assert(b64.decode(" aGVs\nbG8=\r\n") == "hello")
		assert(b64.decode("-__-") == "\251\255\254" and b64.decode("+//+") == "\251\255\254")`)
	s.Fail(runtime.KindError, "base64.decode: illegal base64 data at input byte 2", `require("base64").decode("ab!d")`)
	s.Fail(runtime.KindError, "base64.decode: illegal base64 data", `require("base64").decode("a")`)
	s.Fail(runtime.KindError, "base64.decode: illegal base64 data", `require("base64").decode("aGVs=bG8")`)
	s.Fail(runtime.KindLua, "bad argument #1", `require("base64").encode()`)
}
