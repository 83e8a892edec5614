-- faspex5: IBM Aspera Faspex 5 (built-in plugin). The protocol is in products/faspex5; this
-- script maps command words to the aspera.faspex5 client and shows the results.
local faspex5 = require("aspera.faspex5")
local config = require("aspera.config")
local args = require("aslmcli.args")

local function client(cli)
  local link = cli:option("link")
  return faspex5.new{
    url = cli:option("url", { mandatory = link == nil }), link = link, auth = cli:option("auth"),
    username = cli:option("username"), password = cli:option("password"),
    client_id = cli:option("client_id"), client_secret = cli:option("client_secret"),
    redirect_uri = cli:option("redirect_uri"), private_key = cli:option("private_key"),
    passphrase = cli:option("passphrase"), scope = cli:option("scope"),
  }
end

-- the mailbox options, merged into t
local function mailbox(cli, t)
  t = t or {}
  t.box, t.shared_inbox = cli:option("box"), cli:option("shared_inbox")
  t.workgroup, t.group_type = cli:option("workgroup"), cli:option("group_type")
  return t
end

-- listing options from --query: max, and the API's own filters
local function listing(cli, t)
  local q = cli:option("query") or {}
  t = t or {}
  t.max, q.max = q.max, nil
  t.query = next(q) and q or nil
  return t
end

local function ask_password(cli)
  return function() return cli:option("content_protection_password", { mandatory = true }) end
end

local package_fields = { "id", "title", "status", "sender.name", "recipients.0.name", "release_date", "total_bytes", "total_files" }
local file_fields = { "basename", "type", "size", "mtime" }
local status_fields = { "id", "upload_status", "bytes_written", "bytes_total", "completion_time" }

-- an identifier argument: an id, or %FIELD:VALUE looked up in the resource
local function ident(cli, c, res, name)
  local id = cli:next_arg(name)
  local field, value = tostring(id):match("^%%(%w+):(.*)$")
  if field then return c:lookup(res, field, value) end
  return tostring(id)
end

local packages = {
  list = { help = "List packages (--box, --shared-inbox, --workgroup; --query: max and the API's filters)",
    run = function(cli)
      local fields = package_fields
      local box = cli:option("box")
      if box == "inbox" or box == "inbox_history" then fields = { "id", "title", "status", "sender.name", "release_date", "total_bytes", "total_files" } end
      if box == "outbox" or box == "outbox_history" then fields = { "id", "title", "status", "recipients.0.name", "release_date", "total_bytes", "total_files" } end
      cli:show(client(cli):each_package(listing(cli, mailbox(cli))), { kind = "list", fields = fields })
    end },
  show = { usage = "ID", help = "Show a package",
    run = function(cli) cli:show(client(cli):package(tostring(cli:next_arg("package id"))), { kind = "object" }) end },
  browse = { usage = "ID [PATH]", help = "List the files of a package (--box=outbox for one you sent)",
    run = function(cli)
      local c = client(cli)
      local id = tostring(cli:next_arg("package id"))
      local path = cli:next_arg("folder", { optional = true }) or "/"
      cli:show(c:each_file(id, path, listing(cli, mailbox(cli))), { kind = "list", fields = file_fields })
    end },
  status = { usage = "ID [STATES]", help = "The upload status of a package; with a list of states (@json:[\"completed\"]), wait for one",
    run = function(cli)
      local c = client(cli)
      local id = tostring(cli:next_arg("package id"))
      local states = cli:next_arg("states", { optional = true })
      if states == nil then return cli:show(c:status(id), { kind = "object", fields = status_fields }) end
      if type(states) == "string" then states = { states } end
      cli:show(c:wait_status(id, { states = states }), { kind = "object", fields = status_fields })
    end },
  delete = { usage = "ID...", help = "Delete packages",
    run = function(cli)
      client(cli):delete_package(args.paths(cli, "package id"))
      cli:status("deleted")
    end },
  send = { usage = "@json:{\"title\":...,\"recipients\":[...]} FILE...", help = "Send a package, then follow its status until it is completed",
    run = function(cli)
      local c = client(cli)
      local pkg = cli:next_arg("package (@json:{\"title\":..., \"recipients\":[...]})")
      if type(pkg) ~= "table" then cli:fail("usage", "the package must be a table: @json:{\"title\":...,\"recipients\":[...]}") end
      pkg.files = args.sources(cli, "local file")
      local o = args.transfer_opts(cli)
      pkg.agent, pkg.src_type = o.agent, o.src_type
      pkg.content_protection_password = cli:option("content_protection_password")
      pkg.ask_password = ask_password(cli)
      local job, created = c:send(pkg)
      job:wait()
      local st = c:wait_status(created.id)
      cli:show(st, { kind = "object", fields = status_fields })
      if st.upload_status ~= "completed" then cli:fail("transfer", "package " .. tostring(created.id) .. ": " .. tostring(st.upload_status)) end
    end },
  receive = { usage = "ID|ALL|INIT [FILE...]", help = "Receive a package (its chosen files), or every package of the box (ALL; INIT with --once-only marks them received)",
    run = function(cli)
      local c = client(cli)
      local id = tostring(cli:next_arg("package id, ALL or INIT"))
      if id == "ALL" or id == "INIT" then
        local o = args.receive_all_opts(cli, id, mailbox(cli))
        o.content_protection_password = cli:option("content_protection_password")
        return args.show_receive_all(cli, id, c:receive_all(o))
      end
      local files = cli:remaining_args("file")
      local opts = mailbox(cli, args.transfer_opts(cli))
      opts.src_type = nil
      opts.files = #files > 0 and files or nil
      opts.content_protection_password = cli:option("content_protection_password")
      opts.ask_password = ask_password(cli)
      args.show_job(cli, c:receive(id, opts))
    end },
}
packages.recv = packages.receive

