package cli

import (
	"fmt"
	"sort"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/runtime/cli"
)

// LoadPlugin runs a plugin script in L and converts the table it returns into a command
// tree named name. Errors are kind plugin and name the script's path.
func LoadPlugin(L *lua.LState, s *runtime.Script) (*cli.Command, error) {
	proto, err := s.Proto()
	if err != nil {
		return nil, err
	}
	ret, err := runtime.RunProto(L, proto)
	if err != nil {
		return nil, pluginError(s, "%s", runtime.Wrap(runtime.KindLua, err).Message)
	}
	if len(ret) == 0 {
		return nil, pluginError(s, "the script must return its declaration table (return { commands = {...} })")
	}
	t, ok := ret[0].(*lua.LTable)
	if !ok {
		return nil, pluginError(s, "the script returned a %s; it must return its declaration table", ret[0].Type())
	}
	root, err := decodeCommand(L, s.Name, t, s.Name)
	if err != nil {
		return nil, pluginError(s, "%v", err)
	}
	return root, nil
}

func pluginError(s *runtime.Script, format string, args ...any) error {
	return &runtime.Error{Kind: runtime.KindPlugin, Message: fmt.Sprintf("plugin %s (%s): ", s.Name, s.Path) + fmt.Sprintf(format, args...)}
}

var commandFields = map[string]bool{"help": true, "usage": true, "long": true, "options": true,
	"commands": true, "run": true, "any_options": true, "name": true, "until_interrupted": true}

func decodeCommand(L *lua.LState, name string, t *lua.LTable, where string) (*cli.Command, error) {
	c := &cli.Command{Name: name}
	var err error
	t.ForEach(func(k, v lua.LValue) {
		if err == nil && !commandFields[k.String()] {
			err = fmt.Errorf("%s: unknown field %q (use: any_options, commands, help, long, options, run, until_interrupted, usage)", where, k.String())
		}
	})
	if err != nil {
		return nil, err
	}
	if c.Help, err = optString(t, "help", where); err != nil {
		return nil, err
	}
	if c.Usage, err = optString(t, "usage", where); err != nil {
		return nil, err
	}
	if c.Long, err = optString(t, "long", where); err != nil {
		return nil, err
	}
	c.AnyOptions = lua.LVAsBool(t.RawGetString("any_options"))
	c.UntilInterrupted = lua.LVAsBool(t.RawGetString("until_interrupted"))
	if c.Options, err = decodeOptions(L, t.RawGetString("options"), where); err != nil {
		return nil, err
	}
	switch fn := t.RawGetString("run").(type) {
	case *lua.LNilType:
	case *lua.LFunction:
		c.Run = runner(L, fn)
	default:
		return nil, fmt.Errorf("%s: run must be a function, not a %s", where, fn.Type())
	}
	switch subs := t.RawGetString("commands").(type) {
	case *lua.LNilType:
	case *lua.LTable:
		names := runtime.SortedKeys(subs)
		if len(names) == 0 && subs.Len() > 0 {
			return nil, fmt.Errorf("%s: commands must map names to command tables", where)
		}
		for _, n := range names {
			st, ok := subs.RawGetString(n).(*lua.LTable)
			if !ok {
				return nil, fmt.Errorf("%s.commands.%s must be a table", where, n)
			}
			sub, err := decodeCommand(L, n, st, where+".commands."+n)
			if err != nil {
				return nil, err
			}
			c.Add(sub)
		}
	default:
		return nil, fmt.Errorf("%s: commands must be a table", where)
	}
	if c.Run == nil && len(c.Commands) == 0 {
		return nil, fmt.Errorf("%s: a command needs run or commands", where)
	}
	return c, nil
}

func optString(t *lua.LTable, key, where string) (string, error) {
	switch v := t.RawGetString(key).(type) {
	case *lua.LNilType:
		return "", nil
	case lua.LString:
		return string(v), nil
	default:
		return "", fmt.Errorf("%s: %s must be a string, not a %s", where, key, v.Type())
	}
}

var optionFields = map[string]bool{"name": true, "short": true, "aliases": true, "type": true,
	"values": true, "default": true, "help": true, "secret": true}

func decodeOptions(L *lua.LState, v lua.LValue, where string) ([]*cli.Option, error) {
	if v == lua.LNil {
		return nil, nil
	}
	t, ok := v.(*lua.LTable)
	if !ok {
		return nil, fmt.Errorf("%s: options must be a list of option tables", where)
	}
	var out []*cli.Option
	for i := 1; i <= t.Len(); i++ {
		ot, ok := t.RawGetInt(i).(*lua.LTable)
		if !ok {
			return nil, fmt.Errorf("%s.options[%d] must be a table", where, i)
		}
		o, err := decodeOption(L, ot, fmt.Sprintf("%s.options[%d]", where, i))
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}

func decodeOption(L *lua.LState, t *lua.LTable, where string) (*cli.Option, error) {
	var bad []string
	t.ForEach(func(k, _ lua.LValue) {
		if !optionFields[k.String()] {
			bad = append(bad, k.String())
		}
	})
	if len(bad) > 0 {
		sort.Strings(bad)
		return nil, fmt.Errorf("%s: unknown field %q (use: aliases, default, help, name, secret, short, type, values)", where, bad[0])
	}
	name := lua.LVAsString(t.RawGetString("name"))
	if !runtime.PluginName().MatchString(cli.Normalize(name)) {
		return nil, fmt.Errorf("%s: name must be a snake_case option name, got %q", where, name)
	}
	typ, err := cli.ParseType(lua.LVAsString(t.RawGetString("type")))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", where, err)
	}
	o := &cli.Option{Name: cli.Normalize(name), Type: typ, Short: lua.LVAsString(t.RawGetString("short")),
		Help: lua.LVAsString(t.RawGetString("help")), Secret: lua.LVAsBool(t.RawGetString("secret"))}
	if len(o.Short) > 1 {
		return nil, fmt.Errorf("%s: short must be one letter", where)
	}
	if o.Default, err = runtime.FromLua(L, t.RawGetString("default")); err != nil {
		return nil, fmt.Errorf("%s: default: %v", where, err)
	}
	for _, key := range []string{"values", "aliases"} {
		l, ok := t.RawGetString(key).(*lua.LTable)
		if !ok {
			continue
		}
		for i := 1; i <= l.Len(); i++ {
			s := l.RawGetInt(i).String()
			if key == "values" {
				o.Values = append(o.Values, s)
			} else {
				o.Aliases = append(o.Aliases, cli.Normalize(s))
			}
		}
	}
	if typ == cli.Enum && len(o.Values) == 0 {
		return nil, fmt.Errorf("%s: an enum option needs values", where)
	}
	return o, nil
}

// runner wraps a Lua run function as the Run of a command: it receives the cli object.
func runner(L *lua.LState, fn *lua.LFunction) func(inv *cli.Invocation) error {
	return func(inv *cli.Invocation) error {
		obj := NewValue(L, inv)
		_, err := runtime.Call(L, fn, obj)
		return err
	}
}
