-- aslmcli.config_vault: `config vault info|list|show NAME|create NAME VALUE [FIELDS]|delete NAME`
-- (issue 17), kept out of config.lua so that it merges cleanly. The vault is aspera.vault
-- (runtime/vault in Go: the encrypted file or the OS keychain, chosen by --vault); this file
-- only maps words. The secret is the record's "secret" field, which output hides unless
-- --show-secrets=yes.
local vault = require("aspera.vault")
local json = require("json")

local M = {}

local function entry(cli, name)
  local e = vault.get(name)
  if not e then
    cli:fail("usage", "no vault entry " .. name, "aslmcli config vault list")
  end
  return e
end

local commands = {
  info = { help = "Which vault the run uses (--vault): its type and file or keychain service", run = function(cli)
    cli:show(vault.info(), { kind = "object" })
  end },
  list = { help = "List the names of the vault's entries", run = function(cli)
    local rows = json.array() -- an empty vault is an empty list
    for _, n in ipairs(vault.list()) do rows[#rows + 1] = { name = n } end
    cli:show(rows, { kind = "list", fields = { "name" } })
  end },
  show = { usage = "NAME", help = "Show one entry (its secret hidden unless --show-secrets=yes)", run = function(cli)
    cli:show(entry(cli, cli:next_arg("entry name")), { kind = "object" })
  end },
  create = {
    usage = "NAME VALUE [FIELDS]",
    help = "Add an entry: its secret VALUE (an extended value: @secret:, @env:...) and optional FIELDS (@json:{\"username\":\"...\"})",
    run = function(cli)
      local name = cli:next_arg("entry name")
      local value = cli:next_arg("secret value")
      local fields = cli:next_arg("fields", { optional = true })
      if name == "" or type(value) ~= "string" or value == "" then
        cli:fail("usage", "config vault create: NAME and VALUE must be non-empty text", "aslmcli config vault create NAME VALUE")
      end
      if fields ~= nil and type(fields) ~= "table" then
        cli:fail("usage", "config vault create: FIELDS must be a table (@json:{...})")
      end
      if fields ~= nil then
        for k, v in pairs(fields) do
          if type(k) ~= "string" or type(v) ~= "string" then
            cli:fail("usage", "config vault create: FIELDS must map names to text values")
          end
        end
      end
      if vault.get(name) then
        cli:fail("usage", "vault entry " .. name .. " exists already", "aslmcli config vault delete " .. name)
      end
      vault.set(name, value, fields)
      cli:status("vault entry " .. name .. " created")
    end,
  },
  delete = { usage = "NAME", help = "Delete an entry", run = function(cli)
    local name = cli:next_arg("entry name")
    entry(cli, name)
    vault.delete(name)
    cli:status("vault entry " .. name .. " deleted")
  end },
}

-- extend adds the vault commands to the config plugin's command table.
function M.extend(plugin_commands)
  plugin_commands.vault = { help = "The vault of secrets (--vault: the encrypted HOME/vault or the OS keychain; @vault:NAME reads an entry)", commands = commands }
end

return M
