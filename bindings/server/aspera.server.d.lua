---@meta aspera.server
error('Cannot require a meta file')

---An IBM Aspera High-Speed Transfer Server over SSH: file operations through ascmd (or SFTP
---when the server has no ascmd), and transfers with any agent (direct/ascp by default, sftp,
---node...). A local:// URL runs the file operations on this machine. The SSH connection is
---opened at the first file operation; host keys are checked against HOME/known_hosts and
---~/.ssh/known_hosts (unknown hosts are added, a changed key is refused). Failures raise the
---structured error (kind "ssh", or "usage" for bad arguments).
---@class aspera.server
local server = {}

---Options of `server.new`.
---@class aspera.server.NewOpts
---@field url string ssh://host[:port] (port 33001 by default), local://, or https://host:port (WSS transfers with a token in --ts)
---@field username? string SSH login (default: the URL's user, else xfer)
---@field password? string SSH password
---@field ssh_keys? string|string[] private key files (RSA, ECDSA, ed25519; ~ expanded); without password nor keys the ssh-agent is used
---@field passphrase? string of encrypted keys
---@field ssh_options? {strict_host_key_checking?: "yes"|"accept-new"|"no"} host key checking (default accept-new)
---@field preset? string take the missing fields from this preset

---Creates a client (no connection yet).
---@param opts aspera.server.NewOpts
---@return aspera.server.client
function server.new(opts) end

---Creates a client from a preset (url, username, password, ssh_keys, passphrase, ssh_options),
---over the global preset, as on the command line.
---@param name string
---@return aspera.server.client
function server.from_preset(name) end

---A file, folder or link.
---@class aspera.server.Entry
---@field name string
---@field path string
---@field type "file"|"directory"|"link"|"other"
---@field size integer
---@field mtime string RFC 3339
---@field mode string permissions (rwxr-xr-x)

---@class aspera.server.client
local client = {}

---Lists a folder, sorted by name (a file lists as itself).
---@param path string
---@return aspera.server.Entry[]
function client:ls(path) end

---Same as ls.
---@param path string
---@return aspera.server.Entry[]
function client:browse(path) end

---Describes a path; without a path, describes the server (access: ascmd, sftp or local; ascmd's info, or the SSH server version and SFTP extensions).
---@param path? string
---@return aspera.server.Entry|table
function client:info(path) end

---Creates a folder and its parents.
---@param path string
---@return true
function client:mkdir(path) end

---Moves or renames (refused when the destination exists).
---@param from string
---@param to string
---@return true
function client:mv(from, to) end

---Same as mv.
---@param from string
---@param to string
---@return true
function client:rename(from, to) end

---Copies a file or a folder on the server (over SFTP the bytes go through this machine).
---@param from string
---@param to string
---@return true
function client:cp(from, to) end

---Deletes a file, link, or folder with its contents.
---@param path string
---@return true
function client:rm(path) end

---Same as rm.
---@param path string
---@return true
function client:delete(path) end

---Size and counts below a folder (computed by walking it over SFTP).
---@param path string
---@return {path: string, size: integer, files: integer, dirs: integer}
function client:du(path) end

---Space of the file system holding a path (default /); over SFTP only when the server has the statvfs@openssh.com extension.
---@param path? string
---@return {path: string, total: integer, free: integer, used: integer}
function client:df(path) end

---MD5 of a file (computed by reading it over SFTP).
---@param path string
---@return {path: string, md5sum: string}
function client:md5sum(path) end

---How file operations reach the server: "ascmd", "sftp" or "local" (connects).
---@return string
function client:access() end

---The base transfer spec of the server: remote_host, ssh_port, remote_user, remote_password, EX_ssh_key_paths...
---@return table
function client:transfer_spec() end

---Options of upload and download.
---@class aspera.server.TransferOpts
---@field to_folder? string destination folder (upload: "/", download: ".")
---@field agent? string transfer agent (default: --transfer)
---@field src_type? "list"|"pair" files are sources, or source, destination pairs
---@field on_progress? fun(e: table) called with the job's events
---@field progress? boolean draw a progress bar

---Uploads local files (nil: the paths of --ts) and returns the transfer job (job:wait()).
---@param files string[]|nil
---@param opts? aspera.server.TransferOpts
---@return aspera.transfer.job
function client:upload(files, opts) end

---Downloads server files (nil: the paths of --ts) and returns the transfer job.
---@param files string[]|nil
---@param opts? aspera.server.TransferOpts
---@return aspera.transfer.job
function client:download(files, opts) end

---The transfer spec that upload would start (the product's spec, the files, the destination
---and the values of --ts), without starting it.
---@param files string|string[]
---@param opts? aspera.server.TransferOpts
---@return table
function client:upload_spec(files, opts) end

---The transfer spec that download would start, without starting it.
---@param files string|string[]
---@param opts? aspera.server.TransferOpts
---@return table
function client:download_spec(files, opts) end

---Closes the SSH connection (also done when the run ends).
function client:close() end

---Runs an HSTS administration tool on the server (over SSH; on this machine for local://):
---"nodeadmin" (asnodeadmin), "userdata" (asuserdata), "configurator" (asconfigurator).
---Returns the output as records when it has a known shape (asconfigurator's CSV answers:
---{section, user, parameter, value, default}; name/value lines: {name, value}), else nil, and
---the output as text.
---@param tool "nodeadmin"|"userdata"|"configurator"
---@param args? string[] the tool's arguments
---@param opts? {prefix?: string|string[]} words put before the tool (e.g. "sudo")
---@return table[]|nil records
---@return string text
function client:admin(tool, args, opts) end
