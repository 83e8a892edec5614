-- orchestrator: IBM Aspera Orchestrator (built-in plugin). The API is in
-- products/orchestrator; this script maps command words to the aspera.orchestrator client.
local orchestrator = require("aspera.orchestrator")

local function client(cli)
  return orchestrator.new{
    url = cli:option("url", { mandatory = true }),
    username = cli:option("username", { mandatory = true }),
    password = cli:option("password", { mandatory = true }),
    auth_style = cli:option("auth_style"),
    ret_style = cli:option("ret_style"),
  }
end

-- listing options from --query: max (items), and the API's own parameters
local function query(cli)
  local q = cli:option("query") or {}
  local max = q.max
  q.max = nil
  return { max = max, query = next(q) and q or nil }
end

local workflow_fields = { "id", "portable_id", "name", "published_status", "published_revision_id", "latest_revision_id", "last_modification" }
local status_fields = { "id", "name", "status", "in_progress", "queued", "complete", "failed", "cancelled" }
local work_order_fields = { "id", "name", "status", "statusDetails", "created_at", "completed_at" }

local function show(kind, fields) return function(cli, v) cli:show(v, { kind = kind, fields = fields }) end end

-- start: run-time inputs from the argument (ascli) or --params (the manual); waits with
-- --synchronous=yes or --result=STEP:PARAM
local function start(cli, c, id)
  local params = cli:next_arg("run-time inputs (@json:{...})", { optional = true }) or cli:option("params")
  local result = cli:option("result")
  local v = c:start(id, params, { result = result, synchronous = cli:option("synchronous"), poll = cli:option("poll") })
  if result then
    cli:show(v, { kind = "value" })
  else
    cli:show(v, { kind = "object", fields = work_order_fields })
  end
end

-- the commands on one workflow: fn(cli, client, id)
local on_workflow = {
  status = function(cli, c, id) cli:show(c:workflow_status(id), { kind = "list", fields = status_fields }) end,
  inputs = function(cli, c, id) cli:show(c:workflow_inputs(id), { kind = "object" }) end,
  details = function(cli, c, id) cli:show(c:workflow_details(id), { kind = "list" }) end,
  outputs = function(cli, c, id) cli:show(c:workflow_outputs(id), { kind = "list" }) end,
  export = function(_, c, id) io.write(c:export_workflow(id)) end,
  workorders = function(cli, c, id) cli:show(c:each_work_order(id, query(cli)), { kind = "list", fields = work_order_fields }) end,
  start = start,
}
local verbs = { "status", "inputs", "details", "outputs", "export", "workorders", "start" }

local function by_id(help, verb, usage)
  return { usage = usage or "ID", help = help, run = function(cli)
    local c = client(cli)
    on_workflow[verb](cli, c, cli:next_arg("workflow id"))
  end }
end

local workflow = { help = "Workflows (list, status, inputs, details, outputs, export, workorders, start; id ID VERB)", commands = {
  list = { help = "List the workflows", run = function(cli)
    cli:show(client(cli):each_workflow(query(cli)), { kind = "list", fields = workflow_fields }) end },
  status = { usage = "[ID|ALL]", help = "Running status of a workflow, or of all", run = function(cli)
    local c = client(cli)
    on_workflow.status(cli, c, cli:next_arg("workflow id", { optional = true })) end },
  inputs = by_id("Run-time inputs of a workflow", "inputs"),
  details = by_id("Work orders of a workflow by status", "details"),
  outputs = by_id("Outputs of a workflow's steps", "outputs"),
  export = by_id("Export a workflow's definition (XML)", "export"),
  workorders = by_id("Work orders of a workflow (--query: max, max_results)", "workorders"),
  start = by_id("Start a work order (--params or @json: inputs; --synchronous=yes or --result=STEP:PARAM waits)", "start", "ID [@json:{...}]"),
  id = { usage = "ID status|inputs|details|outputs|export|workorders|start [@json:{...}]",
    help = "The original manual's form: workflow id ID VERB", run = function(cli)
      local id = cli:next_arg("workflow id")
      local verb = cli:next_command(verbs)
      on_workflow[verb](cli, client(cli), id)
    end },
} }

