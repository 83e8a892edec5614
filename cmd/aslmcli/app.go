package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	goruntime "runtime"

	"github.com/asperalm/aslmcli/bindings"
	bcli "github.com/asperalm/aslmcli/bindings/cli"
	"github.com/asperalm/aslmcli/bindings/kit"
	"github.com/asperalm/aslmcli/bindings/server"
	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/runtime/cli"
	"github.com/asperalm/aslmcli/runtime/config"
	"github.com/asperalm/aslmcli/runtime/extval"
	"github.com/asperalm/aslmcli/scripts"
	"github.com/asperalm/aslmcli/stdlib"
	"github.com/asperalm/aslmcli/stdlib/out"
)

const (
	toolName  = "aslmcli"
	envPrefix = "ASLMCLI_"
)

// app holds the state of one command line.
type app struct {
	ctx      context.Context
	io       *runtime.IO
	environ  []string
	decls    *cli.Decls
	store    *cli.Store
	decoder  *extval.Decoder
	file     *config.File
	catalog  *runtime.Catalog
	engine   *runtime.Engine
	level    *slog.LevelVar
	log      *slog.Logger
	evalL    *luaState    // lazily created state for @lua: values
	vault    vaultSession // opened on first use (@vault:, config vault)
	cleanups []func()
	// fileErr is why the configuration file could not be read: only the commands that repair
	// it run then (see repairsConfig).
	fileErr error
	// stopped is set when a command that runs until interrupted was interrupted: its normal end.
	stopped bool
}

// Main runs one command line and returns the exit code. It is main without the process:
// tests call it with their own streams and environment.
func Main(ctx context.Context, argv []string, streams *runtime.IO, environ []string) int {
	a := &app{ctx: ctx, io: streams, environ: environ, level: &slog.LevelVar{}}
	a.level.Set(slog.LevelWarn)
	a.log = runtime.NewLogger(streams.Err, a.level)
	err := a.run(argv)
	for i := len(a.cleanups) - 1; i >= 0; i-- {
		a.cleanups[i]()
	}
	if err == nil && ctx.Err() != nil && !a.stopped {
		err = runtime.Wrap(runtime.KindInterrupted, ctx.Err())
	}
	var re *runtime.Error
	if errors.As(err, &re) && re.Kind == runtime.KindLua {
		if trace, ok := re.Details.(string); ok && trace != "" {
			a.log.Debug("script error", "trace", trace)
		}
	}
	if a.level.Level() <= slog.LevelDebug {
		cli.WriteDebugError(streams.Err, err)
	} else {
		cli.WriteError(streams.Err, err)
	}
	return cli.ExitCode(err)
}

// run processes the command line in this order: global options (phase 0), configuration
// file and global preset, plugin catalog, plugin word (phase 1), plugin declarations, full
// parse with the plugin's options (phase 2), presets, command, checks, then the command.
func (a *app) run(argv []string) error {
	if len(argv) > 0 && argv[0] == cli.CompleteCommand {
		return a.complete(argv[1:])
	}
	a.decls = cli.NewDecls(append(a.globalOptions(), runCommand().Options...)...)
	a.decoder = extval.New(extval.Hooks{Lua: a.evalLua, Preset: a.presetValue, Secret: a.askSecret, Vault: a.vaultValue, Stdin: a.io.In, Getenv: a.lookupEnv})
	a.store = cli.NewStore(a.decls, a.decoder, envPrefix)
	a.store.AddEnv(a.environ)

	l0, err := cli.Parse(argv, a.decls, cli.ParseOptions{Lenient: true})
	if err != nil {
		return err
	}
	a.addKnown(l0.Given)
	if a.flag(cli.OptVersion) {
		fmt.Fprintln(a.io.Out, version)
		return nil
	}
	if err := a.setupLogging(); err != nil {
		return err
	}
	if err := a.loadConfig(); err != nil {
		return err
	}
	if err := a.setupLogging(); err != nil {
		return err
	}
	a.loadCatalog()

	l1, err := cli.Parse(argv, a.decls, cli.ParseOptions{Lenient: true, IsWord: a.isPluginWord})
	if err != nil {
		return err
	}
	// `aslmcli help [PLUGIN [COMMAND...]]` is the help option: the word (written in full, so
	// that it takes no prefix from plugins) becomes --help
	for len(l1.Words) > 0 && l1.Words[0] == "help" {
		if _, isPlugin := a.catalog.Lookup("help"); isPlugin {
			break // a user plugin named help
		}
		argv = append([]string(nil), argv...)
		argv[l1.Index[0]] = "--help"
		a.store.Add(cli.FromCommandLine, cli.OptHelp, true, "help")
		if l1, err = cli.Parse(argv, a.decls, cli.ParseOptions{Lenient: true, IsWord: a.isPluginWord}); err != nil {
			return err
		}
	}
	if len(l1.Words) == 0 {
		if a.flag(cli.OptHelp) {
			a.globalHelp()
			return nil
		}
		for _, g := range l1.Given {
			if !g.Known {
				return cli.Usage(toolName+" -h lists the plugins and the global options", "unknown option %s", g.Written)
			}
		}
		return cli.Usage(toolName+" -h lists the plugins and options", "missing plugin name (use one of: %s)", joinNames(a.catalog.Names()))
	}
	plugin, err := cli.Match("plugin", l1.Words[0], a.catalog.Names())
	if err != nil {
		return withHint(err, toolName+" -h lists the plugins")
	}
	a.engine = a.newEngine()
	var root *cli.Command
	if plugin == "run" {
		root = runCommand()
		root.Run = a.runScript
	} else if plugin == "repl" {
		root = replCommand()
		root.Run = a.runREPL
	} else if plugin == "completion" {
		root = completionCommand()
		root.Run = a.printCompletion
	} else if root, err = a.loadPlugin(plugin); err != nil {
		return err
	}
	return a.dispatch(argv, plugin, root)
}

