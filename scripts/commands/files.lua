-- files: the original tool's spelling of the aoc plugin (IBM Aspera on Cloud). The same
-- declaration as commands/aoc.lua; its default preset is its own (config preset set default
-- files NAME), as in the original manual.
return require("aslmcli.aoc_commands")
