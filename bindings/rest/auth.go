package rest

import (
	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/bindings/kit"
	"github.com/asperalm/aslmcli/products/oauth"
	"github.com/asperalm/aslmcli/products/rest"
)

// buildAuth turns an auth table ({type=, grant=, username=, ...}: the names of oauth.Keys)
// into an authenticator for the API at base; nil for no table.
func buildAuth(L *lua.LState, base string, a map[string]any) (rest.Auth, error) {
	if a == nil {
		return nil, nil
	}
	o, err := oauth.FromMap(a, true)
	if err != nil {
		return nil, err
	}
	return oauth.Authenticator(o, base, kit.AuthEnv(L))
}

// authFromPreset keeps the authentication options of a preset: the keys of oauth.Keys
// ("auth" names the type or the grant: auth: jwt).
func authFromPreset(p map[string]any) map[string]any {
	a := map[string]any{}
	for _, k := range oauth.Keys {
		if v, ok := p[k]; ok && k != "type" && k != "grant" { // a preset says "auth"
			a[k] = v
		}
	}
	return a
}

// mergeAuth returns base overridden by over (nil when both are empty). An explicit type or
// grant in over replaces the preset's "auth".
func mergeAuth(base, over map[string]any) map[string]any {
	if len(base) == 0 {
		return over
	}
	if over["type"] != nil || over["grant"] != nil {
		delete(base, "auth")
	}
	for k, v := range over {
		base[k] = v
	}
	return base
}
