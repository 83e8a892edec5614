-- aslmcli.crud: the list/show/create/modify/delete commands of one kind of resource, over
-- the methods every product module names the same way (docs/lua-api.md): c:<plural>(opts),
-- c:each_<singular>(opts), c:<singular>(id, opts), c:create_<singular>(fields, opts),
-- c:modify_<singular>(id, fields, opts), c:delete_<singular>(id, opts). No protocol here:
-- only command words to method names.
local M = {}

-- --query: max (items) is ours, the rest goes to the API
local function list_opts(cli, scope)
  local q = cli:option("query") or {}
  local o = { max = q.max }
  q.max = nil
  o.query = next(q) and q or nil
  for k, v in pairs(scope or {}) do o[k] = v end
  return o
end

-- verbs returns the verbs of a resource as functions run(cli, scope): client(cli) gives the
-- client; o.fields the default fields of list; o.name what the id is called in messages;
-- o.verbs the verbs to make (default: all five); o.scope(cli), when set, the parents' options
-- of the methods (when run gets none); o.default(cli), when set, the id of show, modify and
-- delete when no argument is left (an option such as --organization).
function M.verbs(client, singular, plural, o)
  o = o or {}
  local name = o.name or (singular:gsub("_", " ") .. " id")
  local id_usage = o.default and "[ID]" or "ID"
  local function parents(cli, scope) return scope or (o.scope and o.scope(cli)) or nil end
  local function id(cli)
    if o.default and not cli:has_args() then
      local v = o.default(cli)
      if v ~= nil then return v end
    end
    return cli:next_arg(name)
  end
  local all = {
    list = { help = "List the " .. plural:gsub("_", " "), run = function(cli, scope)
      local c = client(cli)
      cli:show(c["each_" .. singular](c, list_opts(cli, parents(cli, scope))), { kind = "list", fields = o.fields })
    end },
    show = { help = "Show one", usage = id_usage, run = function(cli, scope)
      local c = client(cli)
      cli:show(c[singular](c, id(cli), parents(cli, scope)), { kind = "object" })
    end },
    create = { help = "Create one from its fields", usage = "@json:{...}", run = function(cli, scope)
      local c = client(cli)
      cli:show(c["create_" .. singular](c, cli:next_arg("fields"), parents(cli, scope)), { kind = "object" })
    end },
    modify = { help = "Change the fields of one", usage = "ID @json:{...}", run = function(cli, scope)
      local c = client(cli)
      local i = cli:next_arg(name)
      cli:show(c["modify_" .. singular](c, i, cli:next_arg("fields"), parents(cli, scope)), { kind = "object" })
    end },
    delete = { help = "Delete one", usage = id_usage, run = function(cli, scope)
      local c = client(cli)
      c["delete_" .. singular](c, id(cli), parents(cli, scope))
      cli:status("deleted")
    end },
  }
  local out = {}
  for _, verb in ipairs(o.verbs or { "list", "show", "create", "modify", "delete" }) do out[verb] = all[verb] end
  return out
end

-- commands returns the verbs as command declarations (no scope).
function M.commands(client, singular, plural, o)
  local out = {}
  for verb, v in pairs(M.verbs(client, singular, plural, o)) do
    out[verb] = { help = v.help, usage = v.usage, run = function(cli) v.run(cli) end }
  end
  return out
end

-- scoped returns one command "PARENT verb ...": the parent's id or name first (given to the
-- methods as opts[scope]), then the verb and its arguments.
function M.scoped(client, singular, plural, scope, o)
  local verbs = M.verbs(client, singular, plural, o)
  local names = {}
  for verb in pairs(verbs) do names[#names + 1] = verb end
  table.sort(names)
  return {
    help = "The " .. plural:gsub("_", " ") .. " of a " .. scope .. ": " .. table.concat(names, ", "),
    usage = scope:upper() .. " " .. table.concat(names, "|") .. " [ARG...]",
    run = function(cli)
      local parent = cli:next_arg(scope .. " id or name")
      local verb = cli:next_command(names)
      verbs[verb].run(cli, { [scope] = parent })
    end,
  }
end

return M
