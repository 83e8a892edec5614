-- client: the client software of this machine (built-in plugin, the manual's `client`): the
-- public Connect version feed (list, info, links, download of an installer) and the Aspera
-- products installed here with their ascp (the list --use-product picks from). The feed and the
-- product search are in Go (products/connectfeed, transfer/ascp) behind aspera.client.
local client = require("aspera.client")

local function feed(cli) return { url = cli:option("connect_info_url") } end

local product_fields = { "name", "app_root", "ascp", "version" }

local installation = { help = "The Aspera products installed here that hold an ascp: name, folder, ascp, its keys and version", run = function(cli)
  cli:show(client.installed(), { kind = "list", fields = product_fields })
end }

local commands = {
  connect = {
    help = "IBM Aspera Connect builds from the public version feed (--connect-info-url): list, info, links, download",
    commands = {
      list = { help = "List the Connect builds of the feed", run = function(cli)
        cli:show(client.connect_list(feed(cli)), { kind = "list", fields = { "id", "title", "version" } })
      end },
      id = {
        help = "One build, by id or title: its info, its links, the download of a link's file (--to-folder)",
        usage = "NAME (info | links list | links id TITLE download)",
        run = function(cli)
          local name = cli:next_arg("connect id or title")
          local verb = cli:next_command({ "info", "links" })
          if verb == "info" then return cli:show(client.connect_info(name, feed(cli)), { kind = "object" }) end
          if cli:next_command({ "list", "id" }) == "list" then
            return cli:show(client.connect_links(name, feed(cli)), { kind = "list", fields = { "title", "type", "href", "hreflang", "rel" } })
          end
          local title = cli:next_arg("link title")
          cli:next_command({ "download" })
          local path = client.connect_download(name, title, cli:option("to_folder") or ".", feed(cli))
          cli:status("downloaded: " .. path:match("[^/\\]+$"))
        end,
      },
    },
  },
  installation = installation,
  location = { help = installation.help .. " (the manual's spelling)", run = installation.run },
  -- the original plugin's words: available (the products), current (the files a transfer uses)
  available = { help = installation.help .. " (the original tool's spelling)", run = installation.run },
  current = { help = "The files the direct agent uses: ascp (--ascp-path, --use-product...) and the SSH keys of its product", run = function(cli)
    local found = require("aslmcli.args").locate_ascp(cli)
    local files = { { name = "ascp", path = found.path } }
    for _, p in ipairs(client.installed()) do
      if p.ascp == found.path then
        for _, k in ipairs(p.keys or {}) do files[#files + 1] = { name = "ssh key", path = k } end
      end
    end
    cli:show(files, { kind = "list", fields = { "name", "path" } })
  end },
}

return {
  help = "Client software: Connect builds from the public feed, and the Aspera products installed here",
  long = [[client connect list | client connect id NAME info | client connect id NAME links list |
client connect id NAME links id TITLE download --to-folder=DIR; client installation (or location,
or available): the products with an ascp, in the order --use-product searches them; client
current: the ascp the direct agent uses and its product's SSH keys.]],
  options = {
    { name = "connect_info_url", help = "URL of the Connect version feed (default: Aspera's CDN connectversions.js)" },
    { name = "to_folder", help = "destination folder of a download (default: the current folder)" },
  },
  commands = commands,
}
