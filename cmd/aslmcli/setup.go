package main

import (
	"errors"
	"fmt"
	"io"
	"log/syslog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/runtime/cli"
	"github.com/asperalm/aslmcli/runtime/config"
	"github.com/asperalm/aslmcli/scripts"
)

// setupLogging applies --log-level and --logger as currently known.
func (a *app) setupLogging() error {
	lv, err := a.str(cli.OptLogLevel)
	if err != nil {
		return err
	}
	level, err := runtime.ParseLogLevel(lv)
	if err != nil {
		return cli.Usage("", "%v", err)
	}
	a.level.Set(level)
	dest, err := a.str(cli.OptLogger)
	if err != nil {
		return err
	}
	var w io.Writer = a.io.Err
	switch dest {
	case "stdout":
		w = a.io.Out
	case "syslog":
		sl, err := syslog.New(syslog.LOG_LOCAL2|syslog.LOG_INFO, toolName)
		if err != nil {
			return runtime.Errorf(runtime.KindIO, "--logger=syslog: %v", err)
		}
		a.cleanups = append(a.cleanups, func() { sl.Close() })
		w = sl
	}
	a.log = runtime.NewLogger(w, a.level)
	if a.engine != nil {
		a.engine.Log = a.log
	}
	return nil
}

// loadConfig reads the configuration file and applies the global preset. A file that does
// not parse is kept (a.file knows its path, for `config open`) and its error is reported by
// every command that does not repair it (a.fileErr).
func (a *app) loadConfig() error {
	home, err := a.home()
	if err != nil {
		return err
	}
	path, err := a.str(cli.OptConfigFile)
	if err != nil {
		return err
	}
	if path == "" {
		path = filepath.Join(home, "config.yaml")
	}
	f, err := config.Load(expandHome(path))
	if err != nil {
		e := cli.Classify(err)
		e.Hint = "fix the file (aslmcli config open; aslmcli config show --raw prints it), or use --config-file=OTHER"
		if f == nil {
			return e
		}
		a.fileErr = e
	}
	f.Version = version
	a.file = f
	a.log.Debug("configuration file", "path", f.Path, "exists", f.Exists())
	if a.fileErr != nil || a.flag(cli.OptNoDefault) {
		return nil
	}
	if g := f.DefaultPreset(config.SectionConfig); g != "" {
		p, err := f.Resolve(g)
		if err != nil {
			a.log.Warn("global preset not loaded", "preset", g, "error", err.Error())
			return nil
		}
		a.store.AddMap(cli.FromGlobalPreset, p, "preset "+g)
		a.log.Debug("global preset loaded", "preset", g)
	}
	return nil
}

// loadPresets applies the plugin's preset, chosen as the original manual says: the presets of
// -P/--preset when given (a name that does not exist, such as -Pnone, loads nothing), else
// none with -N/--no-default, else the plugin's default preset.
func (a *app) loadPresets(plugin string) error {
	if a.file == nil || a.fileErr != nil {
		return nil
	}
	v, err := a.store.Get(cli.OptPreset)
	if err != nil {
		return err
	}
	names, _ := v.([]any)
	if len(names) == 0 {
		if a.flag(cli.OptNoDefault) {
			return nil
		}
		if d := a.file.DefaultPreset(plugin); d != "" {
			p, err := a.file.Resolve(d)
			if err != nil {
				a.log.Warn("default preset not loaded", "plugin", plugin, "preset", d, "error", err.Error())
				return nil
			}
			a.store.AddMap(cli.FromPluginPreset, p, "preset "+d)
			a.log.Debug("default preset loaded", "plugin", plugin, "preset", d)
		}
		return nil
	}
	for _, n := range names {
		name, ok := n.(string)
		if !ok {
			return cli.Usage("", "--preset takes preset names, got %v", n)
		}
		if name == config.GlobalAlias {
			name = a.file.DefaultPreset(config.SectionConfig)
		}
		if name == "" || !a.file.Has(name) {
			a.log.Info("no preset of that name: no plugin preset loaded (the default one neither)", "preset", n, "plugin", plugin)
			continue
		}
		p, err := a.file.Resolve(name)
		if err != nil {
			return cli.Classify(err)
		}
		a.store.AddMap(cli.FromPreset, p, "preset "+name)
		a.log.Debug("preset loaded instead of the default one", "preset", name, "plugin", plugin)
	}
	return nil
}

func (a *app) loadCatalog() {
	home, _ := a.home()
	folders := []string{filepath.Join(home, "plugins")}
	if v, err := a.store.Get(cli.OptPluginFolder); err == nil {
		if l, ok := v.([]any); ok {
			for _, f := range l {
				folders = append(folders, expandHome(fmt.Sprint(f)))
			}
		}
	}
	a.catalog = runtime.NewCatalog(scripts.FS, "commands", folders...)
	a.catalog.Add("run")
	a.catalog.Add("repl")
	a.catalog.Add("completion")
}

