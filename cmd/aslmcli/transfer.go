package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/asperalm/aslmcli/bindings/kit"
	"github.com/asperalm/aslmcli/runtime/cli"

	// the transfer agents register themselves
	_ "github.com/asperalm/aslmcli/transfer/ascp"
	_ "github.com/asperalm/aslmcli/transfer/connect"
	_ "github.com/asperalm/aslmcli/transfer/httpgw"
	_ "github.com/asperalm/aslmcli/transfer/node"
	_ "github.com/asperalm/aslmcli/transfer/sftp"
)

// transferContext gives aspera.transfer the agent of --transfer and its settings: the
// --transfer-info hash, the run's HTTP settings, and for the node agent without a url the
// command's own --url/--username/--password (node plugin), else the default node preset.
func (a *app) transferContext(h *kit.HTTPContext) *kit.TransferContext {
	return &kit.TransferContext{
		Default:  func() string { s, _ := a.str(cli.OptTransfer); return s },
		Progress: func() bool { return a.io.ErrTTY && a.flag(cli.OptProgressBar) },
		Overrides: func() (map[string]any, error) {
			v, err := a.store.Get(cli.OptTS)
			if m, ok := v.(map[string]any); ok {
				return m, err
			}
			return nil, err
		},
		Settings: func(agent string) (map[string]any, error) {
			out := map[string]any{}
			v, err := a.store.Get(cli.OptTransferInfo)
			if err != nil {
				return nil, err
			}
			if m, ok := v.(map[string]any); ok {
				for k, x := range m {
					out[k] = x
				}
			}
			if agent == "direct" || agent == "ascp" {
				for opt, key := range map[string]string{cli.OptAscpPath: "ascp_path", cli.OptSDKFolder: "sdk_folder"} {
					if s, _ := a.str(opt); s != "" && out[key] == nil {
						out[key] = expandHome(s)
					}
				}
			}
			// the node agent defaults to the node of the command (node plugin options), then
			// to the default node preset
			if agent == "node" && out["url"] == nil {
				for _, k := range []string{"url", "username", "password"} {
					if v, err := a.store.Get(k); err == nil && v != nil {
						out[k] = v
					}
				}
			}
			if agent == "node" && out["url"] == nil && a.file != nil {
				if name := a.file.DefaultPreset("node"); name != "" {
					values, err := a.file.Resolve(name)
					if err != nil {
						return nil, err
					}
					for _, k := range []string{"url", "username", "password"} {
						if x, ok := values[k]; ok {
							d, err := a.decoder.DecodeValue(x)
							if err != nil {
								return nil, err
							}
							out[k] = d
						}
					}
				}
			}
			// the sftp agent checks host keys like the server plugin: HOME/known_hosts (new
			// hosts go there), ~/.ssh/known_hosts, and --ssh-options' strict_host_key_checking
			if agent == "sftp" {
				if out["known_hosts"] == nil {
					l := []any{}
					for _, f := range a.knownHosts() {
						l = append(l, f)
					}
					out["known_hosts"] = l
				}
				if v, _ := a.store.Get("ssh_options"); v != nil {
					if m, ok := v.(map[string]any); ok && out["strict_host_key_checking"] == nil && m["strict_host_key_checking"] != nil {
						out["strict_host_key_checking"] = fmt.Sprint(m["strict_host_key_checking"])
					}
				}
			}
			s, err := h.Settings()
			if err != nil {
				return nil, err
			}
			out["rest_settings"] = s
			return out, nil
		},
	}
}

// knownHosts are the known_hosts files of SSH connections: HOME/known_hosts first (new hosts
// are added there, so that the user's own file is never written), then ~/.ssh/known_hosts.
func (a *app) knownHosts() []string {
	var l []string
	if home, err := a.home(); err == nil {
		l = append(l, filepath.Join(home, "known_hosts"))
	}
	if h, err := os.UserHomeDir(); err == nil {
		l = append(l, filepath.Join(h, ".ssh", "known_hosts"))
	}
	return l
}
