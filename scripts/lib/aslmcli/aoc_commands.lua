-- aslmcli.aoc_commands: the declaration of the aoc plugin (IBM Aspera on Cloud), shared by
-- its two spellings: commands/aoc.lua (ascli's) and commands/files.lua (the original tool's),
-- each a one-line `return require("aslmcli.aoc_commands")`. The protocol is in products/aoc;
-- this maps command words to the aspera.aoc client and shows the results.
local aoc = require("aspera.aoc")
local args = require("aslmcli.args")
local json = require("json")

local option_keys = { "url", "api_url", "auth", "client_id", "client_secret", "scope", "private_key", "passphrase",
  "username", "password", "redirect_uri", "workspace", "secret" }

-- the client of the command's options; a protected public link asks for its password
local function client(cli)
  local o = {}
  for _, k in ipairs(option_keys) do o[k] = cli:option(k) end
  if not o.url then cli:fail("usage", "missing --url", "the organization's URL: --url=https://ORG.ibmaspera.com") end
  local c = aoc.new(o)
  if c:needs_password() then
    o.password = cli:ask("password of the public link", { secret = true })
    c = aoc.new(o)
  end
  return c
end

local function admin(cli) return client(cli):admin() end

-- listing options from --query: max and pmax, and the API's own fields
local function query(cli, extra)
  local q = cli:option("query") or {}
  local o = extra or {}
  o.max, o.pmax = q.max, q.pmax
  q.max, q.pmax = nil, nil
  if next(q) then o.query = q end
  return o
end

local function arg(cli, name) return cli:next_arg(name) end

local entry_fields = { "name", "type", "size", "modified_time", "access_level" }
local found_fields = { "path", "type", "size", "modified_time" }
local package_fields = { "id", "name", "created_at", "files_completed", "bytes_transferred" }