// loadPlugin runs the plugin's script in a new state and returns its command tree.
func (a *app) loadPlugin(name string) (*cli.Command, error) {
	s, _ := a.catalog.Lookup(name)
	if s.Shadows {
		a.log.Warn("a user plugin overrides the built-in one", "plugin", name, "file", s.Path)
	}
	a.log.Debug("plugin", "name", name, "script", s.Path)
	L := a.engine.NewState(a.ctx)
	a.cleanups = append(a.cleanups, func() { runtime.Close(L) })
	return loadPluginIn(L, s)
}

// checkOptions refuses options that the command does not know (unless it accepts any), and
// decodes every option of the command line so that a bad value fails before the command runs.
func (a *app) checkOptions(cmd *cli.Command, given []cli.Given) error {
	allowed := map[string]bool{}
	for _, o := range a.globalOptions() {
		allowed[o.Name] = true
	}
	for _, o := range cmd.PathOptions() {
		allowed[o.Name] = true
	}
	hint := toolName + " " + joinWords(cmd.Path()) + " -h lists its options"
	for _, g := range given {
		if !allowed[g.Name] && !cmd.AcceptsAny() {
			if cmd.Path()[0] == "run" {
				hint = "arguments of the script that start with a dash go after --: " + toolName + " run FILE.lua -- " + g.Written
			}
			return cli.Usage(hint, "unknown option %s", g.Written)
		}
	}
	for _, g := range given {
		if _, err := a.store.Get(g.Name); err != nil {
			return err
		}
	}
	return nil
}

// setupPrompts enables questions for missing values on a terminal (--interactive).
func (a *app) setupPrompts() error {
	v, err := a.store.Get(cli.OptInteractive)
	if err != nil {
		return err
	}
	ask, set := v.(bool)
	if !set {
		ask = true // default: yes when stdin is a terminal
	}
	f, isFile := a.io.In.(*os.File)
	if !ask || !a.io.InTTY || !isFile {
		a.store.Prompter = nil
		return nil
	}
	a.store.Prompter = &cli.TermPrompter{In: f, Out: a.io.Err}
	a.store.AskOptional = a.flag(cli.OptAskOptions)
	return nil
}

// lock holds --lock-port for the life of the command.
func (a *app) lock() error {
	v, err := a.store.Get(cli.OptLockPort)
	if err != nil || v == nil {
		return err
	}
	port := v.(int64)
	if port <= 0 || port > 65535 {
		return cli.Usage("", "--lock-port must be a TCP port (1-65535), got %d", port)
	}
	l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return &runtime.Error{Kind: "lock", Message: fmt.Sprintf("another instance holds the lock on port %d", port),
				Hint: "wait for it to finish; the lock is a listening TCP port on 127.0.0.1"}
		}
		return runtime.Errorf("lock", "--lock-port=%d: %v", port, err)
	}
	a.cleanups = append(a.cleanups, func() { l.Close() })
	return nil
}

func (a *app) globalHelp() {
	var plugins []cli.PluginInfo
	for _, n := range a.catalog.Names() {
		info := cli.PluginInfo{Name: n, Help: "run a Lua script file or chunk"}
		switch n {
		case "run":
		case "repl":
			info.Help = "interactive Lua session with every module loaded"
		case "completion":
			info.Help = "print the shell completion script of bash, zsh or fish"
		default:
			info.Help = a.pluginSummary(n)
		}
		plugins = append(plugins, info)
	}
	_, agents := transferAgents()
	cli.WriteGlobalHelp(a.io.Out, toolName, version, plugins, []cli.HelpSection{agents}, a.globalOptions(), extvalNames())
}

// pluginSummary loads a plugin to read its help line; a broken plugin says why.
func (a *app) pluginSummary(name string) string {
	if a.engine == nil {
		a.engine = a.newEngine()
	}
	L := a.engine.NewState(a.ctx)
	defer runtime.Close(L)
	s, _ := a.catalog.Lookup(name)
	root, err := loadPluginIn(L, s)
	if err != nil {
		return "(broken: " + strings.TrimPrefix(cli.Classify(err).Message, "plugin "+name+" ") + ")"
	}
	if !s.Builtin {
		return root.Help + " [" + s.Path + "]"
	}
	return root.Help
}

func (a *app) isPluginWord(_ *cli.Line, w string) bool {
	_, err := cli.Match("plugin", w, a.catalog.Names())
	return err == nil
}

func matchesPlugin(word, plugin string, names []string) bool {
	m, err := cli.Match("plugin", word, names)
	return err == nil && m == plugin
}

func withHint(err error, hint string) error {
	e := cli.Classify(err)
	if e.Hint == "" {
		e.Hint = hint
	}
	return e
}

func joinNames(n []string) string { return strings.Join(n, ", ") }

func joinWords(w []string) string { return strings.Join(w, " ") }