// dispatch parses the command line again with the plugin's declarations, applies the
// presets, walks the command tree, checks the options and arguments of the command, and
// runs it: nothing is done before every check passed.
func (a *app) dispatch(argv []string, plugin string, root *cli.Command) error {
	decls := cli.NewDecls(append(a.globalOptions(), root.TreeOptions()...)...)
	// an undeclared option takes the next word as its value, except the plugin's name
	isWord := func(l *cli.Line, next string) bool { return len(l.Words) == 0 && a.isPluginWord(l, next) }
	line, err := cli.Parse(argv, decls, cli.ParseOptions{IsWord: isWord})
	if err != nil {
		return err
	}
	if len(line.Words) == 0 || !matchesPlugin(line.Words[0], plugin, a.catalog.Names()) {
		return cli.Usage("write options that take a value as --option=VALUE before the plugin name",
			"cannot tell the plugin from the command line")
	}
	a.store.SetDecls(decls)
	a.store.Clear(cli.FromCommandLine)
	a.store.AddCommandLine(line.Given)
	if err := a.loadPresets(plugin); err != nil {
		return err
	}
	a.log.Debug("command line", "plugin", plugin, "words", line.Words[1:])
	cmd, n, err := cli.Walk(root, line.Words[1:])
	if err != nil {
		return err // an unknown command, with -h too
	}
	if a.flag(cli.OptHelp) {
		cli.WriteCommandHelp(a.io.Out, toolName, cmd)
		return nil
	}
	if a.fileErr != nil && !a.repairsConfig(cmd) {
		return a.fileErr
	}
	if err := a.checkOptions(cmd, line.Given); err != nil {
		return err
	}
	if err := a.setupLogging(); err != nil {
		return err
	}
	if err := a.setupPrompts(); err != nil {
		return err
	}
	a.warnUndeclared(cmd)
	if a.flag(cli.OptShowConfig) {
		return a.showConfig()
	}
	if cmd.Run == nil {
		return cli.Usage(toolName+" "+joinWords(cmd.Path())+" -h lists the commands",
			"missing command after %q (use one of: %s)", joinWords(cmd.Path()), joinNames(cmd.Names()))
	}
	inv := cli.NewInvocation(plugin, cmd, cmd.Path()[1:], line.Words[1+n:], a.store)
	if plugin != "run" { // the arguments of a script are its own, given to it as written
		if err := inv.Check(); err != nil {
			return err
		}
	}
	if err := a.lock(); err != nil {
		return err
	}
	bcli.SetInvocation(a.engine, inv)
	if err := cmd.Run(inv); err != nil {
		if cmd.UntilInterrupted && a.ctx.Err() != nil && cli.ExitCode(err) == cli.ExitInterrupted {
			a.stopped = true
			return a.saveConfig()
		}
		return err
	}
	a.stopped = cmd.UntilInterrupted
	if plugin != "run" && plugin != "repl" {
		if err := inv.Done(); err != nil {
			return err
		}
	}
	return a.saveConfig()
}

