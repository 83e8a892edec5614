// Package log is the Lua module "log": messages with structured fields written through the
// engine's logger (runtime.Engine.Log), which filters by level and hides secrets. Without a
// logger the functions do nothing.
//
// Decisions where the design was silent: fields must be a table with string keys (a list is
// a usage error); nested tables are logged as Go maps and lists, json.null as <nil>; the
// message is any string or number.
package log

import (
	_ "embed"
	"log/slog"
	"sort"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/runtime"
)

//go:embed log.d.lua
var meta string

// Module is the "log" module.
var Module = runtime.Module{
	Name: "log",
	Doc:  "Structured logging through the CLI's logger (levels, secrets hidden)",
	Open: open,
	Meta: meta,
}

func open(L *lua.LState) int {
	L.Push(L.SetFuncs(L.NewTable(), map[string]lua.LGFunction{
		"debug": logAt(slog.LevelDebug),
		"info":  logAt(slog.LevelInfo),
		"warn":  logAt(slog.LevelWarn),
		"error": logAt(slog.LevelError),
	}))
	return 1
}

// logAt returns log.<level>(msg, fields?).
func logAt(level slog.Level) lua.LGFunction {
	return func(L *lua.LState) int {
		msg := L.CheckString(1)
		fields := L.OptTable(2, nil)
		e := runtime.EngineOf(L)
		if e == nil || e.Log == nil {
			return 0
		}
		ctx := runtime.Context(L)
		if !e.Log.Enabled(ctx, level) {
			return 0
		}
		e.Log.LogAttrs(ctx, level, msg, attrs(L, fields)...)
		return 0
	}
}

// attrs converts a fields table to attributes in sorted key order.
func attrs(L *lua.LState, fields *lua.LTable) []slog.Attr {
	if fields == nil {
		return nil
	}
	g, err := runtime.FromLua(L, fields)
	if err != nil {
		L.ArgError(2, err.Error())
	}
	m, ok := g.(map[string]any)
	if !ok {
		L.ArgError(2, "fields must be a table with string keys")
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]slog.Attr, 0, len(keys))
	for _, k := range keys {
		out = append(out, slog.Any(k, m[k]))
	}
	return out
}
