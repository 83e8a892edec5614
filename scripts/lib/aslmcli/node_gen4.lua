-- aslmcli.node_gen4: the gen4 file commands of a Node API under an access key (browse, show,
-- mkdir, rename, delete, upload, download by path below the key's root folder), one table
-- shared by the plugins that reach a node with an access key: `node access_key do` and
-- `ats access_key node`. Each command's run is run(cli, n, root_id), n an aspera.node client
-- logged in with the key.
local args = require("aslmcli.args")
local show_job, sources, upload_sources, transfer_opts = args.show_job, args.sources, args.upload_sources, args.transfer_opts

local query = require("aslmcli.node_files").query

local M = {}

local fields = { "id", "name", "type", "size", "modified_time" }

M.commands = {
  browse = { usage = "PATH", help = "List a folder by path below the key's root",
    run = function(cli, n, root)
      local e = n:resolve(root, cli:next_arg("path"))
      if e.type ~= "folder" then return cli:show(e, { kind = "object" }) end
      cli:show(n:each_child(e.id, query(cli)), { kind = "list", fields = fields })
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

-- transfers: the spec of a folder by id (folder_id), the files relative to it
local function opts(cli, folder_id)
  local o = transfer_opts(cli)
  o.folder_id = folder_id
  return o
end
M.commands.upload = { usage = "FILE... --to-folder=PATH", help = "Upload files into a folder of the key",
  run = function(cli, n, root)
    local folder = n:resolve(root, cli:option("to_folder") or "/")
    show_job(cli, n:upload(upload_sources(cli), opts(cli, folder.id)))
  end }
M.commands.download = { usage = "PATH... [--to-folder=LOCAL]", help = "Download files of the key",
  run = function(cli, n, root)
    show_job(cli, n:download(sources(cli, "remote file"), opts(cli, root)))
  end }

M.verbs = { "browse", "show", "mkdir", "rename", "delete", "upload", "download" }
-- the usage of the arguments that follow the access key
M.usage = table.concat(M.verbs, "|") .. " ARGS..."

-- verb reads the command word; callers read it before any request, so that a wrong word
-- is refused before anything is sent
function M.verb(cli) return cli:next_command(M.verbs) end

-- run runs the command verb on the key's client n and root folder id
function M.run(cli, verb, n, root)
  M.commands[verb].run(cli, n, root)
end

return M
