-- `aslmcli config wizard URL [PRODUCT]`: the first login to a product. Without PRODUCT, the
-- product answering at URL is detected (aspera.detect, as `config detect`). A product whose
-- module has a wizard (aspera.aoc) prepares the login (keys...) and the preset it returns is
-- written (aslmcli.wizard); for the others the preset holds the URL found and the --username
-- and --password given, and becomes the default of the product's plugin. No protocol logic.
local detect = require("aspera.detect")
local config = require("aspera.config")

-- the plugin of a detected product, when its name differs
local plugin_of = { faspex4 = "faspex" }

-- products whose first login reads the command line itself (aslmcli.<product>_wizard)
local from_cli = { faspex5 = true }

return {
  help = "First login to a product (detected when not given): writes a preset, made the product's default",
  usage = "URL [PRODUCT]",
  any_options = true,
  long = [[Without PRODUCT, the product answering at URL is detected (see config detect). A product with a
wizard (aoc, faspex5) prepares what its login needs from the options given (e.g. --username; a key pair is
made in HOME, its public key printed with the steps to register it). For the others the preset
(named as the plugin) holds the URL found and the --username and
--password given. The preset is made the default of the product's plugin.]],
  run = function(cli)
    local url = cli:next_arg("url")
    local product = cli:next_arg("product", { optional = true })
    if not product then
      local found = detect.probe(url)
      product, url = plugin_of[found.product] or found.product, found.url
      io.stderr:write("Detected " .. found.product .. (found.version and found.version ~= "" and (" (" .. found.version .. ")") or "") .. " at " .. url .. "\n")
    end
    if from_cli[product] then
      local w = require("aslmcli." .. product .. "_wizard")
      require("aslmcli.wizard").apply(cli, product, w.result(w.prepare(cli, url)))
      return
    end
    local ok, m = pcall(require, "aspera." .. product)
    if ok and type(m) == "table" and type(m.wizard) == "function" then
      require("aslmcli.wizard").apply(cli, product, m.wizard(url, cli:command_line_options()))
      return
    end
    local known = false
    for _, p in ipairs(detect.products()) do known = known or (plugin_of[p] or p) == product end
    if not known then
      cli:fail("usage", "config wizard: unknown product " .. product, "products: " .. table.concat(detect.products(), ", "))
    end
    local given = cli:command_line_options()
    local name = product
    local values = { url = url, username = given.username, password = given.password }
    require("aslmcli.wizard").apply(cli, product, { preset = name, values = values,
      steps = { "Check it: aslmcli " .. product .. " -P" .. name .. " " .. (product == "server" and "browse /" or "info") } })
  end,
}
