package main

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/asperalm/aslmcli/runtime"
	"github.com/asperalm/aslmcli/runtime/vault"
)

// envVaultPassword holds the vault's passphrase for unattended runs.
const envVaultPassword = envPrefix + "VAULT_PASSWORD"

// openVault opens HOME/vault once per run: the passphrase comes from ASLMCLI_VAULT_PASSWORD,
// else it is asked on the terminal (no echo), else the run fails with a usage error.
func (a *app) openVault() (*vault.Vault, error) {
	if a.vault != nil {
		return a.vault, nil
	}
	home, err := a.home()
	if err != nil {
		return nil, err
	}
	pass, ok := a.lookupEnv(envVaultPassword)
	if !ok {
		if pass, err = a.askSecret("vault passphrase"); err != nil {
			return nil, runtime.Errorf(runtime.KindUsage, "no passphrase for the vault: %s is not set and %v", envVaultPassword, err)
		}
	}
	v, err := vault.Open(filepath.Join(home, vault.FileName), pass)
	if errors.Is(err, vault.ErrNoPassphrase) {
		return nil, runtime.Wrap(runtime.KindUsage, err)
	}
	if err != nil {
		return nil, runtime.Wrap(runtime.KindConfig, err)
	}
	a.vault = v
	return v, nil
}

// vaultValue answers @vault:NAME with the secret of the entry.
func (a *app) vaultValue(name string) (any, error) {
	v, err := a.openVault()
	if err != nil {
		return nil, err
	}
	e, ok := v.Get(name)
	if !ok {
		return nil, fmt.Errorf("no vault entry %q (aslmcli config vault list)", name)
	}
	return e.Secret, nil
}
