---@meta log
error('Cannot require a meta file')

-- Logging for aslmcli scripts (gopher-lua, Lua 5.1). Messages go to the CLI's log (standard
-- error by default) when their level is enabled (--log-level). Values of secret fields
-- (password, token, secret, private key...) and secrets inside messages are hidden.

---@class log
local log = {}

---Logs a message at level debug, with optional fields (`key=value` pairs, keys sorted).
---@param msg string
---@param fields? table<string, any>
function log.debug(msg, fields) end

---Logs a message at level info, with optional fields (`key=value` pairs, keys sorted).
---@param msg string
---@param fields? table<string, any>
function log.info(msg, fields) end

---Logs a message at level warn, with optional fields (`key=value` pairs, keys sorted).
---@param msg string
---@param fields? table<string, any>
function log.warn(msg, fields) end

---Logs a message at level error, with optional fields (`key=value` pairs, keys sorted).
---@param msg string
---@param fields? table<string, any>
function log.error(msg, fields) end

return log
