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

local transfer_fields = { "id", "status", "start_spec.direction", "start_spec.remote_host", "error_desc" }
local gen4_fields = { "id", "name", "type", "size", "modified_time" }

local show_job, sources, transfer_opts = args.show_job, args.sources, args.transfer_opts

-- gen4 commands under an access key: cmd(cli, n, root_id)
local gen4 = {
  browse = { usage = "PATH", help = "List a folder by path below the key's root",
    run = function(cli, n, root)
      local e = n:resolve(root, cli:next_arg("path"))
      if e.type ~= "folder" then return cli:show(e, { kind = "object" }) end
      cli:show(n:each_child(e.id, query(cli)), { kind = "list", fields = gen4_fields })
    end },
  show = { usage = "PATH", help = "Show an entry", run = function(cli, n, root) cli:show(n:resolve(root, cli:next_arg("path")), { kind = "object" }) end },
  mkdir = { usage = "PATH", help = "Create a folder",
    run = function(cli, n, root)
      local p = cli:next_arg("path")
      local parent = n:resolve(root, p:match("^(.*)/[^/]*$") or "/")
      cli:show(n:create_in(parent.id, p:match("([^/]+)/*$"), "folder"), { kind = "object" })
    end },
  rename = { usage = "PATH NEW_NAME", help = "Rename an entry",
    run = function(cli, n, root)
      local e = n:resolve(root, cli:next_arg("path"))
      n:modify(e.id, { name = cli:next_arg("new name") })
      cli:status("renamed")
    end },
  delete = { usage = "PATH", help = "Delete an entry",
    run = function(cli, n, root)
      n:delete_id(n:resolve(root, cli:next_arg("path")).id)
      cli:status("deleted")
    end },
}

-- gen4 transfers: the spec of a folder by id (folder_id), the files relative to it
local function gen4_opts(cli, folder_id)
  local o = transfer_opts(cli)
  o.folder_id = folder_id
  return o
end
gen4.upload = { usage = "FILE... --to-folder=PATH", help = "Upload files into a folder of the key",
  run = function(cli, n, root)
    local folder = n:resolve(root, cli:option("to_folder") or "/")
    show_job(cli, n:upload(sources(cli, "local file"), gen4_opts(cli, folder.id)))
  end }
gen4.download = { usage = "PATH... [--to-folder=LOCAL]", help = "Download files of the key",
  run = function(cli, n, root)
    show_job(cli, n:download(sources(cli, "remote file"), gen4_opts(cli, root)))
  end }

local function access_key_do(cli, n)
  local id = cli:next_arg("access key id (or self)")
  local secret = cli:option("secret")
  local k = n
  if id ~= "self" then
    if not secret then cli:fail("usage", "access_key do " .. id .. " needs --secret") end
    k = n:with_access_key(id, secret)
  end
  local root = k:access_key("self").root_file_id
  local verb = cli:next_command({ "browse", "show", "mkdir", "rename", "delete", "upload", "download" })
  gen4[verb].run(cli, k, root)
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
    ["do"] = { usage = "ID|self browse|show|mkdir|rename|delete ...", help = "Files by id under an access key (--secret)",
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
commands.stream = { help = "FASPStream streams", commands = {
  list = { help = "List streams (they are transfers)", run = function(cli)
    cli:show(client(cli):each_transfer(query(cli)), { kind = "list", fields = transfer_fields }) end },
  show = cmd("Show a stream", "ID", function(cli, n) return n:transfer(arg(cli, "id")) end, "object"),
  create = cmd("Start a stream", "@json:{...}", function(cli, n) return n:create_stream(arg(cli, "definition")) end),
  modify = cmd("Change a stream", "ID @json:{...}", function(cli, n) return n:modify_stream(arg(cli, "id"), arg(cli, "change")) end),
  cancel = cmd("Cancel a stream", "ID", function(cli, n) return n:cancel_stream(arg(cli, "id")) end),
} }
commands.service = { help = "Services of the run daemon", commands = {
  list = cmd("List services", nil, function(cli, n) return n:services() end, "list"),
  create = cmd("Create a service", "@json:{...}", function(cli, n) return n:create_service(arg(cli, "definition")) end, "object"),
  delete = cmd("Delete a service", "ID", function(cli, n) n:delete_service(arg(cli, "id")) end),
} }
commands.watch_folder = { help = "Watch folders (/v3/watchfolders)", commands = {
  list = { help = "List watch folder ids", run = function(cli) cli:show(client(cli):watch_folders(), { kind = "values", name = "id" }) end },
  show = cmd("Show a watch folder", "ID", function(cli, n) return n:watch_folder(arg(cli, "id")) end, "object"),
  create = cmd("Create a watch folder", "@json:{...}", function(cli, n) return n:create_watch_folder(arg(cli, "definition")) end, "object"),
  modify = cmd("Change a watch folder", "ID @json:{...}", function(cli, n) n:modify_watch_folder(arg(cli, "id"), arg(cli, "change")) end),
  delete = cmd("Delete a watch folder", "ID", function(cli, n) n:delete_watch_folder(arg(cli, "id")) end),
} }
commands.async = { help = "Legacy async sessions (/async)", commands = {
  list = { help = "List the async ids", run = function(cli) cli:show(client(cli):async_ids(), { kind = "values", name = "id" }) end },
  show = cmd("Summary of a session", "ID", function(cli, n) return n:async_summary(tonumber(arg(cli, "id"))) end, "list"),
  counters = cmd("Counters of a session", "ID", function(cli, n) return n:async_counters(tonumber(arg(cli, "id"))) end, "list"),
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
  long = [[The simulator serves the Node API over --root (default: a temporary folder) on 127.0.0.1:
info, browse, search, create, rename, delete, du, contents, upload/download setup, files by id
under access keys (Basic or Bearer), access keys, /ops/transfers. The node user is --username
and --password (default node_user / node_pass).]],
  run = function(cli)
    local sim = node.simulator{ root = cli:option("root"), port = cli:option("port"),
      username = cli:option("username"), password = cli:option("password") }
    print(sim:url())
    io.stdout:flush()
    sim:wait()
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
  },
  commands = commands,
}
