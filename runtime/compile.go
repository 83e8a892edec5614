package runtime

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"io"
	"strings"
	"sync"

	lua "github.com/yuin/gopher-lua"
	"github.com/yuin/gopher-lua/parse"
)

var protoCache sync.Map // key: name + "\x00" + content hash -> *lua.FunctionProto

// Compile parses and compiles a chunk once per process: the same name and source give the
// same prototype, which is read-only and shared by every state (never share an LFunction).
// A first line starting with "#" (a shebang) is ignored; line numbers are kept. Syntax
// errors are *Error of kind lua naming the chunk.
func Compile(name string, src []byte) (*lua.FunctionProto, error) {
	h := fnv.New64a()
	h.Write(src)
	key := fmt.Sprintf("%s\x00%x", name, h.Sum64())
	if p, ok := protoCache.Load(key); ok {
		return p.(*lua.FunctionProto), nil
	}
	if bytes.HasPrefix(src, []byte("#")) {
		if i := bytes.IndexByte(src, '\n'); i >= 0 {
			src = append([]byte("--"), src[i:]...)
		} else {
			src = nil
		}
	}
	chunk, err := parse.Parse(bytes.NewReader(src), name)
	if err != nil {
		return nil, &Error{Kind: KindLua, Message: strings.TrimSpace(err.Error()), Err: err}
	}
	proto, err := lua.Compile(chunk, name)
	if err != nil {
		return nil, &Error{Kind: KindLua, Message: err.Error(), Err: err}
	}
	protoCache.Store(key, proto)
	return proto, nil
}

func fmtFscan(r io.Reader, x *float64) (int, error) { return fmt.Fscan(r, x) }
