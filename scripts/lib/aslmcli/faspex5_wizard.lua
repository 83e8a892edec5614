-- aslmcli.faspex5_wizard: the Faspex 5 first login from the command line's options, shared by
-- `faspex5 wizard URL [PRESET]` and `config wizard URL faspex5`. prepare(cli, url) returns what
-- aspera.faspex5.wizard answers ({preset, preset_name, public_key, key_created, steps}); the
-- private key defaults to faspex5_USER.pem beside the configuration file.
local config = require("aspera.config")
local faspex5 = require("aspera.faspex5")

local M = {}

function M.prepare(cli, url)
  local home = config.file():match("^(.*)/[^/]*$") or "."
  local user = cli:option("username", { mandatory = true })
  return faspex5.wizard{ url = url, username = user,
    client_id = cli:option("client_id", { mandatory = true }), client_secret = cli:option("client_secret"),
    key_path = cli:option("key_path") or (home .. "/faspex5_" .. user:gsub("[^%w._-]", "_") .. ".pem"),
    passphrase = cli:option("passphrase") }
end

-- result is prepare's answer in the shape of aslmcli.wizard.apply
function M.result(w, name)
  return { preset = name or w.preset_name, values = w.preset, plugins = { "faspex5" }, steps = w.steps,
    public_key = w.public_key, key_file = w.preset.private_key, generated = w.key_created }
end

return M