-- the file commands, below `at` (the home, {node = ID} or {package = ID})
local function file_commands(c_of)
  local function with(at, extra)
    local o = extra or {}
    for k, v in pairs(at or {}) do o[k] = v end
    return o
  end
  local function xfer_opts(cli, at)
    local o = args.transfer_opts(cli)
    return with(at, o)
  end
  return {
    browse = { usage = "[PATH]", help = "List a folder (shared folders followed)", run = function(cli, at)
      cli:show(c_of(cli):each_file(cli:next_arg("path", { optional = true }) or "/", with(at, query(cli))),
        { kind = "list", fields = entry_fields })
    end },
    find = { usage = "[PATH] [PATTERN]", help = "Find below a folder: a glob on names (*.png), or @lua:function(e) return ... end",
      run = function(cli, at)
        local path = cli:next_arg("path", { optional = true }) or "/"
        local p = cli:next_arg("pattern", { optional = true })
        local o = with(at, { concurrency = cli:option("concurrency") })
        if type(p) == "string" then o.pattern = p elseif p ~= nil then o.predicate = p end
        cli:show(c_of(cli):each_found(path, o), { kind = "list", fields = found_fields })
      end },
    show = { usage = "PATH", help = "Show an entry", run = function(cli, at)
      cli:show(c_of(cli):show(arg(cli, "path"), with(at)), { kind = "object" })
    end },
    mkdir = { usage = "PATH", help = "Create a folder", run = function(cli, at)
      cli:show(c_of(cli):mkdir(arg(cli, "path"), with(at)), { kind = "object" })
    end },
    rename = { usage = "PATH NEW_NAME", help = "Rename an entry", run = function(cli, at)
      c_of(cli):rename(arg(cli, "path"), arg(cli, "new name"), with(at))
      cli:status("renamed")
    end },
    delete = { usage = "PATH...", help = "Delete entries (folders with their contents)", run = function(cli, at)
      local c = c_of(cli)
      for _, p in ipairs(args.paths(cli, "path")) do c:delete(p, with(at)) end
      cli:status("deleted")
    end },
    modify = { usage = "PATH @json:{...}", help = "Change an entry", run = function(cli, at)
      c_of(cli):modify(arg(cli, "path"), arg(cli, "change"), with(at))
      cli:status("modified")
    end },
    short_link = { usage = "PATH private|public create|list|delete [ID]",
      help = "Short links to a folder: private (for the workspace's members) or public (no login): create, list, delete ID",
      run = function(cli, at)
        local path = arg(cli, "path")
        local kind = cli:next_command({ "private", "public" })
        local c, verb = c_of(cli), cli:next_command({ "create", "list", "delete" })
        if verb == "create" then
          local link = kind == "public" and c:create_public_link(path, with(at)) or c:create_private_link(path, with(at))
          return cli:show(link, { kind = "object" })
        elseif verb == "list" then
          local links = kind == "public" and c:public_links(path, with(at)) or c:private_links(path, with(at))
          return cli:show(links, { kind = "list", fields = { "id", "short_url", "created_at" } })
        end
        c:delete_short_link(arg(cli, "short link id"))
        cli:status("deleted")
      end },
    permission = { usage = "PATH list|create|delete [PERMISSION|ID]",
      help = "Node permissions of a folder: list, create @json:{\"access_type\":\"user\",\"access_id\":...,\"access_levels\":[...]}, delete ID",
      run = function(cli, at)
        local path = arg(cli, "path")
        local c, verb = c_of(cli), cli:next_command({ "list", "create", "delete" })
        if verb == "list" then
          return cli:show(c:permissions(path, with(at)), { kind = "list", fields = { "id", "access_type", "access_id", "access_levels" } })
        elseif verb == "create" then
          return cli:show(c:create_permission(path, arg(cli, "permission"), with(at)), { kind = "object" })
        end
        c:delete_permission(path, arg(cli, "permission id"), with(at))
        cli:status("deleted")
      end },
    upload = { usage = "FILE... [--to-folder=REMOTE]", help = "Upload files into a folder (default /)", run = function(cli, at)
      args.show_job(cli, c_of(cli):upload(args.upload_sources(cli), xfer_opts(cli, at)))
    end },
    download = { usage = "FILE... [--to-folder=LOCAL]", help = "Download files (--download-mode=node_http: through the node's API)",
      run = function(cli, at)
        local c = c_of(cli)
        if cli:option("download_mode") == "node_http" then
          return cli:show({ c:download_http(args.paths(cli, "remote file"), with(at, { to_folder = cli:option("to_folder") })) },
            { kind = "list", fields = { "status", "agent", "files", "bytes" } })
        end
        args.show_job(cli, c:download(args.sources(cli, "remote file"), xfer_opts(cli, at)))
      end },
  }
end

local files = file_commands(client)

-- a command table of file commands, below the folder where(cli) returns
local function tree(help, where, c_of, usage_prefix)
  local cmds = {}
  for name, c in pairs(file_commands(c_of or client)) do
    cmds[name] = { usage = (usage_prefix or "") .. (c.usage or ""), help = c.help,
      run = function(cli) c.run(cli, where and where(cli) or {}) end }
  end
  return { help = help, commands = cmds }
end

local commands = {}
commands.files = tree("Files of the workspace's home (node gen4 through a bearer token; alias repo)")
commands.repo = commands.files
commands.repository = commands.files

commands.user = { help = "The user: workspaces and profile", commands = {
  workspaces = { help = "Workspaces", commands = {
    list = { help = "List the workspaces", run = function(cli)
      cli:show(client(cli):workspaces(query(cli)), { kind = "list", fields = { "id", "name" } }) end },
    current = { help = "The current workspace (--workspace)", run = function(cli)
      cli:show(client(cli):workspace(), { kind = "object" }) end },
  } },
  profile = { help = "The user's profile", commands = {
    show = { help = "Show the profile", run = function(cli) cli:show(client(cli):self(), { kind = "object" }) end },
    modify = { usage = "@json:{...}", help = "Change the profile (first_name, last_name, public_key...)", run = function(cli)
      client(cli):modify_profile(arg(cli, "change"))
      cli:status("modified") end },
  } },
} }

