---@meta out
error('Cannot require a meta file')

---Prints results with the CLI's formatter: the user's --format, --fields, --select,
---`--flat-hash` and --show-secrets apply. Secrets are hidden unless --show-secrets=yes.
---@class out
local out = {}

---@class out.ShowOpts
---@field kind? "object"|"list"|"values"|"value"|"status"|"nothing" How to present the data (default: guessed from the data)
---@field fields? string[] The default fields of the result: what --fields=DEF means (default: all fields)
---@field name? string Column title of a list of values (default: "value")
---@field format? "table"|"csv"|"json"|"jsonpp"|"yaml" Overrides --format for this call

---Prints a result on standard output.
---Example: `out.show({{name="a", size=1}}, {fields={"name"}})`
---@param data any A record, a list of records, a list of values, or a value
---@param opts? out.ShowOpts
function out.show(data, opts) end

---Prints a status message (`{"status": msg}` in json and yaml).
---@param msg string
function out.status(msg) end

---Renders a result to a string instead of printing it.
---@param data any
---@param opts? out.ShowOpts
---@return string
function out.format(data, opts) end

return out
