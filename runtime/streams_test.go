package runtime_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/runtime"
)

// newIOState returns a state whose streams are test buffers, stdin reading in.
func newIOState(t *testing.T, in string) (*lua.LState, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	streams, out, errOut := runtime.TestIO(in)
	e := &runtime.Engine{IO: streams}
	L := e.NewState(context.Background())
	t.Cleanup(func() { runtime.Close(L) })
	return L, out, errOut
}

func TestPrintAndWriteGoThroughStreams(t *testing.T) {
	tests := []struct {
		name, src, out, err string
	}{
		{"print values", `print("a", 1, nil, true, 1.5)`, "a\t1\tnil\ttrue\t1.5\n", ""},
		{"print nothing", `print()`, "\n", ""},
		{"print __tostring", `print(setmetatable({}, {__tostring = function() return "X" end}))`, "X\n", ""},
		{"io.write", `io.write("x", 1, 2.5, "\n")`, "x12.5\n", ""},
		{"io.stdout:write chains", `io.stdout:write("a"):write("b")`, "ab", ""},
		{"io.output():write", `io.output():write("o")`, "o", ""},
		{"io.stderr:write", `io.stderr:write("e", 1, "\n")`, "", "e1\n"},
		{"mixed", `print("p"); io.stderr:write("E"); io.write("w")`, "p\nw", "E"},
		{"flush, setvbuf and close are no-ops", `io.stdout:flush(); io.stdout:setvbuf("no"); io.stdout:close(); io.write("still")`, "still", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			L, out, errOut := newIOState(t, "")
			mustLua(t, L, tc.src)
			if out.String() != tc.out || errOut.String() != tc.err {
				t.Fatalf("stdout %q stderr %q, want %q and %q", out, errOut, tc.out, tc.err)
			}
		})
	}
}

func TestIOWriteReturnsATrueValue(t *testing.T) {
	// Lua 5.1 io.write returns true (5.2+ the file): assert(io.write(...)) is a common idiom.
	L, out, _ := newIOState(t, "")
	if _, err := runLua(t, L, "w.lua", `assert(io.write("a")); assert(io.stdout:write("b"))`); err != nil {
		t.Fatalf("assert(io.write(...)) failed: %v", err)
	}
	if out.String() != "ab" {
		t.Fatalf("stdout %q, want %q", out, "ab")
	}
}

func TestStreamErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"write a boolean", `io.write(true)`, "string expected, got boolean"},
		{"write a table", `io.stdout:write({})`, "string expected, got table"},
		{"read stdout", `io.stdout:read()`, "stdout is not readable"},
		{"write stdin", `io.stdin:write("x")`, "stdin is not writable"},
		{"bad format", `io.read("*x")`, "invalid format"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			L, _, _ := newIOState(t, "")
			_, err := runLua(t, L, "s.lua", tc.src)
			var re *runtime.Error
			if !errors.As(err, &re) || re.Kind != runtime.KindLua || !strings.Contains(re.Message, tc.want) {
				t.Fatalf("error %#v, want kind lua containing %q", err, tc.want)
			}
		})
	}
}

func TestStreamObjects(t *testing.T) {
	L, _, _ := newIOState(t, "")
	out := mustLua(t, L, `
local a, b = io.stdout:seek()
return io.type(io.stdout), io.type(io.stdin), io.type(42), tostring(io.stderr),
  io.output() == io.stdout, io.input() == io.stdin, a, b`)
	want := []lua.LValue{lua.LString("file"), lua.LString("file"), lua.LNil, lua.LString("file (stderr)"),
		lua.LTrue, lua.LTrue, lua.LNil, lua.LString("cannot seek a standard stream")}
	if !reflect.DeepEqual(out, want) {
		t.Fatalf("got %v, want %v", out, want)
	}
}

func TestRead(t *testing.T) {
	tests := []struct {
		name, in, src string
		want          []lua.LValue
	}{
		{"line, no format", "l1\nl2\n", `return io.read(), io.read()`, []lua.LValue{lua.LString("l1"), lua.LString("l2")}},
		{"line drops CR LF", "l1\r\n", `return io.read()`, []lua.LValue{lua.LString("l1")}},
		{"line at EOF", "", `return io.read()`, []lua.LValue{lua.LNil}},
		{"last line without newline", "x", `return io.read(), io.read()`, []lua.LValue{lua.LString("x"), lua.LNil}},
		{"*l", "l1\nl2\n", `return io.read("*l")`, []lua.LValue{lua.LString("l1")}},
		{"l without star", "l1\n", `return io.read("l")`, []lua.LValue{lua.LString("l1")}},
		{"*L keeps the newline", "l1\nl2\n", `return io.read("*L")`, []lua.LValue{lua.LString("l1\n")}},
		{"*n", "42 7\n", `return io.read("*n")`, []lua.LValue{lua.LNumber(42)}},
		{"*n on text", "abc\n", `return io.read("*n")`, []lua.LValue{lua.LNil}},
		{"*a", "a\nb", `return io.read("*a")`, []lua.LValue{lua.LString("a\nb")}},
		{"*a at EOF", "", `return io.read("*a")`, []lua.LValue{lua.LString("")}},
		{"byte count", "abcdef", `return io.read(2)`, []lua.LValue{lua.LString("ab")}},
		{"byte count at EOF", "", `return io.read(3)`, []lua.LValue{lua.LNil}},
		{"stdin:read", "l1\n", `return io.stdin:read("*l")`, []lua.LValue{lua.LString("l1")}},
		{"several formats", "first\n12\n", `return io.stdin:read("*l", "*n")`, []lua.LValue{lua.LString("first"), lua.LNumber(12)}},
		{"sequence", "l1\n42 7\nrest\n", `local a = io.read(); local n = io.read("*n"); local m = io.read("n"); local nl = io.read("*L"); return a, n, m, nl, io.read(2), io.read("*a")`,
			[]lua.LValue{lua.LString("l1"), lua.LNumber(42), lua.LNumber(7), lua.LString("\n"), lua.LString("re"), lua.LString("st\n")}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			L, _, _ := newIOState(t, tc.in)
			out, err := runLua(t, L, "read.lua", tc.src)
			if err != nil {
				t.Fatalf("%s: %v", tc.src, err)
			}
			if !reflect.DeepEqual(out, tc.want) {
				t.Fatalf("%s: got %v, want %v", tc.src, out, tc.want)
			}
		})
	}
}

