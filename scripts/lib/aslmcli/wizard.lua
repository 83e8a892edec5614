-- aslmcli.wizard: writes what a product's wizard prepared (aspera.<product>.wizard returns
-- {preset, values, plugins, steps, public_key, key_file, generated, check}): the preset,
-- made the default of the product's plugins, then the steps and the public key to register.
-- Shared by `config wizard URL PRODUCT` and the products' own first-login commands.
local config = require("aspera.config")
local M = {}

function M.apply(cli, product, r)
  config.initialize(r.preset, r.values)
  for _, p in ipairs(r.plugins or { product }) do config.set_default(p, r.preset) end
  config.save()
  local lines = { "Preset " .. r.preset .. " written, the default of " .. table.concat(r.plugins or { product }, " and ") .. "." }
  if r.key_file and r.key_file ~= "" then
    lines[#lines + 1] = (r.generated and "New private key: " or "Private key (kept): ") .. r.key_file
  end
  for i, s in ipairs(r.steps or {}) do lines[#lines + 1] = i .. ". " .. s end
  io.stderr:write(table.concat(lines, "\n"), "\n")
  if r.public_key and r.public_key ~= "" then
    cli:show(r.public_key, { kind = "value" })
  end
end

return M
