-- aslmcli.repl: the REPL's aspera.connect(name). It returns a client for a preset of the
-- configuration, for the plugin that preset belongs to: the plugin whose default it is, else
-- the kind of its URL (ssh:// and local:// are servers, other URLs nodes). Given a plugin
-- name instead (node, server), it connects with that plugin's default preset.
local config = require("aspera.config")

local plugins = {
  node = function(preset) return require("aspera.node").new{ preset = preset } end,
  server = function(preset) return require("aspera.server").new{ preset = preset } end,
}

local function plugin_of(preset)
  for name in pairs(plugins) do
    if config.default(name) == preset then return name end
  end
  local url = config.get(preset, "url")
  if type(url) == "string" and (url:match("^ssh://") or url:match("^local:")) then return "server" end
  if type(url) == "string" then return "node" end
  return nil
end

local function connect(name)
  if type(name) ~= "string" then error("aspera.connect: a preset or plugin name expected", 2) end
  if plugins[name] and not config.exists(name) then
    local preset = config.default(name)
    if not preset then error("aspera.connect: plugin " .. name .. " has no default preset (config preset set default " .. name .. " NAME)", 2) end
    return plugins[name](preset)
  end
  if not config.exists(name) then error("aspera.connect: no preset " .. name .. " (config preset list)", 2) end
  local plugin = plugin_of(name)
  if not plugin then error("aspera.connect: cannot tell the plugin of preset " .. name .. " (it has no url)", 2) end
  return plugins[plugin](name)
end

return { connect = connect }
