---@meta zlib
error('Cannot require a meta file')

-- zlib compression for aslmcli scripts (gopher-lua, Lua 5.1). Lua strings hold any bytes.

---@class zlib
local zlib = {}

---Compresses bytes in the zlib format (RFC 1950: header, deflate data, Adler-32).
---@param s string
---@param level? integer Compression level: 0 (none) to 9 (best), -1 for the default (default: -1).
---@return string
function zlib.compress(s, level) end

---Decompresses zlib-format data. Raises (kind "error") on data that is not zlib or is
---truncated or corrupt.
---@param s string
---@return string
function zlib.decompress(s) end

return zlib
