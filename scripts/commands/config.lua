-- config: the configuration file, its presets, and extended values (built-in plugin).
-- The original tool's spellings are kept: `config id NAME set|delete|show|initialize|update`,
-- `config list`, `config overview`.
local config = require("aspera.config")
local fs = require("fs")

local function existing(cli, name)
  if not config.exists(name) then
    cli:fail("config", "no preset named " .. name, "aslmcli config preset list shows the presets")
  end
  return name
end

-- The preset verbs, each reading its own arguments after the preset name.
local verbs = {
  show = function(cli, name)
    cli:show(config.preset(existing(cli, name)), { kind = "object" })
  end,
  get = function(cli, name)
    local param = cli:next_arg("parameter")
    local value = config.get(existing(cli, name), param)
    if value == nil then cli:fail("config", "preset " .. name .. " has no parameter " .. param) end
    cli:show(value, { kind = "value", name = param }) -- named: a secret is hidden
  end,
  set = function(cli, name)
    local param = cli:next_arg("parameter")
    config.set(name, param, cli:next_arg("value"))
    cli:status("updated")
  end,
  unset = function(cli, name)
    cli:status(config.unset(existing(cli, name), cli:next_arg("parameter")) and "removed" or "not set")
  end,
  delete = function(cli, name)
    config.delete(existing(cli, name))
    cli:status("deleted")
  end,
  initialize = function(cli, name)
    local values = cli:next_arg("values")
    if type(values) ~= "table" then
      cli:fail("usage", "initialize needs a mapping of option names to values", [[e.g. @json:'{"url":"https://..."}']])
    end
    config.initialize(name, values)
    cli:status("initialized")
  end,
  update = function(cli, name)
    config.update(name, cli:command_line_options())
    cli:status("updated")
  end,
}

-- Declares `preset <verb>` with the preset name as first argument.
-- the ascp of the direct agent's options
local locate_ascp = require("aslmcli.args").locate_ascp

local function preset_verb(verb, usage, help, extra)
  local cmd = { usage = "NAME " .. usage, help = help, run = function(cli)
    verbs[verb](cli, cli:next_arg("preset name"))
  end }
  for k, v in pairs(extra or {}) do cmd[k] = v end
  return cmd
end

local function list(cli)
  cli:show(config.presets(), { kind = "values", name = "preset" })
end

local function overview(cli)
  cli:show(config.overview(), { kind = "list", fields = { "preset", "parameter", "value" } })
end

