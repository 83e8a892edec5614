---@meta aspera.orchestrator
error('Cannot require a meta file')

---IBM Aspera Orchestrator (https://host/aspera/orchestrator): the instance, workflows, work
---orders started with run-time inputs and waited for, work steps, and a local simulator. Results
---are plain tables with the API's own field names, the same whether the API answered JSON or
---XML. Failures raise the structured error (kind "http" with status and the API's message;
---kind "error" with the work order as details when a waited work order fails).
---@class aspera.orchestrator
local orchestrator = {}

---Options of `orchestrator.new`.
---@class aspera.orchestrator.NewOpts
---@field url string the Orchestrator URL (https://host/aspera/orchestrator)
---@field username string
---@field password string
---@field auth_style? "head_basic"|"arg_pass" HTTP Basic (default), or login and password in the query
---@field ret_style? "arg"|"header"|"ext" how the answer format is asked for: format= (default), Accept, or .json
---@field preset? string take the missing fields from this preset

---Creates a client.
---@param opts aspera.orchestrator.NewOpts
---@return aspera.orchestrator.client
function orchestrator.new(opts) end

---Creates a client from a preset (url, username, password, auth_style, ret_style).
---@param name string
---@return aspera.orchestrator.client
function orchestrator.from_preset(name) end

---Options of `orchestrator.simulator`.
---@class aspera.orchestrator.SimulatorOpts
---@field port? integer default: a free port
---@field host? string default: 127.0.0.1
---@field username? string default: admin
---@field password? string default: aspera
---@field step_time? number seconds each work step runs (default 0.5; 0: every step at once)

---Starts an Orchestrator simulator (workflows 10 "Hello" with input Param and output
---ResultStep:Complete_status_message, 11 "Failing", 12 "Transcode"); it stops with sim:stop()
---or when the script ends.
---@param opts? aspera.orchestrator.SimulatorOpts
---@return aspera.orchestrator.simulator
function orchestrator.simulator(opts) end

---A running simulator.
---@class aspera.orchestrator.simulator
local simulator = {}

---Returns its base URL (…/aspera/orchestrator).
---@return string
function simulator:url() end

---Returns {username=, password=}.
---@return table
function simulator:credentials() end

---Returns "" (the simulator serves no files).
---@return string
function simulator:root() end

---Returns a client logged in to it.
---@return aspera.orchestrator.client
function simulator:client() end

---Serves until Ctrl-C (which then ends the script normally) or the end of the run, then stops.
function simulator:wait() end

---What `aslmcli <p> simulator` does: prints the URL, then each of lines, and serves like
---wait(); Ctrl-C is taken before the URL is printed, so one that comes after it ends the
---command normally (exit 0).
---@param lines? string[]
function simulator:serve(lines) end

---Stops it.
function simulator:stop() end

---An Orchestrator client.
---@class aspera.orchestrator.client
local client = {}

---The instance's information (remote_node_ping): orchestrator-version, orchestrator-status...
---@return table
function client:info() end

---Rows {status, component, message}: "ok" when the API answers, "critical" otherwise.
---@return table[]
function client:health() end

---The background processes (processes_status).
---@return table[]
function client:processes() end

---The plugins and their versions (plugin_version).
---@return table[]
function client:plugins() end

---The monitors' snapshot (monitor_snapshot).
---@return table
function client:monitors() end

---Listing options.
---@class aspera.orchestrator.ListOpts
---@field max? integer stop after this many items
---@field query? table the API's own query parameters (work orders: max_results...)

---The workflows (id, portable_id, name, published_status, ...).
---@param opts? aspera.orchestrator.ListOpts
---@return table[]
function client:workflows(opts) end

---The workflows, as an iterator (the request is sent at the first item).
---@param opts? aspera.orchestrator.ListOpts
---@return fun(): table
function client:each_workflow(opts) end

---The running status of a workflow, or of all ("ALL" or nil).
---@param id? string|integer
---@return table[]
function client:workflow_status(id) end

---The number of work orders of a workflow by status (type, count).
---@param id string|integer
---@return table[]
function client:workflow_details(id) end

---The run-time inputs specification of a workflow: workflow_id, workflow_name, parameter (name,
---value_type, optional, value).
---@param id string|integer
---@return table
function client:workflow_inputs(id) end

---The outputs specification of a workflow: step_name, variable_name, value_type.
---@param id string|integer
---@return table[]
function client:workflow_outputs(id) end

---The definition of a workflow as exported (XML text).
---@param id string|integer
---@return string
function client:export_workflow(id) end

---The work orders of a workflow, the latest first.
---@param id string|integer workflow id
---@param opts? aspera.orchestrator.ListOpts
---@return table[]
function client:work_orders(id, opts) end

---The work orders of a workflow, as an iterator.
---@param id string|integer workflow id
---@param opts? aspera.orchestrator.ListOpts
---@return fun(): table
function client:each_work_order(id, opts) end

---Options of `client:start`.
---@class aspera.orchestrator.StartOpts
---@field result? string "STEP:PARAM": wait for the end, return the value of that step's output
---@field synchronous? boolean wait for the end, return the final work order
---@field poll? number seconds between status requests while waiting (default 1)
---@field on_status? fun(work_order: table) called with each status read while waiting

---Starts a work order with run-time inputs. Returns the work order as started, or, waiting
---(synchronous or result), the final work order or the result's value; a work order that fails
---raises an error whose details are the work order.
---@param id string|integer workflow id
---@param params? table run-time inputs, name = value
---@param opts? aspera.orchestrator.StartOpts
---@return any
function client:start(id, params, opts) end

---Waits for a work order to end and returns it (raises when it fails or is cancelled).
---@param id string|integer work order id
---@param opts? {poll?: number, on_status?: fun(work_order: table)}
---@return table
function client:wait(id, opts) end

---The value of an output of a work order, by "STEP:PARAM".
---@param id string|integer work order id
---@param location string
---@return any
function client:result(id, location) end

---The status of a work order and of its work steps.
---@param id string|integer
---@return table
function client:work_order(id) end

---Cancels a work order and returns it.
---@param id string|integer
---@return table
function client:cancel_work_order(id) end

---Restarts a work order from its first step and returns it.
---@param id string|integer
---@return table
function client:reset_work_order(id) end

---The output variables of a work order (step_name, variable_name, value_type, value).
---@param id string|integer
---@return table[]
function client:work_order_output(id) end

---The status of a work step.
---@param id string|integer
---@return table
function client:work_step(id) end

---Cancels a work step (its work order stops) and returns it.
---@param id string|integer
---@return table
function client:cancel_work_step(id) end