local function wo_cmd(help, method, kind)
  return { usage = "ID", help = help, run = function(cli)
    local c = client(cli)
    cli:show(c[method](c, cli:next_arg("id")), { kind = kind, fields = kind == "object" and work_order_fields or nil })
  end }
end
local workorder = { help = "Work orders (status, cancel, reset, output)", commands = {
  status = wo_cmd("Status of a work order and its steps", "work_order", "object"),
  cancel = wo_cmd("Cancel a work order", "cancel_work_order", "object"),
  reset = wo_cmd("Restart a work order from its first step", "reset_work_order", "object"),
  output = wo_cmd("Output variables of a work order", "work_order_output", "list"),
} }
local workstep = { help = "Work steps (status, cancel)", commands = {
  status = { usage = "ID", help = "Status of a work step", run = function(cli)
    local c = client(cli)
    cli:show(c:work_step(cli:next_arg("id")), { kind = "object" }) end },
  cancel = { usage = "ID", help = "Cancel a work step (its work order stops)", run = function(cli)
    local c = client(cli)
    cli:show(c:cancel_work_step(cli:next_arg("id")), { kind = "object" }) end },
} }

local function instance(help, method, kind)
  return { help = help, run = function(cli) local c = client(cli); cli:show(c[method](c), { kind = kind }) end }
end

local commands = {
  info = instance("Information on the instance (remote_node_ping)", "info", "object"),
  health = instance("Check that the API answers (status, component, message)", "health", "list"),
  plugins = instance("Plugins and their versions", "plugins", "list"),
  processes = instance("Background processes", "processes", "list"),
  monitors = instance("Monitors' snapshot", "monitors", "object"),
  workflow = workflow,
  workflows = workflow, -- ascli's spelling
  workorder = workorder,
  workorders = workorder, -- ascli's spelling
  workstep = workstep,
}

commands.simulator = {
  help = "Run an Orchestrator simulator until Ctrl-C (prints its URL first, then the credentials)",
  long = [[The simulator serves Orchestrator's API (JSON and XML) on 127.0.0.1 with three workflows:
10 "Hello" (input Param; output ResultStep:Complete_status_message), 11 "Failing" and
12 "Transcode". Work orders run through their steps, --step-time seconds each (default 0.5).]],
  run = function(cli)
    local sim = orchestrator.simulator{ port = cli:option("port"), username = cli:option("username"),
      password = cli:option("password"), step_time = cli:option("step_time") }
    local cred = sim:credentials()
    sim:serve{ "--username=" .. cred.username .. " --password=" .. cred.password }
  end,
}

return {
  help = "IBM Aspera Orchestrator: workflows, work orders, and a local simulator",
  long = [[Authentication: --url (https://host/aspera/orchestrator), --username and --password, sent as
HTTP Basic (--auth-style=head_basic, default) or as login and password in the query
(--auth-style=arg_pass). Start a work order with `workflow start ID` (or the original
`workflow id ID start`): run-time inputs with --params=@json:{...} or an @json: argument;
--synchronous=yes waits for its end; --result=STEP:PARAM waits and prints that output.]],
  options = {
    { name = "url", help = "URL of Orchestrator (https://host/aspera/orchestrator)" },
    { name = "username", help = "Orchestrator user" },
    { name = "password", secret = true, help = "its password" },
    { name = "auth_style", type = "enum", values = { "head_basic", "arg_pass" }, help = "credentials as HTTP Basic, or in the query" },
    { name = "ret_style", type = "enum", values = { "arg", "header", "ext" }, help = "how the answer format is asked: format=, Accept, or .json" },
    { name = "params", type = "hash", help = "run-time inputs of workflow start (@json:{\"name\":\"value\"})" },
    { name = "result", help = "workflow start: wait and print this output, as STEP:PARAM" },
    { name = "synchronous", type = "bool", default = false, help = "workflow start: wait for the work order to end" },
    { name = "poll", type = "number", help = "seconds between two status requests while waiting (default 1)" },
    { name = "query", type = "hash", help = "listing options: max, and the API's own parameters (max_results)" },
    { name = "port", type = "int", help = "simulator: port (default: a free one)" },
    { name = "step_time", type = "number", help = "simulator: seconds each work step runs (default 0.5)" },
  },
  commands = commands,
}
