package kit

import (
	"context"
	"fmt"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/products/rest"
)

// Scope holds the options that select the parent of a resource (shares2's organization and
// project), by option name.
type Scope map[string]string

// Entity describes one kind of resource of a client of type T (users, shares, workflows...):
// the Go calls behind the Lua methods named by the verbs of docs/lua-api.md. Methods makes
// the methods of the calls that are set:
//
//	c:<plural>(opts)                  the list (opts: max, query, and the Scope options)
//	c:each_<singular>(opts)           the same, as a lazy iterator
//	c:<singular>(id, opts)            show one
//	c:create_<singular>(fields, opts) create one, returns the API's answer
//	c:modify_<singular>(id, fields, opts)  change one, returns the answer (true when empty)
//	c:delete_<singular>(id, opts)     delete one, returns true
//
// An id is a string or a number (the product's Go code decides whether a name is accepted
// too); opts is an optional table of the Scope options (plus max and query for the lists).
type Entity[T any] struct {
	Singular, Plural string
	// What names the client in argument errors ("shares client").
	What string
	// Scope are the option names of the parents, read from opts.
	Scope []string

	List   func(ctx context.Context, c T, scope Scope, query map[string]any, max int) (*rest.Iterator, error)
	Show   func(ctx context.Context, c T, scope Scope, id string) (any, error)
	Create func(ctx context.Context, c T, scope Scope, fields map[string]any) (any, error)
	Modify func(ctx context.Context, c T, scope Scope, id string, fields map[string]any) (any, error)
	Delete func(ctx context.Context, c T, scope Scope, id string) error
}

// Methods returns the Lua methods of the calls that are set, raising through errs.
func (e Entity[T]) Methods(errs Errors) map[string]lua.LGFunction {
	m := map[string]lua.LGFunction{}
	if e.List != nil {
		list := func(L *lua.LState, fn string) *rest.Iterator {
			c := Arg[T](L, 1, e.What)
			o := OptionsArg(L, 2, fn, append([]string{"max", "query"}, e.Scope...)...)
			max, err := o.Int("max")
			if err != nil {
				L.ArgError(2, err.Error())
			}
			q, err := o.Table("query")
			if err != nil {
				L.ArgError(2, err.Error())
			}
			it, err := e.List(Ctx(L), c, e.scope(o), q, max)
			if err != nil {
				errs.Raise(L, err)
			}
			return it
		}
		m[e.Plural] = func(L *lua.LState) int { return errs.Collect(L, list(L, e.Plural)) }
		m["each_"+e.Singular] = func(L *lua.LState) int { return errs.Iterator(L, list(L, "each_"+e.Singular)) }
	}
	if e.Show != nil {
		m[e.Singular] = func(L *lua.LState) int {
			c := Arg[T](L, 1, e.What)
			v, err := e.Show(Ctx(L), c, e.scopeArg(L, 3, e.Singular), IDArg(L, 2))
			return errs.Push(L, v, err)
		}
	}
	if e.Create != nil {
		fn := "create_" + e.Singular
		m[fn] = func(L *lua.LState) int {
			c := Arg[T](L, 1, e.What)
			v, err := e.Create(Ctx(L), c, e.scopeArg(L, 3, fn), MapArg(L, 2))
			return errs.Push(L, v, err)
		}
	}
	if e.Modify != nil {
		fn := "modify_" + e.Singular
		m[fn] = func(L *lua.LState) int {
			c := Arg[T](L, 1, e.What)
			v, err := e.Modify(Ctx(L), c, e.scopeArg(L, 4, fn), IDArg(L, 2), MapArg(L, 3))
			if err == nil && v == nil {
				v = true
			}
			return errs.Push(L, v, err)
		}
	}
	if e.Delete != nil {
		fn := "delete_" + e.Singular
		m[fn] = func(L *lua.LState) int {
			c := Arg[T](L, 1, e.What)
			return errs.OK(L, e.Delete(Ctx(L), c, e.scopeArg(L, 3, fn), IDArg(L, 2)))
		}
	}
	return m
}

func (e Entity[T]) scopeArg(L *lua.LState, n int, fn string) Scope {
	return e.scope(OptionsArg(L, n, fn, e.Scope...))
}

func (e Entity[T]) scope(o Options) Scope {
	s := Scope{}
	for _, k := range e.Scope {
		if v := o.Str(k); v != "" {
			s[k] = v
		}
	}
	return s
}

// IDArg returns argument n, an identifier given as a string or a number, as text.
func IDArg(L *lua.LState, n int) string {
	switch v := L.Get(n).(type) {
	case lua.LString:
		return string(v)
	case lua.LNumber:
		return v.String()
	}
	L.ArgError(n, "an id (string or number) expected")
	return ""
}

// Methods merges method tables into one; a name present twice is a programming error
// (panic), so that two tables never silently shadow each other.
func Methods(tables ...map[string]lua.LGFunction) map[string]lua.LGFunction {
	out := map[string]lua.LGFunction{}
	for _, t := range tables {
		for k, f := range t {
			if _, dup := out[k]; dup {
				panic(fmt.Sprintf("kit.Methods: method %q defined twice", k))
			}
			out[k] = f
		}
	}
	return out
}
