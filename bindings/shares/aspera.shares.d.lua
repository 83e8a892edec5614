---@meta aspera.shares
error('Cannot require a meta file')

---IBM Aspera Shares (version 1) with Basic authentication: the repository (the files of the
---shares, through Shares' node API at <url>/node_api: an aspera.node client, so browse,
---upload, download... work as on a node), the administration API at <url>/api/v1 (users,
---local, LDAP and SAML users, groups, shares and their permissions, nodes, transfer
---settings), a health check, and a local simulator. Resources are named by id or by name (a
---user by username). Results are plain tables with the API's own field names.
---@class aspera.shares
local shares = {}

---Options of `shares.new`.
---@class aspera.shares.NewOpts
---@field url string Shares' URL (https://host)
---@field username string a Shares user (an administrator for the administration API)
---@field password string its password
---@field preset? string take the missing fields from this preset

---Creates a client.
---@param opts aspera.shares.NewOpts
---@return aspera.shares.client
function shares.new(opts) end

---Creates a client from a preset (url, username, password).
---@param name string
---@return aspera.shares.client
function shares.from_preset(name) end

---Options of `shares.simulator`.
---@class aspera.shares.SimulatorOpts
---@field root? string folder of the shares' files, share NAME in root/NAME (default: a new temporary folder, removed at stop)
---@field port? integer default: a free port
---@field host? string default: 127.0.0.1
---@field username? string the administrator (default: shares_admin)
---@field password? string (default: shares_pass)

---Starts a Shares simulator: the administration API and the node API, whose files live in
---root; it stops with sim:stop() or when the script ends.
---@param opts? aspera.shares.SimulatorOpts
---@return aspera.shares.simulator
function shares.simulator(opts) end

---A running simulator.
---@class aspera.shares.simulator
local simulator = {}

---Returns Shares' URL.
---@return string
function simulator:url() end

---Returns the administrator's {username=, password=}.
---@return table
function simulator:credentials() end

---Returns the folder of the shares' files.
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

---A Shares client.
---@class aspera.shares.client
local client = {}

---Options of listings.
---@class aspera.shares.ListOpts
---@field max? integer stop after this many items
---@field query? table URL query parameters

---Returns the repository: an aspera.node client of Shares' node API, whose top folders are
---the shares the user may see (browse, mkdir, rename, delete, upload, download...).
---@return aspera.node.client
function client:repository() end

---Returns the node API's /info (application, version, capabilities).
---@return table
function client:info() end

---Checks Shares: a list of {component, status ("ok" or "critical"), message} for the
---version (login page), ping (node API) and api (/info with the credentials).
---@return table[]
function client:health() end

---Returns Shares' URL.
---@return string
function client:url() end

---Lists the users (every kind: local, LDAP, SAML).
---@param opts? aspera.shares.ListOpts
---@return table[]
function client:users(opts) end

---Iterates over the users (every kind: local, LDAP, SAML).
---@param opts? aspera.shares.ListOpts
---@return fun(): table
function client:each_user(opts) end

---Returns one of the users (every kind: local, LDAP, SAML), by id or username.
---@param id string|integer
---@return table
function client:user(id) end

---Creates one of the users (every kind: local, LDAP, SAML); returns it.
---Users are created as local users: {username, email, password, first_name, last_name}.
---@param fields table
---@return table
function client:create_user(fields) end

---Changes one of the users (every kind: local, LDAP, SAML); returns it.
---A user is changed through its local user (an LDAP or SAML user cannot be).
---@param id string|integer
---@param fields table
---@return table
function client:modify_user(id, fields) end

---Deletes one of the users (every kind: local, LDAP, SAML); returns true.
---@param id string|integer
---@return boolean
function client:delete_user(id) end

---Lists the local users (their own ids: see user_id for the user).
---@param opts? aspera.shares.ListOpts
---@return table[]
function client:local_users(opts) end

---Iterates over the local users (their own ids: see user_id for the user).
---@param opts? aspera.shares.ListOpts
---@return fun(): table
function client:each_local_user(opts) end

---Returns one of the local users (their own ids: see user_id for the user), by id or username.
---@param id string|integer
---@return table
function client:local_user(id) end

---Creates one of the local users (their own ids: see user_id for the user); returns it.
---@param fields table
---@return table
function client:create_local_user(fields) end

---Changes one of the local users (their own ids: see user_id for the user); returns it.
---@param id string|integer
---@param fields table
---@return table
function client:modify_local_user(id, fields) end

---Deletes one of the local users (their own ids: see user_id for the user); returns true.
---@param id string|integer
---@return boolean
function client:delete_local_user(id) end

---Lists the groups.
---@param opts? aspera.shares.ListOpts
---@return table[]
function client:groups(opts) end

---Iterates over the groups.
---@param opts? aspera.shares.ListOpts
---@return fun(): table
function client:each_group(opts) end

---Returns one of the groups, by id or name.
---@param id string|integer
---@return table
function client:group(id) end

---Creates one of the groups; returns it. {name, description}
---@param fields table
---@return table
function client:create_group(fields) end

---Changes one of the groups; returns it.
---@param id string|integer
---@param fields table
---@return table
function client:modify_group(id, fields) end

