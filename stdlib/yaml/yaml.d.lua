---@meta yaml
error('Cannot require a meta file')

-- YAML for aslmcli scripts (gopher-lua, Lua 5.1), with the value conversions of the json
-- module: null is `json.null`, integers beyond 2^53 are exact `json.number` values, empty
-- mappings and sequences come back marked as object / array.

---@class yaml
local yaml = {}

---Encodes a value as a YAML document: block style, 2-space indentation, keys sorted.
---Strings that would read back as another type ("true", "1", "2024-01-02") are quoted;
---`json.null` writes null; an empty table writes `{}` unless marked with `json.array`.
---Raises (kind "error") on functions, userdata, reference cycles and table keys that are
---neither strings nor numbers.
---@param value any
---@return string
function yaml.encode(value) end

---Decodes the first YAML document of a text. Mappings become tables (keys as text),
---sequences become lists, null values become `json.null` (so keys survive), integers
---beyond 2^53 become exact `json.number` values, timestamps stay text. Anchors, aliases and
---merge keys (`<<`) are resolved. Returns nil for an empty document. Raises (kind "error")
---on invalid text, with the line in the message.
---@param text string
---@return any
function yaml.decode(text) end

return yaml
