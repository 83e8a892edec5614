package bindings

import (
	_ "embed"
	"fmt"
	"os"
	"os/exec"
	"sort"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/internal/secret"
	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/runtime/cli"
	"github.com/asperalm/aslmcli/runtime/config"
	"github.com/asperalm/aslmcli/runtime/extval"
)

//go:embed meta/aspera.config.d.lua
var configMeta string

// ConfigModule is `aspera.config`: presets of the configuration file, option resolution and
// extended values. Changes are saved when the command succeeds (or by config.save()).
var ConfigModule = runtime.Module{Name: "aspera.config", Doc: "presets of the configuration file, option values, extended values", Open: openConfig, Meta: configMeta}

// ConfigContext is what aspera.config works on.
type ConfigContext struct {
	File    *config.File
	Store   *cli.Store // resolves options the way a command does
	Decoder *extval.Decoder
	// Graphical tells whether `open` uses the desktop's opener rather than a terminal editor.
	Graphical func() bool
	Getenv    func(string) string
}

type configKey struct{}

// SetConfig installs the configuration context of the states of e.
func SetConfig(e *runtime.Engine, c *ConfigContext) { e.SetService(configKey{}, c) }

func configOf(L *lua.LState) *ConfigContext {
	c, ok := runtime.Service(L, configKey{}).(*ConfigContext)
	if !ok || c.File == nil {
		runtime.Raise(L, runtime.Errorf(runtime.KindConfig, "no configuration file is loaded"))
	}
	return c
}

func openConfig(L *lua.LState) int {
	L.Push(L.SetFuncs(L.NewTable(), configFuncs))
	return 1
}

// name returns argument n as a preset name, GLOBAL resolved.
func presetArg(L *lua.LState, c *ConfigContext, n int) string {
	name := L.CheckString(n)
	if name == "" {
		L.ArgError(n, "preset name expected")
	}
	return c.File.GlobalName(name)
}

func valueArg(L *lua.LState, n int) any {
	v, err := runtime.FromLua(L, L.Get(n))
	if err != nil {
		L.ArgError(n, err.Error())
	}
	return v
}

func mapArg(L *lua.LState, n int) map[string]any {
	m, ok := valueArg(L, n).(map[string]any)
	if !ok {
		L.ArgError(n, "table of option names to values expected")
	}
	return m
}

var configFuncs = map[string]lua.LGFunction{
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
		c.File.Set(presetArg(L, c, 1), cli.Normalize(L.CheckString(2)), valueArg(L, 3))
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
		c.File.Initialize(presetArg(L, c, 1), normalizeKeys(mapArg(L, 2)))
		return 0
	},
	"update": func(L *lua.LState) int {
		c := configOf(L)
		c.File.Update(presetArg(L, c, 1), normalizeKeys(mapArg(L, 2)))
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
	"open": openFile,
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
