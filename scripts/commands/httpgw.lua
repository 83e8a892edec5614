-- httpgw: the IBM Aspera HTTP Gateway (built-in plugin). Transfers through a gateway use
-- --transfer=httpgw --transfer-info=@json:{"url":...} with any plugin that transfers.
local httpgw = require("aspera.httpgw")

return {
  help = "IBM Aspera HTTP Gateway: info and health",
  options = {
    { name = "url", help = "URL of the gateway (https://host/aspera/http-gwy)" },
  },
  commands = {
    info = { help = "Name, version and endpoints of the gateway", run = function(cli)
      cli:show(httpgw.info(cli:option("url", { mandatory = true })), { kind = "object" })
    end },
    health = { help = "Check that the gateway answers", run = function(cli)
      httpgw.health(cli:option("url", { mandatory = true }))
      cli:status("ok")
    end },
  },
}