local shared_folders = {
  list = { help = "List the shared folders", run = function(cli)
    cli:show(client(cli):shared_folders(listing(cli)), { kind = "list", fields = { "id", "name", "node_id", "read_permission" } }) end },
  browse = { usage = "ID|NAME [PATH]", help = "List a folder of a shared folder", run = function(cli)
    local c = client(cli)
    local sf = tostring(cli:next_arg("shared folder id or name"))
    local path = cli:next_arg("folder", { optional = true }) or "/"
    cli:show(c:browse_shared_folder(sf, path, listing(cli)), { kind = "list", fields = file_fields }) end },
}

-- the commands of one admin resource
local function resource(name)
  local function list_fields()
    if name == "email_notifications" then return { "type" } end
    return { "id", "name" }
  end
  return { help = "Admin: " .. name:gsub("_", " "), commands = {
    list = { help = "List (--query: max and the API's filters)", run = function(cli)
      cli:show(client(cli):each_resource(name, listing(cli)), { kind = "list", fields = list_fields() }) end },
    show = { usage = "ID|%name:NAME", help = "Show one", run = function(cli)
      local c = client(cli)
      cli:show(c:resource(name, ident(cli, c, name, "id")), { kind = "object" }) end },
    create = { usage = "@json:{...}", help = "Create one", run = function(cli)
      cli:show(client(cli):create_resource(name, cli:next_arg("fields")), { kind = "object" }) end },
    modify = { usage = "ID|%name:NAME @json:{...}", help = "Change one", run = function(cli)
      local c = client(cli)
      local id = ident(cli, c, name, "id")
      cli:show(c:modify_resource(name, id, cli:next_arg("change")), { kind = "object" }) end },
    delete = { usage = "ID|%name:NAME", help = "Delete one", run = function(cli)
      local c = client(cli)
      c:delete_resource(name, ident(cli, c, name, "id"))
      cli:status("deleted") end },
  } }
end

local admin = {}
for _, name in ipairs({ "accounts", "workgroups", "shared_inboxes", "distribution_lists", "nodes", "metadata_profiles",
  "email_notifications", "webhooks" }) do
  admin[name] = resource(name)
end

-- postprocessing: each webhook event runs SCRIPT_FOLDER/<name>.lua with the event as argument
local function postprocessing(cli)
  local p = cli:next_arg("parameters (@json:{\"url\":...,\"script_folder\":...})", { optional = true }) or {}
  for k in pairs(p) do
    if k ~= "url" and k ~= "script_folder" and k ~= "timeout_seconds" then
      cli:fail("usage", "postprocessing: unknown parameter " .. k .. " (use url, script_folder, timeout_seconds)")
    end
  end
  local folder = p.script_folder or "."
  local listener = faspex5.postprocessing{ url = p.url, timeout = p.timeout_seconds, handler = function(event, name)
    if name == "" or name:find("..", 1, true) then error("no script for path /" .. name) end
    local file = folder .. "/" .. name:gsub("%.lua$", "") .. ".lua"
    local fn, err = loadfile(file)
    if not fn then error(err) end
    local result = fn(event)
    if type(result) ~= "table" then result = { result = result } end
    result.script = file
    return result
  end }
  print(listener:url())
  io.stdout:flush()
  listener:serve()
end

