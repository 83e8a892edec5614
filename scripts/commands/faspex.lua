-- faspex: IBM Aspera Faspex 4, the original manual's plugin (built-in). The protocol is in
-- products/faspex; this script maps command words to the aspera.faspex client and shows the
-- results.
local faspex = require("aspera.faspex")
local node = require("aspera.node")
local config = require("aspera.config")
local args = require("aslmcli.args")

local function client(cli)
  return faspex.new{
    url = cli:option("url", { mandatory = true }), username = cli:option("username", { mandatory = true }),
    password = cli:option("password", { mandatory = true }), recipient = cli:option("recipient"),
  }
end

-- list options of --query: max, and the rest as the API's query
local function list_opts(cli)
  local q = cli:option("query") or {}
  local max = q.max
  q.max = nil
  return { max = max, query = next(q) and q or nil }
end

-- listing options: the box, and --query (max, and the feed's startIndex, count, page)
local function listing(cli)
  local o = list_opts(cli)
  o.box = cli:option("box")
  return o
end

local package_fields = { "package_id", "title", "author.name", "published", "items" }

-- recipients: --recipient (a comma-separated list, as in the original tool) or the
-- delivery_info's
local function recipients(cli, info)
  local r = info.recipients or cli:option("recipient", { mandatory = info.recipients == nil })
  if type(r) == "string" then
    local list = {}
    for x in r:gmatch("[^,]+") do list[#list + 1] = x:match("^%s*(.-)%s*$") end
    return list
  end
  return r
end

-- receives the package of a public link (no credentials)
local function receive_link(cli, link)
  local o = args.transfer_opts(cli)
  o.src_type = nil
  args.show_job(cli, faspex.receive_link(link, o))
end

-- the --storage entry of a remote source, checked against Faspex's sources
local function storage_of(cli, name)
  local storage = cli:option("storage", { mandatory = true })
  local known = false
  for _, s in ipairs(client(cli):sources()) do if s.name == name then known = true end end
  if not known then cli:fail("usage", "no Faspex source named " .. name) end
  if type(storage[name]) ~= "table" then cli:fail("usage", "--storage has no entry " .. name) end
  return storage[name]
end

local package = {
  list = { help = "List the packages of --box (inbox, sent, archive); --query: max, startIndex, count, page",
    run = function(cli) cli:show(client(cli):each_package(listing(cli)), { kind = "list", fields = package_fields }) end },
  show = { usage = "ID", help = "Show a package of --box",
    run = function(cli)
      local id = tostring(cli:next_arg("package id"))
      cli:show(client(cli):package(id, { box = cli:option("box") }), { kind = "object" })
    end },
  send = { usage = "FILE...", help = "Send files as a package (--title, --note, --recipient, --metadata, --source-name, or --delivery-info)",
    run = function(cli)
      local info = cli:option("delivery_info") or {}
      local c = client(cli)
      local o = args.transfer_opts(cli)
      local job, created = c:send{
        title = info.title or cli:option("title", { mandatory = info.title == nil }), note = info.note or cli:option("note"),
        recipients = recipients(cli, info), metadata = info.metadata or cli:option("metadata"),
        files = args.sources(cli, "file"), source_name = cli:option("source_name"), agent = o.agent, src_type = o.src_type,
      }
      if job == nil then return cli:show(created, { kind = "object" }) end
      args.show_job(cli, job)
    end },
  receive = { usage = "ID|ALL|INIT", help = "Receive a package of --box (ALL: every package; INIT with --once-only marks them received); --link=URL: a public link",
    run = function(cli)
      local link = cli:option("link")
      if link then return receive_link(cli, link) end
      local c = client(cli)
      local id = tostring(cli:next_arg("package id, ALL or INIT"))
      if id == "ALL" or id == "INIT" then
        return args.show_receive_all(cli, id, c:receive_all(args.receive_all_opts(cli, id, { box = cli:option("box") })))
      end
      local o = args.transfer_opts(cli)
      o.src_type, o.box = nil, cli:option("box")
      args.show_job(cli, c:receive(id, o))
    end },
}
package.delete = { usage = "ID", help = "Delete a package of --box by its package_id (the v4 API, as the user)",
  run = function(cli)
    local id = tostring(cli:next_arg("package id"))
    client(cli):delete_package(id, { box = cli:option("box") })
    cli:status("deleted")
  end }
package.recv = package.receive

-- the v4 API (OAuth password grant, scope admin): ascli's faspex v4 resources
local v4_fields = { dropbox = { "id", "e_wg_name", "e_wg_desc", "created_at" }, workgroup = { "id", "e_wg_name", "e_wg_desc", "created_at" },
  user = { "id", "name", "first_name", "last_name" } }
local function v4_resource(name)
  return { help = "v4 API: " .. name, commands = {
    list = { help = "List (--query: max and the API's filters)", run = function(cli)
      cli:show(client(cli):each_resource(name, list_opts(cli)), { kind = "list", fields = v4_fields[name] })
    end },
    show = { usage = "ID", help = "Show one", run = function(cli)
      cli:show(client(cli):resource(name, tostring(cli:next_arg("id"))), { kind = "object" }) end },
    create = { usage = "FIELDS", help = "Create one (@json:{...})", run = function(cli)
      cli:show(client(cli):create_resource(name, cli:next_arg("fields")), { kind = "object" }) end },
    modify = { usage = "ID CHANGE", help = "Change one (@json:{...})", run = function(cli)
      local id = tostring(cli:next_arg("id"))
      cli:show(client(cli):modify_resource(name, id, cli:next_arg("change")), { kind = "object" }) end },
    delete = { usage = "ID", help = "Delete one", run = function(cli)
      client(cli):delete_resource(name, tostring(cli:next_arg("id")))
      cli:status("deleted") end },
  } }
end
local v4 = {}
for _, name in ipairs({ "dropbox", "dmembership", "workgroup", "wmembership", "user", "metadata_profile" }) do v4[name] = v4_resource(name) end
-- ascli's faspex v4 package users ID ...: the packages of a user (an id, or me)
local function user_of(cli) return tostring(cli:next_arg("user id or me")) end
v4.package = { help = "v4 API: the packages of a user (users ID|me list|show|delete)", commands = {
  users = { usage = "ID|me ...", help = "The packages of a user (me: the user's own; another id: an administrator)", run = function(cli)
    local c, user = client(cli), user_of(cli)
    local cmd = cli:next_command({ "list", "show", "delete" })
    if cmd == "list" then
      return cli:show(c:each_user_package(user, list_opts(cli)), { kind = "list", fields = { "id", "title", "sender", "state" } })
    end
    local id = tostring(cli:next_arg("package id"))
    if cmd == "show" then return cli:show(c:user_package(user, id), { kind = "object" }) end
    c:delete_user_package(user, id)
    cli:status("deleted")
  end },
} }

return {
  help = "IBM Aspera Faspex 4: packages (inbox, sent, archive), send, receive, public links, dropboxes, sources",
  long = [[Authentication: --url=https://HOST/aspera/faspex --username --password (basic). Packages
are identified by package_id: the recipient delivery id in the inbox and archive, the delivery
id in sent (--box=sent). A dropbox's packages: --recipient=*NAME. Public links
(https://HOST/aspera/faspex/external_deliveries/ID?passcode=..., or faspe://...) need no
credentials: `faspex recv_publink URL` or `faspex package recv --link=URL`.]],
  options = {
    { name = "url", help = "the application's URL (https://HOST/aspera/faspex)" },
    { name = "username", help = "username to log in" },
    { name = "password", secret = true, help = "user's password" },
    { name = "recipient", help = "package recipient(s), comma-separated; to list or receive: the recipient to match (*dropbox)" },
    { name = "title", help = "package title" },
    { name = "note", help = "package note" },
    { name = "metadata", type = "hash", help = "package metadata (use @json:)" },
    { name = "source_name", help = "create the package from a remote source (by name)" },
    { name = "delivery_info", type = "hash", help = "the package's fields at once (title, note, recipients, metadata)" },
    { name = "box", type = "enum", values = { "inbox", "sent", "archive" }, default = "inbox", help = "package box" },
    { name = "link", secret = true, help = "a public link (its passcode is a secret)" },
    { name = "storage", type = "hash", help = "remote sources: {NAME: {node: @preset:NODE, path: /sub}} (source info)" },
    { name = "query", type = "hash", help = "listing options: max, startIndex, count, page" },
    { name = "to_folder", help = "local folder of received packages" },
    { name = "once_only", type = "bool", default = false, help = "receive ALL: skip the packages received before (kept in HOME/persist_store)" },
    { name = "package_folder", type = "bool", default = false, help = "receive ALL: each package into TO_FOLDER/<id>" },
    { name = "concurrency", type = "int", help = "receive ALL: transfers at once (default 1)" },
    { name = "port", type = "int", help = "simulator: port (default: a free one)" },
    { name = "root", help = "simulator: folder of the packages' files" },
  },
  commands = {
    package = { help = "Packages", commands = package },
    recv_publink = { usage = "URL", help = "Receive the package of a public link (the original spelling of package recv --link=URL)",
      run = function(cli) receive_link(cli, cli:next_arg("public link")) end },
    dropbox = { help = "Dropboxes", commands = {
      list = { help = "List the dropboxes", run = function(cli)
        cli:show(client(cli):dropboxes(), { kind = "list", fields = { "name", "id", "description", "can_read", "can_write" } }) end },
    } },
    v4 = { help = "The v4 API (an administrator's account): dropbox, dmembership, workgroup, wmembership, user, metadata_profile, package", commands = v4 },
    me = { help = "The user's information", run = function(cli) cli:show(client(cli):me(), { kind = "object" }) end },
    health = { help = "Check that the API answers with the credentials", run = function(cli)
      args.show_health(cli, client(cli):health()) end },
    address_book = { help = "The users of the address book (up to 100000, as ascli asks)", run = function(cli)
      cli:show((client(cli):address_book()), { kind = "list", fields = { "email", "first_name", "last_name" } }) end },
    login_methods = { help = "The login methods of the login page", run = function(cli)
      cli:show(client(cli):login_methods(), { kind = "list" }) end },
    source = { help = "Remote sources", commands = {
      list = { help = "List the remote sources", run = function(cli)
        cli:show(client(cli):sources(), { kind = "list", fields = { "id", "name" } }) end },
      info = { usage = "NAME", help = "The --storage entry of a source (its node and path)", run = function(cli)
        cli:show(storage_of(cli, tostring(cli:next_arg("source name"))), { kind = "object" })
      end },
      node = { usage = "NAME browse [PATH]", help = "Browse a source through its node (--storage: {NAME: {node: @preset:NODE, path: /sub}})",
        run = function(cli)
          local s = storage_of(cli, tostring(cli:next_arg("source name")))
          cli:next_command({ "browse" })
          local path = cli:next_arg("path", { optional = true }) or "/"
          -- the node: a preset's name (the original manual), an extended value (@preset:NAME), or a table
          local nd = s.node
          if type(nd) == "string" then nd = nd:sub(1, 1) == "@" and config.decode(nd) or config.preset(nd) end
          if type(nd) ~= "table" then cli:fail("usage", "--storage: node must name a node preset, or hold its url, username and password") end
          local n = node.new{ url = nd.url, username = nd.username, password = nd.password }
          local full = (s.path or ""):gsub("/$", "") .. "/" .. path:gsub("^/", "")
          cli:show(n:each_file(full), { kind = "list", fields = { "basename", "type", "size", "mtime" } })
        end },
    } },
    simulator = { help = "Run a Faspex 4 test server until Ctrl-C (prints its URL first, then the users, and the public link of a first package)",
      run = function(cli)
        local sim = faspex.simulator{ port = cli:option("port"), root = cli:option("root") }
        local c, lines = sim:credentials(), {}
        for _, u in ipairs(c.users) do lines[#lines + 1] = "user: " .. u.username .. " " .. u.password .. " " .. u.email end
        lines[#lines + 1] = "dropbox: " .. c.dropbox
        -- a first package, so that a public link can be tried at once
        local id = sim:add_package("Welcome", "admin", { "user1" }, { ["welcome.txt"] = "Welcome to the Faspex 4 test server\n" })
        lines[#lines + 1] = "public_link: " .. sim:public_link(id)
        sim:serve(lines)
      end },
  },
}
