-- node: the Node API of HSTS/ATS (built-in plugin). The protocol is in products/node; this
-- script maps command words to the aspera.node client and shows the results.
local node = require("aspera.node")

local function client(cli)
  return node.new{
    url = cli:option("url", { mandatory = true }),
    username = cli:option("username", { mandatory = true }),
    password = cli:option("password", { mandatory = true }),
  }
end

-- the gen3 file commands are shared with the repositories of shares and shares2
local node_files = require("aslmcli.node_files")
local query = node_files.query

local args = require("aslmcli.args")
-- the gen4 commands under an access key are shared with `ats access_key node`
local gen4 = require("aslmcli.node_gen4")

local transfer_fields = { "id", "status", "start_spec.direction", "start_spec.remote_host", "error_desc" }

local show_job, sources, transfer_opts = args.show_job, args.sources, args.transfer_opts

local function access_key_do(cli, n)
  local id = cli:next_arg("access key id (or self)")
  local verb = gen4.verb(cli)
  local secret = cli:option("secret")
  local k = n
  if id ~= "self" then
    if not secret then cli:fail("usage", "access_key do " .. id .. " needs --secret") end
    k = n:with_access_key(id, secret)
  end
  gen4.run(cli, verb, k, k:access_key("self").root_file_id)
end

local function one(cli, name) return cli:next_arg(name) end

local commands = node_files.bind(client)

commands.spec = node_files.spec(client)

commands.transfer = {
  help = "Transfers of the node (/ops/transfers)",
  commands = {
    list = { help = "List transfers (Link paging; --query max)", run = function(cli)
      cli:show(client(cli):each_transfer(query(cli)), { kind = "list", fields = transfer_fields }) end },
    show = { usage = "ID", help = "Show a transfer", run = function(cli)
      cli:show(client(cli):transfer(one(cli, "transfer id")), { kind = "object" }) end },
    cancel = { usage = "ID", help = "Cancel a transfer", run = function(cli)
      cli:show(client(cli):cancel_transfer(one(cli, "transfer id")), { kind = "object" }) end },
    modify = { usage = "ID @json:{...}", help = "Change a transfer (target_rate_kbps, ...)", run = function(cli)
      local n = client(cli)
      cli:show(n:modify_transfer(one(cli, "transfer id"), one(cli, "change")), { kind = "object" }) end },
  },
}

local key_fields = { "id", "root_file_id", "storage.type", "storage.path" }
local access_key = {
  help = "Access keys of the node (do ID CMD: gen4 file commands under a key)",
  commands = {
    list = { help = "List access keys", run = function(cli)
      cli:show(client(cli):access_keys(query(cli)), { kind = "list", fields = key_fields }) end },
    show = { usage = "ID|self", help = "Show an access key", run = function(cli)
      cli:show(client(cli):access_key(one(cli, "access key id")), { kind = "object" }) end },
    create = { usage = "@json:{...}", help = "Create an access key (storage.path, id, secret, token_verification_key)", run = function(cli)
      cli:show(client(cli):create_access_key(one(cli, "access key definition")), { kind = "object" }) end },
    modify = { usage = "ID @json:{...}", help = "Change an access key", run = function(cli)
      local n = client(cli)
      n:modify_access_key(one(cli, "access key id"), one(cli, "change"))
      cli:status("modified") end },
    delete = { usage = "ID", help = "Delete an access key", run = function(cli)
      client(cli):delete_access_key(one(cli, "access key id"))
      cli:status("deleted") end },
    ["do"] = { usage = "ID|self (browse PATH | show PATH | mkdir PATH | rename PATH NEW_NAME | delete PATH | upload FILE... | download PATH...)", help = "Files by id under an access key (--secret)",
      run = function(cli) access_key_do(cli, client(cli)) end },
  },
}
commands.access_key = access_key
commands.access_keys = access_key

-- a command per client method: run(cli, n) shows what the method returns
local function cmd(help, usage, fn, kind)
  return { help = help, usage = usage, run = function(cli)
    local r = fn(cli, client(cli))
    if r == nil then cli:status("done") else cli:show(r, { kind = kind }) end
  end }
end
local function arg(cli, name) return cli:next_arg(name) end
local function q(cli) return cli:option("query") end

commands.events = cmd("Events of the node (--query: count, iteration_token, type...)", nil,
  function(cli, n) return n:events(q(cli)) end)
