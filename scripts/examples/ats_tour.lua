-- ats_tour.lua: IBM Aspera Transfer Service with aspera.ats, offline.
--
-- It starts an ATS simulator (clusters of every cloud, one embedded node as their Node API),
-- picks the cluster of a cloud region, gives it an S3 bucket with an access key, and works in
-- the bucket through the cluster's Node API with the key: the way to scale transfers beyond
-- one machine. Run it with:
--   aslmcli run scripts/examples/ats_tour.lua
-- Against the real service, replace the simulator by ats.new{ats_key=..., ats_secret=...} or
-- ats.from_preset("my_ats") (see `aslmcli ats api_key create`).
local ats = require("aspera.ats")
local out = require("out")

local sim = ats.simulator()
local a = sim:client()
print("simulator: " .. sim:url())

-- the clusters are public
local cluster = a:cluster("aws", "eu-west-1")
print("cluster of aws eu-west-1: " .. cluster.id .. " at " .. cluster.transfer_setup_url)

-- a bucket becomes a node's storage
local key = a:create_access_key({ id = "tour_bucket", name = "tour", storage = { type = "aws_s3", bucket = "my-bucket",
  credentials = { access_key_id = "AKIA_EXAMPLE", secret_access_key = "example" }, path = "/" } },
  { cloud = "aws", region = "eu-west-1" })
print("access key " .. key.id .. " on cluster " .. key.transfer_server_id)

-- the key's node: gen4 API by file id below the key's root
local n, root = a:node("tour_bucket")
local folder = n:create_in(root, "incoming", "folder")
print("made folder " .. folder.name .. " (id " .. folder.id .. ")")
for entry in n:each_child(root) do print(string.format("  %-8s %s", entry.type, entry.name)) end

print("\naccess keys:")
out.show(a:access_keys(), { kind = "list", fields = { "id", "name", "storage.type" } })

local ok, err = pcall(a.access_key, a, "no_such_key")
print("show no_such_key: " .. (ok and "found?" or (err.kind .. " " .. err.status)))

a:delete_access_key("tour_bucket")
print("done")
