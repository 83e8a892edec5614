// Package cli is the command line of aslmcli, independent of Lua: option declarations,
// parsing of the command line (global options anywhere, "--" ends options, "--opt=value" and
// "--opt value", short options "-P NAME" / "-PNAME", unique prefixes for command words, option
// names and enumeration values), the option store that merges every source with one
// precedence, the command tree that plugins declare, help pages, interactive prompts, and the
// mapping of errors to exit codes.
//
// Precedence, lowest first, the same for every option: the built-in default < the global
// preset (default.config) < the plugin preset < environment variables ASLMCLI_<OPTION> < the
// command line. The plugin preset is the original manual's: the presets given with
// -P/--preset, in order, instead of the plugin's default preset (a name that does not exist,
// such as -Pnone, loads nothing); else none with -N/--no-default (which also skips the global
// preset); else the plugin's default preset (default.<plugin>). The host (cmd/aslmcli) loads
// them; the Store holds one layer per source. Hash options merge across sources (a higher
// source's keys win, a null deletes a key); other options take the highest source's value.
//
// Option names are snake_case; on the command line dashes and underscores are the same
// (--transfer-node is transfer_node). An alias is the same option from every source: a preset
// key or environment variable written with an alias is recorded under the option's name.
// Values are extended values (package extval), decoded when read, from any source.
//
// A command's Usage is a small grammar (usage.go) that Invocation.Check matches the arguments
// against before the command runs, decoding every value: too many or too few arguments, an
// unknown command word or a bad value are usage errors before any work. An empty usage means
// no argument (a plugin that reads arguments must declare them).
//
// Errors print as one line; the script position of an error is shown for a user's script
// (kinds without a position of their own: io, error...), never for a built-in script unless
// --log-level=debug (WriteDebugError).
//
// Exit codes: 0 success, 1 the operation failed, 2 usage error (unknown command or option, bad
// or missing value), 130 interrupted.
package cli
