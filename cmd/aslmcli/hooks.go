package main

import (
	"errors"
	"fmt"

	lua "github.com/yuin/gopher-lua"

	bcli "github.com/asperalm/aslmcli/bindings/cli"
	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/runtime/cli"
	"github.com/asperalm/aslmcli/runtime/extval"
	"github.com/asperalm/aslmcli/runtime/format"
)

// loadPluginIn loads a plugin's command tree and checks the usage of each command (the
// usage grammar of runtime/cli): a usage that the argument check cannot read is a plugin error.
func loadPluginIn(L *lua.LState, s *runtime.Script) (*cli.Command, error) {
	root, err := bcli.LoadPlugin(L, s)
	if err != nil {
		return nil, err
	}
	if err := cli.ValidateTree(root); err != nil {
		return nil, &runtime.Error{Kind: runtime.KindPlugin, Message: fmt.Sprintf("plugin %s (%s): %v", s.Name, s.Path, err)}
	}
	return root, nil
}

// luaState is the state that evaluates @lua: values, created on first use.
type luaState struct{ L *lua.LState }

// evalLua evaluates the code of a @lua: value: an expression ("1+1", "function(r) ... end"),
// or a chunk that returns a value. Functions come back as runtime.Func.
func (a *app) evalLua(code string) (any, error) {
	if a.evalL == nil {
		if a.engine == nil {
			a.engine = a.newEngine()
		}
		L := a.engine.NewState(a.ctx)
		a.evalL = &luaState{L}
		a.cleanups = append(a.cleanups, func() { runtime.Close(L) })
	}
	L := a.evalL.L
	proto, err := runtime.Compile("@lua", []byte("return "+code))
	if err != nil {
		if proto, err = runtime.Compile("@lua", []byte(code)); err != nil {
			return nil, err
		}
	}
	ret, err := runtime.RunProto(L, proto)
	if err != nil || len(ret) == 0 {
		return nil, err
	}
	return runtime.FromLua(L, ret[0])
}

// presetValue answers @preset:NAME[.KEY...]; text values of a preset are extended values.
func (a *app) presetValue(path string) (any, error) {
	if a.file == nil {
		return nil, errors.New("no configuration file is loaded")
	}
	v, ok := a.file.Lookup(path)
	if !ok {
		return nil, fmt.Errorf("no preset value %q", path)
	}
	if m, ok := v.(map[string]any); ok {
		for k, e := range m {
			d, err := a.decoder.DecodeValue(e)
			if err != nil {
				return nil, err
			}
			m[k] = d
		}
		return m, nil
	}
	return a.decoder.DecodeValue(v)
}

// askSecret answers @secret: on a terminal.
func (a *app) askSecret(prompt string) (string, error) {
	if a.store.Prompter == nil {
		if err := a.setupPrompts(); err != nil {
			return "", err
		}
	}
	if a.store.Prompter == nil {
		return "", errors.New("needs a terminal to ask for the secret (give it with @env: or @file: instead)")
	}
	if prompt == "" {
		prompt = "secret"
	}
	return a.store.Prompter.Prompt(prompt, true)
}

// formatOptions returns the output options from the store.
func (a *app) formatOptions() (format.Options, error) {
	o := format.Options{TTY: a.io.OutTTY}
	f, err := a.str(cli.OptFormat)
	if err != nil {
		return o, err
	}
	o.Format = f
	if o.Fields, err = a.store.Get(cli.OptFields); err != nil {
		return o, err
	}
	sel, err := a.store.Get(cli.OptSelect)
	if err != nil {
		return o, err
	}
	if fn, ok := sel.(runtime.Func); ok {
		o.Select = func(r map[string]any) (bool, error) {
			ret, err := fn(r)
			if err != nil || len(ret) == 0 {
				return false, err
			}
			b, _ := ret[0].(bool)
			return b, nil
		}
	} else if sel != nil {
		o.Select = sel
	}
	o.FlatHash = a.flag(cli.OptFlatHash)
	o.ShowSecrets = a.flag(cli.OptShowSecrets)
	return o, nil
}

// showConfig prints the merged options of the command (--show-config).
func (a *app) showConfig() error {
	m, err := a.store.Merged()
	if err != nil {
		return err
	}
	for _, k := range []string{cli.OptShowConfig, cli.OptHelp, cli.OptVersion} {
		delete(m, k)
	}
	o, err := a.formatOptions()
	if err != nil {
		return err
	}
	if err := format.Write(a.io.Out, format.Result{Kind: format.Object, Data: m}, o); err != nil {
		return runtime.Wrap(runtime.KindUsage, err)
	}
	return nil
}

func extvalNames() []string { return extval.Names() }
