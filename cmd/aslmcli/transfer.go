package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/asperalm/aslmcli/bindings/kit"
	"github.com/asperalm/aslmcli/runtime/cli"
	"github.com/asperalm/aslmcli/transfer"

	// the transfer agents register themselves
	_ "github.com/asperalm/aslmcli/transfer/ascp"
	_ "github.com/asperalm/aslmcli/transfer/connect"
	_ "github.com/asperalm/aslmcli/transfer/httpgw"
	_ "github.com/asperalm/aslmcli/transfer/node"
	_ "github.com/asperalm/aslmcli/transfer/sftp"
)

// defaultAgent is the --transfer default, the original tool's.
const defaultAgent = "direct"

// transferAgents describes the registered agents to the command line: the values of
// --transfer, the agents' command-line options (each once), and their help.
func transferAgents() (cli.Agents, cli.HelpSection) {
	a := cli.Agents{Default: defaultAgent, Help: "transfer agent (see Transfer agents)",
		InfoHelp: "settings of the transfer agent (see Transfer agents; --transfer-node=@preset:NAME names the node agent's node)"}
	sec := cli.HelpSection{Title: "Transfer agents (--transfer; settings in --transfer-info)"}
	seen := map[string]bool{}
	var aliases []string
	for _, info := range transfer.Infos() {
		a.Names = append(a.Names, info.Name)
		aliases = append(aliases, info.Aliases...)
		var keys []string
		for _, o := range info.Options {
			if o.Internal {
				continue
			}
			keys = append(keys, o.Name)
			if o.CLI && !seen[o.Name] {
				seen[o.Name] = true
				a.Options = append(a.Options, cliOption(o))
			}
		}
		name := info.Name
		if len(info.Aliases) > 0 {
			name += " (" + strings.Join(info.Aliases, ", ") + ")"
		}
		help := info.Help
		if len(keys) > 0 {
			help += "; settings: " + strings.Join(keys, ", ")
		}
		sec.Entries = append(sec.Entries, cli.PluginInfo{Name: name, Help: help})
	}
	a.Names = append(a.Names, aliases...)
	return a, sec
}

// cliOption is the command-line declaration of an agent's option.
func cliOption(o transfer.Option) *cli.Option {
	t := map[transfer.OptionType]cli.Type{transfer.TypeString: cli.String, transfer.TypeEnum: cli.Enum, transfer.TypeBool: cli.Bool,
		transfer.TypeInt: cli.Int, transfer.TypeNumber: cli.Number, transfer.TypeSeconds: cli.Number, transfer.TypeList: cli.List,
		transfer.TypeHash: cli.Hash}[o.Type]
	return &cli.Option{Name: o.Name, Type: t, Values: o.Values, Help: o.Help}
}

// transferContext gives aspera.transfer the agent of --transfer and its settings: the
// --transfer-info hash, then the run's values the agent takes (transfer.Settings).
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
			v, err := a.store.Get(cli.OptTransferInfo)
			if err != nil {
				return nil, err
			}
			given, _ := v.(map[string]any)
			return transfer.Settings(agent, given, a.transferHost(h))
		},
	}
}

// transferHost gives the agents the run's values: their command-line options, the HTTP
// settings, the SSH host key checking of the server plugin, and the node of the command
// (the node plugin's --url...), else the default node preset.
func (a *app) transferHost(h *kit.HTTPContext) transfer.Host {
	return transfer.Host{
		Option: a.store.Get,
		HTTP:   func() (any, error) { return h.Settings() },
		// HOME/known_hosts (new hosts go there, so that the user's own file is never
		// written), ~/.ssh/known_hosts, and --ssh-options' strict_host_key_checking
		SSH: func() ([]string, string, error) {
			strict := ""
			if m, ok := a.storeValue("ssh_options").(map[string]any); ok && m["strict_host_key_checking"] != nil {
				strict = fmt.Sprint(m["strict_host_key_checking"])
			}
			return a.knownHosts(), strict, nil
		},
		Node: a.defaultNode,
	}
}

// storeValue is an option's value, nil when unset or invalid (the error shows elsewhere).
func (a *app) storeValue(name string) any {
	v, _ := a.store.Get(name)
	return v
}

// defaultNode is the url, username and password of the command's node options, else of the
// default node preset; nil when neither has a url.
func (a *app) defaultNode() (map[string]any, error) {
	keys := []string{"url", "username", "password"}
	if a.storeValue("url") != nil {
		out := map[string]any{}
		for _, k := range keys {
			out[k] = a.storeValue(k)
		}
		return out, nil
	}
	if a.file == nil {
		return nil, nil
	}
	name := a.file.DefaultPreset("node")
	if name == "" {
		return nil, nil
	}
	values, err := a.file.Resolve(name)
	if err != nil {
		return nil, err
	}
	out := map[string]any{}
	for _, k := range keys {
		if x, ok := values[k]; ok {
			d, err := a.decoder.DecodeValue(x)
			if err != nil {
				return nil, err
			}
			out[k] = d
		}
	}
	return out, nil
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