commands.usage = cmd("Usage of the node", nil, function(cli, n) return n:usage(q(cli)) end)
-- a verb on a resource by id: run(cli, n, id) shows what the method returns
local function on_id(help, usage, fn, kind)
  return { help = help, usage = usage, run = function(cli, id)
    local r = fn(cli, client(cli), id)
    if r == nil then cli:status("done") else cli:show(r, { kind = kind }) end
  end }
end
local with_id = args.with_id

commands.stream = { help = "FASPStream streams", commands = with_id({
  list = { help = "List streams (they are transfers)", run = function(cli)
    cli:show(client(cli):each_transfer(query(cli)), { kind = "list", fields = transfer_fields }) end },
  -- the manual's: node stream create --ts=@json:{...} (the spec of the stream in --ts)
  create = cmd("Start a stream (its transfer spec: the argument, else --ts)", "[@json:{...}]", function(cli, n)
    return n:create_stream(cli:next_arg("definition", { optional = true }) or cli:option("ts", { mandatory = true })) end),
}, "stream id", {
  show = on_id("Show a stream", nil, function(cli, n, id) return n:transfer(id) end, "object"),
  modify = on_id("Change a stream", "@json:{...}", function(cli, n, id) return n:modify_stream(id, arg(cli, "change")) end),
  cancel = on_id("Cancel a stream", nil, function(cli, n, id) return n:cancel_stream(id) end),
}) }
commands.service = { help = "Services of the run daemon", commands = with_id({
  list = cmd("List services", nil, function(cli, n) return n:services() end, "list"),
  create = cmd("Create a service", "@json:{...}", function(cli, n) return n:create_service(arg(cli, "definition")) end, "object"),
}, "service id", {
  delete = on_id("Delete a service", nil, function(cli, n, id) n:delete_service(id) end),
}) }
commands.watch_folder = { help = "Watch folders (/v3/watchfolders)", commands = with_id({
  list = { help = "List watch folder ids", run = function(cli) cli:show(client(cli):watch_folders(), { kind = "values", name = "id" }) end },
  create = cmd("Create a watch folder", "@json:{...}", function(cli, n) return n:create_watch_folder(arg(cli, "definition")) end, "object"),
}, "watch folder id", {
  show = on_id("Show a watch folder", nil, function(cli, n, id) return n:watch_folder(id) end, "object"),
  modify = on_id("Change a watch folder", "@json:{...}", function(cli, n, id) n:modify_watch_folder(id, arg(cli, "change")) end),
  delete = on_id("Delete a watch folder", nil, function(cli, n, id) n:delete_watch_folder(id) end),
}) }
-- the manual's: node async id 1 counters|summary (show is summary)
local async_summary = on_id("Summary of a session", nil, function(cli, n, id) return n:async_summary(tonumber(id)) end, "list")
commands.async = { help = "Legacy async sessions (/async)", commands = with_id({
  list = { help = "List the async ids", run = function(cli) cli:show(client(cli):async_ids(), { kind = "values", name = "id" }) end },
}, "async id", {
  show = async_summary,
  summary = async_summary,
  counters = on_id("Counters of a session", nil, function(cli, n, id) return n:async_counters(tonumber(id)) end, "list"),
}) }

-- the original tool's housekeeping: what happened since the last run, remembered in
-- --persistency (default: HOME/persist_store/node_COMMAND_<node>.json)
local function persistency(cli, what)
  local p = cli:option("persistency")
  if p then return p end
  local home = require("aspera.config").file():match("^(.*)/[^/]*$") or "."
  local node_id = cli:option("url", { mandatory = true }):gsub("^%a+://", ""):gsub("[^%w]+", "_")
  return home .. "/persist_store/node_" .. what .. "_" .. node_id .. ".json"
