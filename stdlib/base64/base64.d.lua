---@meta base64
error('Cannot require a meta file')

-- Base64 for aslmcli scripts (gopher-lua, Lua 5.1). Lua strings hold any bytes.

---@class base64
local base64 = {}

---Encodes bytes as standard Base64 (alphabet `+/`, with `=` padding).
---@param s string
---@return string
function base64.encode(s) end

---Decodes Base64 text in the standard (`+/`) or URL-safe (`-_`) alphabet, padded or not;
---whitespace (line breaks included) is ignored. Raises (kind "error") on any other
---character.
---@param s string
---@return string
function base64.decode(s) end

---Encodes bytes as URL-safe Base64 (alphabet `-_`, no padding), as used in JWTs.
---@param s string
---@return string
function base64.encode_url(s) end

return base64
