---@meta time
error('Cannot require a meta file')

-- Time for aslmcli scripts (gopher-lua, Lua 5.1). Times are seconds since the Unix epoch
-- (1970-01-01T00:00:00Z), as floats that carry the fraction of the second.
--
-- Layouts: "rfc3339" (2024-01-02T03:04:05Z), "iso8601" (2024-01-02T03:04:05.678Z) and
-- "date" (2024-01-02) are in UTC; any other text is a Go layout built from the reference
-- time "2006-01-02 15:04:05 -07:00 MST" (for instance "2006-01-02 15:04"), applied in
-- local time.

---@class time
local time = {}

---Returns the current time in seconds since the epoch, with the fraction of the second.
---@return number
function time.now() end

---Returns the current time in whole seconds since the epoch.
---@return integer
function time.unix() end

---Returns the seconds elapsed on a monotonic clock since the module was loaded (unaffected
---by changes of the system clock): use differences of it to measure durations.
---@return number
function time.clock() end

---Waits for a number of seconds (fractions allowed; zero or less returns at once). Returns
---as soon as the script is interrupted (Ctrl-C, cancellation) and then raises an error of
---kind "interrupted".
---@param seconds number
function time.sleep(seconds) end

---Formats a time as text.
---@param t? number seconds since the epoch (default: now)
---@param layout? string "rfc3339", "iso8601", "date" or a Go layout (default: "rfc3339")
---@return string
function time.format(t, layout) end

---Parses a time. "rfc3339" and "iso8601" accept any fraction of the second and "Z" or an
---offset; "date" gives midnight UTC; a Go layout reads local time unless the text has a
---zone. Raises (kind "error") when the text does not match.
---@param s string
---@param layout? string "rfc3339", "iso8601", "date" or a Go layout (default: "rfc3339")
---@return number seconds since the epoch
function time.parse(s, layout) end

---Formats a time as ISO 8601 in UTC with milliseconds (2024-01-02T03:04:05.678Z).
---@param t? number seconds since the epoch (default: now)
---@return string
function time.iso8601(t) end

return time