local plugin = {
  help = "Manage the configuration file, its presets, and extended values",
  long = [[
The configuration file (HOME/config.yaml) holds presets: named sets of option values.
"default" maps each plugin to its default preset ("config" to the global preset); the name
GLOBAL stands for the global preset. Values are stored as given, after decoding of extended
values: use @val: to store one undecoded (--password=@val:@env:MY_PASS).]],
  commands = {
    preset = {
      help = "List, show and change presets",
      commands = {
        list = { help = "List the preset names", run = list },
        overview = { help = "List every value of every preset (secrets hidden)", run = overview },
        show = preset_verb("show", "", "Show the values of a preset"),
        get = preset_verb("get", "PARAM", "Show one value of a preset"),
        set = preset_verb("set", "PARAM VALUE", "Set one value (set default PLUGIN PRESET picks a plugin's default)"),
        unset = preset_verb("unset", "PARAM", "Remove one value"),
        delete = preset_verb("delete", "", "Delete a preset"),
        initialize = preset_verb("initialize", "@json:{...}", "Replace a preset with a mapping of values"),
        update = preset_verb("update", "--OPTION=VALUE...", "Set the options given on the command line",
          { any_options = true }),
      },
    },
    id = {
      help = "The original spelling: id NAME set|get|unset|delete|show|initialize|update ...",
      usage = "NAME (set PARAM VALUE | get PARAM | unset PARAM | delete | show | initialize @json:{...} | update [--OPTION=VALUE...])",
      any_options = true,
      run = function(cli)
        local name = cli:next_arg("preset name")
        local verb = cli:next_command({ "set", "get", "unset", "delete", "show", "initialize", "update" })
        verbs[verb](cli, name)
      end,
    },
    list = { help = "List the preset names (= preset list)", run = list },
    overview = { help = "List every value of every preset (= preset overview)", run = overview },
    show = {
      help = "Show the whole configuration file (secrets hidden; --raw: the file as it is)",
      options = { { name = "raw", type = "bool", help = "print the file as it is on disk, even when it does not parse" } },
      run = function(cli)
        if not cli:option("raw") then return cli:show(config.data(), { kind = "object" }) end
        if fs.exists(config.file()) then io.write(fs.read(config.file())) end
      end,
    },
    open = {
      help = "Open the configuration file: --ui=graphical in the desktop's editor, else $EDITOR or print its path",
      run = function(cli)
        local path, opened = config.open()
        if not opened then cli:show(path, { kind = "value" }) end
      end,
    },
    lua_defs = {
      help = "Write the LuaLS definition files of every module (for editors: completion, types, docs)",
      usage = "[FOLDER]",
      long = [[Writes FOLDER/<module>.d.lua (default: HOME/lua_defs) for each module, the same
documentation as the REPL's help(x). Point the Lua language server at it:
"workspace.library": ["<FOLDER>"] in .luarc.json.]],
      run = function(cli)
        local folder = cli:next_arg("folder", { optional = true }) or (config.option("home") .. "/lua_defs")
        fs.mkdir(folder, { parents = true })
        local names = {}
        for name, text in pairs(config.definitions()) do
          fs.write(folder .. "/" .. name .. ".d.lua", text, { atomic = true })
          names[#names + 1] = folder .. "/" .. name .. ".d.lua"
        end
        table.sort(names)
        cli:show(names, { kind = "values", name = "file" })
      end,
    },
    genkey = {
      help = "Write a new RSA private key (PEM, mode 0600) and print its public key to register in the product",
      usage = "PATH [BITS]",
      run = function(cli)
        local path = cli:next_arg("path of the private key")
        local bits = cli:next_arg("bits", { optional = true })
        local n = tonumber(bits)
        if bits ~= nil and (not n or n <= 0 or n ~= math.floor(n)) then
          cli:fail("usage", "BITS must be a number of bits, not " .. tostring(bits), "e.g. aslmcli config genkey " .. path .. " 4096")
        end
        if fs.exists(path) then
          cli:fail("usage", path .. " exists: refusing to replace a private key", "remove it first, or choose another path")
        end
        local private, public = config.genkey(n)
        fs.write(path, private, { mode = "0600", atomic = true })
        cli:show(public, { kind = "value" })
      end,
    },
    pubkey = {
      help = "Print the public key of a private key (PEM text, e.g. @file:~/.aspera/key.pem)",
      usage = "PEM [PASSPHRASE]",
      run = function(cli)
        local pem = cli:next_arg("private key (PEM)")
        if not pem:find("PRIVATE KEY", 1, true) and fs.exists(pem) then pem = fs.read(pem) end
        cli:show(config.pubkey(pem, cli:next_arg("passphrase", { optional = true })), { kind = "value" })
      end,
    },
    ascp = {
      help = "The ascp the direct agent uses (--ascp-path, --fasp-folder, --use-product, --sdk-folder)",
      commands = {
        show = { help = "Print the path of ascp", run = function(cli)
          cli:show(locate_ascp(cli).path, { kind = "value" })
        end },
        info = { help = "Where ascp was found, and its version (ascp -A)", run = function(cli)
          cli:show(locate_ascp(cli), { kind = "object" })
        end },
      },
    },
    tokens = {
      help = "The OAuth tokens cached in HOME/persist_store",
      commands = {
        list = {
          help = "List the cached tokens (no token values)",
          run = function(cli)
            cli:show(config.tokens(), { kind = "list",
              fields = { "id", "grant", "url", "client_id", "user", "scope", "expiry", "expired" } })
          end,
        },
        show = {
          help = "Show one cached token (values hidden unless --show-secrets=yes)",
          usage = "ID",
          run = function(cli) cli:show(config.token(cli:next_arg("token id")), { kind = "object" }) end,
        },
        flush = {
          help = "Delete every cached token",
          run = function(cli) cli:status(config.flush_tokens() .. " token(s) deleted") end,
        },
      },
    },
    detect = require("aslmcli.config_detect"),
    wizard = require("aslmcli.config_wizard"),
    echo = {
      help = "Print the decoded value of an extended value (@json:, @file:, @env:, ...)",
      usage = "VALUE",
      run = function(cli) cli:show(cli:next_arg("value")) end,
    },
  },
}

-- client software: config ascp products|use|spec, config doc (issue 17)
require("aslmcli.config_client").extend(plugin.commands)
-- shell completion: config completion bash|zsh|fish (issue 17)
require("aslmcli.config_completion").extend(plugin.commands)
-- the encrypted vault: config vault list|show|create|delete (issue 17)
require("aslmcli.config_vault").extend(plugin.commands)
return plugin
