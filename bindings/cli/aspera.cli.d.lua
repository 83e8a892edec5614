---@meta aspera.cli
error('Cannot require a meta file')

---The command line of the running command. A command's `run` function receives it; scripts
---get it with `require("aspera.cli")`. Methods use a colon: `cli:next_arg("path")`.
---Values of arguments and options are extended values (@json:, @file:, @env:, ...), decoded.
---@class aspera.cli
local cli = {}

---Consumes the next command word; a unique prefix of one of the choices is enough.
---Raises a usage error (exit code 2) listing the choices when it matches none.
---@param choices string[]
---@return string word The full choice
function cli:next_command(choices) end

---@class aspera.cli.ArgOpts
---@field optional? boolean Return nil instead of failing when no argument remains (default: false)

---Consumes and decodes the next argument. A missing mandatory argument is asked on a
---terminal, else it is a usage error naming it.
---@param name? string Name of the argument in messages (default: "value")
---@param opts? aspera.cli.ArgOpts
---@return any
function cli:next_arg(name, opts) end

---Consumes and decodes every remaining argument.
---@param name? string
---@return any[]
function cli:remaining_args(name) end

---Tells whether arguments remain.
---@return boolean
function cli:has_args() end

---Returns the next raw argument without consuming it, or nil.
---@return string|nil
function cli:peek_arg() end

---@class aspera.cli.OptionOpts
---@field mandatory? boolean Ask on a terminal, or fail with exit code 2, when unset (default: false)

---Returns the value of an option, merged from every source (default < global preset <
---plugin preset < -P preset < ASLMCLI_<NAME> < command line), decoded and typed.
---@param name string snake_case name
---@param opts? aspera.cli.OptionOpts
---@return any
function cli:option(name, opts) end

---Returns every option that has a value, merged (secrets in clear).
---@return table<string, any>
function cli:options() end

---Returns the options written on the command line, decoded, except those named in skip.
---@param skip? string[]
---@return table<string, any>
function cli:command_line_options(skip) end

---Prints a result through the CLI formatter (see out.show).
---@param data any
---@param opts? out.ShowOpts
function cli:show(data, opts) end

---Prints a status message.
---@param msg string
function cli:status(msg) end

---Asks the user on the terminal; fails when not interactive.
---@param label string
---@param opts? {secret?: boolean}
---@return string
function cli:ask(label, opts) end

---Raises a structured error: the CLI prints "ERROR: <kind>: <message>" and exits with 2 for
---kind "usage", 130 for "interrupted", 1 otherwise.
---@param kind string "usage", "config", "io", ...
---@param message string
---@param hint? string Advice printed under the error
function cli:fail(kind, message, hint) end

---Returns the plugin's name.
---@return string
function cli:plugin() end

---Returns the command words consumed so far (the plugin's name excluded).
---@return string[]
function cli:words() end

return cli
