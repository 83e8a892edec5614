-- aslmcli.args: command-line helpers shared by the built-in plugins (no protocol logic).
local M = {}

-- the remaining arguments, lists flattened; at least one, else a usage error naming them
function M.paths(cli, name)
  local list = {}
  for _, p in ipairs(cli:remaining_args(name)) do
    if type(p) == "table" then
      for _, x in ipairs(p) do list[#list + 1] = x end
    else
      list[#list + 1] = p
    end
  end
  if #list == 0 then cli:fail("usage", "missing " .. name) end
  return list
end

-- the files of a transfer: the arguments (--sources=@args, default), a list, or none (@ts:
-- the paths of --ts)
function M.sources(cli, name)
  local s = cli:option("sources")
  if (s == "@ts" or type(s) == "table") and cli:has_args() then
    cli:fail("usage", "unexpected argument " .. cli:peek_arg() .. ": --sources gives the files", "give the files as arguments or with --sources, not both")
  end
  if s == "@ts" then return nil end
  if type(s) == "table" then return s end
  return M.paths(cli, name)
end

-- the local files of an upload (M.sources), or none when the agent lets the user choose them
-- (Connect's file dialog, not under --ui=text)
function M.upload_sources(cli)
  if not cli:has_args() and cli:option("sources") == nil and require("aspera.transfer").chooses_files() then
    if cli:option("ui") ~= "text" then return {} end
    cli:fail("usage", "missing local file", "give the files, or --ui=graphical for Connect's file dialog")
  end
  return M.sources(cli, "local file")
end

-- the ascp the direct agent uses, from the run's options (--ascp-path, --fasp-folder,
-- --use-product, --sdk-folder): {path, product, version...}
function M.locate_ascp(cli)
  return require("aspera.transfer").ascp{ ascp_path = cli:option("ascp_path"), fasp_folder = cli:option("fasp_folder"),
    use_product = cli:option("use_product"), sdk_folder = cli:option("sdk_folder") }
end

-- the options of a product module's upload/download from the command line
function M.transfer_opts(cli)
  return { to_folder = cli:option("to_folder"), agent = cli:option("transfer"), src_type = cli:option("src_type") }
end

-- waits for a transfer job and shows its one status line
function M.show_job(cli, job)
  cli:show({ job:wait() }, { kind = "list", fields = { "status", "agent", "sessions", "bytes", "files", "elapsed" } })
end

-- M.with_id(group, what, verbs) adds to the command table group, for each verb of verbs
-- ({name = {help =, usage =, run = function(cli, id) end}}), both spellings of a command on
-- one resource: `GROUP VERB ID ARGS...` and the original tool's `GROUP id ID VERB ARGS...`.
-- usage describes the arguments after the id. Returns group.
function M.with_id(group, what, verbs)
  local names = {}
  for name in pairs(verbs) do names[#names + 1] = name end
  table.sort(names)
  for _, name in ipairs(names) do
    local v = verbs[name]
    group[name] = { help = v.help, usage = "ID" .. (v.usage and (" " .. v.usage) or ""),
      run = function(cli) v.run(cli, cli:next_arg(what)) end }
  end
  group.id = { help = "The original spelling: id ID " .. table.concat(names, "|") .. " ...",
    usage = "ID " .. table.concat(names, "|") .. " ...",
    run = function(cli)
      local id = cli:next_arg(what)
      verbs[cli:next_command(names)].run(cli, id)
    end }
  return group
end

-- the options of a receive_all (receive ALL|INIT of a product): init when id is INIT
function M.receive_all_opts(cli, id, t)
  t = t or {}
  t.to_folder, t.agent, t.once_only = cli:option("to_folder"), cli:option("transfer"), cli:option("once_only")
  t.init, t.package_folder, t.concurrency = id == "INIT", cli:option("package_folder"), cli:option("concurrency")
  return t
end

-- shows the results of a receive_all: a status line for INIT or when nothing was new, else
-- one row per package, and fails when a package failed
function M.show_receive_all(cli, id, results)
  if id == "INIT" then return cli:status("marked " .. #results .. " package(s) as received") end
  if #results == 0 then return cli:status("no new package") end
  cli:show(results, { kind = "list", fields = { "id", "status", "files", "bytes", "error" } })
  local failed = 0
  for _, r in ipairs(results) do if r.status ~= "success" then failed = failed + 1 end end
  if failed > 0 then cli:fail("transfer", failed .. " of " .. #results .. " package(s) failed") end
end

-- shows the lines of a health check ({status, component, message}), then fails (exit 1)
-- when one is not "ok", so that cron and CI see it
function M.show_health(cli, lines)
  cli:show(lines, { kind = "list", fields = { "status", "component", "message" } })
  for _, l in ipairs(lines) do
    if l.status ~= "ok" then cli:fail("error", "health: " .. l.component .. " is " .. l.status .. ": " .. tostring(l.message)) end
  end
end

return M
