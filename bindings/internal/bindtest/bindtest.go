// Package bindtest is the test world of the binding modules: an engine with the modules under
// test and stdlib's out, a configuration file in a temporary folder, an option store, and the
// cli object of a command "p c" over given arguments.
package bindtest

import (
	"path/filepath"
	"testing"

	"github.com/asperalm/aslmcli/bindings/kit"
	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/runtime/cli"
	"github.com/asperalm/aslmcli/runtime/config"
	"github.com/asperalm/aslmcli/runtime/extval"
	"github.com/asperalm/aslmcli/runtime/format"
	"github.com/asperalm/aslmcli/runtime/luatest"
	"github.com/asperalm/aslmcli/stdlib/out"
)

// World is a Lua state under test with its configuration.
type World struct {
	*luatest.State
	File  *config.File
	Store *cli.Store
	// Invocation is the command "p c" with the arguments given to New; the cli binding
	// installs it when the test opens aspera.cli (see SetInvocation in package cli).
	Invocation *cli.Invocation
}

// New returns a world with mods (and out). Options known to the store: the global ones,
// url and count. @env:NAME decodes to "env-NAME".
func New(t *testing.T, mods []kit.Module, args ...string) *World {
	t.Helper()
	f, err := config.Load(filepath.Join(t.TempDir(), "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	f.Version = "9.9"
	decls := cli.NewDecls(append(cli.GlobalOptions(), &cli.Option{Name: "url"}, &cli.Option{Name: "count", Type: cli.Int})...)
	dec := extval.New(extval.Hooks{Getenv: func(n string) (string, bool) { return "env-" + n, true }})
	store := cli.NewStore(decls, dec, "ASLMCLI_")
	e := &runtime.Engine{Modules: []runtime.Module{out.Module}}
	for _, m := range mods {
		e.Modules = append(e.Modules, m.Runtime())
	}
	s := luatest.NewWith(t, t.Context(), e)
	kit.SetConfig(e, &kit.ConfigContext{File: f, Store: store, Decoder: dec})
	out.Configure(e, out.Settings{Options: func() (format.Options, error) {
		v, _ := store.Get(cli.OptFormat)
		return format.Options{Format: v.(string), FlatHash: true}, nil
	}})
	root := (&cli.Command{Name: "p"}).Add(&cli.Command{Name: "c"})
	inv := cli.NewInvocation("p", root.Commands["c"], []string{"c"}, args, store)
	return &World{State: s, File: f, Store: store, Invocation: inv}
}
