-- hello_plugin.lua: an example user plugin for aslmcli.
--
-- Copy it into your plugins folder, named after the command it adds:
--   mkdir -p ~/.aspera/aslmcli/plugins
--   cp hello_plugin.lua ~/.aspera/aslmcli/plugins/hello.lua
-- Then:
--   aslmcli hello world                      -> Hello, world!
--   aslmcli hello world Ada --greeting=Hi    -> Hi, Ada!
--   aslmcli hello world --loud=yes           -> HELLO, WORLD!
--   aslmcli hello count 3 --format=json      -> [{"n":1,"square":1},...]
--   aslmcli hello -h                         -> help from the declarations below
--
-- A plugin is a Lua (5.1) script that returns its declaration table: a help line, options,
-- and commands (each with a help line, a usage synopsis and a run function, or sub-commands).
-- The usage is checked before run is called: `aslmcli hello world Ada Bob` is a usage error
-- (exit 2) and run never starts; the README's "Plugins" section gives the usage grammar.
-- run receives the `cli` object: cli:next_arg() reads arguments (extended values such as
-- @json: or @env: are decoded), cli:option() reads options (from the command line, the
-- environment ASLMCLI_<NAME>, presets, or the default declared here), cli:show() prints a
-- result with the user's --format, --fields and --select.
-- Option values may come from a preset too: aslmcli config preset set GLOBAL greeting Salut

return {
  help = "Say hello (an example plugin)",
  options = {
    { name = "greeting", type = "string", default = "Hello", help = "word to greet with" },
    { name = "loud", type = "bool", default = false, help = "shout" },
  },
  commands = {
    world = {
      help = "Greet someone",
      usage = "[NAME]",
      run = function(cli)
        local name = cli:next_arg("name", { optional = true }) or "world"
        local text = cli:option("greeting") .. ", " .. name .. "!"
        if cli:option("loud") then text = text:upper() end
        cli:show(text, { kind = "value" })
      end,
    },
    count = {
      help = "List the first N squares (a list of records, shown with --format/--fields)",
      usage = "N",
      run = function(cli)
        local n = tonumber(cli:next_arg("N"))
        if not n or n < 0 then cli:fail("usage", "N must be a non-negative number") end
        local rows = {}
        for i = 1, n do rows[#rows + 1] = { n = i, square = i * i } end
        cli:show(rows, { kind = "list", fields = { "n", "square" } })
      end,
    },
  },
}
