-- aslmcli.util: small helpers for command scripts and user scripts.
local M = {}

--- Returns a list of the keys of t, sorted.
function M.keys(t)
  local out = {}
  for k in pairs(t) do out[#out + 1] = k end
  table.sort(out, function(a, b) return tostring(a) < tostring(b) end)
  return out
end

--- Returns the elements of list for which pred(element) is true.
function M.filter(list, pred)
  local out = {}
  for _, v in ipairs(list) do
    if pred(v) then out[#out + 1] = v end
  end
  return out
end

return M
