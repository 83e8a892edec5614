package repl

import (
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
	"sync"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/runtime"
)

// Docs is the documentation of the modules, read from their LuaLS definition files (Meta):
// the comment block of each ---@class and of each function.
type Docs struct {
	modules []runtime.Module
	classes map[string]*classDoc // "aspera.node", "aspera.node.client"
	order   []string
}

type classDoc struct {
	name  string
	doc   []string
	funcs []*funcDoc
}

type funcDoc struct {
	class, name, sep, args string
	doc, params, returns   []string
}

// Qualified is the name a user writes: aspera.node.new, aspera.node.client:browse.
func (f *funcDoc) Qualified() string { return f.class + f.sep + f.name }

var (
	classRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^---@class\s+([\w.]+)`) })
	localRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^local\s+(\w+)\s*=\s*\{\s*\}`) })
	funcRe  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^function\s+(\w+)([.:])(\w+)\s*\(([^)]*)\)`) })
)

// NewDocs parses the Meta of each module.
func NewDocs(modules []runtime.Module) *Docs {
	d := &Docs{modules: modules, classes: map[string]*classDoc{}}
	for _, m := range modules {
		d.parse(m.Meta)
	}
	return d
}

func (d *Docs) parse(meta string) {
	vars := map[string]*classDoc{} // local variable -> class
	var block []string
	var pending *classDoc
	for _, line := range strings.Split(meta, "\n") {
		line = strings.TrimRight(line, "\r")
		switch {
		case strings.HasPrefix(line, "---@class"):
			m := classRe().FindStringSubmatch(line)
			if m == nil {
				continue
			}
			c := &classDoc{name: m[1], doc: textOf(block)}
			if d.classes[c.name] == nil {
				d.order = append(d.order, c.name)
			}
			d.classes[c.name] = c
			pending, block = c, nil
		case strings.HasPrefix(line, "---"):
			block = append(block, line)
		case localRe().MatchString(line):
			if pending != nil {
				vars[localRe().FindStringSubmatch(line)[1]] = pending
			}
			pending, block = nil, nil
		case funcRe().MatchString(line):
			m := funcRe().FindStringSubmatch(line)
			if c := vars[m[1]]; c != nil {
				f := &funcDoc{class: c.name, name: m[3], sep: m[2], args: m[4], doc: textOf(block)}
				for _, l := range block {
					switch {
					case strings.HasPrefix(l, "---@param"):
						f.params = append(f.params, strings.TrimSpace(strings.TrimPrefix(l, "---@param")))
					case strings.HasPrefix(l, "---@return"):
						f.returns = append(f.returns, strings.TrimSpace(strings.TrimPrefix(l, "---@return")))
					}
				}
				c.funcs = append(c.funcs, f)
			}
			pending, block = nil, nil
		default:
			if strings.TrimSpace(line) != "" {
				pending = nil
			}
			block = nil
		}
	}
}

// textOf keeps the prose lines of a comment block (not the ---@ annotations).
func textOf(block []string) []string {
	var out []string
	for _, l := range block {
		if !strings.HasPrefix(l, "---@") {
			out = append(out, strings.TrimPrefix(l, "---"))
		}
	}
	return out
}

// class returns the documentation of a class or module by name.
func (d *Docs) class(name string) *classDoc { return d.classes[name] }

// function returns the documentation of a function by qualified name (aspera.node.new or
// aspera.node.client:browse; the aspera. prefix may be left out).
func (d *Docs) function(name string) *funcDoc {
	for _, c := range d.classes {
		for _, f := range c.funcs {
			q := f.Qualified()
			if q == name || q == "aspera."+name {
				return f
			}
		}
	}
	return nil
}

// WriteModules lists the modules and their summaries (help()).
func (d *Docs) WriteModules(w io.Writer) {
	fmt.Fprintln(w, "Modules (aspera.* are also fields of the global table aspera; help(x) describes one):")
	mods := append([]runtime.Module(nil), d.modules...)
	sort.Slice(mods, func(i, j int) bool { return mods[i].Name < mods[j].Name })
	for _, m := range mods {
		fmt.Fprintf(w, "  %-18s %s\n", m.Name, m.Doc)
	}
	fmt.Fprintln(w, "REPL: =fmt lua|table|json|yaml changes the display; Ctrl-C cancels a call; Ctrl-D leaves.")
}

func (d *Docs) writeClass(w io.Writer, c *classDoc) {
	d.writeOneClass(w, c)
	// a module lists the methods of its clients too (aspera.node.client...)
	for _, name := range d.order {
		if sub := d.classes[name]; strings.HasPrefix(name, c.name+".") && len(sub.funcs) > 0 {
			d.writeOneClass(w, sub)
		}
	}
}

func (d *Docs) writeOneClass(w io.Writer, c *classDoc) {
	fmt.Fprintln(w, c.name)
	for _, l := range c.doc {
		fmt.Fprintln(w, "  "+strings.TrimSpace(l))
	}
	for _, f := range c.funcs {
		summary := ""
		if len(f.doc) > 0 {
			summary = strings.TrimSpace(f.doc[0])
		}
		fmt.Fprintf(w, "  %s%s%s(%s)  %s\n", shortClass(c.name), f.sep, f.name, f.args, summary)
	}
}

// shortClass writes aspera.node as node and aspera.node.client as client in listings.
func shortClass(name string) string { return name[strings.LastIndex(name, ".")+1:] }

func (d *Docs) writeFunc(w io.Writer, f *funcDoc) {
	fmt.Fprintf(w, "%s(%s)\n", f.Qualified(), f.args)
	for _, l := range f.doc {
		fmt.Fprintln(w, "  "+strings.TrimSpace(l))
	}
	for _, p := range f.params {
		fmt.Fprintln(w, "  param  "+p)
	}
	for _, r := range f.returns {
		fmt.Fprintln(w, "  return "+r)
	}
}

// Help writes the documentation of v: a module table, a function of a module or a method of
// a client, a client (userdata) or a name ("aspera.node.new"). It returns false when v has
// none.
func (d *Docs) Help(L *lua.LState, w io.Writer, v lua.LValue) bool {
	if s, ok := v.(lua.LString); ok {
		name := string(s)
		if c := d.class(name); c != nil {
			d.writeClass(w, c)
			return true
		}
		if c := d.class("aspera." + name); c != nil {
			d.writeClass(w, c)
			return true
		}
		if f := d.function(name); f != nil {
			d.writeFunc(w, f)
			return true
		}
		return false
	}
	// a module table: package.loaded[name] == v
	if loaded, ok := L.GetField(L.GetField(L.Get(lua.GlobalsIndex), "package"), "loaded").(*lua.LTable); ok {
		for _, name := range d.order {
			if loaded.RawGetString(name) == v && v != lua.LNil {
				d.writeClass(w, d.classes[name])
				return true
			}
		}
	}
	// a client: its type metatable is the one registered under its class name
	if mt := L.GetMetatable(v); mt != lua.LNil {
		for _, name := range d.order {
			if L.GetTypeMetatable(name) == mt {
				d.writeClass(w, d.classes[name])
				return true
			}
		}
	}
	if fn, ok := v.(*lua.LFunction); ok {
		if f := d.functionOf(L, fn); f != nil {
			d.writeFunc(w, f)
			return true
		}
	}
	return false
}

// functionOf finds the documented function that is fn: a field of a loaded module, or a
// method in the __index table of a class's type metatable.
func (d *Docs) functionOf(L *lua.LState, fn *lua.LFunction) *funcDoc {
	loaded, _ := L.GetField(L.GetField(L.Get(lua.GlobalsIndex), "package"), "loaded").(*lua.LTable)
	for _, name := range d.order {
		c := d.classes[name]
		var holders []*lua.LTable
		if loaded != nil {
			if t, ok := loaded.RawGetString(name).(*lua.LTable); ok {
				holders = append(holders, t)
			}
		}
		if mt, ok := L.GetTypeMetatable(name).(*lua.LTable); ok {
			if idx, ok := mt.RawGetString("__index").(*lua.LTable); ok {
				holders = append(holders, idx)
			}
		}
		for _, h := range holders {
			for _, f := range c.funcs {
				if h.RawGetString(f.name) == fn {
					return f
				}
			}
		}
	}
	return nil
}
