-- aoc_tour.lua: a walk through Aspera on Cloud with aspera.aoc, offline.
--
-- It starts an AoC simulator (its nodes on temporary folders, removed at the end), logs in
-- as its administrator with a JWT, lists the workspaces, browses the home (a shared folder of
-- another node followed), makes and finds files, reads the packages, and administers users.
-- Run it with:
--   aslmcli run scripts/examples/aoc_tour.lua
-- Against your organization, replace the simulator by aoc.from_preset("aoc_myorg") (written
-- by `aslmcli config wizard https://myorg.ibmaspera.com aoc --username=me@example.com`).
local aoc = require("aspera.aoc")
local out = require("out")

local sim = aoc.simulator{}            -- a free port on 127.0.0.1, temporary folders
local c = aoc.new(sim:options())       -- the administrator, JWT signed with the simulator's key
print("simulator: " .. sim:url())
print("user: " .. c:self().email)

print("\nworkspaces:")
out.show(c:workspaces(), { kind = "list", fields = { "id", "name" } })

c:mkdir("/reports")
c:mkdir("/reports/2026")
c:rename("/reports/2026", "this year")
print("\nthe home:")
for e in c:each_file("/") do print(string.format("  %-6s %s", e.type, e.name)) end

-- find walks the folders concurrently in Go; the predicate runs here
for e in c:each_found("/", { predicate = function(e) return e.type == "file" end }) do
  print("found file: " .. e.path)
end

local ok, err = pcall(c.browse, c, "/nowhere")
print("browse /nowhere: " .. err.kind .. " " .. tostring(err.status))

-- the home's node, for the gen4 API by file id (an aspera.node client with a bearer token)
local n, home = c:files()
for _, e in ipairs(n:files(home)) do print("gen4 entry " .. e.id .. ": " .. e.name) end

local admin = c:admin()                -- scope admin:all
admin:resource_create("user", { email = "tour@example.com", name = "Tour Guide" })
for u in admin:resource_list("user") do print("user " .. u.email) end
admin:resource_delete("user", "%name:Tour Guide")

local inbox = 0
for _ in c:packages{ box = "inbox" } do inbox = inbox + 1 end
print("packages in the inbox: " .. inbox)
c:delete("/reports")
print("done")
