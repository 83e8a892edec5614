---@meta aspera.console
error('Cannot require a meta file')

---IBM Aspera Console's REST API (Basic authentication on <url>/api): the transfers Console
---monitors in a time window (with filters), their details, files and controls, smart
---transfers, a health check, and a local simulator. Results are plain tables with the API's
---own field names. Dates are written as the manual writes them: "DD-MM-YY HH:MM:SS", "now",
---"-<num>h" (also -<num>m, -<num>d), or any ISO 8601 form; they are sent in UTC.
---@class aspera.console
local console = {}

---Options of `console.new`.
---@class aspera.console.NewOpts
---@field url string Console's URL (https://host/aspera/console)
---@field username string a Console user
---@field password string its password
---@field preset? string take the missing fields from this preset

---Creates a client.
---@param opts aspera.console.NewOpts
---@return aspera.console.client
function console.new(opts) end

---Creates a client from a preset (url, username, password).
---@param name string
---@return aspera.console.client
function console.from_preset(name) end

---Reads a date in one of the manual's forms or ISO 8601 and returns it as the API writes it
---("2024-03-05 09:20:30", UTC). Raises a usage error for a date it cannot read.
---@param text string
---@return string
function console.parse_date(text) end

---Options of `console.simulator`.
---@class aspera.console.SimulatorOpts
---@field port? integer default: a free port
---@field host? string default: 127.0.0.1
---@field username? string default: console_admin
---@field password? string default: console_pass

---Starts a Console simulator (sample transfers of the last hours, two smart transfers); it
---stops with sim:stop() or when the script ends.
---@param opts? aspera.console.SimulatorOpts
---@return aspera.console.simulator
function console.simulator(opts) end

---A running simulator.
---@class aspera.console.simulator
local simulator = {}

---Returns Console's URL (the API is below it, at /api).
---@return string
function simulator:url() end

---Returns {username=, password=}.
---@return table
function simulator:credentials() end

---Returns "" (Console has no files).
---@return string
function simulator:root() end

---Waits until the command is interrupted (Ctrl-C), then stops.
function simulator:wait() end

---What `aslmcli <p> simulator` does: prints the URL, then each of lines, and serves like
---wait(); Ctrl-C is taken before the URL is printed, so one that comes after it ends the
---command normally (exit 0).
---@param lines? string[]
function simulator:serve(lines) end

---Stops the simulator.
function simulator:stop() end

---A Console client.
---@class aspera.console.client
local client = {}

---Options of transfer listings.
---@class aspera.console.TransfersOpts
---@field from? string start of the window (any date form; default: 24 hours ago)
---@field to? string end of the window (default: now)
---@field query? table more API parameters: filter = "(field op value)and(...)", filter1/comp1/val1..., from, to
---@field max? integer stop after this many transfers

---Lists the transfers of a window.
---@param opts? aspera.console.TransfersOpts
---@return table[]
function client:transfers(opts) end

---Iterates over the transfers of a window.
---@param opts? aspera.console.TransfersOpts
---@return fun(): table
function client:each_transfer(opts) end

---Returns the details of a transfer.
---@param id string|integer
---@return table
function client:transfer(id) end

---Lists the files of a transfer (query: limit, default 100; offset).
---@param id string|integer
---@param opts? {max?: integer, query?: table}
---@return table[]
function client:transfer_files(id, opts) end

---Iterates over the files of a transfer.
---@param id string|integer
---@param opts? {max?: integer, query?: table}
---@return fun(): table
function client:each_transfer_file(id, opts) end

---Applies an action to a transfer: start, pause, resume, cancel, rerun, change_rate
---({target_rate_kbps=}), change_policy ({policy=}), move_forwards, move_back. Returns the
---transfer as Console answers it.
---@param id string|integer
---@param action string
---@param params? table
---@return table
function client:control_transfer(id, action, params) end

---Starts a queued transfer.
---@param id string|integer
---@return table
function client:start_transfer(id) end

---Pauses a running transfer.
---@param id string|integer
---@return table
function client:pause_transfer(id) end

---Resumes a paused transfer.
---@param id string|integer
---@return table
function client:resume_transfer(id) end

---Cancels a transfer.
---@param id string|integer
---@return table
function client:cancel_transfer(id) end

---Runs a finished transfer again.
---@param id string|integer
---@return table
function client:rerun_transfer(id) end

---Lists the smart transfers.
---@param opts? {max?: integer}
---@return table[]
function client:smart_transfers(opts) end

---Submits a smart transfer with its parameters, e.g. {source = {paths = {"a.txt"}},
---source_type = "user_selected"}; returns the transfers Console started.
---@param id string|integer
---@param params? table
---@return table[]
function client:submit_smart_transfer(id, params) end

---Checks the API: a list of {component, status ("ok" or "critical"), message}.
---@return table[]
function client:health() end

---Returns the API's URL.
---@return string
function client:url() end
