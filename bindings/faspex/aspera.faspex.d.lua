---@meta aspera.faspex
error('Cannot require a meta file')

---IBM Aspera Faspex 4 (the original manual's faspex plugin): packages of the inbox, sent and
---archive ATOM feeds, send, receive, public links, faspe: URIs, the user, dropboxes, remote
---sources, and a local test server. Results are plain tables with the feed's names
---(package_id, title, note, author, to, delivery_id, link, items, metadata). Failures raise
---the structured error (kind "http" with the status and Faspex's user_message; "usage" for a
---wrong option or a name that matches nothing).
---@class aspera.faspex
local faspex = {}

---Options of `faspex.new` (the faspex plugin's options).
---@class aspera.faspex.NewOpts
---@field url string the application's URL, https://HOST/aspera/faspex
---@field username string
---@field password string
---@field recipient? string the name inbox packages are matched with (a dropbox: "*name"); default username
---@field preset? string take the missing fields from this preset

---Creates a client (basic authentication).
---@param opts aspera.faspex.NewOpts
---@return aspera.faspex.client
function faspex.new(opts) end

---Creates a client from a preset.
---@param name string
---@return aspera.faspex.client
function faspex.from_preset(name) end

---Returns the transfer spec of a faspe:// URI (remote_host, remote_user, ssh_port, paths,
---token, cookie, sshfp, rate_policy, target_rate_kbps, min_rate_kbps, fasp_port,
---target_rate_cap_kbps, http_fallback_port, cipher, tags...); Faspex 4's unencoded "=" and "+"
---are kept. It has no direction.
---@param uri string
---@return table
function faspex.parse_faspe(uri) end

---Returns the download spec of a public link (https://HOST/aspera/faspex/external_deliveries/ID?passcode=...,
---or a faspe:// URI) and its package; no credentials are needed.
---@param url string
---@return table spec
---@return table package
function faspex.link_spec(url) end

---Receives the package of a public link; returns the transfer job.
---@param url string
---@param opts? {to_folder?: string, agent?: string, on_progress?: fun(event: table), progress?: boolean}
---@return aspera.transfer.job
function faspex.receive_link(url, opts) end

---Options of `faspex.simulator`.
---@class aspera.faspex.SimulatorOpts
---@field port? integer default: a free port
---@field host? string default: 127.0.0.1
---@field root? string folder of the packages' files (default: a temporary folder)
---@field page_size? integer entries of a feed's page (default 10)

---Starts a Faspex 4 test server (users admin/admin_pass and user1/user1_pass, dropbox
---"*Uploads"); it stops with sim:stop() or when the script ends.
---@param opts? aspera.faspex.SimulatorOpts
---@return aspera.faspex.simulator
function faspex.simulator(opts) end

---A running test server.
---@class aspera.faspex.simulator
local simulator = {}

---Returns the application's URL.
---@return string
function simulator:url() end

---Returns the folder of the packages' files.
---@return string
function simulator:root() end

---Returns {url, username, password, users, dropbox, root}.
---@return table
function simulator:credentials() end

---Adds a package; files maps names to contents. Returns its delivery id.
---@param title string
---@param sender string a user name
---@param recipients string[] user names or emails, or "*Uploads"
---@param files? table<string, string>
---@return string
function simulator:add_package(title, sender, recipients, files) end

---Returns the public link of a package (by delivery id), as Faspex mails it.
---@param delivery_id string
---@return string
function simulator:public_link(delivery_id) end

---Returns a client of a user (default admin).
---@param user? string
---@return aspera.faspex.client
function simulator:client(user) end

---Waits until Ctrl-C, then stops.
function simulator:wait() end

---What `aslmcli <p> simulator` does: prints the URL, then each of lines, and serves like
---wait(); Ctrl-C is taken before the URL is printed, so one that comes after it ends the
---command normally (exit 0).
---@param lines? string[]
function simulator:serve(lines) end

---Stops the server.
function simulator:stop() end

---A Faspex 4 client.
---@class aspera.faspex.client
local client = {}

---Returns the user's information.
---@return table
function client:me() end

---Returns the dropboxes (name, id, description, can_read, can_write).
---@return table[]
function client:dropboxes() end

---Returns the remote sources (id, name).
---@return table[]
function client:sources() end

---Options of the package listings.
---@class aspera.faspex.ListOpts
---@field box? string inbox (default), sent, archive
---@field max? integer stop after max packages
---@field query? table the feed's startIndex, count or page

---Lists the packages of a box, newest first; package_id is what receive takes.
---@param opts? aspera.faspex.ListOpts
---@return table[]
function client:packages(opts) end

---Iterates over the packages of a box (pages fetched as the loop goes).
---@param opts? aspera.faspex.ListOpts
---@return fun(): table
function client:each_package(opts) end

---Returns a package of a box (received/ID, sent/ID with box = "sent").
---@param id string
---@param opts? {box?: string}
---@return table
function client:package(id, opts) end

---Returns the download spec of a package (its faspe: link, with a token issued).
---@param id string
---@param opts? {box?: string}
---@return table
function client:download_spec(id, opts) end

---Options of `client:send`.
---@class aspera.faspex.SendOpts
---@field title string
---@field recipients string|string[] user names or emails, "*dropbox"
---@field note? string
---@field metadata? table
---@field files string|string[] local files (or the remote source's paths)
---@field source_id? string a remote source: Faspex transfers the files itself
---@field source_name? string a remote source by name
---@field agent? string transfer agent (default --transfer)
---@field on_progress? fun(event: table)
---@field progress? boolean
---@field src_type? string list (default) or pair

---Sends a package: creates it and starts its upload. Returns the job (nil with a remote
---source) and Faspex's answer (delivery_id, links.status).
---@param opts aspera.faspex.SendOpts
---@return aspera.transfer.job? job
---@return table answer
function client:send(opts) end

---Receives a package: returns the job of its download (the package's folder into to_folder).
---@param id string
---@param opts? {box?: string, to_folder?: string, agent?: string, on_progress?: fun(event: table), progress?: boolean}
---@return aspera.transfer.job
function client:receive(id, opts) end

---Options of `client:receive_all`.
---@class aspera.faspex.ReceiveAllOpts
---@field box? string
---@field to_folder? string
---@field once_only? boolean skip the packages received before (kept in HOME/persist_store)
---@field init? boolean with once_only: mark every package as received, transfer nothing
---@field package_folder? boolean each package into TO_FOLDER/<id>
---@field concurrency? integer transfers at once (default 1)
---@field agent? string

---Receives every package of a box (not received before, with once_only): one result per
---package {id, status, files, bytes, elapsed, folder, error}; failures do not raise.
---@param opts? aspera.faspex.ReceiveAllOpts
---@return table[]
function client:receive_all(opts) end

---Lists the items of a v4 API resource (dropbox, dmembership, workgroup, wmembership, user,
---metadata_profile): OAuth password grant, scope admin (an administrator's account).
---@param name string
---@param opts? {max?: integer, query?: table}
---@return table[]
function client:resources(name, opts) end

---Iterates over the items of a v4 API resource.
---@param name string
---@param opts? {max?: integer, query?: table}
---@return fun(): table
function client:each_resource(name, opts) end

---Returns one item of a v4 API resource.
---@param name string
---@param id string
---@return table
function client:resource(name, id) end

---Creates an item of a v4 API resource.
---@param name string
---@param fields table
---@return table
function client:create_resource(name, fields) end

---Changes an item of a v4 API resource.
---@param name string
---@param id string
---@param change table
---@return table
function client:modify_resource(name, id, change) end

---Deletes an item of a v4 API resource.
---@param name string
---@param id string
function client:delete_resource(name, id) end

---Checks that the v3 API answers with the credentials (GET me): {component, status ("ok" or
---"critical"), message} lines; it does not raise for the server's state.
---@return table[]
function client:health() end

---Returns the users of the address book (email, first_name and last_name completed from
---emails and displayName) and the number of users it holds.
---@return table[] users
---@return integer total
function client:address_book() end

---Returns the login methods of the login page (its XRDS services: priority, Type, URI...).
---@return table[]
function client:login_methods() end

---Deletes a package by the id its box lists it with (package_id): its entry gives the delivery
---id, deleted through the v4 API with the user's token (DELETE api/users/me/packages/ID).
---Returns that delivery id.
---@param id string
---@param opts? {box?: string}
---@return string
function client:delete_package(id, opts) end

---Lists the packages of a user in the v4 API (id: the v4 package id, the delivery id): "me"
---with the user's token, a user id with an administrator's (scope admin).
---@param user string "me" or a user id
---@param opts? {max?: integer, query?: table}
---@return table[]
function client:user_packages(user, opts) end

---Iterates over the packages of a user in the v4 API.
---@param user string
---@param opts? {max?: integer, query?: table}
---@return fun(): table
function client:each_user_package(user, opts) end

---Returns a package of a user in the v4 API by its delivery id.
---@param user string
---@param id string
---@return table
function client:user_package(user, id) end

---Deletes a package of a user in the v4 API by its delivery id.
---@param user string
---@param id string
function client:delete_user_package(user, id) end
