---@meta aspera.node
error('Cannot require a meta file')

---The Node API of IBM Aspera HSTS and ATS (on which AoC, Shares and Faspex sit): files by path
---(gen3) and by id under an access key (gen4), access keys, transfers, node bearer tokens, and a
---local simulator. Results are plain tables with the API's own field names; listings also come
---as iterators that fetch pages only as the loop needs them. Failures raise the structured
---error (kind "http" with status and the node's message).
---@class aspera.node
local node = {}

---Options of `node.new`.
---@class aspera.node.NewOpts
---@field url string the node's URL (https://host:9092)
---@field username? string node user, or access key id
---@field password? string its password or secret; a value starting with "Bearer " is a node bearer token
---@field token? string a node bearer token ("Bearer ..."), with access_key
---@field access_key? string the access key of a bearer token (default: username, else the token's scope)
---@field preset? string take the missing fields from this preset

---Creates a client.
---@param opts aspera.node.NewOpts
---@return aspera.node.client
function node.new(opts) end

---Creates a client from a preset (url, username, password).
---@param name string
---@return aspera.node.client
function node.from_preset(name) end

---Options of `node.bearer_token`.
---@class aspera.node.BearerOpts
---@field access_key? string sets scope "node.<access_key>:user:all" when the payload has none
---@field validity? integer seconds (default: 86400)
---@field passphrase? string of an encrypted private key

---Makes an Aspera node bearer token ("Bearer ..."): the payload (user_id required; scope,
---auth_type, expires_at, group_ids, organization_id...) signed with the private key whose public
---key is the access key's token_verification_key.
---@param private_pem string
---@param payload table
---@param opts? aspera.node.BearerOpts
---@return string
function node.bearer_token(private_pem, payload, opts) end

---Returns the value of a Basic Authorization header ("Basic base64(user:password)").
---@param username string
---@param password string
---@return string
function node.basic_token(username, password) end

---Options of `node.simulator`.
---@class aspera.node.SimulatorOpts
---@field root? string folder served (default: a new temporary folder, removed at stop)
---@field port? integer default: a free port
---@field host? string default: 127.0.0.1
---@field username? string node user (default: node_user)
---@field password? string (default: node_pass)

---Starts a Node API simulator backed by a local folder; it stops with sim:stop() or when the
---script ends.
---@param opts? aspera.node.SimulatorOpts
---@return aspera.node.simulator
function node.simulator(opts) end

---A running simulator.
---@class aspera.node.simulator
local simulator = {}

---Returns its base URL.
---@return string
function simulator:url() end

---Returns the folder it serves.
---@return string
function simulator:root() end

---Returns a client logged in as the node user.
---@return aspera.node.client
function simulator:node() end

---Waits until the command is interrupted (Ctrl-C), then stops.
function simulator:wait() end

---What `aslmcli <p> simulator` does: prints the URL, then each of lines, and serves like
---wait(); Ctrl-C is taken before the URL is printed, so one that comes after it ends the
---command normally (exit 0).
---@param lines? string[]
function simulator:serve(lines) end

---Stops the simulator (and removes its temporary folder).
function simulator:stop() end

---A Node API client.
---@class aspera.node.client
local client = {}

---Options of listings.
---@class aspera.node.ListOpts
---@field max? integer stop after this many items
---@field query? table more request fields (browse: sort, filters, count for the page size; gen4: name, type...)

---Returns GET /info.
---@return table
function client:info() end

---Calls GET /ping; returns true.
---@return boolean
function client:ping() end

---Returns the free space of paths.
---@param paths string|string[]
---@return table[]
function client:space(paths) end

---Lists a folder (all its entries; see each_file for large folders); browsing a file gives the file.
---@param path string
---@param opts? aspera.node.ListOpts
---@return table[]
function client:browse(path, opts) end

---Iterates over the entries of a folder, fetching pages as the loop needs them.
---@param path string
---@param opts? aspera.node.ListOpts
---@return fun(): table
function client:each_file(path, opts) end

---Searches below a path (POST /files/search); query holds filters, count, skip...
---@param path string
---@param query? table
---@return table
function client:search(path, query) end

---A result per path of a gen3 operation.
---@class aspera.node.PathResult
---@field path string
---@field error? string the node's message when this path failed

---Creates folders (and their parents). Raises only when every path failed.
---@param paths string|string[]
---@return aspera.node.PathResult[]
function client:mkdir(paths) end

---Creates a file with contents.
---@param path string
---@param contents string
---@return aspera.node.PathResult[]
function client:mkfile(path, contents) end

---Creates a symbolic link.
---@param target string
---@param link string
---@return aspera.node.PathResult[]
function client:mklink(target, link) end

---Renames source to destination in the folder path.
---@param path string
---@param source string
---@param destination string
---@return aspera.node.PathResult[]
function client:rename(path, source, destination) end

---Deletes paths (folders with their contents). Raises only when every path failed.
---@param paths string|string[]
---@return aspera.node.PathResult[]
function client:delete(paths) end

---Returns the recursive size and counts of a path.
---@param path string
---@return table
function client:du(path) end

---Returns the contents of a (small) file.
---@param path string
---@return string
function client:cat(path) end

---Returns the transfer spec of an upload to destination (without paths: add your sources).
---@param destination string
---@param request? table more transfer_request fields
---@return table
function client:upload_setup(destination, request) end

---Returns the transfer spec of a download of sources.
---@param sources string|string[]
---@param request? table
---@return table
function client:download_setup(sources, request) end

---Returns the entry of a file id (gen4, access key credentials).
---@param id string
---@return table
function client:file(id) end

---Lists a folder by id (gen4).
---@param id string
---@param opts? aspera.node.ListOpts
---@return table[]
function client:files(id, opts) end

---Iterates over a folder by id (gen4), page by page.
---@param id string
---@param opts? aspera.node.ListOpts
---@return fun(): table
function client:each_child(id, opts) end

---Creates a folder, file or link named name in the folder id (gen4).
---@param id string
---@param name string
---@param type? string folder (default), file or link
---@param extra? table more fields (contents...)
---@return table
function client:create_in(id, name, type, extra) end

---Changes an entry by id (gen4), e.g. {name = "new name"}.
---@param id string
---@param change table
---@return true
function client:modify(id, change) end

---Deletes an entry by id (gen4).
---@param id string
---@return true
function client:delete_id(id) end

---Returns the entry of a path below the folder root_id (gen4).
---@param root_id string
---@param path string
---@return table
function client:resolve(root_id, path) end

---Lists the access keys.
---@param opts? aspera.node.ListOpts
---@return table[]
function client:access_keys(opts) end

---Returns an access key ("self" for the key of the credentials).
---@param id string
---@return table
function client:access_key(id) end

---Creates an access key: {id?, secret?, storage = {type = "local", path = "/folder"}, token_verification_key?}.
---@param body table
---@return table
function client:create_access_key(body) end

---Changes an access key (e.g. {token_verification_key = pem}).
---@param id string
---@param change table
---@return true
function client:modify_access_key(id, change) end

---Deletes an access key.
---@param id string
---@return true
function client:delete_access_key(id) end

---Returns a client of the same node authenticated as an access key: its secret, or {token = "Bearer ..."}.
---@param id string
---@param secret string|{token?: string, secret?: string}
---@return aspera.node.client
function client:with_access_key(id, secret) end

---Lists /ops/transfers (all pages).
---@param opts? aspera.node.ListOpts
---@return table[]
function client:transfers(opts) end

---Iterates over /ops/transfers, page by page.
---@param opts? aspera.node.ListOpts
---@return fun(): table
function client:each_transfer(opts) end

---Returns one transfer.
---@param id string
---@return table
function client:transfer(id) end

---Asks the node to run a transfer (POST /ops/transfers with a transfer spec).
---@param spec table
---@return table
function client:start_transfer(spec) end

---Changes a transfer (target_rate_kbps, status...).
---@param id string
---@param change table
---@return table
function client:modify_transfer(id, change) end

---Cancels a transfer.
---@param id string
---@return table
function client:cancel_transfer(id) end

---Calls any endpoint of the node (events, usage, async, streams, rund/services, v3/watchfolders...).
---@param method string
---@param path string
---@param opts? {query?: table, json?: any, headers?: table<string, string>}
---@return any
function client:call(method, path, opts) end

---Returns the node's URL.
---@return string
function client:url() end

---Returns GET /events.
---@param query? table
---@return any
function client:events(query) end

---Returns GET /usage.
---@param query? table
---@return any
function client:usage(query) end

---Returns the ids of the legacy async sessions.
---@return integer[]
function client:async_ids() end

---Returns the summary of an async session.
---@param id integer
---@return table[]
function client:async_summary(id) end

---Returns the counters of an async session.
---@param id integer
---@return table[]
function client:async_counters(id) end

---Starts a FASPStream (POST /streams); streams are listed with each_transfer.
---@param body table
---@return any
function client:create_stream(body) end

---Changes a stream.
---@param id string
---@param change table
---@return any
function client:modify_stream(id, change) end

---Cancels a stream.
---@param id string
---@return any
function client:cancel_stream(id) end

---Lists the services of the run daemon (/rund/services).
---@return table[]
function client:services() end

---Creates a service, e.g. {type = "WATCHFOLDERD", run_as = {user = "xfer"}}.
---@param body table
---@return table
function client:create_service(body) end

---Deletes a service.
---@param id string
---@return true
function client:delete_service(id) end

---Returns the ids of the watch folders (/v3/watchfolders).
---@return string[]
function client:watch_folders() end

---Returns one watch folder.
---@param id string
---@return table
function client:watch_folder(id) end

---Creates a watch folder.
---@param body table
---@return table
function client:create_watch_folder(body) end

---Changes a watch folder.
---@param id string
---@param change table
---@return true
function client:modify_watch_folder(id, change) end

---Deletes a watch folder.
---@param id string
---@return true
function client:delete_watch_folder(id) end

---Lists the permissions on a file id (gen4).
---@param file_id string
---@param inherited? boolean
---@return any
function client:permissions(file_id, inherited) end

---Grants access on a file id: {file_id, access_type, access_id, access_levels}.
---@param body table
---@return table
function client:create_permission(body) end

---Removes a permission.
---@param id string
---@return true
function client:delete_permission(id) end

---Builds the transfer spec of a transfer to ("send") or from ("receive") the folder file_id
---under the client's access key (gen4: token from the credentials, tags.aspera.node).
---@param direction string send or receive
---@param file_id string
---@return table
function client:gen4_spec(direction, file_id) end

---Options of upload and download.
---@class aspera.node.TransferOpts
---@field to_folder? string upload: the node's folder (default "/"); download: the local folder (default ".")
---@field agent? string the transfer agent (default: --transfer)
---@field on_progress? fun(event: table)
---@field progress? boolean draw a progress bar
---@field src_type? string "list" (default) or "pair": files come as source, destination pairs
---@field folder_id? string gen4 (a client of an access key): the folder of the transfer, by id; files are relative to it

---Uploads local files (nil: the paths given with --ts): upload_setup, then the transfer agent; returns the job (job:wait()).
---@param files string|string[]
---@param opts? aspera.node.TransferOpts
---@return aspera.transfer.job
function client:upload(files, opts) end

---Downloads files of the node: download_setup, then the transfer agent; returns the job.
---@param files string|string[]
---@param opts? aspera.node.TransferOpts
---@return aspera.transfer.job
function client:download(files, opts) end

---The transfer spec that upload would start (the product's spec, the files, the destination
---and the values of --ts), without starting it.
---@param files string|string[]
---@param opts? aspera.node.TransferOpts
---@return table
function client:upload_spec(files, opts) end

---The transfer spec that download would start, without starting it.
---@param files string|string[]
---@param opts? aspera.node.TransferOpts
---@return table
function client:download_spec(files, opts) end

---Options of the housekeeping methods (cleanup, forward, postprocess): where the last run
---stopped is remembered in the persistency file (one per node and command).
---@class aspera.node.HousekeepingOpts
---@field persistency string the state file (JSON; the original tool's token-only file is read too)
---@field filter? table filter of the node's transfer listing (the API's query fields)

---Deletes the source files of the transfers logged since the last run that the predicates
---select (default: completed files of completed transfers the node sent), and remembers the run.
---@param opts aspera.node.HousekeepingOpts|{transfer?: fun(t: table): boolean, file?: fun(f: table): boolean, dry_run?: boolean}
---@return {transfers: integer, selected: string[], deleted: aspera.node.PathResult[]}
function client:cleanup(opts) end

---Downloads the files that arrived on the node since the last run (completed transfers the
---node received) into to_folder with the transfer agent, deletes them from the node when asked,
---and remembers the run (a failed download remembers nothing: the next run tries again).
---@param opts aspera.node.HousekeepingOpts|{delete?: boolean, to_folder?: string, agent?: string, on_progress?: fun(event: table)}
---@return {transfers: integer, paths: string[], deleted: aspera.node.PathResult[]}
function client:forward(opts) end

---The transfers the node received since the last run (view summary), each returned once.
---@param opts aspera.node.HousekeepingOpts
---@return table[]
function client:postprocess(opts) end

---The central API's FASP sessions (POST /services/rest/transfers/v1/sessions).
---@param request? table the body, e.g. {session_filter = {iteration_token = "CURRENT_POSITION"}}
---@param opts? {validator?: string}
---@return table[] sessions
---@return string iteration_token
function client:central_sessions(request, opts) end

---The central API's file transfers (POST /services/rest/transfers/v1/files).
---@param request? table the body, e.g. {file_filter = {max_results = 10}}
---@param opts? {validator?: string}
---@return table[] files
---@return string iteration_token
function client:central_files(request, opts) end

---The node user's name and password of the simulator.
---@return string username
---@return string password
function simulator:credentials() end