func TestLines(t *testing.T) {
	for _, src := range []string{
		`local t = {}; for l in io.lines() do t[#t+1] = "[" .. l .. "]" end; return table.concat(t)`,
		`local t = {}; for l in io.stdin:lines() do t[#t+1] = "[" .. l .. "]" end; return table.concat(t)`,
	} {
		L, _, _ := newIOState(t, "a\nb\r\n\nc")
		out := mustLua(t, L, src)
		if out[0] != lua.LString("[a][b][][c]") {
			t.Errorf("%s: got %v", src, out[0])
		}
	}
}

func TestIOLinesOfAFileStillWorks(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f.txt")
	if err := os.WriteFile(path, []byte("x\ny\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	L, out, _ := newIOState(t, "stdin\n")
	mustLua(t, L, `for l in io.lines(...) do print(l) end`, lua.LString(path))
	if out.String() != "x\ny\n" {
		t.Fatalf("stdout %q", out)
	}
}

func TestIORedirectionKeepsLuaSemantics(t *testing.T) {
	// io.output(FILE) makes io.write write to FILE; io.input(FILE) makes io.read read FILE.
	dir := t.TempDir()
	outPath := filepath.Join(dir, "out.txt")
	inPath := filepath.Join(dir, "in.txt")
	if err := os.WriteFile(inPath, []byte("from file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Run("output", func(t *testing.T) {
		L, out, _ := newIOState(t, "")
		mustLua(t, L, `io.output(...); io.write("to file"); io.close()`, lua.LString(outPath))
		data, _ := os.ReadFile(outPath)
		if string(data) != "to file" || out.String() != "" {
			t.Fatalf("file %q, stdout %q; want the text in the file only", data, out)
		}
	})
	t.Run("input", func(t *testing.T) {
		L, _, _ := newIOState(t, "from stdin\n")
		out := mustLua(t, L, `io.input(...); return io.read()`, lua.LString(inPath))
		if out[0] != lua.LString("from file") {
			t.Fatalf("io.read after io.input(FILE) = %v, want %q", out[0], "from file")
		}
	})
}

func TestEngineWithoutIO(t *testing.T) {
	e := &runtime.Engine{}
	L := e.NewState(context.Background())
	defer runtime.Close(L)
	if _, err := runLua(t, L, "p.lua", `print("discarded"); io.stderr:write("x")`); err != nil {
		t.Fatalf("print without IO: %v", err)
	}
	_, err := runLua(t, L, "r.lua", `return io.read()`)
	if err == nil || !strings.Contains(err.Error(), "stdin is not readable") {
		t.Fatalf("io.read without stdin: %v", err)
	}
}

func TestTestIO(t *testing.T) {
	s, out, errOut := runtime.TestIO("in")
	if s.InTTY || s.OutTTY || s.ErrTTY {
		t.Errorf("TestIO streams must not be terminals")
	}
	if s.Out != out || s.Err != errOut {
		t.Errorf("TestIO buffers are not the streams")
	}
	if s.InFd() != -1 {
		t.Errorf("InFd of a reader = %d, want -1", s.InFd())
	}
	b := make([]byte, 8)
	n, _ := s.In.Read(b)
	if string(b[:n]) != "in" {
		t.Errorf("stdin reads %q", b[:n])
	}
}

func TestSystemIO(t *testing.T) {
	s := runtime.SystemIO()
	if s.In != os.Stdin || s.Out != os.Stdout || s.Err != os.Stderr {
		t.Fatalf("SystemIO streams are not the process streams")
	}
	if s.InFd() != int(os.Stdin.Fd()) {
		t.Fatalf("InFd = %d", s.InFd())
	}
}

func TestStreamMethodsCheckTheirReceiver(t *testing.T) {
	L, _, _ := newIOState(t, "")
	e := runtime.NewErrorValue(L, &runtime.Error{Kind: runtime.KindLua, Message: "m"})
	_, err := runLua(t, L, "recv.lua", `local e = ...; return io.stdout.write(e, "x")`, e)
	if err == nil || !strings.Contains(err.Error(), "file expected") {
		t.Fatalf("write on a non-stream: %v", err)
	}
	_, err = runLua(t, L, "recv2.lua", `return getmetatable(...).__tostring(io.stdout)`, e)
	if err == nil || !strings.Contains(err.Error(), "aspera.error expected") {
		t.Fatalf("error method on a stream: %v", err)
	}
}
