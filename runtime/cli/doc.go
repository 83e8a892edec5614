// Package cli is the command line of aslmcli, independent of Lua: option declarations,
// parsing of the command line (global options anywhere, "--" ends options, "--opt=value" and
// "--opt value", short options "-P NAME" / "-PNAME", unique prefixes for command words, option
// names and enumeration values), the option store that merges every source with one
// precedence, the command tree that plugins declare, help pages, interactive prompts, and the
// mapping of errors to exit codes.
//
// Precedence, lowest first, the same for every option: the built-in default < the global
// preset (default.config) < the plugin's default preset (default.<plugin>) < presets given
// with -P/--preset, in order < environment variables ASLMCLI_<OPTION> < the command line.
// -N/--no-default skips both default presets. Hash options merge across sources (a higher
// source's keys win, a null deletes a key); other options take the highest source's value.
//
// Option names are snake_case; on the command line dashes and underscores are the same
// (--transfer-node is transfer_node). Values are extended values (package extval), decoded
// when read, from any source.
//
// Exit codes: 0 success, 1 the operation failed, 2 usage error (unknown command or option, bad
// or missing value), 130 interrupted.
package cli
