-- shares: IBM Aspera Shares (built-in plugin). The protocol is in products/shares; this script
-- maps command words to the aspera.shares client (whose repository is an aspera.node client,
-- driven by the node plugin's own file commands) and shows the results.
local shares = require("aspera.shares")
local node_files = require("aslmcli.node_files")
local crud = require("aslmcli.crud")

local function client(cli)
  return shares.new{
    url = cli:option("url", { mandatory = true }),
    username = cli:option("username", { mandatory = true }),
    password = cli:option("password", { mandatory = true }),
  }
end

local function repository(cli) return client(cli):repository() end

-- the node's gen3 file commands that Shares' node API serves (no search, du or cat)
local files = node_files.bind(repository, { "info", "ping", "space", "browse", "mkdir", "mklink", "mkfile", "rename", "delete", "upload", "download" })
files.spec = node_files.spec(repository)
local repo = { help = "The files of the shares (Shares' node API): browse, upload, download, mkdir, rename, delete...", commands = files }

local user_fields = { "id", "username", "first_name", "last_name", "email", "directory_user.type" }
local permission_fields = { "id", "share_id", "user_id", "group_id", "browse_permission", "upload_permission", "download_permission", "delete_permission" }

-- transfer settings of a user or a group: NAME show|modify|delete
local function settings_of(kind)
  return {
    help = "Transfer settings of a " .. kind .. " (show, modify @json:{...}, delete: inherit again)",
    usage = kind:upper() .. " show|modify|delete [@json:{...}]",
    run = function(cli)
      local c = client(cli)
      local owner = { [kind] = cli:next_arg(kind .. " id or name") }
      local verb = cli:next_command({ "show", "modify", "delete" })
      if verb == "show" then cli:show(c:transfer_settings(owner), { kind = "object" })
      elseif verb == "modify" then cli:show(c:modify_transfer_settings(cli:next_arg("settings"), owner), { kind = "object" })
      else c:delete_transfer_settings(owner) cli:status("deleted") end
    end,
  }
end

-- users: the manual's verbs on every user (created and modified as local users), and ascli's
-- spellings all|local|ldap|saml
local user = crud.commands(client, "user", "users", { fields = user_fields, name = "user id or username" })
user.share_permissions = { usage = "USER", help = "List the share permissions of a user", run = function(cli)
  local c = client(cli)
  cli:show(c:user_share_permissions(cli:next_arg("user id or username")), { kind = "list", fields = permission_fields })
end }
user.transfer_settings = settings_of("user")
user.all = { help = "Every user (ascli's spelling: the same commands as user)", commands = {} }
for k, v in pairs(user) do if k ~= "all" and k ~= "create" and k ~= "modify" then user.all.commands[k] = v end end
user["local"] = { help = "Local users, by their local user id", commands = crud.commands(client, "local_user", "local_users",
  { fields = { "id", "user_id", "username", "email", "password_status" }, name = "local user id or username" }) }
user.ldap = { help = "Users of an LDAP directory", commands = {
  add = { usage = "NAME...", help = "Add users of the LDAP directory by name", run = function(cli)
    local c = client(cli)
    local added = {}
    for _, name in ipairs(require("aslmcli.args").paths(cli, "user name")) do added[#added + 1] = c:add_ldap_user(name) end
    cli:show(added, { kind = "list", fields = user_fields })
  end },
} }
user.saml = { help = "SAML users", commands = {
  import = { usage = "@json:{...}", help = "Import a SAML user: id, name_id, email, given_name, surname", run = function(cli)
    local c = client(cli)
    cli:show(c:import_saml_user(cli:next_arg("user fields")), { kind = "object" })
  end },
} }

local group = crud.commands(client, "group", "groups", { fields = { "id", "name", "description" }, name = "group id or name" })
group.transfer_settings = settings_of("group")
group.all = { help = "ascli's spelling: the same commands as group", commands = {} }
group["local"] = group.all
for k, v in pairs(group) do if k ~= "all" and k ~= "local" then group.all.commands[k] = v end end

local share = crud.commands(client, "share", "shares", { fields = { "id", "name", "node_id", "path", "description" }, name = "share id or name" })
share.user_permissions = crud.scoped(client, "user_permission", "user_permissions", "share", { fields = permission_fields, name = "permission id" })
share.group_permissions = crud.scoped(client, "group_permission", "group_permissions", "share", { fields = permission_fields, name = "permission id" })

local admin = {
  help = "Administration (an administrator's credentials): users, groups, shares and permissions, nodes, transfer settings",
  commands = {
    user = { help = "Users: list, show, delete every kind; create and modify local users", commands = user },
    group = { help = "Groups", commands = group },
    share = { help = "Shares and their user and group permissions", commands = share },
    node = { help = "Nodes (the transfer servers of the shares)", commands = crud.commands(client, "node", "nodes",
      { fields = { "id", "name", "host", "api_port", "api_username" }, name = "node id or name" }) },
    transfer_settings = { help = "Shares' transfer settings", commands = {
      show = { help = "Show them", run = function(cli) cli:show(client(cli):transfer_settings(), { kind = "object" }) end },
      modify = { usage = "@json:{...}", help = "Change them (\"\" inherits the defaults)", run = function(cli)
        local c = client(cli)
        cli:show(c:modify_transfer_settings(cli:next_arg("settings")), { kind = "object" })
      end },
    } },
  },
}

local commands = {
  repository = repo,
  files = repo,
  admin = admin,
  info = { help = "Information on Shares' node API", run = function(cli) cli:show(client(cli):info(), { kind = "object" }) end },
  health = { help = "Check the login page, the node API and the credentials", run = function(cli)
    require("aslmcli.args").show_health(cli, client(cli):health()) end },
  simulator = {
    help = "Run a Shares simulator until Ctrl-C (prints its URL first, then the credentials)",
    long = [[The simulator serves the administration API and the node API of Shares on 127.0.0.1 (--port);
the files of share NAME are in --root/NAME (default: a temporary folder). The administrator is
--username and --password (default shares_admin / shares_pass). It starts with no share: create
one with `shares admin share create @json:{"name":"NAME","node_id":1}`.]],
    run = function(cli)
      local sim = shares.simulator{ root = cli:option("root"), port = cli:option("port"),
        username = cli:option("username"), password = cli:option("password") }
      local c = sim:credentials()
      sim:serve{ "username: " .. c.username, "password: " .. c.password }
    end,
  },
}

return {
  help = "IBM Aspera Shares: the repository (node API), administration, health, and a local simulator",
  long = [[Authentication: --url (Shares' URL), --username and --password (Basic). The repository's
commands are the node plugin's (repository browse /, repository upload FILE --to-folder=/SHARE...).
Users, groups, shares and nodes are named by id or by name.]],
  options = {
    { name = "url", help = "URL of Shares (https://host)" },
    { name = "username", help = "Shares user" },
    { name = "password", secret = true, help = "its password" },
    { name = "query", type = "hash", help = "listing options: max, and the API's fields" },
    { name = "to_folder", help = "destination folder of an upload (a share's folder) or download (local)" },
    { name = "root", help = "simulator: folder of the shares' files" },
    { name = "port", type = "int", help = "simulator: port (default: a free one)" },
  },
  commands = commands,
}
