package kit

import (
	"fmt"
	"slices"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/runtime/cli"
	"github.com/asperalm/aslmcli/runtime/config"
)

// Client is how a module makes its client: the option names it takes (the plugin's own option
// names, so that one preset serves the command line and Lua alike) and the Go function that
// builds the client from them. It serves module.new{...} and module.from_preset(name).
type Client[T any] struct {
	// Module is the module's short name ("node"): errors say node.new, node.from_preset.
	Module string
	// Keys are the option names new{} accepts, besides "preset".
	Keys []string
	// Build makes the client from the options (absent keys are absent from o). It converts and
	// calls the product's Go constructor; its errors are usage errors unless they are
	// *runtime.Error already.
	Build func(L *lua.LState, o Options) (T, error)
	// Handle is the handle type of the client.
	Handle *Handle
}

// New is module.new{...}: the table's fields over those of its preset ({preset = NAME}), the
// preset's over the global preset's (default.config), as on the command line.
func (c *Client[T]) New(L *lua.LState) int {
	fn := c.Module + ".new"
	o := OptionsArg(L, 1, fn, append([]string{"preset"}, c.Keys...)...)
	if name := o.Str("preset"); name != "" {
		p := c.presetOptions(L, fn, name)
		for k, v := range o {
			p[k] = v
		}
		o = p
	}
	delete(o, "preset")
	return c.build(L, fn, o)
}

// FromPreset is module.from_preset(name): the client of a preset (over the global preset).
func (c *Client[T]) FromPreset(L *lua.LState) int {
	fn := c.Module + ".from_preset"
	return c.build(L, fn, c.presetOptions(L, fn, L.CheckString(1)))
}

func (c *Client[T]) build(L *lua.LState, fn string, o Options) int {
	v, err := c.Build(L, o)
	if err != nil {
		if re, ok := err.(*runtime.Error); ok {
			runtime.Raise(L, re)
		}
		runtime.Raise(L, runtime.Errorf(runtime.KindUsage, "%s: %v", fn, err))
	}
	c.Handle.Push(L, v)
	return 1
}

// presetOptions returns the module's keys from the global preset and the named one, decoded.
func (c *Client[T]) presetOptions(L *lua.LState, fn, name string) Options {
	cc := ConfigOf(L)
	out := Options{}
	names := []string{}
	if g := cc.File.DefaultPreset(config.SectionConfig); g != "" && cc.File.Has(g) {
		names = append(names, g)
	}
	name = cc.File.GlobalName(name)
	if !cc.File.Has(name) {
		runtime.Raise(L, runtime.Errorf(runtime.KindConfig, "%s: no preset %q", fn, name))
	}
	names = append(names, name)
	for _, n := range names {
		values, err := PresetValues(L, n)
		if err != nil {
			runtime.Raise(L, runtime.Wrap(runtime.KindConfig, err))
		}
		for k, v := range values {
			if slices.Contains(c.Keys, k) {
				out[k] = v
			}
		}
	}
	return out
}

// PresetValues returns the options of a preset: includes resolved, keys normalized (dashes
// become underscores) and extended values decoded (@env:, @file:...).
func PresetValues(L *lua.LState, name string) (map[string]any, error) {
	c := ConfigOf(L)
	values, err := c.File.Resolve(c.File.GlobalName(name))
	if err != nil {
		return nil, err
	}
	out := make(map[string]any, len(values))
	for k, v := range values {
		if c.Decoder != nil {
			if v, err = c.Decoder.DecodeValue(v); err != nil {
				return nil, fmt.Errorf("preset %s: %s: %w", name, k, err)
			}
		}
		out[cli.Normalize(k)] = v
	}
	return out, nil
}