commands.organization = { help = "The organization", run = function(cli) cli:show(client(cli):organization(), { kind = "object" }) end }
commands.servers = { help = "The transfer servers of the domain", run = function(cli)
  cli:show(client(cli):servers(), { kind = "list" }) end }
commands.bearer_token = { help = "Print a bearer token of the user (--scope)", run = function(cli)
  cli:show(client(cli):bearer_token(), { kind = "value" }) end }

-- packages
local function send(cli)
  local c = client(cli)
  local p = {}
  if cli:peek_arg() and cli:peek_arg():sub(1, 1) == "@" then
    local v = arg(cli, "package")
    if type(v) ~= "table" then cli:fail("usage", "the package is a mapping: @json:{\"name\":...}") end
    p = v
  end
  p.name = p.name or cli:option("title")
  p.note = p.note or cli:option("note")
  p.metadata = p.metadata or cli:option("metadata")
  p.recipients = p.recipients or cli:option("recipient")
  p.files = args.upload_sources(cli)
  p.agent, p.src_type = cli:option("transfer"), cli:option("src_type")
  p.new_user_option = cli:option("new_user_option")
  local pkg, job = c:send_package(p)
  local r = job:wait()
  r.package_id, r.package_name = pkg.id, pkg.name
  cli:show({ r }, { kind = "list", fields = { "package_id", "package_name", "status", "agent", "files", "bytes" } })
end

