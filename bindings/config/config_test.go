package config_test

import (
	"os"
	"strings"
	"testing"

	"github.com/asperalm/aslmcli/bindings/config"
	"github.com/asperalm/aslmcli/bindings/internal/bindtest"
	"github.com/asperalm/aslmcli/bindings/kit"
	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/runtime/cli"
)

func newWorld(t *testing.T) *bindtest.World { return bindtest.New(t, []kit.Module{config.Module}) }

func TestConfigModule(t *testing.T) {
	w := newWorld(t)
	w.Must(`
		local c = require("aspera.config")
		c.set("demo", "url", "https://x")
		c.set("demo", "password", "hunter2")
		c.set("demo", "count", 3)
		c.update("demo", {["transfer-node"] = {a = 1}})
		c.initialize("other", {k = "v"})
		c.set_default("server", "demo")
		c.set("GLOBAL", "format", "json")
		assert(c.get("demo", "url") == "https://x")
		assert(c.get("demo", "count") == 3)
		assert(c.get("demo", "transfer_node").a == 1, "dashes become underscores")
		assert(c.default("server") == "demo")
		assert(c.default("nothing") == nil)
		assert(c.default("config") == "global_common_defaults")
		assert(c.preset("GLOBAL").format == "json")
		assert(c.exists("demo") and not c.exists("nope"))
		assert(c.unset("demo", "count") == true and c.unset("demo", "count") == false)
		assert(c.delete("other") == true and c.delete("other") == false)
		assert(c.preset("other") == nil)
		assert(c.decode("@env:X") == "env-X")
		local names = table.concat(c.presets(), ",")
		assert(names == "demo,default,global_common_defaults", names)
		for _, r in ipairs(c.overview()) do
			if r.parameter == "password" then assert(r.value == "***", "secret hidden") end
		end
		c.save()
	`)
	data, err := os.ReadFile(w.File.Path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	if !strings.HasPrefix(s, "config:\n  version: \"9.9\"\n") || !strings.Contains(s, "password: hunter2") || !strings.Contains(s, "transfer_node:") {
		t.Fatalf("saved file:\n%s", s)
	}
	w.Fail(runtime.KindUsage, "@json:", `require("aspera.config").decode("@json:{x")`)
	w.Fail(runtime.KindLua, "bad argument #2", `require("aspera.config").initialize("x", "not a table")`)
}

func TestConfigOption(t *testing.T) {
	w := newWorld(t)
	w.Store.Add(cli.FromPreset, "url", "https://from-preset", "preset p")
	w.Store.Add(cli.FromCommandLine, "count", "12", "--count")
	if got := w.String(`local c = require("aspera.config"); return c.option("url") .. " " .. c.option("count") * 2`); got != "https://from-preset 24" {
		t.Fatalf("got %q", got)
	}
}
