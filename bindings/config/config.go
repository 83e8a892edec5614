// Package config is the binding of aspera.config: presets of the configuration file, option
// resolution, extended values, RSA keys for JWT grants and the OAuth token cache. Changes are
// saved when the command succeeds (or by config.save()).
package config

import (
	_ "embed"
	"fmt"
	"os"
	"os/exec"
	"sort"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/bindings/kit"
	"github.com/asperalm/aslmcli/internal/secret"
	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/runtime/cli"
	"github.com/asperalm/aslmcli/runtime/config"
)

//go:embed aspera.config.d.lua
var meta string

// Module is `aspera.config`.
var Module = kit.Module{Name: "aspera.config", Doc: "presets of the configuration file, option values, extended values",
	Meta: meta, Funcs: funcs}

func configOf(L *lua.LState) *kit.ConfigContext { return kit.ConfigOf(L) }

// presetArg returns argument n as a preset name, GLOBAL resolved.
func presetArg(L *lua.LState, c *kit.ConfigContext, n int) string {
	name := L.CheckString(n)
	if name == "" {
		L.ArgError(n, "preset name expected")
	}
	return c.File.GlobalName(name)
}

var funcs = map[string]lua.LGFunction{
	"completion_script": func(L *lua.LState) int {
		s, err := cli.CompletionScript(L.CheckString(1), "aslmcli")
		if err != nil {
			runtime.Raise(L, err)
		}
		L.Push(lua.LString(s))
		return 1
	},
	"file": func(L *lua.LState) int {
		L.Push(lua.LString(configOf(L).File.Path))
		return 1
	},
	"presets": func(L *lua.LState) int {
		L.Push(runtime.ToLua(L, append([]string{}, configOf(L).File.PresetNames()...)))
		return 1
	},
	"exists": func(L *lua.LState) int {
		c := configOf(L)
		L.Push(lua.LBool(c.File.Has(c.File.GlobalName(L.CheckString(1)))))
		return 1
	},
	"preset": func(L *lua.LState) int {
		c := configOf(L)
		p, ok := c.File.Preset(presetArg(L, c, 1))
		if !ok {
			L.Push(lua.LNil)
			return 1
		}
		L.Push(runtime.ToLua(L, p))
		return 1
	},
	"get": func(L *lua.LState) int {
		c := configOf(L)
		v, _ := c.File.Get(presetArg(L, c, 1), cli.Normalize(L.CheckString(2)))
		L.Push(runtime.ToLua(L, v))
		return 1
	},
	"set": func(L *lua.LState) int {
		c := configOf(L)
		c.File.Set(presetArg(L, c, 1), cli.Normalize(L.CheckString(2)), kit.ValueArg(L, 3))
		return 0
	},
	"unset": func(L *lua.LState) int {
		c := configOf(L)
		L.Push(lua.LBool(c.File.Unset(presetArg(L, c, 1), cli.Normalize(L.CheckString(2)))))
		return 1
	},
	"delete": func(L *lua.LState) int {
		c := configOf(L)
		L.Push(lua.LBool(c.File.Delete(presetArg(L, c, 1))))
		return 1
	},
	"initialize": func(L *lua.LState) int {
		c := configOf(L)
		c.File.Initialize(presetArg(L, c, 1), normalizeKeys(kit.MapArg(L, 2)))
		return 0
	},
	"update": func(L *lua.LState) int {
		c := configOf(L)
		c.File.Update(presetArg(L, c, 1), normalizeKeys(kit.MapArg(L, 2)))
		return 0
	},
	"default": func(L *lua.LState) int {
		if p := configOf(L).File.DefaultPreset(L.CheckString(1)); p != "" {
			L.Push(lua.LString(p))
		} else {
			L.Push(lua.LNil)
		}
		return 1
	},
	"set_default": func(L *lua.LState) int {
		c := configOf(L)
		c.File.Set(config.SectionDefault, L.CheckString(1), c.File.GlobalName(L.CheckString(2)))
		return 0
	},
	"data": func(L *lua.LState) int {
		L.Push(runtime.ToLua(L, configOf(L).File.Data()))
		return 1
	},
	"overview": func(L *lua.LState) int {
		L.Push(runtime.ToLua(L, overview(configOf(L).File)))
		return 1
	},
	"option": func(L *lua.LState) int {
		c := configOf(L)
		if c.Store == nil {
			runtime.Raise(L, runtime.Errorf(runtime.KindConfig, "config.option: no command line to resolve options from"))
		}
		v, err := c.Store.Get(L.CheckString(1))
		if err != nil {
			runtime.Raise(L, err)
		}
		L.Push(runtime.ToLua(L, v))
		return 1
	},
	"decode": func(L *lua.LState) int {
		c := configOf(L)
		v, err := c.Decoder.Decode(L.CheckString(1))
		if err != nil {
			runtime.Raise(L, cli.Classify(err))
		}
		L.Push(runtime.ToLua(L, v))
		return 1
	},
	"save": func(L *lua.LState) int {
		if err := configOf(L).File.Save(); err != nil {
			runtime.Raise(L, cli.Classify(err))
		}
		return 0
	},
	"open":         openFile,
	"genkey":       configGenkey,
	"pubkey":       configPubkey,
	"tokens":       configTokens,
	"token":        configToken,
	"flush_tokens": configFlushTokens,
	"definitions":  configDefinitions,
}

func normalizeKeys(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[cli.Normalize(k)] = v
	}
	return out
}

// overview lists every parameter of every preset, reserved sections included, in file order,
// with secret values hidden.
func overview(f *config.File) []any {
	var rows []any
	for _, name := range f.PresetNames() {
		p, _ := f.Preset(name)
		keys := f.Keys(name)
		if len(keys) != len(p) {
			keys = keys[:0]
			for k := range p {
				keys = append(keys, k)
			}
			sort.Strings(keys)
		}
		for _, k := range keys {
			v := p[k]
			if secret.IsSecretKey(k) && v != nil && v != "" {
				v = secret.Mask
			}
			rows = append(rows, map[string]any{"preset": name, "parameter": k, "value": v})
		}
	}
	return rows
}

// openFile opens the configuration file: with a graphical UI in the desktop's opener, on a
// terminal in $VISUAL/$EDITOR; it returns the path, and whether an editor was started.
func openFile(L *lua.LState) int {
	c := configOf(L)
	if !c.File.Exists() {
		c.File.Set(config.SectionConfig, "version", c.File.Version)
		if err := c.File.Save(); err != nil {
			runtime.Raise(L, cli.Classify(err))
		}
	}
	path := c.File.Path
	e := runtime.EngineOf(L)
	graphical := c.Graphical != nil && c.Graphical()
	interactive := e.IO.InTTY && e.IO.OutTTY
	getenv := c.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	name, args := config.OpenCommand(path, graphical, getenv)
	if name == "" || (!graphical && !interactive) {
		L.Push(lua.LString(path))
		L.Push(lua.LFalse)
		return 2
	}
	cmd := exec.CommandContext(runtime.Context(L), name, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = e.IO.In, e.IO.Out, e.IO.Err
	if err := cmd.Run(); err != nil {
		runtime.Raise(L, runtime.Wrap(runtime.KindIO, fmt.Errorf("open %s with %s: %w", path, name, err)))
	}
	if !graphical {
		if _, err := config.Load(path); err != nil {
			runtime.Raise(L, cli.Classify(err))
		}
	}
	L.Push(lua.LString(path))
	L.Push(lua.LTrue)
	return 2
}