// repairsConfig tells the commands that run on a configuration file that does not parse:
// those that show it as it is and open it in an editor.
func (a *app) repairsConfig(cmd *cli.Command) bool {
	switch joinWords(cmd.Path()) {
	case "config open":
		return true
	case "config show":
		return a.flag("raw")
	}
	return false
}

// warnUndeclared warns about the preset keys that are no option of the command's plugin nor
// a global one: a misspelled key would otherwise be silently ignored.
func (a *app) warnUndeclared(cmd *cli.Command) {
	if cmd.AcceptsAny() {
		return
	}
	for _, src := range []cli.Source{cli.FromGlobalPreset, cli.FromPluginPreset, cli.FromPreset} {
		for _, u := range a.store.Undeclared(src) {
			a.log.Warn("unknown option in a preset (ignored)", "option", u.Name, "from", u.Origin, "plugin", cmd.Path()[0])
		}
	}
}

func (a *app) saveConfig() error {
	if a.file == nil {
		return nil
	}
	return a.file.Save()
}

// globalOptions are the options of every command: runtime/cli's, then those of the transfer
// agents (from the transfer registry).
func (a *app) globalOptions() []*cli.Option {
	agents, _ := transferAgents()
	opts := append(append(cli.GlobalOptions(), cli.TransferOptions(agents)...), vaultOptions()...)
	for _, o := range opts {
		switch o.Name {
		case cli.OptHome:
			if h, err := os.UserHomeDir(); err == nil {
				o.Default = filepath.Join(h, ".aspera", toolName)
			}
		case cli.OptUI:
			o.Default = "text"
			if a.hasDisplay() {
				o.Default = "graphical"
			}
		}
	}
	return opts
}

func (a *app) hasDisplay() bool {
	switch goruntime.GOOS {
	case "darwin", "windows":
		return true
	}
	return a.getenv("DISPLAY") != "" || a.getenv("WAYLAND_DISPLAY") != ""
}

func (a *app) lookupEnv(name string) (string, bool) {
	for i := len(a.environ) - 1; i >= 0; i-- {
		kv := a.environ[i]
		if len(kv) > len(name) && kv[len(name)] == '=' && kv[:len(name)] == name {
			return kv[len(name)+1:], true
		}
	}
	return "", false
}

func (a *app) getenv(name string) string {
	v, _ := a.lookupEnv(name)
	return v
}

// addKnown records the declared options of an early parse (phase 0).
func (a *app) addKnown(given []cli.Given) {
	var known []cli.Given
	for _, g := range given {
		if g.Known {
			known = append(known, g)
		}
	}
	a.store.AddCommandLine(known)
}

// flag returns a boolean option, false when unset or invalid (the error shows later).
func (a *app) flag(name string) bool {
	v, err := a.store.Get(name)
	if err != nil {
		return false
	}
	b, _ := v.(bool)
	return b
}

func (a *app) str(name string) (string, error) {
	v, err := a.store.Get(name)
	if err != nil || v == nil {
		return "", err
	}
	s, _ := v.(string)
	return s, nil
}

func (a *app) home() (string, error) {
	h, err := a.str(cli.OptHome)
	if err != nil {
		return "", err
	}
	return expandHome(h), nil
}

func expandHome(p string) string {
	if p == "~" || len(p) > 1 && p[:2] == "~/" {
		if h, err := os.UserHomeDir(); err == nil {
			return filepath.Join(h, p[1:])
		}
	}
	return p
}

func (a *app) newEngine() *runtime.Engine {
	home, _ := a.home()
	lib, _ := fs.Sub(scripts.FS, "lib")
	e := &runtime.Engine{
		IO: a.io, Log: a.log, Lib: lib,
		Modules: append(stdlib.Modules(), bindings.Modules()...),
		LuaPath: []string{filepath.Join(home, "lua")},
		Debug:   a.level.Level() <= slog.LevelDebug,
	}
	out.Configure(e, out.Settings{Options: a.formatOptions})
	kit.SetConfig(e, &kit.ConfigContext{
		File: a.file, Store: a.store, Decoder: a.decoder, Getenv: a.getenv, Vault: a.openVault,
		Graphical: func() bool { s, _ := a.str(cli.OptUI); return s == "graphical" },
	})
	hc := a.httpContext()
	kit.SetHTTP(e, hc)
	kit.SetTransfer(e, a.transferContext(hc))
	server.SetContext(e, &server.Context{KnownHosts: a.knownHosts})
	kit.SetInterrupts(e, &kit.InterruptContext{Divert: interrupts.divert})
	return e
}
