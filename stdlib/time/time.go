// Package time is the Lua module "time": wall-clock and monotonic time, cancellable sleep,
// formatting and parsing. Times cross as seconds since the Unix epoch (floats with the
// fraction of the second).
//
// Decisions where the design was silent:
//   - the named layouts are in UTC: "rfc3339" (2024-01-02T03:04:05Z, whole seconds),
//     "iso8601" (2024-01-02T03:04:05.678Z, milliseconds, like JavaScript's toISOString)
//     and "date" (2024-01-02); any other layout is a Go layout applied in local time, so a
//     script gets a local date with "2006-01-02" and a zone with "-07:00";
//   - parse reads "rfc3339" and "iso8601" alike (any fraction of the second, "Z" or an
//     offset), "date" as midnight UTC, and a Go layout in local time unless it has a zone;
//   - sleep with zero or a negative duration returns at once; durations are capped at
//     about 146 years.
package time

import (
	_ "embed"
	"math"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/runtime"
)

//go:embed time.d.lua
var meta string

// Module is the "time" module.
var Module = runtime.Module{
	Name: "time",
	Doc:  "Time: now, monotonic clock, cancellable sleep, format and parse",
	Open: open,
	Meta: meta,
}

func open(L *lua.LState) int {
	start := time.Now()
	L.Push(L.SetFuncs(L.NewTable(), map[string]lua.LGFunction{
		"now":  now,
		"unix": unix,
		"clock": func(L *lua.LState) int {
			L.Push(lua.LNumber(time.Since(start).Seconds()))
			return 1
		},
		"sleep":   sleep,
		"format":  format,
		"parse":   parse,
		"iso8601": iso8601,
	}))
	return 1
}

// layouts maps the named layouts (applied in UTC) to Go layouts.
var layouts = map[string]string{
	"rfc3339": time.RFC3339,
	"iso8601": "2006-01-02T15:04:05.000Z07:00",
	"date":    time.DateOnly,
}

// Seconds converts a time to seconds since the epoch.
func Seconds(t time.Time) float64 {
	return float64(t.Unix()) + float64(t.Nanosecond())/1e9
}

// FromSeconds converts seconds since the epoch to a time.
func FromSeconds(s float64) time.Time {
	sec := math.Floor(s)
	return time.Unix(int64(sec), int64(math.Round((s-sec)*1e9)))
}

// now: time.now() -> seconds (float)
func now(L *lua.LState) int {
	L.Push(lua.LNumber(Seconds(time.Now())))
	return 1
}

// unix: time.unix() -> seconds (integer)
func unix(L *lua.LState) int {
	L.Push(lua.LNumber(time.Now().Unix()))
	return 1
}

// sleep: time.sleep(seconds), interrupted when the script's context is done
func sleep(L *lua.LState) int {
	s := float64(L.CheckNumber(1))
	if math.IsNaN(s) {
		L.ArgError(1, "seconds is not a number")
	}
	if s <= 0 {
		return 0
	}
	ctx := runtime.Context(L)
	t := time.NewTimer(time.Duration(math.Min(s, 4.6e9) * 1e9))
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
		runtime.Raise(L, ctx.Err())
	}
	return 0
}

// timeArg returns argument n as a time (default: now).
func timeArg(L *lua.LState, n int) time.Time {
	if L.Get(n) == lua.LNil {
		return time.Now()
	}
	return FromSeconds(float64(L.CheckNumber(n)))
}

// Format formats t with a named layout (in UTC) or a Go layout (in local time).
func Format(t time.Time, layout string) string {
	if named, ok := layouts[layout]; ok {
		return t.UTC().Format(named)
	}
	return t.Local().Format(layout)
}

// format: time.format(t?, layout?) -> string
func format(L *lua.LState) int {
	L.Push(lua.LString(Format(timeArg(L, 1), L.OptString(2, "rfc3339"))))
	return 1
}

// iso8601: time.iso8601(t?) -> string
func iso8601(L *lua.LState) int {
	L.Push(lua.LString(Format(timeArg(L, 1), "iso8601")))
	return 1
}

// Parse reads s with a named layout or a Go layout (local time unless s has a zone).
func Parse(s, layout string) (time.Time, error) {
	switch layout {
	case "rfc3339", "iso8601":
		return time.Parse(time.RFC3339, s)
	case "date":
		return time.Parse(time.DateOnly, s)
	}
	return time.ParseInLocation(layout, s, time.Local)
}

// parse: time.parse(s, layout?) -> seconds (float)
func parse(L *lua.LState) int {
	t, err := Parse(L.CheckString(1), L.OptString(2, "rfc3339"))
	if err != nil {
		runtime.Raise(L, &runtime.Error{Kind: runtime.KindError, Message: "time.parse: " + err.Error(), Err: err})
	}
	L.Push(lua.LNumber(Seconds(t)))
	return 1
}
