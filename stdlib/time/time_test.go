package time_test

import (
	"context"
	"errors"
	"testing"
	gotime "time"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/runtime/luatest"
	"github.com/asperalm/aslmcli/stdlib/time"
)

func TestClock(t *testing.T) {
	s := luatest.New(t, time.Module)
	before := float64(gotime.Now().UnixNano()) / 1e9
	out := s.Must(`
		local time = require("time")
		local c0 = time.clock()
		time.sleep(0.02)
		time.sleep(0)
		time.sleep(-1)
		local c1 = time.clock()
		assert(c1 - c0 >= 0.02 and c1 - c0 < 1, c1 - c0)
		assert(time.unix() == math.floor(time.unix()))
		return time.now(), time.unix()`)
	after := float64(gotime.Now().UnixNano()) / 1e9
	now, unix := float64(out[0].(lua.LNumber)), float64(out[1].(lua.LNumber))
	if now < before || now > after || unix < before-1 || unix > after {
		t.Errorf("now %f, unix %f, not within [%f, %f]", now, unix, before, after)
	}
}

func TestFormatParse(t *testing.T) {
	s := luatest.New(t, time.Module)
	localZero := gotime.Unix(0, 0).Format("2006/01/02 15h04 MST")
	localParsed := gotime.Date(2024, 1, 2, 3, 4, 0, 0, gotime.Local).Unix()
	s.Must(`
		local time, local_zero, local_parsed = require("time"), ...
		assert(time.format(0) == "1970-01-01T00:00:00Z")
		assert(time.format(1704164645.25, "rfc3339") == "2024-01-02T03:04:05Z")
		assert(time.format(1704164645.25, "iso8601") == "2024-01-02T03:04:05.250Z")
		assert(time.iso8601(1.5) == "1970-01-01T00:00:01.500Z")
		assert(time.format(86400 * 365, "date") == "1971-01-01")
		assert(time.format(0, "2006/01/02 15h04 MST") == local_zero)
		assert(#time.iso8601() == 24 and #time.format() == 20)
		assert(time.parse("2024-01-02T03:04:05Z") == 1704164645)
		assert(time.parse("2024-01-02T04:04:05.5+01:00", "iso8601") == 1704164645.5)
		assert(time.parse("1971-01-01", "date") == 86400 * 365)
		assert(time.parse("02/01/2024 03:04", "02/01/2006 15:04") == local_parsed)
		assert(time.parse("02/01/2024 03:04 +0100", "02/01/2006 15:04 -0700") == 1704164640 - 3600)
		local t = time.now()
		assert(math.abs(time.parse(time.iso8601(t), "iso8601") - t) < 0.001)`, localZero, localParsed)
	s.Fail(runtime.KindError, `time.parse: parsing time "yesterday"`, `require("time").parse("yesterday")`)
	s.Fail(runtime.KindLua, "bad argument #1", `require("time").format("now")`)
	s.Fail(runtime.KindLua, "bad argument #1", `require("time").sleep(0/0)`)
}

func TestSleepCancelled(t *testing.T) {
	for _, src := range []string{
		`require("time").sleep(30)`,
		`local ok = pcall(require("time").sleep, 30) return ok`, // pcall cannot swallow it
	} {
		ctx, cancel := context.WithCancel(context.Background())
		s := luatest.NewWith(t, ctx, &runtime.Engine{Modules: []runtime.Module{time.Module}})
		var cancelled gotime.Time
		timer := gotime.AfterFunc(50*gotime.Millisecond, func() {
			cancelled = gotime.Now()
			cancel()
		})
		start := gotime.Now()
		_, err := s.Run(src)
		returned := gotime.Now()
		timer.Stop()
		cancel()
		var e *runtime.Error
		if !errors.As(err, &e) || e.Kind != runtime.KindInterrupted {
			t.Fatalf("%s: want kind interrupted, got %T %v", src, err, err)
		}
		if cancelled.IsZero() || returned.Sub(cancelled) > 100*gotime.Millisecond {
			t.Errorf("%s: returned %v after start, %v after cancel", src, returned.Sub(start), returned.Sub(cancelled))
		}
	}
}
