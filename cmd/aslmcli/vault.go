package main

import (
	"errors"
	"path/filepath"

	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/runtime/cli"
	"github.com/asperalm/aslmcli/runtime/vault"
)

// Options that choose the vault (ascli's names).
const (
	optVault         = "vault"
	optVaultPassword = "vault_password" // its variable ASLMCLI_VAULT_PASSWORD is the store's
)

// vaultSession is the run's vault: the backend once opened, and whether it is being opened
// (the options that choose it may not read it).
type vaultSession struct {
	backend vault.Backend
	opening bool
}

// vaultOptions declares --vault and --vault-password.
func vaultOptions() []*cli.Option {
	return []*cli.Option{
		{Name: optVault, Type: cli.Any, Help: `where @vault: and config vault keep secrets: file (the encrypted HOME/vault, default), system (the OS keychain; alias keychain), or @json:{"type":"file","file":PATH} / {"type":"system","service":NAME}`},
		{Name: optVaultPassword, Type: cli.String, Secret: true, Help: "passphrase of the file vault (default: asked on the terminal)"},
	}
}

// openVault opens the vault chosen by --vault once per run. The file vault's passphrase is
// --vault-password (or ASLMCLI_VAULT_PASSWORD, or a preset), else asked on the terminal (no
// echo), else the run fails with a usage error. The keychain needs none.
func (a *app) openVault() (vault.Backend, error) {
	if a.vault.backend != nil {
		return a.vault.backend, nil
	}
	if a.vault.opening {
		return nil, runtime.Errorf(runtime.KindUsage, "--vault and --vault-password cannot come from the vault itself")
	}
	a.vault.opening = true
	defer func() { a.vault.opening = false }()
	choice, err := a.store.Get(optVault)
	if err != nil {
		return nil, err
	}
	spec, err := vault.ParseSpec(choice)
	if err != nil {
		return nil, runtime.Wrap(runtime.KindUsage, err)
	}
	var b vault.Backend
	if spec.Type == vault.TypeSystem {
		if b, err = vault.OpenKeychain(spec.Service); err != nil {
			return nil, runtime.Wrap(runtime.KindConfig, err)
		}
	} else if b, err = a.openFileVault(spec.File); err != nil {
		return nil, err
	}
	a.vault.backend = b
	return b, nil
}

// openFileVault opens the encrypted file (relative to the home folder) with its passphrase.
func (a *app) openFileVault(file string) (vault.Backend, error) {
	if !filepath.IsAbs(file) {
		home, err := a.home()
		if err != nil {
			return nil, err
		}
		file = filepath.Join(home, file)
	}
	given, err := a.store.Get(optVaultPassword)
	if err != nil {
		return nil, err
	}
	pass, ok := given.(string)
	if given == nil {
		if pass, err = a.askSecret("vault passphrase"); err != nil {
			return nil, runtime.Errorf(runtime.KindUsage, "no passphrase for the vault: neither --vault-password nor %s is set and %v", cli.EnvName(envPrefix, optVaultPassword), err)
		}
	} else if !ok {
		return nil, runtime.Errorf(runtime.KindUsage, "--vault-password must be text")
	}
	v, err := vault.Open(file, pass)
	if errors.Is(err, vault.ErrNoPassphrase) {
		return nil, runtime.Wrap(runtime.KindUsage, err)
	}
	if err != nil {
		return nil, runtime.Wrap(runtime.KindConfig, err)
	}
	return v, nil
}

// vaultValue answers @vault:NAME (the entry's secret) and ascli's @vault:LABEL.FIELD.
func (a *app) vaultValue(ref string) (any, error) {
	b, err := a.openVault()
	if err != nil {
		return nil, err
	}
	return vault.Lookup(b, ref)
}
