-- aslmcli.node_files: the gen3 file commands of a Node API (browse, mkdir, upload...), one
-- table shared by the plugins whose files are a node: `node` itself, and the repository of
-- `shares` and `shares2` (their node API at <url>/node_api). Each command's run is
-- run(cli, n), n an aspera.node client; bind() gives them the client of the plugin.
local args = require("aslmcli.args")
local paths = args.paths

local M = {}

-- listing options from --query: max (items), and the API's own fields
function M.query(cli)
  local q = cli:option("query") or {}
  local max = q.max
  q.max = nil
  return { max = max, query = next(q) and q or nil }
end

local result_fields = { "path", "error" }
local browse_fields = { "basename", "type", "size", "mtime", "path" }
M.browse_fields = browse_fields

local files = {
  info = { help = "Information on the node (GET /info)", run = function(cli, n) cli:show(n:info(), { kind = "object" }) end },
  ping = { help = "Check that the node answers", run = function(cli, n) n:ping() cli:status("ok") end },
  space = { usage = "PATH...", help = "Free space of folders",
    run = function(cli, n) cli:show(n:space(paths(cli, "path")), { kind = "list" }) end },
  browse = { usage = "PATH", help = "List a folder (--query=@json:{\"max\":10} stops early)",
    run = function(cli, n)
      local q = M.query(cli)
      cli:show(n:each_file(cli:next_arg("path"), q), { kind = "list", fields = browse_fields })
    end },
  search = { usage = "PATH", help = "Search below a folder (--query: filters, count, skip...)",
    run = function(cli, n)
      local r = n:search(cli:next_arg("path"), cli:option("query"))
      cli:show(r.items, { kind = "list", fields = browse_fields })
    end },
  mkdir = { usage = "PATH...", help = "Create folders",
    run = function(cli, n) cli:show(n:mkdir(paths(cli, "path")), { kind = "list", fields = result_fields }) end },
  mklink = { usage = "TARGET LINK", help = "Create a symbolic link",
    run = function(cli, n)
      cli:show(n:mklink(cli:next_arg("target"), cli:next_arg("link")), { kind = "list", fields = result_fields })
    end },
  mkfile = { usage = "PATH CONTENTS", help = "Create a file with contents",
    run = function(cli, n)
      cli:show(n:mkfile(cli:next_arg("path"), cli:next_arg("contents")), { kind = "list", fields = result_fields })
    end },
  rename = { usage = "FOLDER SOURCE DESTINATION", help = "Rename an entry of a folder",
    run = function(cli, n)
      local r = n:rename(cli:next_arg("folder"), cli:next_arg("source"), cli:next_arg("destination"))
      cli:show(r, { kind = "list", fields = { "path", "source", "destination", "error" } })
    end },
  delete = { usage = "PATH...", help = "Delete files and folders",
    run = function(cli, n) cli:show(n:delete(paths(cli, "path")), { kind = "list", fields = result_fields }) end },
  du = { usage = "PATH", help = "Recursive size and counts", run = function(cli, n) cli:show(n:du(cli:next_arg("path")), { kind = "object" }) end },
  cat = { usage = "PATH", help = "Print a (small) file",
    run = function(cli, n) io.write(n:cat(cli:next_arg("path"))) end },
}

local show_job, sources, upload_sources, transfer_opts = args.show_job, args.sources, args.upload_sources, args.transfer_opts
files.upload = { usage = "(FILE... | --sources=...) [--to-folder=REMOTE]", help = "Upload files (upload_setup, then the transfer agent)",
  run = function(cli, n) show_job(cli, n:upload(upload_sources(cli), transfer_opts(cli))) end }
files.download = { usage = "(FILE... | --sources=...) [--to-folder=LOCAL]", help = "Download files (download_setup, then the transfer agent)",
  run = function(cli, n) show_job(cli, n:download(sources(cli, "remote file"), transfer_opts(cli))) end }

-- the commands, each run(cli, n)
M.commands = files

-- bind returns the commands named in names (nil: all) as command declarations whose run gets
-- its node client from client(cli)
function M.bind(client, names)
  local out = {}
  local function add(name)
    local c = files[name]
    if not c then error("aslmcli.node_files: no command " .. name) end
    out[name] = { usage = c.usage, help = c.help, run = function(cli) c.run(cli, client(cli)) end }
  end
  if names then
    for _, name in ipairs(names) do add(name) end
  else
    for name in pairs(files) do add(name) end
  end
  return out
end

-- spec returns the `spec upload|download` command: the transfer spec that would start
function M.spec(client)
  return {
    help = "Print the transfer spec an upload or download would start, without starting it",
    commands = {
      upload = { usage = "(FILE... | --sources=...) [--to-folder=REMOTE]", help = "The spec of an upload",
        run = function(cli) cli:show(client(cli):upload_spec(upload_sources(cli), transfer_opts(cli)), { kind = "object" }) end },
      download = { usage = "(FILE... | --sources=...) [--to-folder=LOCAL]", help = "The spec of a download",
        run = function(cli) cli:show(client(cli):download_spec(sources(cli, "remote file"), transfer_opts(cli)), { kind = "object" }) end },
    },
  }
end

return M
