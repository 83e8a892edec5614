-- ats: IBM Aspera Transfer Service (built-in plugin). The API is in products/ats; this script
-- maps command words (ascli's, and the original manual's as aliases) to the aspera.ats client.
local ats = require("aspera.ats")
local args = require("aslmcli.args")
local gen4 = require("aslmcli.node_gen4")
local query = require("aslmcli.node_files").query

local function client(cli)
  return ats.new{
    url = cli:option("url"), ats_key = cli:option("ats_key"), ats_secret = cli:option("ats_secret"),
    ats_id = cli:option("ats_id"), ibm_api_key = cli:option("ibm_api_key"), iam_url = cli:option("iam_url"),
    instance = cli:option("instance"), redirect_uri = cli:option("redirect_uri"),
  }
end

local cluster_fields = { "id", "cloud", "region" }
local key_fields = { "name", "id", "created.at", "modified.at" }
local repo_fields = { "ats_id", "ats_secret", "ats_description", "subscription_name", "organization_name" }

local function show(cli, v, kind, fields) cli:show(v, { kind = kind, fields = fields }) end
local function run(kind, fn, fields) return function(cli) show(cli, fn(cli, client(cli)), kind, fields) end end
local function values(name, method) return function(cli) local c = client(cli); cli:show(c[method](c), { kind = "values", name = name }) end end

-- the clusters: by id, else by --cloud and --region
local function cluster_show(cli, c, id)
  if id then return c:cluster_by_id(id) end
  return c:cluster(cli:option("cloud", { mandatory = true }), cli:option("region", { mandatory = true }))
end

local cluster = { help = "Transfer clusters of the clouds (public)", commands = {
  clouds = { help = "The clouds ATS serves", run = function(cli) show(cli, ats.clouds(), "list", { "id", "name" }) end },
  list = { help = "The clusters of every cloud", run = run("list", function(_, c) return c:clusters() end, cluster_fields) },
  show = { usage = "[ID]", help = "A cluster, by id or by --cloud and --region",
    run = function(cli) local id = cli:next_arg("cluster id", { optional = true }); show(cli, cluster_show(cli, client(cli), id), "object") end },
} }

-- the original manual's `server list clouds|instance|provisioned` and `server id ID`
local server = { help = "The original spelling of cluster: list clouds|instance|provisioned, id ID", commands = {
  list = { help = "clouds, the cluster of --cloud and --region (instance), or the subscription's (provisioned)", commands = {
    clouds = cluster.commands.clouds,
    instance = { help = "The cluster of --cloud and --region", run = function(cli) show(cli, cluster_show(cli, client(cli)), "object") end },
    provisioned = { help = "The clusters of the subscription", run = run("list", function(_, c) return c:provisioned() end, cluster_fields) },
  } },
  id = { usage = "ID", help = "A cluster by id",
    run = function(cli) local id = cli:next_arg("cluster id"); show(cli, client(cli):cluster_by_id(id), "object") end },
} }

-- access key parameters: the argument (@json:{...}) or --params
local function params(cli, what)
  local p = cli:next_arg(what .. " (@json:{...})", { optional = true }) or cli:option("params")
  if type(p) ~= "table" then cli:fail("usage", "give the " .. what .. " as --params=@json:{...} or an @json: argument") end
  return p
end

local function key_node(cli, c, id)
  local verb = gen4.verb(cli)
  local n, root = c:node(id, { secret = cli:option("secret") })
  gen4.run(cli, verb, n, root)
end

local on_key = {
  show = { help = "An access key", run = function(cli, id) show(cli, client(cli):access_key(id), "object") end },
  modify = { usage = "[@json:{...}]", help = "Change an access key (name, storage...; or --params)",
    run = function(cli, id)
      local change = params(cli, "change")
      client(cli):modify_access_key(id, change)
      cli:status("modified")
    end },
  delete = { help = "Delete an access key", run = function(cli, id) client(cli):delete_access_key(id); cli:status("deleted " .. id) end },
  node = { usage = gen4.usage, help = "Node API commands in the key's storage (browse, upload, download...; --secret, else ATS's)",
    run = function(cli, id) key_node(cli, client(cli), id) end },
  cluster = { help = "The cluster of the key, as ATS tells the key (--secret, else ATS's)",
    run = function(cli, id) show(cli, client(cli):access_key_cluster(id, { secret = cli:option("secret") }), "object") end },
}
on_key.server = on_key.cluster -- the original manual's spelling

local access_key = { help = "Access keys (create, list, show, modify, delete, node, cluster; id ID VERB)", commands = args.with_id({
  create = { usage = "[@json:{...}]", help = "Create an access key (--params=@json:{storage:...}; --cloud and --region choose the cluster)",
    run = function(cli)
      local p = params(cli, "access key parameters")
      show(cli, client(cli):create_access_key(p, { cloud = cli:option("cloud"), region = cli:option("region") }), "object")
    end },
  list = { help = "The access keys of the subscription (--query=@json:{\"max\":N})",
    run = function(cli) show(cli, client(cli):each_access_key({ max = query(cli).max }), "list", key_fields) end },
}, "access key id", on_key) }

