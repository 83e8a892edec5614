// Package out is the Lua module `out`: it prints results with the same formatter as the
// CLI (runtime/format), honouring --format, --fields, --select, --flat-hash and --show-secrets.
// Command scripts reach it through cli:show; user scripts call out.show directly.
package out

import (
	_ "embed"
	"fmt"
	"io"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/runtime/format"
)

//go:embed out.d.lua
var meta string

// Module is the `out` Lua module.
var Module = runtime.Module{Name: "out", Doc: "print results through the CLI formatter (table, csv, json, yaml)", Open: open, Meta: meta}

// Settings give the module the user's output options.
type Settings struct {
	// Options returns the current output options; it is called for each result.
	Options func() (format.Options, error)
}

type settingsKey struct{}

// Configure installs the output settings of an engine. Without them, results print as
// tables (plain, not TTY) with secrets hidden.
func Configure(e *runtime.Engine, s Settings) { e.SetService(settingsKey{}, s) }

func open(L *lua.LState) int {
	L.Push(L.SetFuncs(L.NewTable(), map[string]lua.LGFunction{
		"show":   show,
		"status": status,
		"format": formatString,
	}))
	return 1
}

func show(L *lua.LState) int {
	if err := Show(L, L.Get(1), L.OptTable(2, nil)); err != nil {
		runtime.Raise(L, err)
	}
	return 0
}

func status(L *lua.LState) int {
	msg := L.CheckString(1)
	if err := write(L, format.Result{Kind: format.Status, Data: msg}, nil); err != nil {
		runtime.Raise(L, err)
	}
	return 0
}

func formatString(L *lua.LState) int {
	r, err := result(L, L.Get(1), L.OptTable(2, nil))
	if err != nil {
		runtime.Raise(L, err)
	}
	var b strings.Builder
	o, err := options(L, L.OptTable(2, nil))
	if err == nil {
		err = format.Write(&b, r, o)
	}
	if err != nil {
		runtime.Raise(L, runtime.Wrap(runtime.KindUsage, err))
	}
	L.Push(lua.LString(b.String()))
	return 1
}

// Show prints data (a Lua value) on the engine's output with the user's options. opts may
// set kind ("object", "list", "values", "value", "status"), fields (the command's default
// fields, a list: what DEF means) and name (column title of a list of values).
func Show(L *lua.LState, data lua.LValue, opts *lua.LTable) error {
	if it, ok := runtime.IteratorOf(data); ok {
		return showStream(L, it, opts)
	}
	r, err := result(L, data, opts)
	if err != nil {
		return err
	}
	return write(L, r, opts)
}

var kinds = map[string]format.Kind{
	"": format.Auto, "object": format.Object, "list": format.ObjectList, "values": format.ValueList,
	"value": format.Value, "status": format.Status, "nothing": format.Nothing,
}

func result(L *lua.LState, data lua.LValue, opts *lua.LTable) (format.Result, error) {
	var r format.Result
	v, err := runtime.FromLua(L, data)
	if err != nil {
		return r, runtime.Errorf(runtime.KindLua, "out.show: %v", err)
	}
	r.Data = v
	if opts == nil {
		return r, nil
	}
	k, ok := kinds[lua.LVAsString(opts.RawGetString("kind"))]
	if !ok {
		return r, runtime.Errorf(runtime.KindLua, "out.show: unknown kind %q", lua.LVAsString(opts.RawGetString("kind")))
	}
	r.Kind = k
	r.Name = lua.LVAsString(opts.RawGetString("name"))
	if f, ok := opts.RawGetString("fields").(*lua.LTable); ok {
		r.Fields = []string{}
		f.ForEach(func(_, v lua.LValue) { r.Fields = append(r.Fields, v.String()) })
	}
	return r, nil
}

func options(L *lua.LState, opts *lua.LTable) (format.Options, error) {
	o := format.Options{FlatHash: true}
	if s, ok := runtime.Service(L, settingsKey{}).(Settings); ok && s.Options != nil {
		var err error
		if o, err = s.Options(); err != nil {
			return o, err
		}
	}
	if opts != nil {
		if f := lua.LVAsString(opts.RawGetString("format")); f != "" {
			o.Format = f
		}
	}
	return o, nil
}

func write(L *lua.LState, r format.Result, opts *lua.LTable) error {
	o, err := options(L, opts)
	if err != nil {
		return err
	}
	e := runtime.EngineOf(L)
	if e == nil || e.IO == nil {
		return fmt.Errorf("out: no output stream")
	}
	w := &recordingWriter{w: e.IO.Out}
	if err := format.Write(w, r, o); err != nil {
		if w.err != nil {
			return runtime.Errorf(runtime.KindIO, "write the output: %v", w.err)
		}
		return runtime.Wrap(runtime.KindUsage, err)
	}
	return nil
}

// showStream writes the records of an iterator as they come (format.WriteStream).
func showStream(L *lua.LState, it *runtime.Iterator, opts *lua.LTable) error {
	r, err := result(L, lua.LNil, opts)
	if err != nil {
		return err
	}
	o, err := options(L, opts)
	if err != nil {
		return err
	}
	e := runtime.EngineOf(L)
	if e == nil || e.IO == nil {
		return fmt.Errorf("out: no output stream")
	}
	w := &recordingWriter{w: e.IO.Out}
	defer it.Stop() // a write error leaves the listing unread: stop its prefetch
	var failure error
	next := func() (any, bool, error) {
		v, ok, err := it.Pull()
		if err != nil {
			failure = err
		}
		return v, ok, err
	}
	if err := format.WriteStream(w, next, r, o); err != nil {
		switch {
		case failure != nil:
			return failure
		case w.err != nil:
			return runtime.Errorf(runtime.KindIO, "write the output: %v", w.err)
		}
		return runtime.Wrap(runtime.KindUsage, err)
	}
	return nil
}

// recordingWriter remembers a write error, to tell it from a bad --fields or --select.
type recordingWriter struct {
	w   io.Writer
	err error
}

func (r *recordingWriter) Write(p []byte) (int, error) {
	n, err := r.w.Write(p)
	if err != nil && r.err == nil {
		r.err = err
	}
	return n, err
}
