---@meta aspera.shares2
error('Cannot require a meta file')

---IBM Aspera Shares 2, the product of the original manual's shares2 plugin. Shares 2 is
---end-of-life: this module and its simulator are built from the facts of that plugin. The API
---at <url> takes an OAuth token from <url>/oauth2/token (the password grant, the user's
---credentials sent as HTTP Basic); the node API at <url>/node_api takes Basic. Organizations,
---projects, teams and shares are named by id or by name (an exact name, else a unique prefix).
---@class aspera.shares2
local shares2 = {}

---Options of `shares2.new`.
---@class aspera.shares2.NewOpts
---@field url string Shares 2's URL
---@field username string
---@field password string
---@field preset? string take the missing fields from this preset

---Creates a client.
---@param opts aspera.shares2.NewOpts
---@return aspera.shares2.client
function shares2.new(opts) end

---Creates a client from a preset (url, username, password).
---@param name string
---@return aspera.shares2.client
function shares2.from_preset(name) end

---Options of `shares2.simulator`.
---@class aspera.shares2.SimulatorOpts
---@field root? string folder of the node API's files (default: a new temporary folder, removed at stop)
---@field port? integer default: a free port
---@field host? string default: 127.0.0.1
---@field username? string default: shares2_admin
---@field password? string default: shares2_pass

---Starts a Shares 2 simulator (sample organizations Sport and Music); it stops with
---sim:stop() or when the script ends.
---@param opts? aspera.shares2.SimulatorOpts
---@return aspera.shares2.simulator
function shares2.simulator(opts) end

---A running simulator.
---@class aspera.shares2.simulator
local simulator = {}

---Returns Shares 2's URL.
---@return string
function simulator:url() end

---Returns {username=, password=}.
---@return table
function simulator:credentials() end

---Returns the folder of the node API's files.
---@return string
function simulator:root() end

---Waits until the command is interrupted (Ctrl-C), then stops.
function simulator:wait() end

---What `aslmcli <p> simulator` does: prints the URL, then each of lines, and serves like
---wait(); Ctrl-C is taken before the URL is printed, so one that comes after it ends the
---command normally (exit 0).
---@param lines? string[]
function simulator:serve(lines) end

---Stops the simulator (and removes its temporary folder).
function simulator:stop() end

---A Shares 2 client.
---@class aspera.shares2.client
local client = {}

---Returns the repository: an aspera.node client of the node API (browse, upload, download...).
---@return aspera.node.client
function client:repository() end

---Returns the node API's app (GET /node_api/app).
---@return table
function client:app_info() end

---Returns the user of the credentials (GET /node_api/current_user).
---@return table
function client:user_info() end

---Returns the API's URL.
---@return string
function client:url() end

---Lists the organizations (the query is sent as json_query).
---@param opts? {max?: integer, query?: table}
---@return table[]
function client:organizations(opts) end

---Iterates over the organizations.
---@param opts? {max?: integer, query?: table}
---@return fun(): table
function client:each_organization(opts) end

---Returns one, by id or name.
---@param id string|integer
---@param opts? table
---@return table
function client:organization(id, opts) end

---Creates one ({name=...}); returns it.
---@param fields table
---@param opts? table
---@return table
function client:create_organization(fields, opts) end

---Deletes one; returns true.
---@param id string|integer
---@param opts? table
---@return boolean
function client:delete_organization(id, opts) end

---Lists the projects (the query is sent as json_query).
---@param opts {organization: string|integer, max?: integer, query?: table}
---@return table[]
function client:projects(opts) end

---Iterates over the projects.
---@param opts {organization: string|integer, max?: integer, query?: table}
---@return fun(): table
function client:each_project(opts) end

---Returns one, by id or name.
---@param id string|integer
---@param opts {organization: string|integer} the organization, by id or name
---@return table
function client:project(id, opts) end

---Creates one ({name=...}); returns it.
---@param fields table
---@param opts {organization: string|integer} the organization, by id or name
---@return table
function client:create_project(fields, opts) end

---Deletes one; returns true.
---@param id string|integer
---@param opts {organization: string|integer} the organization, by id or name
---@return boolean
function client:delete_project(id, opts) end

