package repl

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/runtime"
)

// MaxDepth is how deep Pretty goes into nested tables.
const MaxDepth = 4

// Pretty renders v as a Lua literal: tables indented, keys sorted (the list part first, in
// order), nested tables below MaxDepth as {...}, cycles as <cycle>; userdata and functions
// by tostring.
func Pretty(L *lua.LState, v lua.LValue) string {
	var b strings.Builder
	p := printer{L: L, seen: map[*lua.LTable]bool{}}
	p.value(&b, v, 0)
	return b.String()
}

type printer struct {
	L    *lua.LState
	seen map[*lua.LTable]bool
}

func (p *printer) value(b *strings.Builder, v lua.LValue, depth int) {
	switch t := v.(type) {
	case lua.LString:
		b.WriteString(strconv.Quote(string(t)))
	case *lua.LTable:
		p.table(b, t, depth)
	case *lua.LNilType:
		b.WriteString("nil")
	default:
		if runtime.IsNull(v) {
			b.WriteString("json.null")
			return
		}
		b.WriteString(p.L.ToStringMeta(v).String())
	}
}

// isIdent tells a key written bare (name = v) from one written ["key"] = v.
func isIdent(s string) bool {
	if s == "" || keywords[s] {
		return false
	}
	for i, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

var keywords = map[string]bool{"and": true, "break": true, "do": true, "else": true, "elseif": true, "end": true,
	"false": true, "for": true, "function": true, "if": true, "in": true, "local": true, "nil": true, "not": true,
	"or": true, "repeat": true, "return": true, "then": true, "true": true, "until": true, "while": true}

type entry struct {
	key  lua.LValue
	sort string
}

// entries returns the keys of t beyond its list part 1..n, sorted: numbers by value, then
// strings, then the others by their text.
func entries(t *lua.LTable, n int) []entry {
	var out []entry
	t.ForEach(func(k, _ lua.LValue) {
		if f, ok := k.(lua.LNumber); ok && float64(f) == float64(int(f)) && int(f) >= 1 && int(f) <= n {
			return
		}
		var s string
		switch kk := k.(type) {
		case lua.LNumber:
			s = fmt.Sprintf("0%020.6f", float64(kk))
		case lua.LString:
			s = "1" + string(kk)
		default:
			s = "2" + k.String()
		}
		out = append(out, entry{k, s})
	})
	sort.Slice(out, func(i, j int) bool { return out[i].sort < out[j].sort })
	return out
}

func (p *printer) table(b *strings.Builder, t *lua.LTable, depth int) {
	if p.seen[t] {
		b.WriteString("<cycle>")
		return
	}
	n := t.Len()
	rest := entries(t, n)
	if n == 0 && len(rest) == 0 {
		b.WriteString("{}")
		return
	}
	if depth >= MaxDepth {
		b.WriteString("{...}")
		return
	}
	p.seen[t] = true
	defer delete(p.seen, t)
	// short lists of scalars stay on one line
	if len(rest) == 0 && n <= 16 && scalars(t, n) {
		b.WriteString("{ ")
		for i := 1; i <= n; i++ {
			if i > 1 {
				b.WriteString(", ")
			}
			p.value(b, t.RawGetInt(i), depth+1)
		}
		b.WriteString(" }")
		return
	}
	indent := strings.Repeat("  ", depth+1)
	b.WriteString("{\n")
	for i := 1; i <= n; i++ {
		b.WriteString(indent)
		p.value(b, t.RawGetInt(i), depth+1)
		b.WriteString(",\n")
	}
	for _, e := range rest {
		b.WriteString(indent)
		if s, ok := e.key.(lua.LString); ok && isIdent(string(s)) {
			b.WriteString(string(s))
		} else {
			b.WriteString("[")
			p.value(b, e.key, depth+1)
			b.WriteString("]")
		}
		b.WriteString(" = ")
		p.value(b, t.RawGet(e.key), depth+1)
		b.WriteString(",\n")
	}
	b.WriteString(strings.Repeat("  ", depth) + "}")
}

func scalars(t *lua.LTable, n int) bool {
	for i := 1; i <= n; i++ {
		switch t.RawGetInt(i).(type) {
		case *lua.LTable:
			return false
		}
	}
	return true
}

// IsRecordList tells a list of records (API results): a non-empty list of tables with string
// keys and nothing else. Those print as a table through the CLI formatter.
func IsRecordList(v lua.LValue) bool {
	t, ok := v.(*lua.LTable)
	if !ok {
		return false
	}
	n := t.Len()
	if n == 0 {
		return false
	}
	count := 0
	onlyList := true
	t.ForEach(func(k, _ lua.LValue) {
		count++
		if _, ok := k.(lua.LNumber); !ok {
			onlyList = false
		}
	})
	if !onlyList || count != n {
		return false
	}
	for i := 1; i <= n; i++ {
		rec, ok := t.RawGetInt(i).(*lua.LTable)
		if !ok || rec.Len() != 0 {
			return false
		}
		keys := 0
		rec.ForEach(func(k, _ lua.LValue) {
			if _, ok := k.(lua.LString); ok {
				keys++
			}
		})
		if keys == 0 {
			return false
		}
	}
	return true
}

// isIterator tells a lazy listing (n:each_file...): it prints through the formatter, which
// fetches its pages as it writes.
func isIterator(v lua.LValue) bool {
	_, ok := runtime.IteratorOf(v)
	return ok
}

// Shower prints a value through the CLI formatter in a format ("table", "json", "yaml"); the
// host gives stdlib/out's Show.
type Shower func(L *lua.LState, v lua.LValue, format string) error

// PrintResults writes the results of an evaluation in the session's format: "lua" (Pretty,
// records and lazy listings through show as a table) or a formatter format (every value through show).
func PrintResults(L *lua.LState, w io.Writer, vals []lua.LValue, format string, show Shower) error {
	for _, v := range vals {
		switch {
		case format != "lua" && show != nil:
			if err := show(L, v, format); err != nil {
				return err
			}
		case (IsRecordList(v) || isIterator(v)) && show != nil:
			if err := show(L, v, "table"); err != nil {
				return err
			}
		default:
			if _, err := fmt.Fprintln(w, Pretty(L, v)); err != nil {
				return err
			}
		}
	}
	return nil
}
