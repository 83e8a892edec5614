package runtime

import (
	"bufio"
	"context"
	"io"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// stream is a Lua file-like object over one of the engine's streams. It replaces io.stdout,
// io.stderr and io.stdin so that nothing a script prints bypasses the engine's IO.
type stream struct {
	name string
	w    io.Writer
	r    *bufio.Reader
}

const streamTypeName = "aslmcli.stream"

func (e *Engine) openStreams(L *lua.LState) {
	if e.IO == nil {
		e.IO = &IO{Out: io.Discard, Err: io.Discard}
	}
	mt := L.NewTypeMetatable(streamTypeName)
	methods := L.SetFuncs(L.NewTable(), map[string]lua.LGFunction{
		"write":   streamWrite,
		"read":    streamRead,
		"lines":   streamLines,
		"flush":   streamNoop,
		"close":   streamNoop,
		"setvbuf": streamNoop,
		"seek": func(L *lua.LState) int {
			L.Push(lua.LNil)
			L.Push(lua.LString("cannot seek a standard stream"))
			return 2
		},
	})
	L.SetField(mt, "__index", methods)
	L.SetField(mt, "__tostring", L.NewFunction(func(L *lua.LState) int {
		L.Push(lua.LString("file (" + checkStream(L, 1).name + ")"))
		return 1
	}))
	var in *bufio.Reader
	if e.IO.In != nil {
		in = bufio.NewReader(&ctxReader{r: e.IO.In, ctx: Context(L)})
	}
	mk := func(s *stream) *lua.LUserData {
		ud := L.NewUserData()
		ud.Value = s
		L.SetMetatable(ud, mt)
		return ud
	}
	stdout := mk(&stream{name: "stdout", w: e.IO.Out})
	stderr := mk(&stream{name: "stderr", w: e.IO.Err})
	stdin := mk(&stream{name: "stdin", r: in})

	iolib := L.GetGlobal("io").(*lua.LTable)
	L.SetField(iolib, "stdout", stdout)
	L.SetField(iolib, "stderr", stderr)
	L.SetField(iolib, "stdin", stdin)
	redirectIO(L, iolib, stdout, stdin)
	L.SetGlobal("print", L.NewFunction(func(L *lua.LState) int {
		var b strings.Builder
		for i := 1; i <= L.GetTop(); i++ {
			if i > 1 {
				b.WriteByte('\t')
			}
			b.WriteString(L.ToStringMeta(L.Get(i)).String())
		}
		b.WriteByte('\n')
		if _, err := io.WriteString(e.IO.Out, b.String()); err != nil {
			L.RaiseError("print: %v", err)
		}
		return 0
	}))
	oslib := L.GetGlobal("os").(*lua.LTable)
	L.SetField(oslib, "exit", L.NewFunction(osExit))
}

// redirectIO replaces the io functions that use the default files, so that by default they
// go through the engine's streams and io.output(file)/io.input(file) still redirect them.
func redirectIO(L *lua.LState, iolib *lua.LTable, stdout, stdin *lua.LUserData) {
	orig := map[string]lua.LValue{}
	for _, n := range []string{"lines", "output", "input", "type", "close"} {
		orig[n] = L.GetField(iolib, n)
	}
	var out, in lua.LValue = stdout, stdin
	// setDefault implements io.output / io.input: no argument returns the current file; a
	// stream, file or file name makes it the default.
	setDefault := func(cur *lua.LValue, fn string) lua.LGFunction {
		return func(L *lua.LState) int {
			if L.GetTop() > 0 {
				if ud, ok := L.Get(1).(*lua.LUserData); ok && isStream(ud) {
					*cur = ud
				} else {
					callOrig(L, orig[fn])
					*cur = L.Get(-1)
				}
			}
			L.SetTop(0)
			L.Push(*cur)
			return 1
		}
	}
	L.SetFuncs(iolib, map[string]lua.LGFunction{
		"write": func(L *lua.LState) int {
			if s := streamOf(out); s != nil {
				writeValues(L, s, 1)
				L.Push(out)
				return 1
			}
			return callMethod(L, out, "write")
		},
		"read": func(L *lua.LState) int {
			if s := streamOf(in); s != nil {
				return readValues(L, s, 1)
			}
			return callMethod(L, in, "read")
		},
		"lines": func(L *lua.LState) int {
			if L.GetTop() > 0 {
				return callOrig(L, orig["lines"])
			}
			if s := streamOf(in); s != nil {
				L.Push(L.NewFunction(func(L *lua.LState) int { return readLine(L, s, false) }))
				return 1
			}
			return callMethod(L, in, "lines")
		},
		"close": func(L *lua.LState) int {
			if L.GetTop() > 0 {
				return callOrig(L, orig["close"])
			}
			if streamOf(out) != nil {
				L.Push(lua.LTrue)
				return 1
			}
			n := callMethod(L, out, "close")
			out = stdout
			return n
		},
		"output": setDefault(&out, "output"),
		"input":  setDefault(&in, "input"),
		"type": func(L *lua.LState) int {
			if ud, ok := L.Get(1).(*lua.LUserData); ok && isStream(ud) {
				L.Push(lua.LString("file"))
				return 1
			}
			return callOrig(L, orig["type"])
		},
	})
}

func isStream(ud *lua.LUserData) bool {
	_, ok := ud.Value.(*stream)
	return ok
}

func streamOf(v lua.LValue) *stream {
	if ud, ok := v.(*lua.LUserData); ok {
		if s, ok := ud.Value.(*stream); ok {
			return s
		}
	}
	return nil
}

// callMethod calls obj:name(args on the stack) and returns its results.
func callMethod(L *lua.LState, obj lua.LValue, name string) int {
	top := L.GetTop()
	L.Insert(obj, 1)
	L.Insert(L.GetField(obj, name), 1)
	L.Call(top+1, lua.MultRet)
	return L.GetTop()
}

// osExit records the exit code and cancels the state: the VM unwinds at the next
// instruction, through any pcall, and the host returns *ExitError.
func osExit(L *lua.LState) int {
	code := 0
	switch v := L.Get(1).(type) {
	case lua.LBool:
		if !v {
			code = 1
		}
	case lua.LNumber:
		code = int(v)
	}
	if sd := stateOf(L); sd != nil {
		sd.cancel(&ExitError{Code: code})
	}
	L.RaiseError("exit")
	return 0
}

func callOrig(L *lua.LState, fn lua.LValue) int {
	top := L.GetTop()
	L.Insert(fn, 1)
	L.Call(top, lua.MultRet)
	return L.GetTop()
}

func checkStream(L *lua.LState, n int) *stream {
	ud := L.CheckUserData(n)
	if s, ok := ud.Value.(*stream); ok {
		return s
	}
	L.ArgError(n, "file expected")
	return nil
}

func streamNoop(L *lua.LState) int {
	checkStream(L, 1)
	L.Push(lua.LTrue)
	return 1
}

func streamWrite(L *lua.LState) int {
	s := checkStream(L, 1)
	writeValues(L, s, 2)
	L.Push(L.Get(1))
	return 1
}

func writeValues(L *lua.LState, s *stream, from int) int {
	if s.w == nil {
		L.RaiseError("%s is not writable", s.name)
	}
	for i := from; i <= L.GetTop(); i++ {
		v := L.Get(i)
		switch v.(type) {
		case lua.LString, lua.LNumber:
		default:
			L.ArgError(i, "string expected, got "+v.Type().String())
		}
		if _, err := io.WriteString(s.w, v.String()); err != nil {
			L.RaiseError("write %s: %v", s.name, err)
		}
	}
	return 0
}

func streamRead(L *lua.LState) int {
	return readValues(L, checkStream(L, 1), 2)
}

func streamLines(L *lua.LState) int {
	s := checkStream(L, 1)
	L.Push(L.NewFunction(func(L *lua.LState) int { return readLine(L, s, false) }))
	return 1
}

// readValues implements read formats "*l", "*L", "*a", "*n" and byte counts.
func readValues(L *lua.LState, s *stream, from int) int {
	if s.r == nil {
		L.RaiseError("%s is not readable", s.name)
	}
	if L.GetTop() < from {
		return readLine(L, s, false)
	}
	n, top := 0, L.GetTop()
	for i := from; i <= top; i++ {
		switch f := L.Get(i).(type) {
		case lua.LNumber:
			buf := make([]byte, int(f))
			k, _ := io.ReadFull(s.r, buf)
			if k == 0 && f > 0 {
				L.Push(lua.LNil)
			} else {
				L.Push(lua.LString(buf[:k]))
			}
		case lua.LString:
			switch strings.TrimPrefix(string(f), "*") {
			case "a":
				b, err := io.ReadAll(s.r)
				checkInterrupted(L, err)
				L.Push(lua.LString(b))
			case "l":
				readLine(L, s, false)
			case "L":
				readLine(L, s, true)
			case "n":
				var x float64
				if _, err := fmtFscan(s.r, &x); err != nil {
					L.Push(lua.LNil)
				} else {
					L.Push(lua.LNumber(x))
				}
			default:
				L.ArgError(i, "invalid format")
			}
		default:
			L.ArgError(i, "invalid format")
		}
		n++
	}
	return n
}

func readLine(L *lua.LState, s *stream, keepNewline bool) int {
	line, err := s.r.ReadString('\n')
	checkInterrupted(L, err)
	if line == "" && err != nil {
		L.Push(lua.LNil)
		return 1
	}
	if !keepNewline {
		line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
	}
	L.Push(lua.LString(line))
	return 1
}

// ctxReader reads r in a background goroutine so that a read blocked on a terminal or a pipe
// returns as soon as ctx is done. A read left pending keeps its data for the next Read.
type ctxReader struct {
	r       io.Reader
	ctx     context.Context
	pending chan readResult
}

type readResult struct {
	b   []byte
	err error
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	if c.pending == nil {
		ch := make(chan readResult, 1)
		buf := make([]byte, len(p))
		go func() {
			n, err := c.r.Read(buf)
			ch <- readResult{buf[:n], err}
		}()
		c.pending = ch
	}
	select {
	case res := <-c.pending:
		c.pending = nil
		n := copy(p, res.b)
		return n, res.err
	case <-c.ctx.Done():
		return 0, c.ctx.Err()
	}
}

// checkInterrupted raises the interruption when a read failed because the state's context
// ended.
func checkInterrupted(L *lua.LState, err error) {
	if err != nil && Context(L).Err() != nil {
		Raise(L, Wrap(KindInterrupted, context.Canceled))
	}
}
