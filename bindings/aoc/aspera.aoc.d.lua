---@meta aspera.aoc
error('Cannot require a meta file')

---IBM Aspera on Cloud: the user and his workspaces, files through the nodes (bearer tokens of
---scope node.<access key>:user:all, shared folders followed across nodes), packages,
---administration, analytics, the Faspex 4 gateway, the first login's wizard, and a local
---simulator. Results are plain tables with the API's own field names. Failures raise the
---structured error (kind "http" with status and AoC's message; "usage" for bad options).
---@class aspera.aoc
local aoc = {}

---Options of `aoc.new`: the aoc plugin's options.
---@class aspera.aoc.NewOpts
---@field url string the organization's URL (https://ORG.ibmaspera.com, or ORG), or a public or private link
---@field api_url? string the API root when not https://api.DOMAIN/api/v1 (self-managed, a simulator)
---@field auth? string jwt (default) or web (browser login); a public link uses its token
---@field client_id? string API client (default: aspera.global-cli-client, with the org claim)
---@field client_secret? string its secret (web login, public links)
---@field scope? string user:all (default) or admin:all
---@field private_key? string PEM private key of the JWT login
---@field passphrase? string of an encrypted private key
---@field username? string the user's e-mail (JWT subject)
---@field password? string the password of a protected public link
---@field redirect_uri? string of the web login (default http://localhost:12345)
---@field workspace? string a name, %name:NAME or %id:ID (default: the user's default workspace)
---@field secret? string an access key secret: nodes reached with it instead of bearer tokens
---@field preset? string take the missing fields from this preset

---Creates a client (nothing is asked of AoC before the first call).
---@param opts aspera.aoc.NewOpts
---@return aspera.aoc.client
function aoc.new(opts) end

---Creates a client from a preset (the aoc plugin's options).
---@param name string
---@return aspera.aoc.client
function aoc.from_preset(name) end

---Options of `aoc.wizard`.
---@class aspera.aoc.WizardOpts
---@field username? string the user's e-mail (needed, except for a public link)
---@field client_id? string an organization's API client (default: the global client: the key goes in the user's profile)
---@field client_secret? string
---@field password? string of a protected public link
---@field api_url? string
---@field key_file? string where the private key goes (default HOME/aoc_<org>_key.pem; an existing file is reused)
---@field bits? integer of a new key (default 4096)

---The result of `aoc.wizard`.
---@class aspera.aoc.Wizard
---@field preset string the preset's name (aoc_<org>)
---@field values table the preset's options (url, username, auth, private_key = "@file:...")
---@field key_file string
---@field generated boolean the key was made now
---@field public_key string PEM, to register
---@field steps string[] what the user does to register it
---@field check string a command that proves the login
---@field plugins string[] the plugins the preset is the default of (aoc, files)

---Makes (or reuses) the key pair of a JWT login, and says how to register its public key and
---which preset to write: `config wizard URL aoc` writes it.
---@param url string
---@param opts? aspera.aoc.WizardOpts
---@return aspera.aoc.Wizard
function aoc.wizard(url, opts) end

---The administration resources (user, group, workspace, node, client, dropbox...): {name,
---path, fields (of tables), singleton (organization, self)}, sorted by name. Methods take
---their singular name, or the plural.
---@return table[]
function aoc.resources() end

---Options of `aoc.simulator`.
---@class aspera.aoc.SimulatorOpts
---@field root? string folder of the nodes' storage (default: a temporary folder, removed at stop)
---@field port? integer default: a free port
---@field org? string the organization (default: sim)
---@field packages? integer packages made at start (benchmarks)

---Starts an AoC simulator (its two nodes on ports of their own); it stops with sim:stop() or
---when the script ends.
---@param opts? aspera.aoc.SimulatorOpts
---@return aspera.aoc.simulator
function aoc.simulator(opts) end

---A running simulator.
---@class aspera.aoc.simulator
local simulator = {}

---Its base URL (http://127.0.0.1:PORT).
---@return string
function simulator:url() end

---The folder of its nodes' storage (a temporary one, removed at stop, unless root was given).
---@return string
function simulator:root() end

---The API root: the api_url to give.
---@return string
function simulator:api_url() end

---The organization's URL: the url to give.
---@return string
function simulator:org_url() end

---The PEM private key of the simulator's API client.
---@return string
function simulator:private_key() end

---What a user needs, in order: {name, value} records (url, api_url, organization, username,
---client_id, client_secret, private_key).
---@return table[]
function simulator:credentials() end

---The public links made at start: files, files_protected (and its password), dropbox.
---@return table
function simulator:links() end

---The options of a client of the administrator (for aoc.new: the private key is the PEM itself).
---@return aspera.aoc.NewOpts
function simulator:options() end

---Blocks until the script is interrupted (Ctrl-C), then stops.
function simulator:wait() end

---What `aslmcli <p> simulator` does: prints the URL, then each of lines, and serves like
---wait(); Ctrl-C is taken before the URL is printed, so one that comes after it ends the
---command normally (exit 0).
---@param lines? string[]
function simulator:serve(lines) end

---Stops the simulator.
function simulator:stop() end

---A client of AoC, for one user (or public link) and one scope.
---@class aspera.aoc.client
local client = {}

---Whether the client is of a password-protected public link and no password was given (the
---caller asks for it, then makes a client with it). False without a request otherwise.
---@return boolean
function client:needs_password() end

---The user (GET self).
---@return table
function client:self() end

---The organization.
---@return table
function client:organization() end

---The transfer servers of the domain (no credentials needed).
---@return table[]
function client:servers() end

---What the public link of the URL opens (purpose, data), nil for another URL.
---@return table|nil
function client:public_link() end

---"Bearer <token>" of the client's scope.
---@return string
function client:bearer_token() end

---The current workspace: id, name, home_node_id, home_file_id, default.
---@return table
function client:workspace() end

---Options of listings.
---@class aspera.aoc.ListOpts
---@field max? integer stop after max items
---@field pmax? integer stop after pmax pages
---@field query? table the API's own query fields

---The workspaces of the user.
---@param opts? aspera.aoc.ListOpts
---@return table[]
function client:workspaces(opts) end

---Changes the user's own record (first_name, last_name, public_key...).
---@param change table
---@return true
function client:modify_profile(change) end

---A client of the same user with the scope admin:all (the administration methods).
---@return aspera.aoc.client
function client:admin() end

---The node of a workspace's home (an aspera.node client, gen4 with a bearer token) and the
---home's file id: `local n, home = c:files()`, then `n:each_child(home)`, `n:resolve(home, "/a")`.
---@param workspace? string another workspace than the client's
---@return aspera.node.client node
---@return string home_id
function client:files(workspace) end

---Where the path of a file method is: below the home, or opts.node (an access key's root, as
---an administrator: `admin node do`), or opts.package (a package's files).
---@class aspera.aoc.AtOpts
---@field node? string a node id (or %name:NAME)
---@field package? string a package id

---The node, file id and entry at a path (links followed, the last one too with a trailing "/").
---@param path string
---@param opts? aspera.aoc.AtOpts
---@return aspera.node.client node
---@return string file_id
---@return table entry
function client:resolve(path, opts) end

---Lists a folder (a link to a shared folder followed); a file gives its own entry.
---@param path string
---@param opts? aspera.aoc.AtOpts|aspera.aoc.ListOpts
---@return table[]
function client:browse(path, opts) end

---Lists a folder lazily (an iterator).
---@param path string
---@param opts? aspera.aoc.AtOpts|aspera.aoc.ListOpts
---@return fun(): table
function client:each_file(path, opts) end

---Options of `find`.
---@class aspera.aoc.FindOpts: aspera.aoc.AtOpts
---@field pattern? string a glob on names (*.png)
---@field predicate? fun(entry: table): boolean keeps the entries it returns true for (called here, in order of arrival)
---@field concurrency? integer folders listed at once (default 8; 1: one at a time)

---Finds the entries below a folder (shared folders included); each has its path.
---@param path string
---@param opts? aspera.aoc.FindOpts
---@return table[]
function client:find(path, opts) end

---Finds lazily (an iterator; break stops the walk).
---@param path string
---@param opts? aspera.aoc.FindOpts
---@return fun(): table
function client:each_found(path, opts) end

---The entry at a path (a link itself).
---@param path string
---@param opts? aspera.aoc.AtOpts
---@return table
function client:show(path, opts) end

---Creates a folder (its parent must exist).
---@param path string
---@param opts? aspera.aoc.AtOpts
---@return table
function client:mkdir(path, opts) end

---Renames an entry in its folder.
---@param path string
---@param new_name string
---@param opts? aspera.aoc.AtOpts
---@return true
function client:rename(path, new_name, opts) end

---Deletes an entry (a folder with its contents).
---@param path string
---@param opts? aspera.aoc.AtOpts
---@return true
function client:delete(path, opts) end

---Changes an entry (PUT files/{id}).
---@param path string
---@param change table
---@param opts? aspera.aoc.AtOpts
---@return true
function client:modify(path, change, opts) end

---Options of transfers: to_folder (remote for uploads, local for downloads), agent,
---on_progress, progress, src_type, and node or package.
---@class aspera.aoc.TransferOpts: aspera.aoc.AtOpts
---@field to_folder? string
---@field agent? string direct, node, connect, httpgw, sftp (default --transfer)
---@field on_progress? fun(ev: table)
---@field progress? boolean
---@field src_type? string list or pair

---Uploads local files into a folder (to_folder, default /).
---@param files string|string[]
---@param opts? aspera.aoc.TransferOpts
---@return aspera.transfer.job
function client:upload(files, opts) end

---Downloads files (paths below the home) into to_folder (default .).
---@param files string|string[]
---@param opts? aspera.aoc.TransferOpts
---@return aspera.transfer.job
function client:download(files, opts) end

---The spec an upload would start.
---@param files string|string[]
---@param opts? aspera.aoc.TransferOpts
---@return table
function client:upload_spec(files, opts) end

---The spec a download would start.
---@param files string|string[]
---@param opts? aspera.aoc.TransferOpts
---@return table
function client:download_spec(files, opts) end

---Download through the nodes' API, without a transfer (the original --download-mode=node_http):
---files by GET /files/{id}/content, folders with their tree, shared folders followed; the
---local folder (to_folder, default ".") is made when missing.
---@param files string|string[] paths below the home (or opts.node, opts.package)
---@param opts? {to_folder?: string, node?: string, package?: string}
---@return {status: string, agent: string, files: integer, bytes: integer}
function client:download_http(files, opts) end

---Creates a private short link to a folder (purpose shared_folder_auth_link): its short_url
---opens the folder for the workspace's members who may see it.
---@param path string a folder below the home (or opts.node, opts.package)
---@param opts? {node?: string, package?: string}
---@return table link
function client:create_private_link(path, opts) end

---The private short links to a folder, newest first.
---@param path string
---@param opts? {node?: string, package?: string}
---@return table[]
function client:private_links(path, opts) end

---Creates a public short link to a folder (purpose token_auth_redirection): a URL token that
---opens the folder without a login, and a node permission for it on the folder.
---@param path string
---@param opts? {node?: string, package?: string}
---@return table link
function client:create_public_link(path, opts) end

---The public short links to a folder.
---@param path string
---@param opts? {node?: string, package?: string}
---@return table[]
function client:public_links(path, opts) end

---Deletes a short link.
---@param id string
---@return true
function client:delete_short_link(id) end

---The node permissions of a folder (who it is shared with), on the folder's own node.
---@param path string a folder below the home (or opts.node, opts.package)
---@param opts? {node?: string, package?: string}
---@return table[]
function client:permissions(path, opts) end

---Shares a folder: a node permission {access_type = "user"|"group", access_id, access_levels, tags}.
---@param path string
---@param permission table
---@param opts? {node?: string, package?: string}
---@return table
function client:create_permission(path, permission, opts) end

---Removes a permission of a folder.
---@param path string
---@param id string
---@param opts? {node?: string, package?: string}
---@return true
function client:delete_permission(path, id, opts) end

---Options of `packages`.
---@class aspera.aoc.PackagesOpts: aspera.aoc.ListOpts
---@field box? string inbox (default), sent, archived, or a shared inbox's name (or %id:ID)

---The packages of a box, lazily (an iterator).
---@param opts? aspera.aoc.PackagesOpts
---@return fun(): table
function client:packages(opts) end

---A package.
---@param id string
---@return table
function client:package(id) end

---Deletes a package.
---@param id string
---@return true
function client:delete_package(id) end

---Changes a package.
---@param id string
---@param change table
---@return true
function client:modify_package(id, change) end

---A package to send: its fields (name or title, note, recipients: e-mails, names, shared
---inboxes or {id, type}; bcc_recipients, metadata: a mapping or a list), files, and the
---transfer options (agent, on_progress, progress, src_type); new_user_option: fields of the
---contacts made for unknown e-mails.
---@class aspera.aoc.Package
---@field name? string
---@field title? string
---@field note? string
---@field recipients? (string|table)[]
---@field metadata? table
---@field files string[]

---Creates a package and sends its files; returns the package and the job.
---@param pkg aspera.aoc.Package
---@return table package
---@return aspera.transfer.job job
function client:send_package(pkg) end

---Options of `receive_package`.
---@class aspera.aoc.ReceiveOpts
---@field to_folder? string default .
---@field files? string[] paths inside the package (default: all)
---@field package_folder? boolean|table a folder of its own: true, or {fld = {"name", "id"}, seq = bool, opt = bool}
---@field agent? string
---@field on_progress? fun(ev: table)
---@field progress? boolean

---Receives a package's files; returns the job and the folder they go to.
---@param id string
---@param opts? aspera.aoc.ReceiveOpts
---@return aspera.transfer.job job
---@return string folder
function client:receive_package(id, opts) end

---The ids of the packages of a box to receive; with once_only, those not received yet
---(HOME/persist_store).
---@param opts? {box?: string, query?: table, once_only?: boolean}
---@return string[]
function client:receivable(opts) end

---Records packages as received (once-only).
---@param ids string|string[]
---@return true
function client:mark_received(ids) end

---Replaces the list of packages received (receive INIT).
---@param ids string[]
---@return true
function client:reset_received(ids) end

---The folder a package would be received in (nothing is made).
---@param package table
---@param base string
---@param opts? boolean|table as receive_package's package_folder
---@return string
function client:package_folder(package, base, opts) end

---Lists a resource, lazily.
---@param resource string
---@param opts? aspera.aoc.ListOpts
---@return fun(): table
function client:resource_list(resource, opts) end

---Shows one (id, or %name:NAME; none for organization and self).
---@param resource string
---@param id? string
---@return table
function client:resource_show(resource, id) end

---Creates one (a shared inbox gets the current workspace).
---@param resource string
---@param fields table
---@return table
function client:resource_create(resource, fields) end

---Changes one.
---@param resource string
---@param id string
---@param change table
---@return true
function client:resource_modify(resource, id, change) end

---Deletes one.
---@param resource string
---@param id string
---@return true
function client:resource_delete(resource, id) end

---Registers the public key of a private key (or a public key) on an API client, JWT enabled.
---@param client_id string
---@param pem string
---@param passphrase? string
---@return true
function client:set_client_key(client_id, pem, passphrase) end

---The organization's application events (analytics).
---@param query? table
---@return table[]
function client:events(query) end

---The transfers of organizations, users or nodes (id default: the user's), between
---query.start_time and query.stop_time, limit 100 unless query.limit.
---@param resource string organizations, users or nodes
---@param id? string
---@param query? table
---@return table[]
function client:transfer_events(resource, id, query) end

---The application types.
---@return table[]
function client:applications() end

---The settings of an application type.
---@param app string files, packages...
---@return table
function client:app_settings(app) end

---Changes the settings of an application type.
---@param app string
---@param change table
---@return true
function client:modify_app_settings(app, change) end

---Who may use the applications.
---@param opts? aspera.aoc.ListOpts
---@return table[]
function client:app_memberships(opts) end

---Starts the Faspex 4 gateway: POST /aspera/faspex/send makes AoC packages and answers their
---transfer spec.
---@param opts? {url?: string} http://HOST:PORT (default http://localhost:8080; port 0: a free one)
---@return aspera.aoc.gateway
function client:gateway(opts) end

---A running Faspex 4 gateway.
---@class aspera.aoc.gateway
local gateway = {}

---Its URL.
---@return string
function gateway:url() end

---Blocks until the script is interrupted (Ctrl-C), then stops.
function gateway:wait() end

---Stops it.
function gateway:stop() end

return aoc
