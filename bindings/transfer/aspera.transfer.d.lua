---@meta aspera.transfer
error('Cannot require a meta file')

---Transfers: start one from a transfer spec with an agent (direct = ascp, node, connect,
---httpgw...) and follow it. Progress events are delivered to on_progress while job:wait() runs.
---A failed transfer raises the structured error of kind "transfer" (details: code, retryable,
---result).
---@class aspera.transfer
local transfer = {}

---Options of `transfer.start`.
---@class aspera.transfer.StartOpts
---@field agent? string the agent (default: --transfer, else direct)
---@field on_progress? fun(event: table) called with each event (type, bytes, total, percent, rate_kbps, file, code, message...)
---@field progress? boolean draw a progress bar on stderr (default: on a terminal, unless --progress-bar=no)

---Starts a transfer.
---@param spec table the transfer spec
---@param opts? aspera.transfer.StartOpts
---@return aspera.transfer.job
function transfer.start(spec, opts) end

---Lists the available agents.
---@return string[]
function transfer.agents() end

---Tells whether an agent (default: --transfer, else direct) lets the user choose the files of
---an upload that names none (Connect's file dialog): `x:upload({}, {agent = "connect"})` then
---asks for them. Under --ui=text Connect opens no dialog and needs the files.
---@param agent? string
---@return boolean
function transfer.chooses_files(agent) end

---Finds ascp (--ascp-path, --fasp-folder, --use-product; else the SDK folder ~/.aspera/sdk,
---PATH, then the Aspera products installed) and asks its version (ascp -A). Raises a "config"
---error saying where it looked.
---@param opts? {ascp_path?: string, fasp_folder?: string, use_product?: string, sdk_folder?: string}
---@return {path: string, product: string, version?: string, version_error?: string}
function transfer.ascp(opts) end

---Returns the fields of the transfer spec (IBM's schema), in order: name, type, description,
---ascp (its option), env (its environment variable), default, enum, agents, deprecation.
---@return table[]
function transfer.spec_fields() end

---A running transfer.
---@class aspera.transfer.job
local job = {}

---Waits for the end of the transfer, delivering its events to on_progress; returns the result
---{status, agent, sessions, bytes, files, elapsed, errors}. Raises when the transfer failed.
---@return table
function job:wait() end

---Stops the transfer (every session).
function job:cancel() end

---Changes the target rate of the running transfer.
---@param kbps integer
function job:set_rate(kbps) end
