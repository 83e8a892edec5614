-- node_tour.lua: a walk through the Node API with aspera.node, offline.
--
-- It starts a Node API simulator on a temporary folder (removed at the end), then browses,
-- creates, renames and deletes files, makes an access key and lists its folder by id (the
-- "gen4" API that AoC and Shares use). Run it with:
--   aslmcli run scripts/examples/node_tour.lua
-- Against a real node, replace the simulator by node.new{url=..., username=..., password=...}
-- or node.from_preset("my_node").
local node = require("aspera.node")
local out = require("out")

local sim = node.simulator()          -- a free port on 127.0.0.1, a temporary folder
local n = sim:node()                  -- a client logged in as the node user
print("simulator: " .. sim:url())
print("node version: " .. n:info().version)

-- gen3: files by path
n:mkdir({ "/projects/alpha", "/projects/beta" })
n:mkfile("/projects/alpha/readme.txt", "Hello from the tour\n")
n:mklink("/projects/alpha/readme.txt", "/projects/latest")
print("\n/projects:")
out.show(n:browse("/projects"), { kind = "list", fields = { "basename", "type", "size" } })
print("\nreadme: " .. n:cat("/projects/alpha/readme.txt"))

n:rename("/projects", "beta", "gamma")
for entry in n:each_file("/projects") do   -- an iterator: pages are fetched as the loop goes
  print(string.format("  %-8s %s", entry.type, entry.path))
end
local results = n:delete({ "/projects/gamma", "/projects/missing" })
for _, r in ipairs(results) do print("delete " .. r.path .. ": " .. (r.error or "ok")) end

-- access keys, and the files-by-id API under one
local key = n:create_access_key{ id = "tour_key", secret = "tour_secret", storage = { type = "local", path = "/projects" } }
print("\naccess key " .. key.id .. ", root file id " .. key.root_file_id)
local k = n:with_access_key("tour_key", "tour_secret")
local root = k:access_key("self").root_file_id
local folder = k:create_in(root, "delta", "folder")
k:create_in(folder.id, "notes.txt", "file", { contents = "bm90ZXM=" })  -- base64 of "notes"
print("files of the key's root, by id:")
out.show(k:files(root), { kind = "list", fields = { "id", "name", "type", "size" } })
print("resolved delta/notes.txt: id " .. k:resolve(root, "delta/notes.txt").id)

-- errors are structured values
local ok, err = pcall(n.browse, n, "/nowhere")
print("\nbrowse /nowhere: " .. err.kind .. " " .. err.status .. ": " .. err.message)

n:delete_access_key("tour_key")
sim:stop()
print("done")
