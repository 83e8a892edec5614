---@meta path
error('Cannot require a meta file')

-- File paths for aslmcli scripts (gopher-lua, Lua 5.1), with the separator of the
-- operating system. Only `abs` and `expand` look outside the text they are given.

---@class path
local path = {}

---Joins path elements with the separator and cleans the result; empty elements are
---ignored. Returns "" when there is nothing to join.
---@param ... string
---@return string
function path.join(...) end

---Returns the last element of a path, trailing separators removed ("." for "", "/" for "/").
---@param p string
---@return string
function path.base(p) end

---Returns all but the last element of a path, cleaned ("." when there is no folder).
---@param p string
---@return string
function path.dir(p) end

---Returns the extension of the last element, dot included ("" when there is none).
---@param p string
---@return string
function path.ext(p) end

---Returns an absolute path, expanding a leading `~` and resolving relative paths against
---the current folder. The result is cleaned.
---@param p string
---@return string
function path.abs(p) end

---Returns the shortest equivalent path: repeated separators, `.` and `..` elements resolved
---by text only.
---@param p string
---@return string
function path.clean(p) end

---Splits a path after its last separator. `dir .. file == p`.
---@param p string
---@return string dir folder part, with its trailing separator ("" when none)
---@return string file last element
function path.split(p) end

---Tells whether a path is absolute.
---@param p string
---@return boolean
function path.is_abs(p) end

---Returns `target` relative to `base` (both cleaned first). Raises (kind "error") when no
---relative path exists, for instance between a relative and an absolute path.
---@param base string
---@param target string
---@return string
function path.rel(base, target) end

---Replaces a leading `~` (alone or followed by a separator) with the home folder; other
---paths come back unchanged.
---@param p string
---@return string
function path.expand(p) end

return path