---Lists the teams (the query is sent as json_query).
---@param opts {organization: string|integer, max?: integer, query?: table}
---@return table[]
function client:teams(opts) end

---Iterates over the teams.
---@param opts {organization: string|integer, max?: integer, query?: table}
---@return fun(): table
function client:each_team(opts) end

---Returns one, by id or name.
---@param id string|integer
---@param opts {organization: string|integer} the organization, by id or name
---@return table
function client:team(id, opts) end

---Creates one ({name=...}); returns it.
---@param fields table
---@param opts {organization: string|integer} the organization, by id or name
---@return table
function client:create_team(fields, opts) end

---Deletes one; returns true.
---@param id string|integer
---@param opts {organization: string|integer} the organization, by id or name
---@return boolean
function client:delete_team(id, opts) end

---Lists the shares (the query is sent as json_query).
---@param opts {organization: string|integer, project: string|integer, max?: integer, query?: table}
---@return table[]
function client:shares(opts) end

---Iterates over the shares.
---@param opts {organization: string|integer, project: string|integer, max?: integer, query?: table}
---@return fun(): table
function client:each_share(opts) end

---Returns one, by id or name.
---@param id string|integer
---@param opts {organization: string|integer, project: string|integer} the parents, by id or name
---@return table
function client:share(id, opts) end

---Creates one ({name=...}); returns it.
---@param fields table
---@param opts {organization: string|integer, project: string|integer} the parents, by id or name
---@return table
function client:create_share(fields, opts) end

---Deletes one; returns true.
---@param id string|integer
---@param opts {organization: string|integer, project: string|integer} the parents, by id or name
---@return boolean
function client:delete_share(id, opts) end

---Lists the system users (by pages; query: URL parameters).
---@param opts? {max?: integer, query?: table}
---@return table[]
function client:system_users(opts) end

---Iterates over the system users.
---@param opts? {max?: integer, query?: table}
---@return fun(): table
function client:each_system_user(opts) end

---Returns one, by id.
---@param id string|integer
---@param opts? table
---@return table
function client:system_user(id, opts) end

---Creates one ({name=...}); returns it.
---@param fields table
---@param opts? table
---@return table
function client:create_system_user(fields, opts) end

---Changes one; returns the answer.
---@param id string|integer
---@param fields table
---@param opts? table
---@return table
function client:modify_system_user(id, fields, opts) end

---Deletes one; returns true.
---@param id string|integer
---@param opts? table
---@return boolean
function client:delete_system_user(id, opts) end

---Lists the system groups (by pages; query: URL parameters).
---@param opts? {max?: integer, query?: table}
---@return table[]
function client:system_groups(opts) end

---Iterates over the system groups.
---@param opts? {max?: integer, query?: table}
---@return fun(): table
function client:each_system_group(opts) end

---Returns one, by id.
---@param id string|integer
---@param opts? table
---@return table
function client:system_group(id, opts) end

---Creates one ({name=...}); returns it.
---@param fields table
---@param opts? table
---@return table
function client:create_system_group(fields, opts) end

---Changes one; returns the answer.
---@param id string|integer
---@param fields table
---@param opts? table
---@return table
function client:modify_system_group(id, fields, opts) end

---Deletes one; returns true.
---@param id string|integer
---@param opts? table
---@return boolean
function client:delete_system_group(id, opts) end

---Lists the system nodes (by pages; query: URL parameters).
---@param opts? {max?: integer, query?: table}
---@return table[]
function client:system_nodes(opts) end

---Iterates over the system nodes.
---@param opts? {max?: integer, query?: table}
---@return fun(): table
function client:each_system_node(opts) end

---Returns one, by id.
---@param id string|integer
---@param opts? table
---@return table
function client:system_node(id, opts) end

---Creates one ({name=...}); returns it.
---@param fields table
---@param opts? table
---@return table
function client:create_system_node(fields, opts) end

---Changes one; returns the answer.
---@param id string|integer
---@param fields table
---@param opts? table
---@return table
function client:modify_system_node(id, fields, opts) end

---Deletes one; returns true.
---@param id string|integer
---@param opts? table
---@return boolean
function client:delete_system_node(id, opts) end
