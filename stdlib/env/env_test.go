package env_test

import (
	"os"
	"testing"

	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/runtime/luatest"
	"github.com/asperalm/aslmcli/stdlib/env"
)

func TestEnv(t *testing.T) {
	t.Setenv("ASLM_TEST_A", "alpha")
	t.Setenv("ASLM_TEST_EMPTY", "")
	t.Setenv("ASLM_TEST_SET", "") // restored when the test ends
	s := luatest.New(t, env.Module)
	s.Must(`
		local env = require("env")
		assert(env.get("ASLM_TEST_A") == "alpha")
		assert(env.get("ASLM_TEST_EMPTY", "dflt") == "")
		assert(env.get("ASLM_TEST_NONE") == nil and env.get("ASLM_TEST_NONE", "dflt") == "dflt")
		env.set("ASLM_TEST_SET", "v=1")
		assert(env.get("ASLM_TEST_SET") == "v=1")
		env.set("ASLM_TEST_SET", 42)
		assert(env.list().ASLM_TEST_SET == "42" and env.list().ASLM_TEST_A == "alpha")
		env.unset("ASLM_TEST_SET")
		env.unset("ASLM_TEST_SET")
		assert(env.get("ASLM_TEST_SET") == nil and env.list().ASLM_TEST_SET == nil)`)
	if _, ok := os.LookupEnv("ASLM_TEST_SET"); ok {
		t.Error("unset did not reach the process")
	}
	s.Fail(runtime.KindLua, "invalid variable name", `require("env").set("A=B", "x")`)
	s.Fail(runtime.KindLua, "invalid variable name", `require("env").unset("")`)
	s.Fail(runtime.KindLua, "bad argument #2", `require("env").set("A", nil)`)
}
