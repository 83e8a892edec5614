// Package vault is the binding of aspera.vault: the entries of the run's vault (runtime/vault:
// the encrypted file or the OS keychain, chosen by --vault), opened once per run by the host
// (kit.ConfigContext.Vault), which asks for the file's passphrase.
package vault

import (
	_ "embed"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/bindings/kit"
	"github.com/asperalm/aslmcli/runtime"
	rv "github.com/asperalm/aslmcli/runtime/vault"
)

//go:embed aspera.vault.d.lua
var meta string

// Module is `aspera.vault`.
var Module = kit.Module{Name: "aspera.vault", Doc: "the vault of secrets (--vault: the encrypted HOME/vault or the OS keychain): list, get, set, delete entries",
	Meta: meta, Funcs: map[string]lua.LGFunction{
		"info":   info,
		"list":   list,
		"get":    get,
		"set":    set,
		"delete": del,
	}}

var errs = kit.Errors{Default: runtime.KindConfig}

func open(L *lua.LState) rv.Backend {
	c := kit.ConfigOf(L)
	if c.Vault == nil {
		runtime.Raise(L, runtime.Errorf(runtime.KindConfig, "no vault in this run"))
	}
	v, err := c.Vault()
	if err != nil {
		errs.Raise(L, err)
	}
	return v
}

// info is vault.info(): {type=, file= or service=...}, which store the run uses.
func info(L *lua.LState) int {
	L.Push(runtime.ToLua(L, open(L).Info()))
	return 1
}

// list is vault.list(): the entry names, sorted.
func list(L *lua.LState) int {
	names, err := open(L).Names()
	if err != nil {
		errs.Raise(L, err)
	}
	L.Push(runtime.ToLua(L, names))
	return 1
}

// get is vault.get(NAME): {name=, secret=, FIELD=...}, or nil when there is no such entry.
func get(L *lua.LState) int {
	name := L.CheckString(1)
	e, ok, err := open(L).Get(name)
	if err != nil {
		errs.Raise(L, err)
	}
	if !ok {
		L.Push(lua.LNil)
		return 1
	}
	r := map[string]any{}
	for k, f := range e.Fields {
		r[k] = f
	}
	r["name"], r["secret"] = name, e.Secret
	L.Push(runtime.ToLua(L, r))
	return 1
}

// set is vault.set(NAME, SECRET [, FIELDS]): adds or replaces the entry.
func set(L *lua.LState) int {
	name, secret := L.CheckString(1), L.CheckString(2)
	var fields map[string]string
	if t := L.OptTable(3, nil); t != nil {
		fields = map[string]string{}
		t.ForEach(func(k, v lua.LValue) {
			if k.Type() != lua.LTString || v.Type() != lua.LTString {
				L.ArgError(3, "fields: a table of text keys and text values expected")
			}
			fields[k.String()] = v.String()
		})
		if len(fields) == 0 {
			fields = nil
		}
	}
	return errs.OK(L, open(L).Set(name, rv.Entry{Secret: secret, Fields: fields}))
}

// del is vault.delete(NAME): removes the entry, reports whether it existed.
func del(L *lua.LState) int {
	found, err := open(L).Delete(L.CheckString(1))
	return errs.Push(L, found, err)
}
