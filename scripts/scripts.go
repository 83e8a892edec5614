// Package scripts embeds the Lua scripts of aslmcli: commands/<plugin>.lua (the built-in
// plugins), lib/ (Lua modules any script can require) and examples/ (documented examples,
// run by the tests). It holds no Go logic.
package scripts

import "embed"

// FS holds commands/, lib/ and examples/.
//
//go:embed commands lib examples
var FS embed.FS
