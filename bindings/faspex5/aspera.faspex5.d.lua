---@meta aspera.faspex5
error('Cannot require a meta file')

---IBM Aspera Faspex 5: packages (by mailbox, shared inbox or workgroup; send, receive, browse,
---status, delete), shared folders, the user's profile, the admin resources, public links, the
---postprocessing listener of webhooks, the wizard's setup, and a local simulator. Results are
---plain tables with the API's own field names. Failures raise the structured error (kind
---"http" with the status and Faspex's message; "usage" for a wrong option).
---@class aspera.faspex5
local faspex5 = {}

---Options of `faspex5.new` (the faspex5 plugin's options).
---@class aspera.faspex5.NewOpts
---@field url string the application's URL, https://HOST/aspera/faspex (or a public link)
---@field auth? string jwt (default), web (browser, PKCE), boot (password is an Authorization value), link
---@field username? string jwt: the user (sub is user:<username>)
---@field password? string boot: the Authorization value copied from a browser
---@field client_id? string jwt, web: the API client
---@field client_secret? string web: its secret, when it has one
---@field redirect_uri? string web: default http://localhost:12345
---@field private_key? string jwt: PEM text (@file:PATH in presets)
---@field passphrase? string of an encrypted private key
---@field link? string a public link (https://HOST/aspera/faspex/public/...?context=...)
---@field scope? string OAuth scope
---@field preset? string take the missing fields from this preset

---Creates a client (a public link is resolved now: redirects, context, the web client).
---@param opts aspera.faspex5.NewOpts
---@return aspera.faspex5.client
function faspex5.new(opts) end

---Creates a client from a preset.
---@param name string
---@return aspera.faspex5.client
function faspex5.from_preset(name) end

---Returns URL/health (no credentials needed), with the version header as "version".
---@param url string
---@return table
function faspex5.health(url) end

---Options of `faspex5.wizard`.
---@class aspera.faspex5.WizardOpts
---@field url string the application's URL
---@field username string the user
---@field key_path string the private key file: made (0600) when missing, reused when present
---@field client_id? string the API client (JWT enabled) the admin created
---@field client_secret? string its secret
---@field key_bits? integer of a new key (default 4096)
---@field passphrase? string of an existing encrypted key

---The wizard's setup for `config wizard URL faspex5`: {preset, preset_name, public_key,
---key_created, steps, test_args}. preset holds url, auth, username, private_key (@file:),
---client_id and client_secret; steps say what the admin and the user must do. It writes no
---configuration.
---@param opts aspera.faspex5.WizardOpts
---@return table
function faspex5.wizard(opts) end

---Options of `faspex5.postprocessing`.
---@class aspera.faspex5.PostprocessingOpts
---@field url? string where to listen, http://HOST:PORT/PATH (default http://localhost:8080/processing)
---@field timeout? integer seconds a handler may run (default: no limit)
---@field handler fun(event: table, name: string): table? called for each webhook event, on the script's thread; name is the path below PATH

---Makes the listener of Faspex 5 webhooks (ascli's postprocessing): each POST below PATH is a
---package event handed to handler; its answer is {status = "success", script = name, ...the
---handler's table}, or a 500 {status = "error", message} when the handler fails or times out.
---@param opts aspera.faspex5.PostprocessingOpts
---@return aspera.faspex5.listener
function faspex5.postprocessing(opts) end

---A postprocessing listener.
---@class aspera.faspex5.listener
local listener = {}

---Returns the URL it listens on (with the real port).
---@return string
function listener:url() end

---Serves the webhooks until Ctrl-C (or the end of the script), calling the handler per event.
function listener:serve() end

---Stops listening; the event being handled is still answered (a handler may call it).
function listener:stop() end

---Options of `faspex5.simulator`.
---@class aspera.faspex5.SimulatorOpts
---@field port? integer default: a free port
---@field host? string default: 127.0.0.1
---@field root? string folder of the packages' files (default: a temporary folder)
---@field key_file? string the users' private key, made when missing (default: a temporary file)

---Starts a Faspex 5 simulator (users admin and user1, shared inbox Uploads, workgroup Team);
---it stops with sim:stop() or when the script ends.
---@param opts? aspera.faspex5.SimulatorOpts
---@return aspera.faspex5.simulator
function faspex5.simulator(opts) end

---A running simulator.
---@class aspera.faspex5.simulator
local simulator = {}

---Returns the application's URL.
---@return string
function simulator:url() end

---Returns the folder of the packages' files.
---@return string
function simulator:root() end

---Returns what a client needs: {url, client_id, client_secret, username, password, private_key (a file), root}.
---@return table
function simulator:credentials() end

---Makes a public link: kind "shared_inbox" (upload to the shared inbox named target) or
---"package" (download of the package target).
---@param kind string
---@param target string
---@return string
function simulator:link(kind, target) end

---Adds a complete package; files maps names to contents. Returns its id.
---@param title string
---@param sender string a user name
---@param recipients string[] user, shared inbox or workgroup names
---@param files? table<string, string>
---@return string
function simulator:add_package(title, sender, recipients, files) end

---Returns a client of a user (default admin), with JWT.
---@param user? string
---@return aspera.faspex5.client
function simulator:client(user) end

---Waits until Ctrl-C, then stops.
function simulator:wait() end

---What `aslmcli <p> simulator` does: prints the URL, then each of lines, and serves like
---wait(); Ctrl-C is taken before the URL is printed, so one that comes after it ends the
---command normally (exit 0).
---@param lines? string[]
function simulator:serve(lines) end

---Stops the simulator.
function simulator:stop() end

---A Faspex 5 client.
---@class aspera.faspex5.client
local client = {}

---Which packages, and how many: box is a mailbox (inbox, inbox_history, inbox_all (default),
---inbox_all_history, outbox, outbox_history, pending, pending_history, all, global), ALL
---(every package, admin), or the name of a shared inbox (a workgroup with group_type
---"workgroups"); shared_inbox and workgroup name one directly.
---@class aspera.faspex5.ListOpts
---@field box? string
---@field shared_inbox? string
---@field workgroup? string
---@field group_type? string shared_inboxes (default) or workgroups
---@field max? integer stop after this many
---@field query? table the API's filters (status, q...)

---Returns GET /version.
---@return table
function client:version() end

---Returns the user's account.
---@return table
function client:account() end

---Returns the user's preferences (account/preferences).
---@return table
function client:profile() end

---Changes the user's preferences.
---@param change table
---@return table
function client:modify_profile(change) end

---Returns the client's "Bearer ..." access token (a secret).
---@return string
function client:bearer_token() end

---Returns the decoded context of a public link's client (passcode, package_id, recipient_type, name...), nil otherwise.
---@return table?
function client:link() end

---Lists packages (pages fetched as needed, all returned).
---@param opts? aspera.faspex5.ListOpts
---@return table[]
function client:packages(opts) end

---Iterates over packages, fetching pages only as the loop needs them.
---@param opts? aspera.faspex5.ListOpts
---@return fun(): table
function client:each_package(opts) end

---Returns one package; query may ask for get_package_download_link...
---@param id string
---@param query? table
---@return table
function client:package(id, query) end

---Lists a folder of a package (box says whether it is one you sent: outbox).
---@param id string
---@param path? string default "/"
---@param opts? aspera.faspex5.ListOpts
---@return table[]
function client:browse(id, path, opts) end

---Iterates over a folder of a package.
---@param id string
---@param path? string
---@param opts? aspera.faspex5.ListOpts
---@return fun(): table
function client:each_file(id, path, opts) end

---Returns the upload status of a package (upload_details: upload_status, bytes_written...).
---@param id string
---@return table
function client:status(id) end

---Waits until the upload status of a package is one of states (default: completed, failed).
---@param id string
---@param opts? {states?: string[]}
---@return table
function client:wait_status(id, opts) end

---Deletes packages.
---@param ids string|string[]
---@return boolean
function client:delete_package(ids) end

---Options of `client:send`: the package's fields (title, recipients, note, metadata,
---private_recipients, notify_on_upload, expiration_date...; recipients may be names,
---resolved through the contacts) and the transfer's.
---@class aspera.faspex5.SendOpts
---@field title string
---@field recipients? (string|table)[] names, or {name, recipient_type}; a public link's default is its dropbox
---@field note? string
---@field files string[] the local files
---@field agent? string transfer agent (default --transfer)
---@field on_progress? fun(event: table)
---@field progress? boolean
---@field content_protection_password? string protects the files (ear_enabled)
---@field ask_password? fun(): string asked when the spec needs a password and none is given

---Sends a package: creates it, asks its upload spec, starts the transfer. Returns the job and
---the package (follow it with c:wait_status(package.id)).
---@param opts aspera.faspex5.SendOpts
---@return aspera.transfer.job job
---@return table package
function client:send(opts) end

---Options of `client:receive` (and the mailbox of aspera.faspex5.ListOpts).
---@class aspera.faspex5.ReceiveOpts
---@field to_folder? string local folder (default ".")
---@field files? string[] only these files of the package (partial receive)
---@field box? string outbox for a package you sent
---@field agent? string
---@field on_progress? fun(event: table)
---@field progress? boolean
---@field content_protection_password? string of a protected package
---@field ask_password? fun(): string asked when the package is protected and no password is given

---Receives a package: returns the job of its download.
---@param id string
---@param opts? aspera.faspex5.ReceiveOpts
---@return aspera.transfer.job
function client:receive(id, opts) end

---Options of `client:receive_all` (and the mailbox of aspera.faspex5.ListOpts).
---@class aspera.faspex5.ReceiveAllOpts
---@field to_folder? string
---@field once_only? boolean skip the packages received before (kept in HOME/persist_store)
---@field init? boolean with once_only: mark every package as received, transfer nothing
---@field package_folder? boolean each package into TO_FOLDER/<id>
---@field concurrency? integer transfers at once (default 1)
---@field agent? string
---@field content_protection_password? string

---Receives every completed package of a mailbox (not received before, with once_only): one
---result per package, {id, status ("success", "failed", "canceled", "skipped" with init),
---files, bytes, elapsed, folder, error}. Failures do not raise: check the statuses.
---@param opts? aspera.faspex5.ReceiveAllOpts
---@return table[]
function client:receive_all(opts) end

---Lists the user's shared folders.
---@param opts? {max?: integer}
---@return table[]
function client:shared_folders(opts) end

---Lists a folder of a shared folder (by id or name).
---@param shared_folder string
---@param path? string
---@param opts? {max?: integer}
---@return table[]
function client:browse_shared_folder(shared_folder, path, opts) end

---Lists an admin resource: accounts, workgroups, shared_inboxes, distribution_lists, nodes,
---metadata_profiles, email_notifications (its types), webhooks.
---@param name string
---@param opts? {max?: integer, query?: table}
---@return table[]
function client:resources(name, opts) end

---Iterates over an admin resource.
---@param name string
---@param opts? {max?: integer, query?: table}
---@return fun(): table
function client:each_resource(name, opts) end

---Returns one item of an admin resource (a type for email_notifications).
---@param name string
---@param id string
---@return table
function client:resource(name, id) end

---Creates an item of an admin resource.
---@param name string
---@param fields table
---@return table
function client:create_resource(name, fields) end

---Changes an item of an admin resource.
---@param name string
---@param id string
---@param change table
---@return table
function client:modify_resource(name, id, change) end

---Deletes an item of an admin resource.
---@param name string
---@param id string
---@return boolean
function client:delete_resource(name, id) end

---Returns the id of the item of a resource whose field equals value (%name:VALUE).
---@param name string
---@param field string
---@param value string
---@return string
function client:lookup(name, field, value) end

return faspex5
