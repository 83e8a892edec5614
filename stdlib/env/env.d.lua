---@meta env
error('Cannot require a meta file')

-- Environment variables for aslmcli scripts (gopher-lua, Lua 5.1). Changes apply to the
-- whole process and to the programs it starts afterwards.

---@class env
local env = {}

---Returns the value of a variable, or `default` (nil when not given) when it is not set.
---A variable set to "" is set.
---@param name string
---@param default? any
---@return string|any
function env.get(name, default) end

---Sets a variable (numbers are converted to text).
---@param name string
---@param value string
function env.set(name, value) end

---Removes a variable; removing a missing one does nothing.
---@param name string
function env.unset(name) end

---Returns every variable as a table of name to value.
---@return table<string, string>
function env.list() end

return env
