// Package transfer is the binding of aspera.transfer: start a transfer spec with any agent of
// the registry (direct/ascp, node, connect, httpgw, sftp), follow its progress, and find ascp.
// The job handle is the kit's (kit.StartJob), the same object the product modules'
// upload/download return.
package transfer

import (
	_ "embed"

	lua "github.com/yuin/gopher-lua"

	"github.com/asperalm/aslmcli/bindings/kit"
	"github.com/asperalm/aslmcli/runtime"
	xfer "github.com/asperalm/aslmcli/transfer"
	"github.com/asperalm/aslmcli/transfer/ascp"
	"github.com/asperalm/aslmcli/transfer/spec"
)

//go:embed aspera.transfer.d.lua
var meta string

// Module is `aspera.transfer`.
var Module = kit.Module{Name: "aspera.transfer", Doc: "start transfers with an agent (direct/ascp, node, connect, httpgw, sftp) and follow their progress",
	Meta: meta, Types: map[string]*kit.Handle{"job": kit.JobHandle}, Funcs: map[string]lua.LGFunction{
		"start": start,
		"agents": func(L *lua.LState) int {
			L.Push(runtime.ToLua(L, xfer.Names()))
			return 1
		},
		// chooses_files(agent?): the agent (default: --transfer) lets the user choose an
		// upload's files (Connect's file dialog), so an upload command may run without files
		"chooses_files": func(L *lua.LState) int {
			L.Push(lua.LBool(kit.ChoosesFiles(L, L.OptString(1, ""))))
			return 1
		},
		"ascp":        locateAscp,
		"spec_fields": specFields,
	}}

// specFields is transfer.spec_fields(): the fields of the transfer spec schema in order, each
// {name, type, description, ascp (its option), env (its variable), default, enum, agents}.
func specFields(L *lua.LState) int {
	fields := spec.Fields()
	list := []map[string]any{}
	for _, n := range spec.Names() {
		f := fields[n]
		m := map[string]any{"name": n, "type": f.Type, "description": f.Description}
		for k, v := range map[string]string{"ascp": f.Option, "env": f.EnvVar, "deprecation": f.Deprecation} {
			if v != "" {
				m[k] = v
			}
		}
		if f.Default != nil {
			m["default"] = f.Default
		}
		if len(f.Enum) > 0 {
			m["enum"] = f.Enum
		}
		if f.Agents != nil {
			m["agents"] = f.Agents
		}
		list = append(list, m)
	}
	L.Push(runtime.ToLua(L, list))
	return 1
}

// start is transfer.start(spec, {agent=, on_progress=, progress=}).
func start(L *lua.LState) int {
	m, ok := kit.ValueArg(L, 1).(map[string]any)
	if !ok {
		L.ArgError(1, "transfer spec (a table) expected")
	}
	L.Push(kit.StartJob(L, spec.Spec(m), L.OptTable(2, L.NewTable())))
	return 1
}

// locateAscp is transfer.ascp{ascp_path=, fasp_folder=, use_product=, sdk_folder=}: where
// ascp is, and its version.
func locateAscp(L *lua.LState) int {
	o := kit.OptionsArg(L, 1, "transfer.ascp", "ascp_path", "fasp_folder", "use_product", "sdk_folder")
	loc, err := ascp.Locate(ascp.LocateOptions{AscpPath: o.Str("ascp_path"), Folder: o.Str("fasp_folder"), Product: o.Str("use_product"), SDKFolder: o.Str("sdk_folder")})
	if err != nil {
		runtime.Raise(L, runtime.Errorf(runtime.KindConfig, "%v", err))
	}
	info := map[string]any{"path": loc.Path, "product": loc.Product}
	if v, err := ascp.Version(kit.Ctx(L), loc.Path); err == nil {
		info["version"] = v
	} else {
		info["version_error"] = err.Error()
	}
	L.Push(runtime.ToLua(L, info))
	return 1
}