local api_key = { help = "ATS API keys (instances, list, show, create, delete; repository list|delete)", commands = {
  instances = { help = "The ATS instances of the IBM Cloud account (--ibm-api-key)",
    run = values("instance", "instances") },
  list = { help = "Ids of the API keys", run = values("ats_id", "api_keys") },
  show = { usage = "ID", help = "An API key", run = function(cli) local id = cli:next_arg("ats_id"); show(cli, client(cli):api_key(id), "object") end },
  create = { usage = "[@json:{...}]", help = "Create an API key (IBM Cloud with --ibm-api-key, else the Aspera ID sign-in), stored for the next commands",
    run = function(cli)
      local p = cli:next_arg("parameters (@json:{...})", { optional = true }) or cli:option("params")
      show(cli, client(cli):create_api_key(p), "object")
    end },
  delete = { usage = "ID", help = "Delete an API key", run = function(cli) local id = cli:next_arg("ats_id"); client(cli):delete_api_key(id); cli:status("deleted " .. id) end },
  repository = { help = "The API keys stored here (list, delete ID)", commands = {
    list = { help = "The API keys stored", run = run("list", function(_, c) return c:repository() end, repo_fields) },
    delete = { usage = "ID", help = "Forget a stored API key (it stays in ATS)",
      run = function(cli)
        local id = cli:next_arg("ats_id")
        if not client(cli):forget_api_key(id) then cli:fail("usage", "no API key " .. id .. " in the repository") end
        cli:status("deleted " .. id)
      end },
  } },
} }

local commands = {
  cluster = cluster,
  server = server,
  access_key = access_key,
  access_keys = access_key,
  api_key = api_key,
  api_keys = api_key,
  subscriptions = { help = "The subscription of the ATS API key", run = run("object", function(_, c) return c:subscriptions() end) },
  aws_trust_policy = { help = "The AWS IAM trust policy that gives ATS a role's bucket (--region)",
    run = run("object", function(cli, c) return c:aws_trust_policy(cli:option("region", { mandatory = true })) end) },
}

commands.simulator = {
  help = "Run an ATS simulator until Ctrl-C (prints its URL first, then the credentials)",
  long = [[The simulator serves ATS on 127.0.0.1: clusters of every cloud, access keys (their storage
is a folder of --root, default a temporary folder, served by an embedded node below URL/node),
the subscription, API keys, and an IBM Cloud IAM token endpoint. Its second line holds the
options that reach it.]],
  run = function(cli)
    local sim = ats.simulator{ port = cli:option("port"), root = cli:option("root") }
    local c = sim:credentials()
    sim:serve{ "--url=" .. sim:url() .. " --ats-key=" .. c.ats_key .. " --ats-secret=" .. c.ats_secret ..
      " --ibm-api-key=" .. c.ibm_api_key .. " --iam-url=" .. c.iam_url }
  end,
}

return {
  help = "IBM Aspera Transfer Service: clusters, access keys on cloud storage, API keys, and a local simulator",
  long = [[Authentication: an ATS API key (--ats-key and --ats-secret), else the one stored in
HOME/ats_api_keys.json (--ats-id chooses when there are several). `api_key create` makes one
(in IBM Cloud with --ibm-api-key, else by the Aspera ID sign-in in a browser) and stores it.
Access keys give a cloud storage to an ATS cluster's Node API:
`access_key create --cloud=aws --region=eu-west-1 --params=@json:{...}`, then
`access_key node ID browse /`, or the node plugin with the key's id and secret (`node access_key
do self`, `node upload --transfer=node`): the cluster transfers, no local ascp is needed. The
original spellings (`access_key id ID VERB`, `server list clouds|instance|provisioned`,
`server id ID`) are kept.]],
  options = {
    { name = "url", help = "URL of ATS (default https://ats.aspera.io)" },
    { name = "ats_key", help = "ATS API key id (ats_...)" },
    { name = "ats_secret", secret = true, help = "its secret" },
    { name = "ats_id", help = "the stored API key to use (ats_...)" },
    { name = "ibm_api_key", secret = true, help = "IBM Cloud API key (https://cloud.ibm.com/iam/apikeys)" },
    { name = "iam_url", help = "IBM Cloud IAM token endpoint" },
    { name = "instance", help = "ATS instance of IBM Cloud (default: the first)" },
    { name = "redirect_uri", help = "Aspera ID sign-in: local address the new key comes back to (default http://localhost:12345)" },
    { name = "params", type = "hash", help = "access key or API key parameters (@json:{...})" },
    { name = "cloud", help = "cloud of the cluster (aws, azure, google, limelight, rackspace, softlayer)" },
    { name = "region", help = "region of the cluster" },
    { name = "secret", secret = true, help = "secret of the access key (default: the one ATS returns)" },
    { name = "query", type = "hash", help = "listing options: max" },
    { name = "to_folder", help = "destination folder of an upload (remote) or download (local)" },
    { name = "root", help = "simulator: folder of the storages" },
    { name = "port", type = "int", help = "simulator: port (default: a free one)" },
  },
  commands = commands,
}
