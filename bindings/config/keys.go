package config

import (
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/bindings/kit"
	"github.com/asperalm/aslmcli/products/oauth"
	"github.com/asperalm/aslmcli/runtime"
)

// The key and token functions of aspera.config: RSA key pairs for JWT grants, and the OAuth
// token cache.

func configGenkey(L *lua.LState) int {
	bits := L.OptInt(1, 0)
	priv, err := oauth.GenerateKey(bits)
	if err != nil {
		runtime.RaiseIn(L, runtime.KindUsage, "config.genkey", err)
	}
	pub, err := oauth.PublicKeyOf(priv, "")
	if err != nil {
		runtime.RaiseIn(L, runtime.KindError, "config.genkey", err)
	}
	L.Push(lua.LString(priv))
	L.Push(lua.LString(pub))
	return 2
}

func configPubkey(L *lua.LState) int {
	pub, err := oauth.PublicKeyOf([]byte(L.CheckString(1)), L.OptString(2, ""))
	if err != nil {
		runtime.RaiseIn(L, runtime.KindUsage, "config.pubkey", err)
	}
	L.Push(lua.LString(pub))
	return 1
}

func tokenCache(L *lua.LState) *oauth.Cache {
	h := kit.HTTPOf(L)
	if h.Tokens == nil || h.Tokens() == nil {
		runtime.Raise(L, runtime.Errorf(runtime.KindConfig, "no token cache in this context"))
	}
	return h.Tokens()
}

func entryValue(e oauth.Entry) map[string]any {
	m := map[string]any{
		"id": e.ID, "grant": e.Key.Grant, "url": e.Key.URL, "client_id": e.Key.ClientID,
		"user": e.Key.User, "scope": e.Key.Scope, "expired": e.Expired, "saved": stamp(e.Saved),
		"expiry": stamp(e.Expiry),
	}
	return m
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format(time.RFC3339)
}

func configTokens(L *lua.LState) int {
	entries, err := tokenCache(L).List()
	if err != nil {
		runtime.RaiseIn(L, runtime.KindIO, "config.tokens", err)
	}
	list := make([]any, 0, len(entries))
	for _, e := range entries {
		list = append(list, entryValue(e))
	}
	L.Push(runtime.ToLua(L, list))
	return 1
}

func configToken(L *lua.LState) int {
	e, tok, err := tokenCache(L).Show(L.CheckString(1))
	if err != nil {
		runtime.RaiseIn(L, runtime.KindConfig, "config.token", err)
	}
	m := entryValue(e)
	if tok != nil {
		m["access_token"] = tok.AccessToken
		m["token_type"] = tok.TokenType
		if tok.RefreshToken != "" {
			m["refresh_token"] = tok.RefreshToken
		}
	}
	L.Push(runtime.ToLua(L, m))
	return 1
}

func configFlushTokens(L *lua.LState) int {
	n, err := tokenCache(L).Flush()
	if err != nil {
		runtime.RaiseIn(L, runtime.KindIO, "config.flush_tokens", err)
	}
	L.Push(lua.LNumber(n))
	return 1
}

// configDefinitions is config.definitions(): the LuaLS definition file (---@meta) of every
// module of the engine, {name = text}, the same text the REPL's help reads.
func configDefinitions(L *lua.LState) int {
	t := L.NewTable()
	if e := runtime.EngineOf(L); e != nil {
		for _, m := range e.Modules {
			if m.Meta != "" {
				t.RawSetString(m.Name, lua.LString(m.Meta))
			}
		}
	}
	L.Push(t)
	return 1
}
