-- shares2: IBM Aspera Shares 2 (built-in plugin; the product is end-of-life, the module and
-- its simulator are built from the facts of the original plugin). The protocol is in
-- products/shares2; this script maps command words to the aspera.shares2 client.
local shares2 = require("aspera.shares2")
local node_files = require("aslmcli.node_files")
local crud = require("aslmcli.crud")

local function client(cli)
  return shares2.new{
    url = cli:option("url", { mandatory = true }),
    username = cli:option("username", { mandatory = true }),
    password = cli:option("password", { mandatory = true }),
  }
end

local function repository(cli) return client(cli):repository() end

local files = node_files.bind(repository, { "info", "ping", "space", "browse", "mkdir", "mklink", "mkfile", "rename", "delete", "upload", "download" })
files.spec = node_files.spec(repository)

-- the parents of projects, teams and shares come from --organization and --project (name or id)
local function parents(...)
  local names = { ... }
  if #names == 0 then return nil end
  return function(cli)
    local t = {}
    for _, n in ipairs(names) do t[n] = cli:option(n) end
    return t
  end
end

local fields = { "id", "name" }
local verbs = { "list", "show", "create", "delete" }

-- a resource of the organizations tree; show and delete take its id or name, or its option
local function resource(kind, plural, option, help, ...)
  local cmds = crud.commands(client, kind, plural, { fields = fields, verbs = verbs, name = kind .. " id or name",
    scope = parents(...), default = option and function(cli) return cli:option(option) end })
  cmds.info = cmds.show -- the original plugin's word
  return { help = help, commands = cmds }
end

local admin = { help = "System users, groups and nodes (an administrator's credentials)", commands = {} }
for _, kind in ipairs({ "users", "groups", "nodes" }) do
  admin.commands[kind] = { help = "System " .. kind .. " (listed by pages)",
    commands = crud.commands(client, "system_" .. kind:sub(1, -2), "system_" .. kind, { fields = { "id", "name" } }) }
end

local commands = {
  repository = { help = "The files of the node API: browse, upload, download, mkdir, rename, delete...", commands = files },
  organization = resource("organization", "organizations", "organization", "Organizations"),
  project = resource("project", "projects", "project", "Projects of an organization (--organization)", "organization"),
  team = resource("team", "teams", nil, "Teams of an organization (--organization)", "organization"),
  share = resource("share", "shares", "share", "Shares of a project (--organization, --project)", "organization", "project"),
  appinfo = { help = "The node API's application", run = function(cli) cli:show(client(cli):app_info(), { kind = "object" }) end },
  userinfo = { help = "The user of the credentials", run = function(cli) cli:show(client(cli):user_info(), { kind = "object" }) end },
  admin = admin,
  simulator = {
    help = "Run a Shares 2 simulator until Ctrl-C (prints its URL first, then the credentials)",
    long = [[Shares 2 is end-of-life: the simulator is built from the facts of the original shares2 plugin.
It starts with sample organizations (Sport, with projects Football and Tennis, and Music); a
share is the node folder /ORGANIZATION/PROJECT/SHARE of --root (default: a temporary folder).
The user is --username and --password (default shares2_admin / shares2_pass).]],
    run = function(cli)
      local sim = shares2.simulator{ root = cli:option("root"), port = cli:option("port"),
        username = cli:option("username"), password = cli:option("password") }
      local c = sim:credentials()
      sim:serve{ "username: " .. c.username, "password: " .. c.password }
    end,
  },
}

return {
  help = "IBM Aspera Shares 2 (end-of-life): organizations, projects, teams, shares, the repository",
  long = [[Authentication: --url, --username and --password (an OAuth token from <url>/oauth2/token for
the API, Basic for the node API). --organization, --project and --share name the parents (and
the target of show and delete) by name or id.]],
  options = {
    { name = "url", help = "URL of Shares 2" },
    { name = "username", help = "Shares 2 user" },
    { name = "password", secret = true, help = "its password" },
    { name = "organization", help = "organization, by name or id" },
    { name = "project", help = "project, by name or id" },
    { name = "share", help = "share, by name or id" },
    { name = "query", type = "hash", help = "listing options: max, and the fields to match (json_query)" },
    { name = "to_folder", help = "destination folder of an upload (remote) or download (local)" },
    { name = "root", help = "simulator: folder of the files" },
    { name = "port", type = "int", help = "simulator: port (default: a free one)" },
  },
  commands = commands,
}