return {
  help = "IBM Aspera Faspex 5: packages, shared inboxes and folders, admin resources, public links",
  long = [[Authentication: --url=https://HOST/aspera/faspex and --auth=jwt (default: --client-id,
--username, --private-key=@file:KEY.pem), web (browser, --client-id, --redirect-uri), boot
(--password is an Authorization value copied from a browser), or a public link (--link=URL, or
a --url holding ?context=). `aslmcli faspex5 wizard URL --username=... --client-id=...` makes the
key and the preset.
Packages: --box=inbox|inbox_history|inbox_all (default)|inbox_all_history|outbox|outbox_history|
pending|pending_history|all|global, ALL (every package, admin), or a shared inbox's name
(--group-type=workgroups: a workgroup's); --shared-inbox=NAME and --workgroup=NAME name one.]],
  options = {
    { name = "url", help = "the application's URL (https://HOST/aspera/faspex)" },
    { name = "auth", type = "enum", values = { "jwt", "web", "boot", "link" }, help = "authentication (default jwt)" },
    { name = "username", help = "the user (jwt)" },
    { name = "password", secret = true, help = "boot: the Authorization value copied from a browser" },
    { name = "client_id", help = "the API client (jwt, web)" },
    { name = "client_secret", secret = true, help = "its secret (web)" },
    { name = "redirect_uri", help = "web: the client's redirect URI (default http://localhost:12345)" },
    { name = "private_key", secret = true, help = "jwt: the user's private key (@file:PATH)" },
    { name = "passphrase", secret = true, help = "of the private key" },
    { name = "link", secret = true, help = "a public link (?context=...: its passcode is a secret)" },
    { name = "scope", help = "OAuth scope" },
    { name = "box", help = "packages of: a mailbox, ALL, or a shared inbox's name" },
    { name = "shared_inbox", help = "packages of the shared inbox of this name" },
    { name = "workgroup", help = "packages of the workgroup of this name" },
    { name = "group_type", type = "enum", values = { "shared_inboxes", "workgroups" }, help = "what a --box name is (default shared_inboxes)" },
    { name = "query", type = "hash", help = "listing options: max, and the API's filters" },
    { name = "to_folder", help = "local folder of received packages" },
    { name = "once_only", type = "bool", default = false, help = "receive ALL: skip the packages received before (kept in HOME/persist_store)" },
    { name = "package_folder", type = "bool", default = false, help = "receive ALL: each package into TO_FOLDER/<id>" },
    { name = "concurrency", type = "int", help = "receive ALL: transfers at once (default 1)" },
    { name = "content_protection_password", secret = true, help = "password of protected packages (asked when needed)" },
    { name = "port", type = "int", help = "simulator: port (default: a free one)" },
    { name = "root", help = "simulator: folder of the packages' files" },
    { name = "key_file", help = "simulator: the users' private key (made when missing)" },
    { name = "key_path", help = "wizard: the private key file to make or reuse (default: faspex5_USER.pem beside the configuration file)" },
  },
  commands = {
    health = { help = "Health of the server (no credentials needed)", run = function(cli)
      cli:show(faspex5.health(cli:option("url", { mandatory = true })), { kind = "object" }) end },
    version = { help = "The API version", run = function(cli) cli:show(client(cli):version(), { kind = "object" }) end },
    bearer_token = { help = "Print the access token (a secret)", run = function(cli)
      cli:show(client(cli):bearer_token(), { kind = "value" }) end },
    user = { help = "The user", commands = {
      account = { help = "The user's account", run = function(cli) cli:show(client(cli):account(), { kind = "object" }) end },
      profile = { help = "The user's preferences", commands = {
        show = { help = "Show them", run = function(cli) cli:show(client(cli):profile(), { kind = "object" }) end },
        modify = { usage = "@json:{...}", help = "Change them", run = function(cli)
          client(cli):modify_profile(cli:next_arg("change"))
          cli:status("modified") end },
      } },
    } },
    packages = { help = "Packages", commands = packages },
    shared_folders = { help = "Shared folders", commands = shared_folders },
    admin = { help = "Admin resources (ascli's names)", commands = admin },
    postprocessing = { usage = "[@json:{\"url\":...,\"script_folder\":...,\"timeout_seconds\":...}]",
      help = "Listen to Faspex 5 webhooks; each event runs SCRIPT_FOLDER/<path below url>.lua with the event as argument",
      run = postprocessing },
    wizard = { usage = "URL [PRESET]", help = "Set up JWT: the private key (--key-path, made when missing), the preset (saved, the plugin's default), the steps left",
      run = function(cli)
        local url = cli:next_arg("url")
        local name = cli:next_arg("preset name", { optional = true })
        local w = require("aslmcli.faspex5_wizard").prepare(cli, url)
        name = name or w.preset_name
        config.update(name, w.preset)
        config.set_default("faspex5", name)
        config.save()
        print("preset " .. name .. " saved, the default of faspex5" .. (w.key_created and "; private key made" or ""))
        print("public key (paste it in the user's Account Settings):")
        print(w.public_key)
        for i, step in ipairs(w.steps) do print(i .. ". " .. step) end
      end },
    simulator = { help = "Run a Faspex 5 simulator until Ctrl-C (prints its URL first, then the credentials)",
      run = function(cli)
        local sim = faspex5.simulator{ port = cli:option("port"), root = cli:option("root"), key_file = cli:option("key_file") }
        local c, lines = sim:credentials(), {}
        for _, k in ipairs({ "client_id", "username", "private_key", "password" }) do lines[#lines + 1] = k .. ": " .. c[k] end
        lines[#lines + 1] = "public_link: " .. sim:link("shared_inbox", "Uploads")
        sim:serve(lines)
      end },
  },
}
