-- console: IBM Aspera Console (built-in plugin). The protocol is in products/console; this
-- script maps command words to the aspera.console client and shows the results.
local console = require("aspera.console")

local function client(cli)
  return console.new{
    url = cli:option("url", { mandatory = true }),
    username = cli:option("username", { mandatory = true }),
    password = cli:option("password", { mandatory = true }),
  }
end

-- --query: max (items) is ours, the rest goes to the API
local function query(cli)
  local q = cli:option("query") or {}
  local max = q.max
  q.max = nil
  return max, next(q) and q or nil
end

local transfer_fields = { "id", "contact", "name", "status" }

local function id(cli) return cli:next_arg("transfer id") end

local current = {
  list = { help = "List the transfers of a window (default: the last 24 hours)",
    long = [[--filter-from and --filter-to bound the window: DD-MM-YY HH:MM:SS, now, -<num>h, or ISO 8601.
--query adds API parameters: filter="(field op value)and(...)", filter1/comp1/val1..., max.]],
    run = function(cli)
      local max, q = query(cli)
      cli:show(client(cli):each_transfer{ from = cli:option("filter_from"), to = cli:option("filter_to"), query = q, max = max },
        { kind = "list", fields = transfer_fields })
    end },
  show = { usage = "ID", help = "Show a transfer", run = function(cli)
    cli:show(client(cli):transfer(id(cli)), { kind = "object" }) end },
  files = { usage = "ID", help = "List the files of a transfer (--query: limit, offset, max)", run = function(cli)
    local c, i = client(cli), id(cli)
    local max, q = query(cli)
    cli:show(c:each_transfer_file(i, { max = max, query = q }), { kind = "list", fields = { "id", "path", "size", "bytes_written", "status" } })
  end },
}
-- the controls: ID, then the action's parameters (change_rate @json:{"target_rate_kbps":1000})
for _, action in ipairs({ "start", "pause", "resume", "cancel", "rerun", "change_rate", "change_policy", "move_forwards", "move_back" }) do
  local takes = action == "change_rate" or action == "change_policy"
  current[action] = { usage = takes and "ID @json:{...}" or "ID", help = action:gsub("_", " "):gsub("^%l", string.upper) .. " a transfer",
    run = function(cli)
      local c, i = client(cli), id(cli)
      local params = takes and cli:next_arg("parameters") or nil
      cli:show(c:control_transfer(i, action, params), { kind = "object" })
    end }
end

local smart = {
  list = { help = "List the smart transfers", run = function(cli)
    local max = query(cli)
    cli:show(client(cli):smart_transfers{ max = max }, { kind = "list", fields = { "id", "name", "source_type", "description" } })
  end },
  submit = { usage = "ID @json:{...}", help = "Submit a smart transfer with its parameters (source.paths, source_type...)",
    run = function(cli)
      local c = client(cli)
      local sid = cli:next_arg("smart transfer id")
      cli:show(c:submit_smart_transfer(sid, cli:next_arg("transfer parameters")), { kind = "list", fields = transfer_fields })
    end },
}

local commands = {
  health = { help = "Check that the API answers with the credentials", run = function(cli)
    require("aslmcli.args").show_health(cli, client(cli):health()) end },
  transfer = { help = "Transfers: current (monitored) and smart (templates)", commands = {
    current = { help = "The transfers Console monitors", commands = current },
    smart = { help = "Smart transfers", commands = smart },
  } },
  simulator = {
    help = "Run a Console simulator until Ctrl-C (prints its URL first, then the credentials)",
    long = [[The simulator serves Console's API with sample transfers of the last hours, two smart
transfers and the controls, on 127.0.0.1 (--port). Log in with --username and --password
(default console_admin / console_pass).]],
    run = function(cli)
      local sim = console.simulator{ port = cli:option("port"), username = cli:option("username"), password = cli:option("password") }
      local c = sim:credentials()
      sim:serve{ "username: " .. c.username, "password: " .. c.password }
    end,
  },
}

return {
  help = "IBM Aspera Console: monitored transfers, smart transfers, health, and a local simulator",
  long = [[Authentication: --url (Console's URL, https://host/aspera/console), --username and --password.]],
  options = {
    { name = "url", help = "URL of Console (https://host/aspera/console)" },
    { name = "username", help = "Console user" },
    { name = "password", secret = true, help = "its password" },
    { name = "filter_from", help = "start of the window: DD-MM-YY HH:MM:SS, now, -<num>h, or ISO 8601" },
    { name = "filter_to", help = "end of the window (same forms)" },
    { name = "query", type = "hash", help = "API parameters (filter, filter1/comp1/val1, limit...) and max" },
    { name = "port", type = "int", help = "simulator: port (default: a free one)" },
  },
  commands = commands,
}
