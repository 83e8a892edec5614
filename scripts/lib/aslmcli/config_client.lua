-- aslmcli.config_client: the config plugin's commands about client software (issue 17), kept
-- out of config.lua so that it merges cleanly: `config ascp products list|use NAME`,
-- `config ascp use PATH`, `config ascp spec`, `config doc` (and its spelling `documentation`).
-- The searches are in Go (aspera.client, aspera.transfer); this file only maps words.
local client = require("aspera.client")
local transfer = require("aspera.transfer")
local config = require("aspera.config")
local fs = require("fs")

local M = {}

-- use sets ascp_path in the global preset, after checking that it runs (ascp -A)
local function use(cli, path)
  local found = transfer.ascp{ ascp_path = path }
  config.set("GLOBAL", "ascp_path", found.path)
  cli:status("saved to default global preset " .. found.path)
end

local doc = { help = "Open aslmcli's manual in the browser (--ui=graphical), else print its URL", run = function(cli)
  local url = client.doc_url()
  if not client.open_url(url) then cli:show(url, { kind = "value" }) end
end }

-- extend adds the commands to the config plugin's command table.
function M.extend(commands)
  local ascp = commands.ascp.commands
  ascp.products = {
    help = "The Aspera products installed here that hold an ascp (what --use-product picks from)",
    commands = {
      list = { help = "List them: name, folder, ascp, version", run = function(cli)
        cli:show(client.installed(), { kind = "list", fields = { "name", "app_root", "ascp", "version" } })
      end },
      use = { usage = "NAME", help = "Use the ascp of this product from now on (ascp_path in the global preset)", run = function(cli)
        use(cli, transfer.ascp{ use_product = cli:next_arg("product name") }.path)
      end },
    },
  }
  ascp.use = { usage = "PATH", help = "Use this ascp from now on (ascp_path in the global preset)", run = function(cli)
    local path = cli:next_arg("path of ascp")
    if not fs.exists(path) then cli:fail("usage", "no file " .. path) end
    use(cli, path)
  end }
  ascp.spec = { help = "The transfer spec's fields: type, ascp option or variable, description", run = function(cli)
    cli:show(transfer.spec_fields(), { kind = "list", fields = { "name", "type", "ascp", "env", "description" } })
  end }
  ascp.install = { help = "Download the Transfer SDK for this platform (--sdk-url, else the latest in --locations-url) into --sdk-folder (~/.aspera/sdk)",
    options = {
      { name = "sdk_url", help = "URL of the SDK archive (.tar.gz)" },
      { name = "locations_url", help = "URL of the list of SDK archives per platform (default: IBM's)" },
    },
    run = function(cli)
      cli:show(client.install_sdk{ sdk_url = cli:option("sdk_url"), locations_url = cli:option("locations_url"),
        sdk_folder = cli:option("sdk_folder") }, { kind = "object" })
    end }
  commands.doc = doc
  commands.documentation = { help = doc.help .. " (= doc)", run = doc.run }
end

return M
