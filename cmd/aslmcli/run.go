package main

import (
	"os"
	"path/filepath"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/runtime/cli"
)

// runCommand declares the `run` plugin, handled by the host rather than a script.
func runCommand() *cli.Command {
	return &cli.Command{
		Name:  "run",
		Help:  "Run a Lua script file, or a chunk with -e",
		Usage: "[FILE.lua] [ARGS...]",
		Long: `The script gets its arguments in the table arg (arg[0] is the script) and as ...;
its exit code follows os.exit(n), or is 1 after an uncaught error. require finds the built-in
modules, modules next to the script, and HOME/lua/. Global options are global anywhere on the
line, after FILE too: arguments of the script that start with a dash go after --
(aslmcli run FILE.lua -- -v). A script whose first line is #!/usr/bin/env -S aslmcli run --
runs directly and gets every argument. The Lua dialect is Lua 5.1 (gopher-lua).`,
		Options: []*cli.Option{{Name: "eval", Short: "e", Type: cli.String, Help: "run this chunk instead of a file", CmdlineOnly: true}},
	}
}

// runScript runs `aslmcli run FILE [ARGS]` or `aslmcli run -e CODE [ARGS]`.
func (a *app) runScript(inv *cli.Invocation) error {
	code, err := a.str("eval")
	if err != nil {
		return err
	}
	// arguments of a script are given to it as written, not decoded
	args := inv.RawRemaining()
	name, dir, src := "(command line)", "", []byte(code)
	if code == "" {
		if len(args) == 0 {
			return cli.Usage(toolName+" run -h shows the usage", "missing script file (or -e CODE)")
		}
		name, args = args[0], args[1:]
		if src, err = os.ReadFile(name); err != nil {
			return runtime.Errorf(runtime.KindIO, "run: %v", err)
		}
		dir = filepath.Dir(name)
	}
	inv2 := cli.NewInvocation("run", inv.Command, nil, args, a.store)
	*inv = *inv2
	L := a.engine.NewState(a.ctx)
	defer runtime.Close(L)
	if dir != "" {
		runtime.PrependLuaPath(L, dir)
	}
	argt := L.NewTable()
	argt.RawSetInt(0, lua.LString(name))
	lv := make([]lua.LValue, len(args))
	for i, s := range args {
		argt.RawSetInt(i+1, lua.LString(s))
		lv[i] = lua.LString(s)
	}
	L.SetGlobal("arg", argt)
	proto, err := runtime.Compile(name, src)
	if err != nil {
		return err
	}
	_, err = runtime.RunProto(L, proto, lv...)
	return err
}