---Deletes one of the groups; returns true.
---@param id string|integer
---@return boolean
function client:delete_group(id) end

---Lists the shares.
---@param opts? aspera.shares.ListOpts
---@return table[]
function client:shares(opts) end

---Iterates over the shares.
---@param opts? aspera.shares.ListOpts
---@return fun(): table
function client:each_share(opts) end

---Returns one of the shares, by id or name.
---@param id string|integer
---@return table
function client:share(id) end

---Creates one of the shares; returns it. {name, node_id, description}
---@param fields table
---@return table
function client:create_share(fields) end

---Changes one of the shares; returns it.
---@param id string|integer
---@param fields table
---@return table
function client:modify_share(id, fields) end

---Deletes one of the shares; returns true.
---@param id string|integer
---@return boolean
function client:delete_share(id) end

---Lists the nodes (the transfer servers of the shares).
---@param opts? aspera.shares.ListOpts
---@return table[]
function client:nodes(opts) end

---Iterates over the nodes (the transfer servers of the shares).
---@param opts? aspera.shares.ListOpts
---@return fun(): table
function client:each_node(opts) end

---Returns one of the nodes (the transfer servers of the shares), by id or name.
---@param id string|integer
---@return table
function client:node(id) end

---Creates one of the nodes (the transfer servers of the shares); returns it. {name, host, api_username, api_password, port...}
---@param fields table
---@return table
function client:create_node(fields) end

---Changes one of the nodes (the transfer servers of the shares); returns it.
---@param id string|integer
---@param fields table
---@return table
function client:modify_node(id, fields) end

---Deletes one of the nodes (the transfer servers of the shares); returns true.
---@param id string|integer
---@return boolean
function client:delete_node(id) end

---Lists the user permissions of a share.
---@param opts {share: string|integer, max?: integer}
---@return table[]
function client:user_permissions(opts) end

---Iterates over the user permissions of a share.
---@param opts {share: string|integer, max?: integer}
---@return fun(): table
function client:each_user_permission(opts) end

---Returns one of the user permissions of a share, by id.
---@param id string|integer
---@param opts {share: string|integer} the share, by name or id
---@return table
function client:user_permission(id, opts) end

---Creates one of the user permissions of a share; returns it.
---fields: user_id (or user, a username) and the *_permission flags (browse, upload,
---download, mkdir, rename, delete...).
---@param fields table
---@param opts {share: string|integer} the share, by name or id
---@return table
function client:create_user_permission(fields, opts) end

---Changes one of the user permissions of a share; returns it.
---@param id string|integer
---@param fields table
---@param opts {share: string|integer} the share, by name or id
---@return table
function client:modify_user_permission(id, fields, opts) end

---Deletes one of the user permissions of a share; returns true.
---@param id string|integer
---@param opts {share: string|integer} the share, by name or id
---@return boolean
function client:delete_user_permission(id, opts) end

---Lists the group permissions of a share.
---@param opts {share: string|integer, max?: integer}
---@return table[]
function client:group_permissions(opts) end

---Iterates over the group permissions of a share.
---@param opts {share: string|integer, max?: integer}
---@return fun(): table
function client:each_group_permission(opts) end

---Returns one of the group permissions of a share, by id.
---@param id string|integer
---@param opts {share: string|integer} the share, by name or id
---@return table
function client:group_permission(id, opts) end

---Creates one of the group permissions of a share; returns it.
---fields: group_id (or group, a name) and the *_permission flags.
---@param fields table
---@param opts {share: string|integer} the share, by name or id
---@return table
function client:create_group_permission(fields, opts) end

---Changes one of the group permissions of a share; returns it.
---@param id string|integer
---@param fields table
---@param opts {share: string|integer} the share, by name or id
---@return table
function client:modify_group_permission(id, fields, opts) end

---Deletes one of the group permissions of a share; returns true.
---@param id string|integer
---@param opts {share: string|integer} the share, by name or id
---@return boolean
function client:delete_group_permission(id, opts) end

---Adds the user of an LDAP directory by name.
---@param name string
---@return table
function client:add_ldap_user(name) end

---Imports a SAML user: {id, name_id, email?, given_name?, surname?}.
---@param fields table
---@return table
function client:import_saml_user(fields) end

---Lists the share permissions of a user (by id or username).
---@param user string|integer
---@param opts? {max?: integer}
---@return table[]
function client:user_share_permissions(user, opts) end

---Whose transfer settings: a user or a group (by id or name); neither: Shares' own.
---@class aspera.shares.SettingsOwner
---@field user? string|integer
---@field group? string|integer

---Returns transfer settings (a user or group without settings of its own raises a 404: it
---inherits Shares' own).
---@param owner? aspera.shares.SettingsOwner
---@return table
function client:transfer_settings(owner) end

---Changes transfer settings ("" inherits); returns them.
---@param fields table
---@param owner? aspera.shares.SettingsOwner
---@return table
function client:modify_transfer_settings(fields, owner) end

---Removes the settings of a user or group, which then inherits; returns true.
---@param owner aspera.shares.SettingsOwner
---@return boolean
function client:delete_transfer_settings(owner) end
