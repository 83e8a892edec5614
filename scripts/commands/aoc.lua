-- aoc: IBM Aspera on Cloud (built-in plugin), ascli's spelling of the original `files`; the
-- declaration is shared with commands/files.lua (scripts/lib/aslmcli/aoc_commands.lua).
return require("aslmcli.aoc_commands")