local function receive(cli)
  local c = client(cli)
  local which = arg(cli, "package id, ALL or INIT")
  local once = cli:option("once_only")
  local box = { box = cli:option("box"), query = query(cli).query, once_only = once }
  if which == "INIT" then
    if not once then cli:fail("usage", "receive INIT needs --once-only=yes") end
    box.once_only = false
    local ids = c:receivable(box)
    c:reset_received(ids)
    return cli:status(#ids .. " package(s) marked as received")
  end
  local ids = which == "ALL" and c:receivable(box) or { which }
  local files = cli:has_args() and args.paths(cli, "file of the package") or nil
  local rows = json.array()
  for _, id in ipairs(ids) do
    local job, folder = c:receive_package(id, { to_folder = cli:option("to_folder"), files = files,
      package_folder = cli:option("package_folder"), agent = cli:option("transfer") })
    local r = job:wait()
    r.package_id, r.folder = id, folder
    rows[#rows + 1] = r
    if once then c:mark_received(id) end
  end
  cli:show(rows, { kind = "list", fields = { "package_id", "status", "files", "bytes", "folder" } })
end

local in_package = function(cli) return { package = arg(cli, "package id") } end
local packages = { help = "Packages: list, show, send, receive (alias recv), delete", commands = {
  list = { help = "List the packages of --box (inbox, sent, archived, a shared inbox; --once-only: not received yet)", run = function(cli)
    local c = client(cli)
    local o = query(cli, { box = cli:option("box") })
    if cli:option("once_only") then
      local keep = {}
      for _, id in ipairs(c:receivable{ box = o.box, query = o.query, once_only = true }) do keep[id] = true end
      local all = json.array()
      for p in c:packages(o) do if keep[p.id] then all[#all + 1] = p end end
      return cli:show(all, { kind = "list", fields = package_fields })
    end
    cli:show(c:packages(o), { kind = "list", fields = package_fields })
  end },
  show = { usage = "ID", help = "Show a package", run = function(cli) cli:show(client(cli):package(arg(cli, "package id")), { kind = "object" }) end },
  send = { usage = "[@json:{...}] FILE...", help = "Send files in a new package (--title, --note, --recipient, --metadata; or a mapping of the package's fields)",
    run = send },
  receive = { usage = "ID|ALL|INIT [FILE...]", help = "Receive a package, or ALL of --box (--once-only, --package-folder, --to-folder)",
    run = receive },
  delete = { usage = "ID...", help = "Delete packages", run = function(cli)
    local c = client(cli)
    for _, id in ipairs(args.paths(cli, "package id")) do c:delete_package(id) end
    cli:status("deleted") end },
  modify = { usage = "ID @json:{...}", help = "Change a package", run = function(cli)
    client(cli):modify_package(arg(cli, "package id"), arg(cli, "change"))
    cli:status("modified") end },
  browse = { usage = "ID [PATH]", help = "List a package's files", run = function(cli)
    files.browse.run(cli, in_package(cli)) end },
  shared_inboxes = { help = "The shared inboxes (list)", commands = {
    list = { help = "List the shared inboxes of the workspace", run = function(cli)
      cli:show(client(cli):resource_list("dropbox", query(cli)), { kind = "list", fields = { "id", "name", "description" } }) end },
  } },
} }
packages.commands.recv = packages.commands.receive
commands.packages = packages
commands.package = packages

-- administration
local admin_verbs = { "list", "show", "create", "modify", "delete" }

-- runs verb on the resource r; do (nodes) and set_pub_key (clients) too
local function resource_verb(cli, r, verb)
  local a = admin(cli)
  if verb == "list" then
    return cli:show(a:resource_list(r.name, query(cli)), { kind = "list", fields = r.fields })
  elseif verb == "show" then
    return cli:show(a:resource_show(r.name, not r.singleton and arg(cli, "id") or nil), { kind = "object" })
  elseif verb == "create" then
    return cli:show(a:resource_create(r.name, arg(cli, "fields")), { kind = "object" })
  elseif verb == "modify" then
    local id = not r.singleton and arg(cli, "id") or nil
    a:resource_modify(r.name, id, arg(cli, "change"))
    return cli:status("modified")
  elseif verb == "delete" then
    a:resource_delete(r.name, arg(cli, "id"))
    return cli:status("deleted")
  end
end

local function node_do(cli, id)
  local verb = cli:next_command({ "browse", "find", "show", "mkdir", "rename", "delete", "modify", "permission", "short_link", "upload", "download" })
  local c = admin(cli)
  local cmds = file_commands(function() return c end)
  cmds[verb].run(cli, { node = id })
end

local admin_cmds = {}
for _, r in ipairs(aoc.resources()) do
  local cmds = {}
  local verbs = r.singleton and { "show", "modify" } or admin_verbs
  for _, v in ipairs(verbs) do
    local usage = ({ list = nil, show = "ID", create = "@json:{...}", modify = "ID @json:{...}", delete = "ID" })[v]
    if r.singleton then usage = (v == "modify") and "@json:{...}" or nil end
    cmds[v] = { usage = usage, help = v .. " " .. r.name .. (r.singleton and "" or " (ID or %name:NAME)"),
      run = function(cli) resource_verb(cli, r, v) end }
  end
  if r.name == "node" then
    cmds["do"] = { usage = "ID browse|find|show|mkdir|rename|delete|modify|permission|short_link|upload|download [ARG...]",
      help = "File commands on the node's access key root, as an administrator", run = function(cli) node_do(cli, arg(cli, "node id")) end }
  elseif r.name == "client" then
    cmds.set_pub_key = { usage = "ID PEM", help = "Register the public key of a private key on the client (JWT enabled)",
      run = function(cli) admin(cli):set_client_key(arg(cli, "client id"), arg(cli, "private key (PEM)")) cli:status("modified") end }
  end
  admin_cmds[r.name] = { help = "Administration of " .. r.path, commands = cmds }
  admin_cmds[r.path:match("[^/]+$")] = admin_cmds[r.name]
end

-- the original manual's `admin resource TYPE list|id ID [do CMD...]|...`
admin_cmds.resource = { usage = "TYPE list|show|create|modify|delete|id [ARG...]", help = "The original spelling: resource TYPE VERB (id ID [do CMD...])",
  run = function(cli)
    local byname, names = {}, {}
    for _, r in ipairs(aoc.resources()) do
      byname[r.name], byname[r.path:match("[^/]+$")] = r, r
      names[#names + 1], names[#names + 2] = r.name, r.path:match("[^/]+$")
    end
    local r = byname[cli:next_command(names)]
    local verb = cli:next_command({ "list", "show", "create", "modify", "delete", "id" })
    if verb ~= "id" then return resource_verb(cli, r, verb) end
    local id = arg(cli, "id")
    if cli:has_args() and r.name == "node" then
      cli:next_command({ "do" })
      return node_do(cli, id)
    end
    cli:show(admin(cli):resource_show(r.name, id), { kind = "object" })
  end }
admin_cmds.set_client_key = { usage = "CLIENT_ID PEM", help = "Register the public key of a private key (@file:...) on an API client (JWT enabled)",
  run = function(cli)
    admin(cli):set_client_key(arg(cli, "client id"), arg(cli, "private key (PEM)"))
    cli:status("modified") end }
admin_cmds.events = { help = "The organization's application events (analytics)", run = function(cli)
  cli:show(admin(cli):events((cli:option("query"))), { kind = "list", fields = { "id", "event_type", "created_at", "user_id" } }) end }
admin_cmds.analytics = { help = "Analytics: application_events, transfers", commands = {
  application_events = { help = "The organization's application events", run = function(cli)
    cli:show(admin(cli):events((cli:option("query"))), { kind = "list" }) end },
  transfers = { usage = "organizations|users|nodes [ID]", help = "Transfers, from --query start_time to stop_time (ISO 8601), limit 100",
    run = function(cli)
      local res = cli:next_command({ "organizations", "users", "nodes" })
      cli:show(admin(cli):transfer_events(res, cli:next_arg("id", { optional = true }), cli:option("query")), { kind = "list" })
    end },
} }
admin_cmds.application = { help = "Applications: types, settings, memberships", commands = {
  types = { help = "The application types", run = function(cli) cli:show(admin(cli):applications(), { kind = "list" }) end },
  settings = { usage = "TYPE show|modify [@json:{...}]", help = "The settings of an application type", run = function(cli)
    local typ = arg(cli, "application type")
    if cli:next_command({ "show", "modify" }) == "show" then return cli:show(admin(cli):app_settings(typ), { kind = "object" }) end
    admin(cli):modify_app_settings(typ, arg(cli, "change"))
    cli:status("modified") end },
  membership = { help = "Who may use the applications (list)", run = function(cli)
    cli:show(admin(cli):app_memberships(query(cli)), { kind = "list" }) end },
} }
admin_cmds.bearer_token = { help = "Print an administrator's bearer token (admin:all)", run = function(cli)
  cli:show(admin(cli):bearer_token(), { kind = "value" }) end }
commands.admin = { help = "Administration (scope admin:all): resources (singular or plural names), events, analytics", commands = admin_cmds }

-- the first login
local function wizard_run(cli, url)
  local r = aoc.wizard(url, { username = cli:option("username"), client_id = cli:option("client_id"),
    client_secret = cli:option("client_secret"), password = cli:option("password"), api_url = cli:option("api_url") })
  return r
end
commands.set_client_key = { help = "First login: make a key pair (HOME/aoc_<org>_key.pem), print its public key and where to register it, write a preset",
  run = function(cli)
    local url = cli:option("url") or cli:fail("usage", "missing --url", "the organization's URL: --url=https://ORG.ibmaspera.com")
    require("aslmcli.wizard").apply(cli, "aoc", wizard_run(cli, url))
  end }

commands.faspexgw = { usage = "[URL]", help = "Faspex 4 gateway: POST /aspera/faspex/send creates AoC packages (default http://localhost:8080; Ctrl-C stops it)",
  run = function(cli)
    local gw = client(cli):gateway{ url = cli:next_arg("url", { optional = true }) }
    print(gw:url())
    io.stdout:flush()
    gw:wait()
  end }
commands.gateway = commands.faspexgw

commands.simulator = { help = "Run an AoC simulator until Ctrl-C (its URL first, then the options to use it)",
  long = [[The simulator serves one organization (--org, default sim) with users, two workspaces,
packages, administration, public links, and two nodes (the workspaces' homes and packages on
"main", a folder of "partner" shared in the Default workspace). Its files live in --root
(default: a temporary folder). Use it with the options it prints:
  aslmcli aoc user profile show --url=URL --api-url=API_URL --username=... --client-id=... --private-key=@file:...]],
  run = function(cli)
    local sim = aoc.simulator{ root = cli:option("root"), port = cli:option("port"), org = cli:option("org"), packages = cli:option("packages") }
    local lines, l = {}, sim:links()
    for _, c in ipairs(sim:credentials()) do lines[#lines + 1] = c.name .. ": " .. c.value end
    lines[#lines + 1] = "public_link: " .. l.files
    lines[#lines + 1] = "protected_link: " .. l.files_protected .. " (password: " .. l.password .. ")"
    sim:serve(lines)
  end }

return {
  help = "IBM Aspera on Cloud: workspaces, files, packages, administration, and a local simulator",
  long = [[Authentication: --url (the organization, or a public link), --username (your e-mail) and
--private-key (JWT; `aoc set_client_key` or `config wizard URL aoc` makes the key and says where to
register it). --api-url reaches a self-managed deployment or the simulator. Listings fetch pages
lazily: --query=@json:{"max":10}. The original tool's spellings work: `files repo browse /`,
`files package recv ID`, `files admin resource TYPE ...`.]],
  options = {
    { name = "url", help = "the organization's URL (https://ORG.ibmaspera.com), or a public or private link" },
    { name = "api_url", help = "API root (self-managed deployments, the simulator): https://api.DOMAIN/api/v1 by default" },
    { name = "auth", short = "t", type = "enum", values = { "jwt", "web", "url_token" }, help = "authentication (a public link --url uses its token)" },
    { name = "client_id", help = "API client (default: the global client aspera.global-cli-client)" },
    { name = "client_secret", secret = true, help = "API client secret (web login, public links)" },
    { name = "scope", help = "token scope (user:all; admin commands use admin:all)" },
    { name = "private_key", secret = true, help = "PEM private key of the JWT login (@file:PATH)" },
    { name = "passphrase", secret = true, help = "of an encrypted private key" },
    { name = "username", help = "your AoC e-mail (JWT subject)" },
    { name = "password", secret = true, help = "password of a protected public link" },
    { name = "redirect_uri", help = "web login redirect (default http://localhost:12345)" },
    { name = "workspace", help = "workspace: a name, %name:NAME or %id:ID (default: yours)" },
    { name = "secret", secret = true, help = "access key secret: nodes reached with it instead of bearer tokens" },
    { name = "query", type = "hash", help = "listing options: max, pmax, and fields of the API query" },
    { name = "to_folder", help = "destination folder of an upload (remote) or download (local)" },
    { name = "box", help = "packages: inbox (default), sent, archived, or a shared inbox's name" },
    { name = "once_only", type = "bool", default = false, help = "packages: only those not received yet (HOME/persist_store)" },
    { name = "package_folder", type = "any", help = "receive each package in its own folder: yes, or @json:{\"fld\":[\"name\",\"id\"],\"seq\":false,\"opt\":true}" },
    { name = "title", help = "package title" },
    { name = "note", help = "package note" },
    { name = "recipient", type = "list", help = "package recipients: e-mails, names, shared inboxes (comma separated)" },
    { name = "metadata", type = "any", help = "package metadata (@json:{...})" },
    { name = "new_user_option", type = "hash", help = "fields of the contacts made for unknown recipients" },
    { name = "download_mode", type = "enum", values = { "fasp", "node_http" }, default = "fasp", help = "download with a transfer (fasp) or through the node's API (node_http)" },
    { name = "concurrency", type = "int", help = "find: folders listed at once (default 8)" },
    { name = "root", help = "simulator: folder of the nodes' storage" },
    { name = "port", type = "int", help = "simulator: port (default: a free one)" },
    { name = "org", help = "simulator: organization (default sim)" },
    { name = "packages", type = "int", help = "simulator: packages made at start" },
  },
  commands = commands,
}
