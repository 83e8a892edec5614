---@meta json
error('Cannot require a meta file')

-- JSON for aslmcli scripts (gopher-lua, Lua 5.1). Values stay faithful to JSON: null is the
-- `json.null` sentinel, integers beyond 2^53 are exact `json.number` values, and empty
-- objects and arrays keep their kind through `json.object()` / `json.array()` markers.

---The null sentinel: JSON null inside objects and arrays, so keys and list slots survive.
---`tostring(json.null)` is "null".
---@class json.null: userdata

---An integer too large for a Lua number (beyond 2^53), kept exact. `tostring` gives its
---digits, `==` compares digits, `..` concatenates its digits; `json.encode` writes it back exactly.
---@class json.number: userdata

---@class json
---@field null json.null
local json = {}

---Options of `json.encode`.
---@class json.EncodeOpts
---@field pretty? boolean Writes one member per line, indented (default: false, true when `indent` is set).
---@field indent? string|integer Indentation of one level when pretty, as text or a number of spaces (default: "  ").

---Represents JSON null inside objects and arrays (the sentinel).
---@type json.null
json.null = nil

---Encodes a value as JSON text. Object keys are sorted; `json.null` writes null;
---`json.number` values are written exactly; an empty table writes `{}` unless it is marked
---with `json.array`; integral numbers are written without exponent or decimal point
---(1e15 -> 1000000000000000). Strings are not HTML-escaped.
---Raises (kind "error") on functions, userdata, reference cycles, NaN or infinity, and on
---table keys that are neither strings nor numbers.
---@param value any
---@param opts? json.EncodeOpts
---@return string
function json.encode(value, opts) end

---Decodes JSON text. Objects become tables, arrays become lists, null becomes `json.null`,
---integers beyond 2^53 become exact `json.number` values (other numbers are doubles,
---infinite beyond their range); empty objects and arrays come back marked so that they
---encode as they were. Raises (kind "error") on invalid text, with the
---byte offset of the error (0-based) in the message.
---@param text string
---@return any
function json.decode(text) end

---Marks a table (or a new empty one) so that it encodes as an array even when empty, and
---returns it. The table's metatable is replaced.
---@generic T: table
---@param t? T
---@return T
function json.array(t) end

---Marks a table (or a new empty one) so that it encodes as an object even when empty, and
---returns it. The table's metatable is replaced. The mark only matters while the table is
---empty: a non-empty table whose keys are exactly 1..n still encodes as an array.
---@generic T: table
---@param t? T
---@return T
function json.object(t) end

---Tells whether a value is the `json.null` sentinel.
---@param v any
---@return boolean
function json.is_null(v) end

return json
