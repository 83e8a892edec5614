package cli

import "github.com/asperalm/aslmcli/runtime"

// Names of the options the CLI itself reads.
const (
	OptHelp         = "help"
	OptVersion      = "version"
	OptShowConfig   = "show_config"
	OptHome         = "home"
	OptConfigFile   = "config_file"
	OptPreset       = "preset"
	OptNoDefault    = "no_default"
	OptPluginFolder = "plugin_folder"
	OptFormat       = "format"
	OptFields       = "fields"
	OptSelect       = "select"
	OptFlatHash     = "flat_hash"
	OptShowSecrets  = "show_secrets"
	OptLogLevel     = "log_level"
	OptLogger       = "logger"
	OptInteractive  = "interactive"
	OptAskOptions   = "ask_options"
	OptUI           = "ui"
	OptLockPort     = "lock_port"
	OptInsecure     = "insecure"
	OptHTTPProxy    = "http_proxy"
	OptHTTPOptions  = "http_options"
	OptRestDebug    = "rest_debug"
	OptCacheTokens  = "cache_tokens"
	OptTransfer     = "transfer"
	OptTransferInfo = "transfer_info"
	OptProgressBar  = "progress_bar"
	OptTS           = "ts"
	OptSources      = "sources"
	OptSrcType      = "src_type"
)

// GlobalOptions returns the options every command accepts. Defaults that depend on the
// machine (home, interactive, ui) are filled by the caller.
func GlobalOptions() []*Option {
	return []*Option{
		{Name: OptHelp, Short: "h", Type: Flag, Help: "show the help of the command and exit", CmdlineOnly: true},
		{Name: OptVersion, Short: "v", Type: Flag, Help: "print the version and exit", CmdlineOnly: true},
		{Name: OptShowConfig, Type: Flag, Help: "print the merged options of the command (secrets hidden) instead of running it", CmdlineOnly: true},
		{Name: OptHome, Type: String, Help: "folder of the configuration, plugins and caches", CmdlineOnly: true},
		{Name: OptConfigFile, Type: String, Help: "configuration file (default: HOME/config.yaml)", CmdlineOnly: true},
		{Name: OptPreset, Short: "P", Aliases: []string{"load_params"}, Type: List, Help: "load this preset instead of the plugin's default one (repeatable; a name that does not exist, such as -Pnone, loads none)", CmdlineOnly: true},
		{Name: OptNoDefault, Short: "N", Type: Flag, Help: "do not load the default presets (global and plugin)", CmdlineOnly: true},
		{Name: OptPluginFolder, Type: List, Help: "more folders of user plugins (NAME.lua)"},
		{Name: OptFormat, Type: Enum, Values: []string{"table", "csv", "json", "jsonpp", "yaml"}, Default: "table", Help: "output format"},
		{Name: OptFields, Type: Any, Help: "fields to show: a,b,-c, DEF (the command's), ALL"},
		{Name: OptSelect, Type: Any, Help: `keep records matching @json:{"k":"v"} or a @lua: predicate`},
		{Name: OptFlatHash, Type: Bool, Default: true, Help: "show nested fields as dot-paths in table and csv"},
		{Name: OptShowSecrets, Type: Bool, Default: false, Help: "show secret values in results"},
		{Name: OptLogLevel, Type: Enum, Values: runtime.LogLevels, Default: "warn", Help: "log level"},
		{Name: OptLogger, Type: Enum, Values: []string{"stderr", "stdout", "syslog"}, Default: "stderr", Help: "where logs go"},
		{Name: OptInteractive, Type: Bool, Help: "ask for missing mandatory values (default: yes on a terminal)"},
		{Name: OptAskOptions, Type: Bool, Default: false, Help: "ask for optional options too"},
		{Name: OptUI, Short: "g", Aliases: []string{"gui_mode"}, Type: Enum, Values: []string{"text", "graphical"}, Help: "how to interact: text, or graphical (browser, editor window)"},
		{Name: OptLockPort, Type: Int, Help: "refuse to run while another instance holds this local TCP port (cron jobs)"},
		{Name: OptInsecure, Type: Bool, Default: false, Help: "do not verify HTTPS certificates (warns once)"},
		{Name: OptHTTPProxy, Type: String, Help: "HTTP(S) proxy URL (default: the HTTP_PROXY, HTTPS_PROXY, NO_PROXY variables)"},
		{Name: OptHTTPOptions, Type: Hash, Help: "HTTP settings: open_timeout, read_timeout, keep_alive_timeout, request_timeout (seconds), retry_max, retry_sleep, retry_cap"},
		{Name: OptRestDebug, Short: "r", Type: Flag, Help: "dump HTTP requests and responses on stderr (secrets hidden)"},
		{Name: OptCacheTokens, Type: Bool, Default: true, Help: "keep OAuth tokens in HOME/persist_store between runs"},
		{Name: OptTS, Type: Hash, KeepNull: true, Help: `transfer spec values merged over the application's (@json:{"target_rate_kbps":10000}; null deletes)`},
		{Name: OptSources, Type: Any, Help: "files to transfer: @args (the arguments, default), @ts (the paths of --ts), or a list"},
		{Name: OptSrcType, Type: Enum, Values: []string{"list", "pair"}, Default: "list", Help: "sources are files (list) or source, destination pairs (pair)"},
		{Name: OptProgressBar, Type: Bool, Default: true, Help: "show a progress bar of transfers on stderr when it is a terminal"},
	}
}

// Agents describes the transfer agents to the command line. runtime/cli knows no agent:
// cmd/aslmcli makes this from the transfer registry, so that an agent registered anywhere
// shows in the help and is accepted by --transfer.
type Agents struct {
	Names    []string  // values of --transfer, aliases included
	Default  string    // the default --transfer
	Help     string    // help of --transfer
	InfoHelp string    // help of --transfer-info
	Options  []*Option // the agents' own command-line options (--ascp-path...)
}

// TransferOptions returns the options that choose and configure the transfer agent:
// --transfer (one of a.Names), --transfer-info (alias --transfer-node, the original manual's
// name) and the agents' own options.
func TransferOptions(a Agents) []*Option {
	out := []*Option{
		{Name: OptTransfer, Type: Enum, Values: a.Names, Default: a.Default, Help: a.Help},
		{Name: OptTransferInfo, Aliases: []string{"transfer_node"}, Type: Hash, Help: a.InfoHelp},
	}
	return append(out, a.Options...)
}
