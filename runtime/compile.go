package runtime

import (
	"bytes"
	"errors"
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
		return nil, &Error{Kind: KindLua, Message: syntaxMessage(name, src, err), Err: err}
	}
	proto, err := lua.Compile(chunk, name)
	if err != nil {
		return nil, &Error{Kind: KindLua, Message: err.Error(), Err: err}
	}
	protoCache.Store(key, proto)
	return proto, nil
}

// syntaxMessage words a syntax error as Lua does, "file:line: message": gopher-lua says
// "file line:3(column:5) near 'x': syntax error", or "file at EOF: syntax error" without a
// line when the text ends inside a block, a string or brackets (then the line is the last
// one, and the message keeps "at EOF", which the REPL reads as "more lines to come").
func syntaxMessage(name string, src []byte, err error) string {
	var pe *parse.Error
	if !errors.As(err, &pe) {
		return strings.TrimSpace(err.Error())
	}
	msg := strings.TrimSpace(pe.Message)
	if pe.Pos.Line == parse.EOF {
		line := bytes.Count(src, []byte("\n"))
		if len(src) > 0 && src[len(src)-1] != '\n' {
			line++
		}
		if msg == "syntax error" {
			msg += " at EOF (the text ends inside a block, a string or brackets: a missing end?)"
		} else {
			msg += " at EOF"
		}
		return fmt.Sprintf("%s:%d: %s", name, max(line, 1), msg)
	}
	return fmt.Sprintf("%s:%d: %s near '%s' (column %d)", name, pe.Pos.Line, msg, pe.Token, pe.Pos.Column)
}

func fmtFscan(r io.Reader, x *float64) (int, error) { return fmt.Fscan(r, x) }