end
-- a filter option: a Lua expression of the record (the original's Ruby expressions, in Lua)
local function filter(cli, name, var)
  local e = cli:option(name)
  if e == nil then return nil end
  local f, err = loadstring("local " .. var .. " = ...; return (" .. e .. ")", "--" .. name:gsub("_", "-"))
  if not f then cli:fail("usage", err, "a Lua expression of " .. var .. ", e.g. " .. var .. ".status == \"completed\"") end
  return function(r) return f(r) end
end
commands.cleanup = { help = "Delete the source files of the transfers completed since the last run",
  long = [[The transfers logged since the last run (--persistency) are filtered with --filter-transfer (a
Lua expression of t, the transfer; default: completed transfers the node sent) and their files with
--filter-file (of f, the file; default: completed files); the files selected are deleted on the node.
--transfer-filter (JSON) filters the transfer listing on the node.]],
  run = function(cli)
    local n = client(cli)
    local r = n:cleanup{ persistency = persistency(cli, "cleanup"), filter = cli:option("transfer_filter"),
      transfer = filter(cli, "filter_transfer", "t"), file = filter(cli, "filter_file", "f") }
    cli:show(r.deleted, { kind = "list", fields = result_fields })
  end }
commands.forward = { help = "Download what arrived on the node since the last run (--to-folder; --delete-source removes it)",
  run = function(cli)
    local o = transfer_opts(cli)
    local r = client(cli):forward{ persistency = persistency(cli, "forward"), filter = cli:option("transfer_filter"),
      delete = cli:option("delete_source"), to_folder = o.to_folder, agent = o.agent }
    cli:show(r, { kind = "object" })
  end }
commands.postprocess = { help = "The transfers the node received since the last run (for a post-processing step)",
  run = function(cli)
    local list = client(cli):postprocess{ persistency = persistency(cli, "postprocess"), filter = cli:option("transfer_filter") }
    cli:show(list, { kind = "list", fields = transfer_fields })
  end }
local function central(method)
  return { help = "List (--parameters=@json:{...}: the filter; --validator)", run = function(cli)
    local list = client(cli)[method](client(cli), cli:option("parameters") or {}, { validator = cli:option("validator") })
    cli:show(list, { kind = "list" })
  end }
end
commands.central = { help = "The node's central API (sessions and file transfers)", commands = {
  session = { help = "FASP sessions", commands = { list = central("central_sessions") } },
  file = { help = "File transfers", commands = { list = central("central_files") } },
} }

commands.bearer_token = {
  usage = "PRIVATE_PEM @json:{\"user_id\":...}",
  help = "Make an Aspera node bearer token for an access key (--username is the access key)",
  run = function(cli)
    local pem, payload = one(cli, "private key (PEM)"), one(cli, "payload")
    cli:show(node.bearer_token(pem, payload, { access_key = cli:option("username") }), { kind = "value" })
  end,
}
commands.basic_token = {
  help = "Print the Basic Authorization value of --username and --password",
  run = function(cli)
    cli:show(node.basic_token(cli:option("username", { mandatory = true }), cli:option("password", { mandatory = true })), { kind = "value" })
  end,
}
commands.simulator = {
  help = "Run a Node API simulator on a local folder until Ctrl-C (prints its URL first)",
  until_interrupted = true, -- Ctrl-C is its normal stop: exit 0
  long = [[The simulator serves the Node API over --root (default: a temporary folder) on 127.0.0.1:
info, browse, search, create, rename, delete, du, contents, upload/download setup, files by id
under access keys (Basic or Bearer), access keys, /ops/transfers. The node user is --username
and --password (default node_user / node_pass).]],
  run = function(cli)
    local sim = node.simulator{ root = cli:option("root"), port = cli:option("port"),
      username = cli:option("username"), password = cli:option("password") }
    local user, pass = sim:credentials()
    sim:serve{ "username: " .. user, "password: " .. pass }
  end,
}

return {
  help = "HSTS/ATS Node API: files, transfers, access keys, and a local simulator",
  long = [[Authentication: --url, --username and --password (a node user, or an access key id and
secret; a password "Bearer ..." is a node bearer token for the access key --username).
Listings fetch pages lazily: --query=@json:{"max":10} stops after 10 entries.]],
  options = {
    { name = "url", help = "URL of the node API (https://host:9092)" },
    { name = "username", help = "node user or access key id" },
    { name = "password", secret = true, help = "its password or secret, or \"Bearer <token>\"" },
    { name = "query", type = "hash", help = "listing options: max, and fields of the API request" },
    { name = "to_folder", help = "destination folder of an upload (remote) or download (local)" },
    { name = "secret", secret = true, help = "secret of the access key of access_key do" },
    { name = "root", help = "simulator: folder served" },
    { name = "port", type = "int", help = "simulator: port (default: a free one)" },
    { name = "persistency", help = "cleanup, forward, postprocess: the file that remembers the last run" },
    { name = "filter_transfer", help = "cleanup: Lua expression of t (a transfer) that selects it, e.g. t.status == \"completed\"" },
    { name = "filter_file", help = "cleanup: Lua expression of f (a file of the transfer) that selects it" },
    { name = "transfer_filter", type = "hash", help = "cleanup, forward, postprocess: filter of the node's transfer listing (@json:{...})" },
    { name = "delete_source", type = "bool", default = false, help = "forward: delete the files from the node once downloaded" },
    { name = "parameters", type = "hash", help = "central: the request (@json:{\"session_filter\":{...}})" },
    { name = "validator", help = "central: identifier of the validator" },
  },
  commands = commands,
}
