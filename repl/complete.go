package repl

import (
	"sort"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// Complete returns the completions of the expression that ends at pos in line: global names,
// fields of tables (and of their __index tables), methods of userdata after ':'. Each
// candidate is the whole last word (aspera.no -> "node"); prefix is the part of it already
// typed. Nothing is called: only raw lookups and metatables' __index tables are followed.
func Complete(L *lua.LState, line string, pos int) (candidates []string, prefix string) {
	if pos > len(line) {
		pos = len(line)
	}
	before := line[:pos]
	start := len(before)
	for start > 0 && isWordByte(before[start-1]) {
		start--
	}
	expr := before[start:]
	if expr == "" || expr[0] >= '0' && expr[0] <= '9' || expr[0] == '.' || expr[0] == ':' {
		return nil, ""
	}
	cut := strings.LastIndexAny(expr, ".:")
	prefix = expr[cut+1:]
	var keys []string
	if cut < 0 {
		keys = tableKeys(L, L.Get(lua.GlobalsIndex), false)
	} else {
		v := resolve(L, expr[:cut])
		if v == lua.LNil {
			return nil, prefix
		}
		keys = valueKeys(L, v, expr[cut] == ':')
	}
	for _, k := range keys {
		if strings.HasPrefix(k, prefix) {
			candidates = append(candidates, k)
		}
	}
	sort.Strings(candidates)
	return candidates, prefix
}

func isWordByte(c byte) bool {
	return c == '_' || c == '.' || c == ':' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// resolve follows a.b.c (or a.b:c's a.b) from the globals without calling anything.
func resolve(L *lua.LState, path string) lua.LValue {
	parts := strings.FieldsFunc(path, func(r rune) bool { return r == '.' || r == ':' })
	if len(parts) == 0 {
		return lua.LNil
	}
	v := L.GetGlobal(parts[0])
	for _, p := range parts[1:] {
		v = field(L, v, p, 0)
		if v == lua.LNil {
			return v
		}
	}
	return v
}

// field is v[name] through raw gets and __index tables only.
func field(L *lua.LState, v lua.LValue, name string, depth int) lua.LValue {
	if depth > 8 {
		return lua.LNil
	}
	if t, ok := v.(*lua.LTable); ok {
		if x := t.RawGetString(name); x != lua.LNil {
			return x
		}
	}
	if idx := indexTable(L, v); idx != nil {
		return field(L, idx, name, depth+1)
	}
	return lua.LNil
}

// indexTable is the __index table of v's metatable, if it is a table.
func indexTable(L *lua.LState, v lua.LValue) *lua.LTable {
	mt, ok := L.GetMetatable(v).(*lua.LTable)
	if !ok {
		return nil
	}
	idx, _ := mt.RawGetString("__index").(*lua.LTable)
	return idx
}

// valueKeys lists the string keys of v and of its __index tables (functions only for methods).
func valueKeys(L *lua.LState, v lua.LValue, methods bool) []string {
	seen := map[string]bool{}
	var out []string
	for depth := 0; v != nil && depth < 8; depth++ {
		if t, ok := v.(*lua.LTable); ok {
			for _, k := range tableKeys(L, t, methods) {
				if !seen[k] {
					seen[k] = true
					out = append(out, k)
				}
			}
		}
		idx := indexTable(L, v)
		if idx == nil {
			break
		}
		v = idx
	}
	return out
}

func tableKeys(_ *lua.LState, v lua.LValue, functionsOnly bool) []string {
	t, ok := v.(*lua.LTable)
	if !ok {
		return nil
	}
	var out []string
	t.ForEach(func(k, x lua.LValue) {
		s, ok := k.(lua.LString)
		if !ok || !isIdent(string(s)) {
			return
		}
		if functionsOnly {
			if _, ok := x.(*lua.LFunction); !ok {
				return
			}
		}
		out = append(out, string(s))
	})
	return out
}
