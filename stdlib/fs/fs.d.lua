---@meta fs
error('Cannot require a meta file')

-- The local file system for aslmcli scripts (gopher-lua, Lua 5.1). Every path accepts a
-- leading `~` for the home folder. Failures raise an error of kind "io" whose message starts
-- with "fs.<function>: "; absence is not a failure for `exists`, `stat` and `remove`.

---@class fs
local fs = {}

---Options of `fs.write`.
---@class fs.WriteOpts
---@field append? boolean Adds data at the end instead of replacing the content (default: false).
---@field mode? string|integer Permissions, octal text ("0600") or a number; given explicitly, they are also applied to an existing file (default: "0644", less the umask, for a new file).
---@field atomic? boolean Writes a temporary file in the same folder and renames it over the file, so readers see the old or the new content, never a mix; the temporary file is removed on failure; the file keeps its permissions unless mode is given (default: false).

---Options of `fs.mkdir`.
---@class fs.MkdirOpts
---@field parents? boolean Creates missing parent folders, and accepts an existing folder (default: true).

---Options of `fs.remove`.
---@class fs.RemoveOpts
---@field recursive? boolean Removes a folder with everything in it (default: false).

---What `fs.stat` returns.
---@class fs.Stat
---@field name string last element of the path
---@field path string the path as given, `~` expanded
---@field size integer size in bytes
---@field mode string permissions in octal ("0644")
---@field mtime integer modification time, seconds since the epoch
---@field is_dir boolean
---@field is_file boolean true for a regular file
---@field is_link boolean true when the path is a symbolic link (the other fields describe its target)

---Reads a whole file.
---@param path string
---@return string
function fs.read(path) end

---Writes a string to a file, creating it when missing.
---@param path string
---@param data string
---@param opts? fs.WriteOpts
function fs.write(path, data, opts) end

---Tells whether a path exists (following symbolic links: false for a dangling link).
---@param path string
---@return boolean
function fs.exists(path) end

---Describes a file or folder, or returns nil when it does not exist.
---@param path string
---@return fs.Stat?
function fs.stat(path) end

---Lists the names in a folder, sorted (without "." and "..").
---@param dir string
---@return string[]
function fs.list(dir) end

---Creates a folder (mode 0755 less the umask).
---@param path string
---@param opts? fs.MkdirOpts
function fs.mkdir(path, opts) end

---Removes a file, a link or an empty folder (any folder with `recursive`). Returns true
---when something was removed, false when the path did not exist.
---@param path string
---@param opts? fs.RemoveOpts
---@return boolean
function fs.remove(path, opts) end

---Renames (moves) a file or folder, replacing an existing file at the new path.
---@param old string
---@param new string
function fs.rename(old, new) end

---Copies a regular file's content and permissions to `dst` (a file path), replacing it.
---Stops when the script is interrupted; a partial `dst` is removed on failure.
---@param src string
---@param dst string
function fs.copy(src, dst) end

---Returns the paths matching a shell pattern (`*`, `?`, `[a-z]`; no `**`), sorted. Raises
---a bad-argument error on a malformed pattern.
---@param pattern string
---@return string[]
function fs.glob(pattern) end

---Returns the current folder.
---@return string
function fs.cwd() end

---Returns the home folder of the user.
---@return string
function fs.home() end

return fs
