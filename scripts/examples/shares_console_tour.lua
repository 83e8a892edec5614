-- shares_console_tour.lua: aspera.shares, aspera.shares2 and aspera.console, offline.
--
-- It starts the three simulators (temporary folders, free ports, all stopped at the end),
-- then: creates a share and a user on Shares, grants the user a permission and uses the
-- repository (an aspera.node client) as that user; lists the organizations of Shares 2; lists
-- Console's transfers of the last hours and pauses one. Run it with:
--   aslmcli run scripts/examples/shares_console_tour.lua
-- Against real servers, replace the simulators by shares.new{url=..., username=...,
-- password=...} or shares.from_preset("my_shares") (and the same for the others).
local shares = require("aspera.shares")
local shares2 = require("aspera.shares2")
local console = require("aspera.console")
local out = require("out")

-- Shares: administration, then the files as a user
local sim = shares.simulator()
print("shares: " .. sim:url())
local s = sim:credentials()                  -- {username=, password=} of the administrator
s.url = sim:url()
local admin = shares.new(s)
admin:create_share{ name = "projects", node_id = 1, description = "the team's share" }
admin:create_user{ username = "ann", email = "ann@example.com", password = "ann_password" }
admin:create_user_permission({ user = "ann", upload_permission = true, mkdir_permission = true }, { share = "projects" })
for u in admin:each_user() do print(string.format("  user %-14s %s", u.username, u.directory_user.type)) end

local ann = shares.new{ url = sim:url(), username = "ann", password = "ann_password" }
local files = ann:repository()                -- an aspera.node client of Shares' node API
files:mkdir("/projects/2024")
files:mkfile("/projects/2024/plan.txt", "the plan\n")
print("ann sees:")
out.show(files:browse("/"), { kind = "list", fields = { "basename", "type" } })
local ok, err = pcall(files.delete, files, { "/projects/2024/plan.txt" })
print("ann deletes a file: " .. (ok and "done" or (err.kind .. " " .. err.status)))
for _, line in ipairs(admin:health()) do print("  health " .. line.component .. ": " .. line.status) end

-- Shares 2 (end-of-life; its simulator holds sample organizations)
local sim2 = shares2.simulator()
local c2 = sim2:credentials()
c2.url = sim2:url()
local s2 = shares2.new(c2)
for _, p in ipairs(s2:projects{ organization = "Sport" }) do print("shares2 project of Sport: " .. p.name) end

-- Console: the transfers of the last 6 hours, with the manual's date forms
local sim3 = console.simulator()
local c3 = sim3:credentials()
c3.url = sim3:url()
local con = console.new(c3)
print("console window from " .. console.parse_date("-6h") .. " UTC")
out.show(con:transfers{ from = "-6h", to = "now" }, { kind = "list", fields = { "id", "name", "status" } })
print("pause 102: " .. con:pause_transfer(102).status)

sim:stop()
sim2:stop()
sim3:stop()
print("done")
