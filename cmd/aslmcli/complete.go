package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/runtime/cli"
	"github.com/asperalm/aslmcli/runtime/extval"
)

// complete answers the completion scripts (`aslmcli __complete WORDS...`): the candidates
// for the last word, one per line. It reads the options given before the cursor (--home,
// --config-file, --plugin-folder...) and the configuration file to find the user's plugins
// and presets; it writes nothing, logs nothing and never fails: no candidate is an empty
// answer.
func (a *app) complete(words []string) error {
	a.log = runtime.NewLogger(io.Discard, a.level)
	a.decls = cli.NewDecls(a.globalOptions()...)
	// no question, no Lua, no standard input: a value that needs one is left unknown
	noAsk := func(string) (string, error) { return "", errors.New("not while completing") }
	noLua := func(string) (any, error) { return nil, errors.New("not while completing") }
	a.decoder = extval.New(extval.Hooks{Lua: noLua, Preset: a.presetValue, Secret: noAsk, Stdin: strings.NewReader(""), Getenv: a.lookupEnv})
	a.store = cli.NewStore(a.decls, a.decoder, envPrefix)
	a.store.AddEnv(a.environ)
	if len(words) > 1 {
		if l0, err := cli.Parse(words[:len(words)-1], a.decls, cli.ParseOptions{Lenient: true}); err == nil {
			a.addKnown(l0.Given)
		}
	}
	c := cli.Completer{Global: a.globalOptions()}
	if a.loadConfig() == nil {
		if a.fileErr == nil {
			c.Presets = a.file.PresetNames()
		}
		a.loadCatalog()
		c.Plugins = a.catalog.Names()
		c.Plugin = a.completionTree
	}
	for _, w := range cli.Complete(words, c) {
		fmt.Fprintln(a.io.Out, w)
	}
	return nil
}

// completionTree returns the command tree of a plugin for completion, nil when it does not load.
func (a *app) completionTree(name string) *cli.Command {
	switch name {
	case "run":
		return runCommand()
	case "repl":
		return replCommand()
	case "completion":
		return completionCommand()
	}
	if a.engine == nil {
		a.engine = a.newEngine()
	}
	root, err := a.loadPlugin(name)
	if err != nil {
		return nil
	}
	return root
}

// completionCommand is `aslmcli completion bash|zsh|fish`, a built-in plugin as run and repl
// (the config plugin has the same command: `config completion`).
func completionCommand() *cli.Command {
	return &cli.Command{
		Name:  "completion",
		Help:  "Print the shell completion script of bash, zsh or fish",
		Usage: "bash|zsh|fish",
		Long:  cli.CompletionUsage(toolName),
	}
}

// printCompletion runs `aslmcli completion SHELL`.
func (a *app) printCompletion(inv *cli.Invocation) error {
	shell, err := inv.NextArg("shell", false)
	if err != nil {
		return err
	}
	s, err := cli.CompletionScript(fmt.Sprint(shell), toolName)
	if err != nil {
		return err
	}
	_, err = io.WriteString(a.io.Out, s)
	return err
}
